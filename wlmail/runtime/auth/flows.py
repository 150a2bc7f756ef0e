"""OAuth 2.0 grants over Authlib's requests client (imported only when a grant runs).

Authlib (maintained, RFC 6749/7636/8628-aware, PKCE and client authentication methods
built in) does the HTTP: wlmail only chooses the grant and keeps the tokens.

* `obtain(client, notify, read_reply)`: what an unattended job needs: the stored token of
  the account (refreshed when expired), else the device flow when the provider allows it,
  else authorization code + PKCE in a browser when a person is there to paste the reply.
* `refresh(client, token)`, `client_credentials(client)`, `password(client, ...)`.

Errors are `AuthFailure` with a short message that never holds a secret.  Tokens are
dicts (access_token, refresh_token, expires_at, ...), as Authlib returns them.
"""
from __future__ import annotations

import dataclasses
import ipaddress
import sys
import time
import urllib.parse
from typing import Callable

from . import providers, store

__all__ = ["Client", "AuthFailure", "obtain", "authorise", "refresh", "client_credentials", "password",
           "expired", "renew", "DEVICE_GRANT"]

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
LEEWAY = 60              # seconds: a token this close to its expiry is renewed first


class AuthFailure(Exception):
    def __init__(self, message: str, error: str = ""):
        super().__init__(message)
        self.message = message
        self.error = error            # the OAuth error code (invalid_grant...) when there is one


@dataclasses.dataclass
class Client:
    client_id: str
    token_url: str
    client_secret: str = dataclasses.field(default="", repr=False)
    auth_url: str = ""
    device_url: str = ""
    scope: str = ""
    redirect_uri: str = ""
    extra: str = ""                   # extra authorization request parameters, URL-encoded
    user: str = ""                    # the account: login_hint and part of the cache key
    basic_auth: bool = False          # client_secret_basic instead of client_secret_post
    timeout: float = 60.0

    @property
    def key(self) -> store.AccountKey:
        return store.AccountKey(self.token_url, self.client_id, self.scope, self.user)


def expired(token: dict, leeway: float = 0) -> bool:
    expires_at = token.get("expires_at")
    return expires_at is not None and float(expires_at) <= time.time() + leeway


# --------------------------------------------------------------------------- HTTP via Authlib

