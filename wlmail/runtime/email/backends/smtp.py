"""SMTP sender over smtplib.

* security "plain" = SMTP, "tls" = SMTPS (implicit TLS), "starttls" = SMTP + STARTTLS.
* AUTH only when a password is given; when the server advertises no AUTH the message
  is sent without authentication (as PC SOFT documents for EmailOuvreSessionSMTP).
* `send()` runs one MAIL/RCPT/DATA transaction and never sends a message twice: the
  only retry is a reconnection when the server had closed an idle connection before
  MAIL FROM was accepted (nothing transmitted yet).
"""
from __future__ import annotations

import email.utils
import re
import smtplib
import socket
import ssl
from typing import Sequence

from ._net import bearer_mechanism, bearer_response, connect_error, is_timeout, session_error, tls_context
from .base import (ERR_ACCESS_DENIED, ERR_BAD_ADDRESS, ERR_CONNECT, ERR_INVALID_MESSAGE, ERR_INVALID_SESSION,
                   ERR_NETWORK, ERR_PROTOCOL, ERR_UNKNOWN, ERR_UNKNOWN_RECIPIENT, Credentials, MailError,
                   SenderBackend)

__all__ = ["SmtpBackend"]

_BAD_ADDRESS_CODES = {501, 553, 555}    # syntax / mailbox name not allowed
_EOL = re.compile(rb"\r\n|\n|\r")


class _Retry(Exception):
    """The server closed the connection before anything of the message was sent."""


def _local_hostname() -> str:
    name = socket.gethostname() or "localhost"
    return name if re.fullmatch(r"[A-Za-z0-9.-]+", name) else "localhost"


def _resp(text) -> str:
    if isinstance(text, (bytes, bytearray)):
        text = text.decode("utf-8", "replace")
    return " ".join(str(text).split())


def _check_address(addr: str, role: str) -> str:
    addr = str(addr).strip()
    name, bare = email.utils.parseaddr(addr)
    bare = bare or addr
    if (not bare or "@" not in bare or any(ch in bare for ch in " \t\r\n<>,;")
            or bare.startswith("@") or bare.endswith("@")):
        raise MailError(ERR_BAD_ADDRESS, f"invalid {role} address: {addr!r}")
    return bare


