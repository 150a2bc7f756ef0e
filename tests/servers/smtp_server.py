"""Capturing SMTP servers for tests (aiosmtpd 1.4.x), all on one handler.

Listeners started by `start()` (each may be disabled by passing port=None):

  port       plain SMTP, STARTTLS offered, AUTH PLAIN/LOGIN offered but optional
  sport      SMTPS (implicit TLS), AUTH offered but optional
  auth_port  plain SMTP + STARTTLS, AUTH required before MAIL FROM (530 otherwise)
  noauth_port plain SMTP, neither STARTTLS nor AUTH advertised

Users: alice/alicepw, bob/bobpw and any t_<anything>/testpw (as the test Dovecot).
Recipients whose local part starts with "unknown" or "refuse" get 550 5.1.1.

Each accepted message is kept in `Capture.messages` (dicts: mail_from, rcpt_tos, data,
auth, tls, port), written to OUTDIR/<n>.eml (+ envelope .json) and, with maildir_root,
delivered to maildir_root/<localpart>/Maildir/new (owner: the mail user) so that Dovecot
serves it to that user.

Standalone: python smtp_server.py CERT KEY OUTDIR [PORT SPORT AUTH_PORT NOAUTH_PORT]
(env DELIVER_MAILDIR_ROOT for delivery; SIGTERM to stop).
"""
from __future__ import annotations

import json
import logging
import os
import pwd
import signal
import socket
import ssl
import sys
import threading
import time
import warnings

warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")
from aiosmtpd.controller import Controller  # noqa: E402
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

# aiosmtpd logs harmless warnings for the deliberate "AUTH without TLS" test setups
logging.getLogger("mail.log").setLevel(logging.ERROR)

USERS = {b"alice": b"alicepw", b"bob": b"bobpw"}
TEST_PASSWORD = b"testpw"


def check_user(login: bytes, password: bytes) -> bool:
    if login.startswith(b"t_"):
        return password == TEST_PASSWORD
    return USERS.get(login) == password


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and check_user(auth_data.login, auth_data.password)
    return AuthResult(success=ok, handled=False)


class Capture:
    def __init__(self, outdir, maildir_root=None, mailuser="nobody"):
        self.outdir, self.maildir_root = outdir, maildir_root
        self.pw = pwd.getpwnam(mailuser) if os.getuid() == 0 else None
        self.lock = threading.Lock()
        self.n = 0
        self.messages: list[dict] = []
        os.makedirs(outdir, exist_ok=True)

    def clear(self):
        with self.lock:
            self.messages.clear()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith(("unknown", "refuse")):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        tls = session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None
        port = None
        try:
            port = server.transport.get_extra_info("sockname")[1]
        except Exception:
            pass
        rec = {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
               "auth": bool(session.authenticated), "tls": tls, "port": port,
               "mail_options": list(envelope.mail_options)}
        with self.lock:
            self.n += 1
            n = self.n
            self.messages.append(dict(rec, data=envelope.original_content))
        base = os.path.join(self.outdir, f"{n:06d}")
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump(rec, f)
        if self.maildir_root:
            for rcpt in envelope.rcpt_tos:
                self._deliver(rcpt, envelope.original_content, n)
        return "250 OK message accepted"

    def _deliver(self, rcpt, data, n):
        local = rcpt.split("@")[0]
        if not local or "/" in local or local.startswith("."):
            return
        home = os.path.join(self.maildir_root, local)
        d = os.path.join(home, "Maildir")
        for p in (home, d, *(os.path.join(d, s) for s in ("cur", "new", "tmp"))):
            if not os.path.isdir(p):
                os.makedirs(p, exist_ok=True)
                if self.pw:
                    os.chown(p, self.pw.pw_uid, self.pw.pw_gid)
        name = f"{time.time_ns() // 10**9}.M{time.time_ns() // 1000 % 10**6}P{os.getpid()}Q{n}.{socket.gethostname()}"
        tmp, new = os.path.join(d, "tmp", name), os.path.join(d, "new", name)
        with open(tmp, "wb") as f:
            f.write(data)
        if self.pw:
            os.chown(tmp, self.pw.pw_uid, self.pw.pw_gid)
        os.rename(tmp, new)


