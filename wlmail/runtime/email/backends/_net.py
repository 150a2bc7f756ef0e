"""Shared helpers of the network backends (IMAP, POP3, SMTP): TLS contexts and the
mapping of socket/TLS failures to `MailError` codes.  Messages are short, in English,
name the host and port, and never contain a password."""
from __future__ import annotations

import socket
import ssl

from .base import (ERR_CONNECT, ERR_HOST_NOT_FOUND, ERR_NETWORK, ERR_REFUSED, ERR_TIMEOUT, Credentials,
                   MailError)

__all__ = ["tls_context", "connect_error", "session_error", "is_timeout", "bearer_mechanism", "bearer_response"]

BEARER_MECHANISMS = ("XOAUTH2", "OAUTHBEARER")


def tls_context(creds: Credentials) -> ssl.SSLContext:
    """A client context: system CAs plus `creds.cafile`; verification on unless `creds.verify` is False."""
    try:
        ctx = ssl.create_default_context()
        if creds.cafile:
            ctx.load_verify_locations(cafile=creds.cafile)
    except (OSError, ssl.SSLError) as e:
        raise MailError(ERR_CONNECT, f"cannot load the CA file {creds.cafile}: "
                                     f"{getattr(e, 'strerror', None) or e}") from None
    if not creds.verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def is_timeout(e: BaseException) -> bool:
    return isinstance(e, (TimeoutError, socket.timeout)) or "timed out" in str(e)


def _tls_error(e: ssl.SSLError, where: str) -> MailError:
    if isinstance(e, ssl.SSLCertVerificationError):
        why = e.verify_message or e.reason or "verification failed"
        return MailError(ERR_CONNECT, f"TLS certificate of {where} rejected: {why}")
    return MailError(ERR_CONNECT, f"TLS handshake with {where} failed: {e.reason or e.__class__.__name__}")


def connect_error(e: BaseException, creds: Credentials) -> MailError:
    """Map an exception raised while connecting (before login) to a MailError."""
    where = f"{creds.host}:{creds.port}"
    if isinstance(e, MailError):
        return e
    if isinstance(e, ssl.SSLError):
        return _tls_error(e, where)
    if isinstance(e, socket.gaierror):
        return MailError(ERR_HOST_NOT_FOUND, f"host not found: {creds.host}")
    if isinstance(e, ConnectionRefusedError):
        return MailError(ERR_REFUSED, f"connection refused by {where}")
    if is_timeout(e):
        return MailError(ERR_TIMEOUT, f"connection to {where} timed out")
    if isinstance(e, (ConnectionError, EOFError)):
        return MailError(ERR_NETWORK, f"connection to {where} closed by the server")
    if isinstance(e, OSError):
        return MailError(ERR_CONNECT, f"cannot connect to {where}: {e.strerror or e}")
    return MailError(ERR_CONNECT, f"cannot connect to {where}: {e}")


def session_error(e: BaseException, creds: Credentials) -> MailError:
    """Map a socket-level exception raised during an open session to a MailError."""
    where = f"{creds.host}:{creds.port}"
    if isinstance(e, MailError):
        return e
    if isinstance(e, ssl.SSLError) and not isinstance(e, (ssl.SSLEOFError, ssl.SSLZeroReturnError)):
        return _tls_error(e, where)
    if is_timeout(e):
        return MailError(ERR_TIMEOUT, f"no answer from {where} (timed out)")
    return MailError(ERR_NETWORK, f"connection to {where} lost")


def bearer_mechanism(offered) -> str:
    """The SASL mechanism for an OAuth 2.0 token: XOAUTH2 (the one Microsoft 365 and Gmail
    both take) unless the server offers only OAUTHBEARER (RFC 7628)."""
    offered = {str(m).upper() for m in offered}
    return "OAUTHBEARER" if "OAUTHBEARER" in offered and "XOAUTH2" not in offered else "XOAUTH2"


def bearer_response(mechanism: str, creds: Credentials) -> str:
    """The client's first SASL message (before base64) carrying `creds.token`."""
    if mechanism == "OAUTHBEARER":
        return f"n,a={creds.user},\x01host={creds.host}\x01port={creds.port}\x01auth=Bearer {creds.token}\x01\x01"
    return f"user={creds.user}\x01auth=Bearer {creds.token}\x01\x01"