class SmtpBackend(SenderBackend):
    def __init__(self, credentials: Credentials):
        self.creds = credentials
        self._s: smtplib.SMTP | None = None
        self._authenticated = False

    def __repr__(self) -> str:
        return f"SmtpBackend({self.creds!r})"

    # ------------------------------------------------------------------ session
    def open(self) -> None:
        if self._s is not None:
            return
        self._s = self._connect()

    def _connect(self) -> smtplib.SMTP:
        cr = self.creds
        sec = (cr.security or "plain").lower()
        ctx = tls_context(cr) if sec in ("tls", "starttls") else None
        s = None
        try:
            if sec == "tls":
                s = smtplib.SMTP_SSL(cr.host, cr.port, local_hostname=_local_hostname(),
                                     timeout=cr.timeout, context=ctx)
            else:
                s = smtplib.SMTP(cr.host, cr.port, local_hostname=_local_hostname(), timeout=cr.timeout)
            s.ehlo_or_helo_if_needed()
            if sec == "starttls":
                if not s.has_extn("starttls"):
                    raise MailError(ERR_PROTOCOL, f"{cr.host}:{cr.port} does not offer STARTTLS")
                s.starttls(context=ctx)
                s.ehlo()
        except MailError:
            self._drop(s)
            raise
        except smtplib.SMTPServerDisconnected as e:     # smtplib reports a read timeout this way too
            self._drop(s)
            raise connect_error(TimeoutError() if is_timeout(e) else ConnectionError(), cr) from None
        except (smtplib.SMTPConnectError, smtplib.SMTPHeloError) as e:
            self._drop(s)
            raise MailError(ERR_PROTOCOL if isinstance(e, smtplib.SMTPHeloError) else ERR_CONNECT,
                            f"{cr.host}:{cr.port} refused the session: {e.smtp_code} {_resp(e.smtp_error)}") from None
        except smtplib.SMTPResponseException as e:
            self._drop(s)
            raise MailError(ERR_PROTOCOL, f"{cr.host}:{cr.port}: {e.smtp_code} {_resp(e.smtp_error)}") from None
        except Exception as e:
            self._drop(s)
            raise connect_error(e, cr) from None
        self._authenticated = False
        if cr.token and not s.has_extn("auth"):
            self._drop(s)
            raise MailError(ERR_PROTOCOL, f"{cr.host}:{cr.port} offers no AUTH: cannot use the OAuth 2.0 token")
        if (cr.password or cr.token) and s.has_extn("auth"):
            try:
                self._login(s)
                self._authenticated = True
            except smtplib.SMTPAuthenticationError as e:
                self._drop(s)
                raise MailError(ERR_ACCESS_DENIED, f"login refused by {cr.host} for user {cr.user}: "
                                                   f"{e.smtp_code} {_resp(e.smtp_error)}") from None
            except smtplib.SMTPNotSupportedError:
                self._drop(s)
                raise MailError(ERR_PROTOCOL, f"{cr.host}:{cr.port} offers no supported AUTH method") from None
            except smtplib.SMTPException as e:
                self._drop(s)
                if isinstance(e, smtplib.SMTPServerDisconnected):
                    raise session_error(ConnectionError(), cr) from None
                raise MailError(ERR_ACCESS_DENIED, f"login refused by {cr.host} for user {cr.user}") from None
            except Exception as e:
                self._drop(s)
                raise session_error(e, cr) from None
        return s

    def _login(self, s: smtplib.SMTP) -> None:
        cr = self.creds
        if not cr.token:
            s.login(cr.user, cr.password)
            return
        mechanism = bearer_mechanism(s.esmtp_features.get("auth", "").split())
        first = bearer_response(mechanism, cr)
        # the error challenge that follows a refused token is answered with an empty line
        s.auth(mechanism, lambda challenge=None: first if challenge is None else "")

    @staticmethod
    def _drop(s) -> None:
        if s is None:
            return
        try:
            s.close()
        except Exception:
            pass

    def close(self) -> None:
        s, self._s = self._s, None
        if s is None:
            return
        try:
            s.quit()
        except Exception:
            self._drop(s)

    # ------------------------------------------------------------------ sending
    def send(self, sender: str, recipients: Sequence[str], data: bytes) -> None:
        if self._s is None:
            raise MailError(ERR_INVALID_SESSION, "the SMTP session is not open")
        if isinstance(recipients, str):
            recipients = [recipients]
        sender = _check_address(sender, "sender") if str(sender or "").strip() else ""
        rcpts = [_check_address(r, "recipient") for r in recipients if str(r).strip()]
        if not rcpts:
            raise MailError(ERR_BAD_ADDRESS, "the message has no recipient")
        if isinstance(data, str):
            data = data.encode("utf-8")
        data = _EOL.sub(b"\r\n", bytes(data))
        try:
            self._transaction(sender, rcpts, data)
        except _Retry:
            self._drop(self._s)
            self._s = None
            self._s = self._connect()
            try:
                self._transaction(sender, rcpts, data)
            except _Retry:
                self._broken()
                raise MailError(ERR_NETWORK, f"connection to {self.creds.host}:{self.creds.port} lost") from None

    def accepts_utf8_headers(self) -> bool:
        return self._s is not None and bool(self._s.has_extn("smtputf8"))

    def _broken(self) -> None:
        s, self._s = self._s, None
        self._drop(s)

    def _transaction(self, sender: str, rcpts: list[str], data: bytes) -> None:
        s = self._s
        cr = self.creds
        where = f"{cr.host}:{cr.port}"
        mail_opts: list[str] = []
        if not all(a.isascii() for a in [sender, *rcpts]):
            if not s.has_extn("smtputf8"):
                raise MailError(ERR_BAD_ADDRESS, f"{where} does not accept non-ASCII addresses (no SMTPUTF8)")
            mail_opts.append("SMTPUTF8")
        head = data.split(b"\r\n\r\n", 1)[0]
        if "SMTPUTF8" not in mail_opts and not head.isascii() and s.has_extn("smtputf8"):
            mail_opts.append("SMTPUTF8")            # raw UTF-8 headers (RFC 6531/6532)
        if not data.isascii() and s.has_extn("8bitmime"):
            mail_opts.append("BODY=8BITMIME")
        if s.has_extn("size"):
            mail_opts.append(f"SIZE={len(data)}")
        # MAIL FROM: the server may have dropped an idle connection -> safe to reconnect once
        try:
            code, resp = s.mail(sender, mail_opts)
        except smtplib.SMTPServerDisconnected:
            raise _Retry() from None
        except (OSError, EOFError, ssl.SSLError):
            raise _Retry() from None
        if code == 421:
            raise _Retry()
        if code != 250:
            self._rset()
            if code in _BAD_ADDRESS_CODES:
                raise MailError(ERR_BAD_ADDRESS, f"sender {sender!r} refused: {code} {_resp(resp)}")
            if code == 530 or code == 535:
                raise MailError(ERR_ACCESS_DENIED, f"{where} requires authentication: {code} {_resp(resp)}")
            raise MailError(ERR_UNKNOWN, f"sender {sender!r} refused: {code} {_resp(resp)}")
        # from here on a failure must never lead to a second transmission
        try:
            refused: dict[str, tuple[int, str]] = {}
            for r in rcpts:
                code, resp = s.rcpt(r, [])
                if code not in (250, 251):
                    refused[r] = (code, _resp(resp))
                    if code == 421:
                        raise smtplib.SMTPServerDisconnected(resp)
            if len(refused) == len(rcpts):
                self._rset()
                raise self._refused_error(refused, sent=False)
            code, resp = s.data(data)
            if code != 250:
                raise MailError(ERR_INVALID_MESSAGE, f"message refused by {where}: {code} {_resp(resp)}")
        except MailError:
            raise
        except smtplib.SMTPDataError as e:
            self._rset()
            raise MailError(ERR_INVALID_MESSAGE, f"message refused by {where}: {e.smtp_code} "
                                                 f"{_resp(e.smtp_error)}") from None
        except smtplib.SMTPServerDisconnected as e:
            self._broken()
            if is_timeout(e):
                raise session_error(TimeoutError(), cr) from None
            raise MailError(ERR_NETWORK, f"connection to {where} lost while sending") from None
        except (OSError, EOFError, ssl.SSLError) as e:
            self._broken()
            raise session_error(e, cr) from None
        if refused:
            raise self._refused_error(refused, sent=True)

    @staticmethod
    def _refused_error(refused: dict[str, tuple[int, str]], sent: bool) -> MailError:
        bad_format = all(code in _BAD_ADDRESS_CODES for code, _ in refused.values())
        detail = "; ".join(f"{addr} ({code} {text})" for addr, (code, text) in refused.items())
        prefix = "message sent to the other recipients, refused: " if sent else "recipient refused: "
        return MailError(ERR_BAD_ADDRESS if bad_format else ERR_UNKNOWN_RECIPIENT, prefix + detail)

    def _rset(self) -> None:
        try:
            self._s.rset()
        except Exception:
            pass