def _check_url(url: str, what: str) -> None:
    """Tokens and secrets travel over HTTPS; plain HTTP only to this machine (RFC 8252 §8.3)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname:
        host = parts.hostname
        try:
            if host == "localhost" or ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            pass
    raise AuthFailure(f"{what} must be an https:// URL (got {url!r})")


def _session(client: Client):
    from authlib.integrations.requests_client import OAuth2Session
    _check_url(client.token_url, "the token URL (URLToken)")
    method = ("client_secret_basic" if client.basic_auth and client.client_secret
              else "client_secret_post" if client.client_secret else "none")
    return OAuth2Session(client.client_id, client.client_secret or None, token_endpoint_auth_method=method,
                         scope=client.scope or None, redirect_uri=client.redirect_uri or None,
                         code_challenge_method="S256", default_timeout=client.timeout)


def _call(what: str, fn, *args, **kwargs) -> dict:
    """Run one Authlib request; every failure becomes an AuthFailure with a clean message."""
    import requests
    from authlib.common.errors import AuthlibBaseError
    try:
        return dict(fn(*args, **kwargs))
    except AuthlibBaseError as e:
        detail = getattr(e, "description", "") or ""
        error = getattr(e, "error", "") or type(e).__name__
        raise AuthFailure(f"{what}: {error}" + (f" ({detail})" if detail else ""), error) from None
    except requests.RequestException as e:
        where = urllib.parse.urlsplit(getattr(e.request, "url", "") or "").netloc or "the server"
        kind = "timed out" if isinstance(e, requests.Timeout) else "cannot connect" \
            if isinstance(e, requests.ConnectionError) else type(e).__name__
        raise AuthFailure(f"{what}: {where}: {kind}") from None
    except ValueError as e:                   # not JSON, missing fields
        raise AuthFailure(f"{what}: unexpected answer from the server ({e})") from None


def refresh(client: Client, token: dict) -> dict:
    if not token.get("refresh_token"):
        raise AuthFailure("the token cannot be renewed: the server gave no refresh token "
                          "(Actualisation is empty)")
    s = _session(client)
    new = _call("token renewal refused", s.refresh_token, client.token_url,
                refresh_token=token["refresh_token"])
    new.setdefault("refresh_token", token["refresh_token"])        # not rotated: keep the old one
    return new


def client_credentials(client: Client) -> dict:
    return _call("client authentication refused", _session(client).fetch_token, client.token_url,
                 grant_type="client_credentials")


def password(client: Client, user: str, secret: str) -> dict:
    return _call("authentication refused", _session(client).fetch_token, client.token_url,
                 grant_type="password", username=user, password=secret)


def device_flow(client: Client, notify: Callable[[str], None]) -> dict:
    """RFC 8628: show the code to enter on any device, then poll the token endpoint."""
    _check_url(client.device_url, "the device authorization URL")
    s = _session(client)
    form = {"client_id": client.client_id}
    if client.scope:
        form["scope"] = client.scope
    if client.client_secret and not client.basic_auth:
        form["client_secret"] = client.client_secret
    auth = (client.client_id, client.client_secret) if client.client_secret and client.basic_auth else None

    def ask():
        r = s.post(client.device_url, data=form, auth=auth, timeout=client.timeout, withhold_token=True)
        answer = r.json()
        if r.status_code != 200 or "device_code" not in answer:
            raise AuthFailure(f"device authorization refused: {answer.get('error', r.status_code)}",
                              answer.get("error", ""))
        return answer

    answer = _call("device authorization failed", ask)
    where = answer.get("verification_uri_complete") or answer.get("verification_uri") or answer.get("verification_url")
    notify(f"To authorise wlmail for {client.user or 'this account'}, open {where} in a browser "
           f"on any device and enter the code {answer.get('user_code')}")
    interval = max(1, int(answer.get("interval") or 5))
    deadline = time.monotonic() + int(answer.get("expires_in") or 900)
    while time.monotonic() < deadline:
        try:
            return _call("device authorization failed", s.fetch_token, client.token_url,
                         grant_type=DEVICE_GRANT, device_code=answer["device_code"])
        except AuthFailure as e:
            if e.error == "slow_down":
                interval += 5
            elif e.error != "authorization_pending":
                raise
        time.sleep(interval)
    raise AuthFailure("device authorization expired before the user approved it", "expired_token")


def code_flow(client: Client, notify: Callable[[str], None], read_reply: Callable[[], str]) -> dict:
    """Authorization code + PKCE, for a browser on any machine: print the URL, then read back
    the address the browser was redirected to (or just its code)."""
    from authlib.common.security import generate_token
    if not client.auth_url:
        raise AuthFailure("the authorization URL (URLAuth) is empty")
    _check_url(client.auth_url, "the authorization URL (URLAuth)")
    if not client.redirect_uri:
        raise AuthFailure("the redirect URL (URLRedirection) is empty: use the one registered with the "
                          "provider, e.g. http://localhost")
    s = _session(client)
    verifier = generate_token(64)
    extra = dict(urllib.parse.parse_qsl(client.extra))
    if client.user:
        extra.setdefault("login_hint", client.user)
    url, state = s.create_authorization_url(client.auth_url, code_verifier=verifier, **extra)
    notify("Open this address in a browser (on any machine), sign in and consent:\n"
           f"  {url}\n"
           "The browser is then sent to the redirect address (it may show an error page: that is\n"
           "expected). Paste that whole address here (or only its code= value) and press Enter:")
    reply = (read_reply() or "").strip()
    if not reply:
        raise AuthFailure("authentication cancelled by the user", "access_denied")
    if "://" in reply:
        params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(reply).query))
        if params.get("error"):
            raise AuthFailure(f"authorization refused: {params['error']}", params["error"])
        if params.get("state") != state:
            raise AuthFailure("the pasted address does not answer this request (state mismatch)")
        reply = params.get("code", "")
    return _call("authorization code refused", s.fetch_token, client.token_url, grant_type="authorization_code",
                 code=reply, code_verifier=verifier, redirect_uri=client.redirect_uri)


# --------------------------------------------------------------------------- the account's token

def notify_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_stdin_line() -> str:
    try:
        return sys.stdin.readline()
    except (OSError, ValueError):
        return ""


def authorise(client: Client, notify=notify_stderr, read_reply=read_stdin_line, interactive: bool = True) -> dict:
    """A first authorisation (device flow when known, else browser code + PKCE), stored."""
    device_url = client.device_url or providers.device_url_for(client.token_url)
    if device_url:
        token = device_flow(dataclasses.replace(client, device_url=device_url), notify)
    elif interactive:
        token = code_flow(client, notify, read_reply)
    else:
        raise AuthFailure(f"no stored authorisation for {client.key.describe()}; this provider has no "
                          f"device flow: authorise once with `wlmail auth` (see the README), or run the "
                          f"script once from a terminal")
    store.save(client.key, token)
    return token


def obtain(client: Client, notify=notify_stderr, read_reply=read_stdin_line) -> dict:
    """The account's access token: stored and still valid, else renewed, else a new authorisation."""
    try:
        with store.locked(client.key):
            token = store.load(client.key)
            if token and not expired(token, LEEWAY):
                return token
            if token and token.get("refresh_token"):
                try:
                    token = refresh(client, token)
                    store.save(client.key, token)
                    return token
                except AuthFailure as e:
                    if e.error != "invalid_grant":
                        raise
                    store.forget(client.key)          # revoked or expired for good: authorise again
            interactive = sys.stdin is not None and sys.stdin.isatty()
            return authorise(client, notify, read_reply, interactive=interactive)
    except store.StoreError as e:
        raise AuthFailure(str(e)) from None


def renew(client: Client, token: dict) -> dict:
    """Renew `token` and keep the account's stored token current (providers may rotate the
    refresh token at each renewal).  If another job renewed it meanwhile, take its result."""
    try:
        with store.locked(client.key):
            stored = store.load(client.key)
            if (stored and stored.get("access_token") != token.get("access_token")
                    and not expired(stored, LEEWAY)):
                return stored
            new = refresh(client, token)
            if new.get("refresh_token"):
                store.save(client.key, new)
            return new
    except store.StoreError as e:
        raise AuthFailure(str(e)) from None