class OAuthCapture(Capture):
    """Capture whose listeners accept only SASL XOAUTH2 and OAUTHBEARER, each bearer token
    checked against an RFC 7662 introspection endpoint (the test authorization server)."""

    def __init__(self, outdir, maildir_root=None, introspection_url=""):
        super().__init__(outdir, maildir_root)
        self.introspection_url = introspection_url

    def _token_user(self, token: str):
        import urllib.parse
        import urllib.request
        data = urllib.parse.urlencode({"token": token}).encode()
        with urllib.request.urlopen(self.introspection_url, data, timeout=10) as r:
            answer = json.load(r)
        return answer.get("username") if answer.get("active") else None

    async def _bearer(self, server, args, parse):
        import base64
        if len(args) > 1:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("")
            if not isinstance(blob, bytes):
                return AuthResult(success=False, handled=False)
        user, token = parse(blob.decode("utf-8", "replace"))
        if user and token and self._token_user(token) == user:
            return AuthResult(success=True, auth_data=LoginPassword(user.encode(), b""))
        # RFC 7628 / XOAUTH2: an error challenge, the client answers with an empty line
        await server.challenge_auth(json.dumps({"status": "invalid_token", "schemes": "bearer"}))
        return AuthResult(success=False, handled=False)

    async def auth_XOAUTH2(self, server, args):
        def parse(text):
            fields = dict(f.split("=", 1) for f in text.split("\x01") if "=" in f)
            return fields.get("user"), fields.get("auth", "").removeprefix("Bearer ")
        return await self._bearer(server, args, parse)

    async def auth_OAUTHBEARER(self, server, args):
        def parse(text):
            gs2, _, rest = text.partition("\x01")
            user = next((p[2:] for p in gs2.split(",") if p.startswith("a=")), None)
            fields = dict(f.split("=", 1) for f in rest.split("\x01") if "=" in f)
            return user, fields.get("auth", "").removeprefix("Bearer ")
        return await self._bearer(server, args, parse)


def start(cert, key, outdir, host="127.0.0.1", port=10025, sport=10465, auth_port=None,
          noauth_port=None, maildir_root=None, introspection_url=None):
    """Start the listeners; returns (controllers: dict name -> Controller, handler).
    With `introspection_url`, AUTH accepts only OAuth 2.0 bearer tokens (OAuthCapture)."""
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    h = (OAuthCapture(outdir, maildir_root, introspection_url) if introspection_url
         else Capture(outdir, maildir_root))
    common = dict(authenticator=authenticator, decode_data=False, enable_SMTPUTF8=True)
    if introspection_url:
        common["auth_exclude_mechanism"] = ["PLAIN", "LOGIN"]
    ctrls = {}
    if port:
        ctrls["smtp"] = Controller(h, hostname=host, port=port, tls_context=ctx, require_starttls=False,
                                   auth_require_tls=False, **common)
    if sport:
        # aiosmtpd 1.4.6 does not count implicit TLS as TLS: auth_require_tls=True would hide AUTH
        ctrls["smtps"] = Controller(h, hostname=host, port=sport, ssl_context=ctx,
                                    auth_require_tls=False, **common)
    if auth_port:
        ctrls["smtp_auth"] = Controller(h, hostname=host, port=auth_port, tls_context=ctx,
                                        require_starttls=False, auth_required=True,
                                        auth_require_tls=False, **common)
    if noauth_port:
        # no tls_context + auth_require_tls=True: neither STARTTLS nor AUTH is advertised
        ctrls["smtp_noauth"] = Controller(h, hostname=host, port=noauth_port, auth_require_tls=True,
                                          decode_data=False, enable_SMTPUTF8=True)
    started = []
    try:
        for c in ctrls.values():
            c.start()
            started.append(c)
    except BaseException:
        for c in started:
            c.stop()
        raise
    return ctrls, h


def stop(ctrls):
    for c in ctrls.values():
        try:
            c.stop()
        except Exception:
            pass


if __name__ == "__main__":
    cert, key, outdir = sys.argv[1:4]
    ports = [int(p) for p in sys.argv[4:8]] + [10025, 10465, 10587, 10026][len(sys.argv[4:8]):]
    mroot = os.environ.get("DELIVER_MAILDIR_ROOT")
    t0 = time.perf_counter()
    ctrls, _ = start(cert, key, outdir, port=ports[0], sport=ports[1], auth_port=ports[2],
                     noauth_port=ports[3], maildir_root=mroot)
    print(f"smtp ready on {ports} in {time.perf_counter() - t0:.2f}s", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: done.set())
    signal.signal(signal.SIGINT, lambda *a: done.set())
    done.wait()
    stop(ctrls)
