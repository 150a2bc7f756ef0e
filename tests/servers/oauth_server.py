"""A small OAuth 2.0 authorization server for the tests, on 127.0.0.1 (stdlib http.server).

Endpoints (form-encoded POSTs, JSON answers, RFC 6749 / 7636 / 7662 / 8628):

  GET  /authorize   authorization code request: approves at once for `login_hint` (or
                    `default_user`) and redirects to redirect_uri?code=...&state=...
  POST /token       grants: authorization_code (PKCE S256 checked), refresh_token (rotated),
                    device_code, client_credentials, password
  POST /device      device authorization: device_code, user_code, verification_uri
  POST /introspect  token=... -> {"active": true|false, "username": ...} (Dovecot's oauth2 passdb)

Clients: CONFIDENTIAL ("wlmail-test" with CLIENT_SECRET, basic or post) and PUBLIC
("wlmail-public", no secret, PKCE required for the code grant).

A device request is approved by the user `device_user` after the client has polled once
(the client sees authorization_pending first).  Test helpers: `expire(access)`,
`revoke(user)`, `issued` (every token response, newest last).
"""
from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONFIDENTIAL = "wlmail-test"
CLIENT_SECRET = "s3cret-client-value"
PUBLIC = "wlmail-public"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
PASSWORDS = {"alice": "alicepw"}


