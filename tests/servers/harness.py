"""Start/stop the loopback mail servers: one Dovecot (IMAP, IMAPS, POP3, POP3S) and the
aiosmtpd listeners of smtp_server.py, on free 127.0.0.1 ports.

    with mail_servers() as ms:      # ms: dict, see MailServers.info
        ...

Used by tests/conftest.py (session fixture `mailserver`) and by benchmarks.
Works as root (mail files owned by nobody, Dovecot's own users for login/auth) and
unprivileged (everything as the invoking user)."""
from __future__ import annotations

import contextlib
import os
import pathlib
import pwd
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

TEST_PASSWORD = "testpw"


class ServerError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 15.0, proc: subprocess.Popen | None = None, log=None) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            raise ServerError(f"dovecot exited with status {proc.returncode}" + _log_tail(log))
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise ServerError(f"port {port} not listening after {timeout}s" + _log_tail(log))


def _log_tail(log) -> str:
    try:
        lines = pathlib.Path(log).read_text(errors="replace").splitlines()[-15:]
        return "\n--- dovecot log ---\n" + "\n".join(lines) if lines else ""
    except Exception:
        return ""


def _traversable_by_all(path: pathlib.Path) -> bool:
    """Every directory from / to path is o+x (the mail user and the dovecot users must pass)."""
    p = path.resolve()
    for d in [p, *p.parents]:
        try:
            if not os.stat(d).st_mode & stat.S_IXOTH:
                return False
        except OSError:
            return False
    return True


def _base_dir() -> str | None:
    """A temp base usable by other users when running as root (pytest's 0700 dirs are not)."""
    if os.getuid() != 0:
        return None
    for cand in (tempfile.gettempdir(), "/tmp", "/var/tmp", "/dev/shm"):
        if os.path.isdir(cand) and _traversable_by_all(pathlib.Path(cand)):
            return cand
    raise ServerError("no temporary directory traversable by the 'nobody' and 'dovecot' users")


def missing_tools() -> list[str]:
    return [t for t in ("dovecot", "doveconf", "doveadm", "openssl") if not shutil.which(t)]


def _write_tls(d: pathlib.Path) -> str:
    """A test CA + a leaf for localhost/127.0.0.1 (trustme); returns the CA file clients trust.
    Without trustme, mkdovecot.sh makes a self-signed cert that is its own CA."""
    tls = d / "tls"
    tls.mkdir(parents=True, exist_ok=True)
    try:
        import trustme
    except ImportError:
        return str(tls / "cert.pem")
    ca = trustme.CA()
    leaf = ca.issue_cert("localhost", "127.0.0.1")
    (tls / "cert.pem").write_bytes(b"".join(p.bytes() for p in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(tls / "key.pem"))
    ca.cert_pem.write_to_path(str(tls / "ca.pem"))
    os.chmod(tls / "key.pem", 0o600)
    return str(tls / "ca.pem")


class MailServers:
    """`introspection_url`: an OAuth 2.0 variant: Dovecot and SMTP accept only bearer tokens
    (XOAUTH2, OAUTHBEARER) that this RFC 7662 endpoint says are active; SMTP then has one
    listener, `smtp` (STARTTLS offered, AUTH required)."""

    def __init__(self, keep: bool | None = None, introspection_url: str | None = None):
        self.keep = bool(os.environ.get("KEEP_MAILDIR")) if keep is None else keep
        self.introspection_url = introspection_url
        self.proc: subprocess.Popen | None = None
        self.smtp = None
        self.dir: pathlib.Path | None = None
        self.info: dict = {}

    def start(self) -> dict:
        missing = missing_tools()
        if missing:
            raise ServerError(f"{', '.join(missing)} not found: the mail tests need a real Dovecot; install it "
                              "with: apt-get install -y --no-install-recommends dovecot-imapd dovecot-pop3d")
        d = pathlib.Path(tempfile.mkdtemp(prefix="wlmail-mail-", dir=_base_dir()))
        d.chmod(0o755)
        self.dir = d
        ports = {k: free_port() for k in ("IMAP_PORT", "IMAPS_PORT", "POP3_PORT", "POP3S_PORT")}
        sports = {k: free_port() for k in ("smtp", "smtps", "smtp_auth", "smtp_noauth")}
        cafile = _write_tls(d)
        env = dict(os.environ, **{k: str(v) for k, v in ports.items()})
        env.pop("OAUTH2_INTROSPECTION_URL", None)
        if self.introspection_url:
            env["OAUTH2_INTROSPECTION_URL"] = self.introspection_url
        r = subprocess.run(["bash", str(HERE / "mkdovecot.sh"), str(d)], env=env, capture_output=True,
                           text=True, stdin=subprocess.DEVNULL)
        if r.returncode:
            raise ServerError(f"mkdovecot.sh failed: {r.stderr.strip()}")
        conf = r.stdout.strip().splitlines()[-1]
        # never start a broken config: dovecot would start a default instance instead
        r = subprocess.run(["doveconf", "-c", conf, "-n"], capture_output=True, text=True,
                           stdin=subprocess.DEVNULL)
        if r.returncode:
            raise ServerError(f"invalid dovecot config {conf}: {r.stderr.strip()}")
        log = d / "log" / "dovecot.log"
        with open(d / "log" / "stderr.log", "wb") as err:
            self.proc = subprocess.Popen(["dovecot", "-F", "-c", conf], stdin=subprocess.DEVNULL,
                                         stdout=err, stderr=subprocess.STDOUT)
        for p in ports.values():
            wait_port(p, proc=self.proc, log=log)
        import smtp_server
        if self.introspection_url:
            listeners = dict(port=None, sport=None, auth_port=sports["smtp"], noauth_port=None)
        else:
            listeners = dict(port=sports["smtp"], sport=sports["smtps"], auth_port=sports["smtp_auth"],
                             noauth_port=sports["smtp_noauth"])
        ctrls, handler = smtp_server.start(str(d / "tls" / "cert.pem"), str(d / "tls" / "key.pem"),
                                           str(d / "smtp-out"), maildir_root=str(d / "mail"),
                                           introspection_url=self.introspection_url, **listeners)
        self.smtp = ctrls
        owner = None
        if os.getuid() == 0:
            pw = pwd.getpwnam("nobody")
            owner = (pw.pw_uid, pw.pw_gid)
        self.info = {
            "dir": d, "conf": conf, "log": str(log), "cafile": cafile, "host": "127.0.0.1",
            "imap": ports["IMAP_PORT"], "imaps": ports["IMAPS_PORT"],
            "pop3": ports["POP3_PORT"], "pop3s": ports["POP3S_PORT"],
            "smtp": sports["smtp"], "smtps": sports["smtps"],
            "smtp_auth": sports["smtp_auth"], "smtp_noauth": sports["smtp_noauth"],
            "users": {"alice": "alicepw", "bob": "bobpw"}, "test_password": TEST_PASSWORD,
            "smtp_capture": handler, "smtp_outdir": str(d / "smtp-out"),
            "mailroot": str(d / "mail"), "mailowner": owner,
        }
        return self.info

    def doveadm(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(["doveadm", "-c", self.info["conf"], *args], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, check=check)

    def stop(self) -> None:
        if self.smtp:
            import smtp_server
            smtp_server.stop(self.smtp)
            self.smtp = None
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        if self.dir is not None and not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.contextmanager
def mail_servers(keep: bool | None = None):
    ms = MailServers(keep)
    try:
        yield ms.start()
    finally:
        ms.stop()