class AuthorizationServer:
    def __init__(self, access_lifetime: int = 3600):
        self.access_lifetime = access_lifetime
        self.default_user = "alice"
        self.device_user = "alice"
        self.lock = threading.Lock()
        self.access: dict[str, dict] = {}      # token -> {user, exp, active}
        self.refresh: dict[str, dict] = {}     # token -> {user, client, scope, active}
        self.codes: dict[str, dict] = {}       # code -> {user, client, challenge, redirect_uri, scope}
        self.devices: dict[str, dict] = {}     # device_code -> {user_code, client, scope, polls, user}
        self.issued: list[dict] = []
        self.requests: list[tuple[str, dict]] = []
        self._httpd: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self, host: str = "127.0.0.1", port: int = 0) -> "AuthorizationServer":
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # ------------------------------------------------------------------ test helpers
    def expire(self, access_token: str) -> None:
        with self.lock:
            self.access[access_token]["exp"] = time.time() - 1

    def revoke(self, user: str) -> None:
        """Revoke every access and refresh token of `user` (as an administrator would)."""
        with self.lock:
            for table in (self.access, self.refresh):
                for rec in table.values():
                    if rec["user"] == user:
                        rec["active"] = False

    def active(self, access_token: str) -> bool:
        with self.lock:
            rec = self.access.get(access_token)
            return bool(rec and rec["active"] and rec["exp"] > time.time())

    # ------------------------------------------------------------------ grants
    def _issue(self, user: str, client: str, scope: str, with_refresh: bool = True) -> dict:
        access = "at-" + secrets.token_urlsafe(24)
        self.access[access] = {"user": user, "exp": time.time() + self.access_lifetime, "active": True}
        answer = {"access_token": access, "token_type": "Bearer", "expires_in": self.access_lifetime,
                  "scope": scope}
        if with_refresh:
            refresh = "rt-" + secrets.token_urlsafe(24)
            self.refresh[refresh] = {"user": user, "client": client, "scope": scope, "active": True}
            answer["refresh_token"] = refresh
        self.issued.append(dict(answer, user=user))
        return answer

    def token(self, form: dict, client: str | None, secret: str | None) -> tuple[int, dict]:
        if client not in (CONFIDENTIAL, PUBLIC):
            return 401, {"error": "invalid_client"}
        if client == CONFIDENTIAL and secret != CLIENT_SECRET:
            return 401, {"error": "invalid_client"}
        grant = form.get("grant_type")
        with self.lock:
            if grant == "authorization_code":
                rec = self.codes.pop(form.get("code", ""), None)
                if rec is None or rec["client"] != client or rec["redirect_uri"] != form.get("redirect_uri"):
                    return 400, {"error": "invalid_grant"}
                verifier = form.get("code_verifier", "")
                if rec["challenge"] or client == PUBLIC:
                    digest = hashlib.sha256(verifier.encode()).digest()
                    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != rec["challenge"]:
                        return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
                return 200, self._issue(rec["user"], client, rec["scope"])
            if grant == "refresh_token":
                rec = self.refresh.get(form.get("refresh_token", ""))
                if rec is None or not rec["active"] or rec["client"] != client:
                    return 400, {"error": "invalid_grant", "error_description": "refresh token revoked"}
                rec["active"] = False                       # rotation: a refresh token is used once
                return 200, self._issue(rec["user"], client, rec["scope"])
            if grant == DEVICE_GRANT:
                rec = self.devices.get(form.get("device_code", ""))
                if rec is None or rec["client"] != client:
                    return 400, {"error": "invalid_grant"}
                rec["polls"] += 1
                if rec["polls"] == 1:
                    rec["user"] = self.device_user          # the user approves while we answer "pending"
                    return 400, {"error": "authorization_pending"}
                del self.devices[form["device_code"]]
                return 200, self._issue(rec["user"], client, rec["scope"])
            if grant == "client_credentials" and client == CONFIDENTIAL:
                return 200, self._issue(CONFIDENTIAL, client, form.get("scope", ""), with_refresh=False)
            if grant == "password":
                user = form.get("username", "")
                if PASSWORDS.get(user) != form.get("password"):
                    return 400, {"error": "invalid_grant"}
                return 200, self._issue(user, client, form.get("scope", ""))
        return 400, {"error": "unsupported_grant_type"}

    def authorize(self, query: dict) -> tuple[int, str]:
        client = query.get("client_id")
        if client not in (CONFIDENTIAL, PUBLIC) or query.get("response_type") != "code":
            return 400, ""
        if query.get("code_challenge") and query.get("code_challenge_method") != "S256":
            return 400, ""
        code = "ac-" + secrets.token_urlsafe(16)
        with self.lock:
            self.codes[code] = {"user": query.get("login_hint") or self.default_user, "client": client,
                                "challenge": query.get("code_challenge", ""), "scope": query.get("scope", ""),
                                "redirect_uri": query.get("redirect_uri")}
        sep = "&" if "?" in query["redirect_uri"] else "?"
        return 302, query["redirect_uri"] + sep + urllib.parse.urlencode(
            {"code": code, "state": query.get("state", "")})

    def device(self, form: dict, client: str | None) -> tuple[int, dict]:
        if client not in (CONFIDENTIAL, PUBLIC):
            return 401, {"error": "invalid_client"}
        device_code = "dc-" + secrets.token_urlsafe(16)
        user_code = secrets.token_hex(4).upper()
        with self.lock:
            self.devices[device_code] = {"user_code": user_code, "client": client,
                                         "scope": form.get("scope", ""), "polls": 0, "user": None}
        return 200, {"device_code": device_code, "user_code": user_code,
                     "verification_uri": self.url + "/activate", "expires_in": 600, "interval": 1}

    def introspect(self, form: dict) -> tuple[int, dict]:
        token = form.get("token", "")
        with self.lock:
            rec = self.access.get(token)
            if rec is None or not rec["active"] or rec["exp"] <= time.time():
                return 200, {"active": False}
            return 200, {"active": True, "username": rec["user"], "exp": int(rec["exp"])}


class _Handler(BaseHTTPRequestHandler):
    owner: AuthorizationServer

    def log_message(self, *args) -> None:      # quiet
        pass

    def _send(self, status: int, body: dict | None = None, location: str | None = None) -> None:
        data = json.dumps(body or {}).encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "application/json")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _client(self, form: dict) -> tuple[str | None, str | None]:
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            user, _, pw = base64.b64decode(auth[6:]).decode().partition(":")
            return urllib.parse.unquote(user), urllib.parse.unquote(pw)
        return form.get("client_id"), form.get("client_secret")

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/authorize":
            query = dict(urllib.parse.parse_qsl(url.query))
            status, location = self.owner.authorize(query)
            self._send(status, location=location or None)
        else:
            self._send(404, {"error": "not_found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        path = urllib.parse.urlsplit(self.path).path
        self.owner.requests.append((path, {k: v for k, v in form.items() if k == "grant_type"}))
        if path == "/token":
            status, body = self.owner.token(form, *self._client(form))
        elif path == "/device":
            status, body = self.owner.device(form, self._client(form)[0])
        elif path == "/introspect":
            status, body = self.owner.introspect(form)
        else:
            status, body = 404, {"error": "not_found"}
        self._send(status, body)
