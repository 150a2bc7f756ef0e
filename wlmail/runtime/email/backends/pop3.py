"""POP3 backend over poplib.

* The message list is a snapshot taken at `open()` (``LIST``): ids are the message
  numbers 1..N of that snapshot, `count()` stays N for the whole session.
* `delete()` sends ``DELE`` at once and remembers the number (`is_deleted`); the server
  removes the messages at ``QUIT``, i.e. `close()`.  A close on a broken connection
  does not raise (and nothing is deleted then, as POP3 specifies).
* `fetch()` uses ``RETR`` (``TOP n 0`` for headers only); when the server announces
  PIPELINING the commands of a batch are sent together (one round trip per batch).
* POP3 has neither flags nor folders: those methods raise MailError(26).
"""
from __future__ import annotations

import base64
import poplib
import ssl
from typing import Iterable, Iterator, Sequence

from ._net import bearer_mechanism, bearer_response, connect_error, session_error, tls_context
from .base import (ERR_ACCESS_DENIED, ERR_INVALID_SESSION, ERR_NETWORK, ERR_NO_MESSAGE, ERR_PROTOCOL,
                   ERR_UNKNOWN, Credentials, FetchedMessage, MailboxBackend, MailError)

__all__ = ["Pop3Backend"]

BATCH = 100                   # pipelined commands per round trip
_MAX_LINE = 16 * 1024 * 1024  # poplib's own limit (2048) rejects real mail with long lines
_ALL_LINES = 2 ** 31 - 1      # TOP n _ALL_LINES: the whole message


class _LongLines:
    def _getline(self, line: bytes | None = None):
        if line is None:
            line = self.file.readline(_MAX_LINE + 1)
        if len(line) > _MAX_LINE:
            raise poplib.error_proto("line too long")
        if not line:
            raise poplib.error_proto("-ERR EOF")
        octets = len(line)
        if line[-2:] == b"\r\n":
            return line[:-2], octets
        if line[:1] == b"\r":
            return line[1:-1], octets
        return line[:-1], octets


class _POP3(_LongLines, poplib.POP3):
    pass


class _POP3_SSL(_LongLines, poplib.POP3_SSL):
    pass


def _message(c) -> bytes:
    """One multi-line answer (RETR, TOP) as the message's bytes, CRLF line ends: what
    `b"\\r\\n".join(c._getlongresp()[1]) + b"\\r\\n"` gives, read with one C readline a line
    (poplib's per-line Python costs more than wlmail's whole header work)."""
    resp, _ = c._getline()
    if not resp.startswith(b"+"):
        raise poplib.error_proto(resp)
    readline = c.file.readline
    lines = []
    while True:
        line = readline(_MAX_LINE + 1)
        if line[-2:] != b"\r\n" or len(line) > _MAX_LINE:     # EOF, a bare LF, too long: poplib's way
            line = _LongLines._getline(c, line)[0]
            if line == b".":
                break
            line += b"\r\n"
        elif line == b".\r\n":
            break
        if line[:2] == b"..":
            line = line[1:]
        lines.append(line)
    return b"".join(lines) or b"\r\n"


def _is_eof(e: BaseException) -> bool:
    """The connection is gone: end of stream, or an RFC 3206 [SYS/...] -ERR (e.g. Dovecot's
    "-ERR [SYS/TEMP] Server shutting down." before it closes)."""
    return isinstance(e, poplib.error_proto) and ("EOF" in str(e) or "[SYS/" in str(e).upper())


def _server_text(e: BaseException) -> str:
    arg = e.args[0] if e.args else b""
    text = arg.decode("utf-8", "replace") if isinstance(arg, (bytes, bytearray)) else str(arg)
    return text.removeprefix("-ERR").strip()


class Pop3Backend(MailboxBackend):
    supports_flags = False
    supports_folders = False

    def __init__(self, credentials: Credentials):
        self.creds = credentials
        self._c: poplib.POP3 | None = None
        self._sizes: dict[int, int] = {}
        self._deleted: set[int] = set()
        self._pipelining = False
        self._broken = False

    def __repr__(self) -> str:
        return f"Pop3Backend({self.creds!r})"

    # ------------------------------------------------------------------ session
    def open(self) -> None:
        if self._c is not None:
            return
        cr = self.creds
        sec = (cr.security or "plain").lower()
        ctx = tls_context(cr) if sec in ("tls", "starttls") else None
        c = None
        try:
            if sec == "tls":
                c = _POP3_SSL(cr.host, cr.port, timeout=cr.timeout, context=ctx)
            else:
                c = _POP3(cr.host, cr.port, timeout=cr.timeout)
            caps = self._capa(c)
            if sec == "starttls":
                if "STLS" not in caps:
                    raise MailError(ERR_PROTOCOL, f"{cr.host}:{cr.port} does not offer STLS")
                c.stls(context=ctx)
                caps = self._capa(c)
        except MailError:
            self._drop(c)
            raise
        except poplib.error_proto as e:
            self._drop(c)
            if _is_eof(e):
                raise connect_error(ConnectionError(), cr) from None
            raise MailError(ERR_PROTOCOL, f"{cr.host}:{cr.port}: {_server_text(e)}") from None
        except Exception as e:
            self._drop(c)
            raise connect_error(e, cr) from None
        try:
            if cr.token:
                self._auth_bearer(c, caps)
            else:
                c.user(cr.user)
                c.pass_(cr.password)
        except poplib.error_proto as e:
            self._drop(c)
            if _is_eof(e):
                raise session_error(ConnectionError(), cr) from None
            detail = _server_text(e)
            raise MailError(ERR_ACCESS_DENIED, f"login refused by {cr.host} for user {cr.user}"
                                               + (f": {detail}" if detail else "")) from None
        except Exception as e:
            self._drop(c)
            raise session_error(e, cr) from None
        self._c = c
        self._broken = False
        self._pipelining = "PIPELINING" in caps
        try:
            _, listing, _ = self._call("LIST failed", lambda c: c.list())
        except MailError:
            self.close()
            raise
        sizes = {}
        for line in listing:
            parts = line.split()
            if len(parts) >= 2:
                try:
                    sizes[int(parts[0])] = int(parts[1])
                except ValueError:
                    pass
        self._sizes = sizes
        self._deleted = set()

    def _auth_bearer(self, c, caps: dict) -> None:
        """SASL with an OAuth 2.0 token in two steps (AUTH <mechanism>, then the response):
        Microsoft 365 refuses the initial response on the AUTH line.  A failure comes back
        as a "+ <error JSON>" challenge, answered with an empty line, then -ERR."""
        mechanism = bearer_mechanism(caps.get("SASL", []))
        c._shortcmd(f"AUTH {mechanism}")
        answer = c._shortcmd(base64.b64encode(bearer_response(mechanism, self.creds).encode()).decode("ascii"))
        if answer.startswith(b"+ ") or answer == b"+":
            c._shortcmd("")                   # raises error_proto with the server's -ERR

    @staticmethod
    def _capa(c) -> dict:
        try:
            return c.capa()
        except poplib.error_proto as e:
            if _is_eof(e):
                raise
            return {}

    @staticmethod
    def _drop(c) -> None:
        if c is None:
            return
        try:
            c.close()
        except Exception:
            pass

    def close(self) -> None:
        """QUIT (commits the DELEs); never raises."""
        c, self._c = self._c, None
        if c is None:
            return
        if not self._broken:
            try:
                c.quit()
                return
            except Exception:
                pass
        self._drop(c)

    # ------------------------------------------------------------------ plumbing
    def _client(self) -> poplib.POP3:
        if self._c is None:
            raise MailError(ERR_INVALID_SESSION, "the POP3 session is not open")
        if self._broken:
            raise MailError(ERR_NETWORK, f"connection to {self.creds.host}:{self.creds.port} lost")
        return self._c

    def _call(self, what: str, fn):
        c = self._client()
        try:
            return fn(c)
        except MailError:
            raise
        except poplib.error_proto as e:
            if _is_eof(e) or "line too long" in str(e):
                self._broken = True
                raise session_error(ConnectionError(), self.creds) from None
            raise MailError(ERR_UNKNOWN, f"{what}: {_server_text(e)}") from None
        except (OSError, EOFError, ssl.SSLError) as e:
            self._broken = True
            raise session_error(e, self.creds) from None

    def _unsupported(self, what: str):
        raise MailError(ERR_PROTOCOL, f"{what} is not available with POP3")

    # ------------------------------------------------------------------ messages
    def ids(self, unseen_only: bool = False) -> list[int]:
        self._client()
        if unseen_only:
            self._unsupported("reading unread messages only")
        return [n for n in sorted(self._sizes) if n not in self._deleted]

    def count(self) -> int:
        self._client()
        return len(self._sizes)

    def fetch(self, ids: Sequence[int], headers_only: bool = False) -> Iterator[FetchedMessage]:
        wanted = [int(i) for i in ids]
        wanted = [n for n in wanted if n in self._sizes and n not in self._deleted]
        self._client()
        if headers_only:
            cmd = "TOP {} 0"
        elif self.creds.read_only:
            # RETR may mark the message read on the server (Dovecot does): a dry run must change
            # nothing, so it reads whole messages with TOP n <all lines>
            cmd = "TOP {} " + str(_ALL_LINES)
        else:
            cmd = "RETR {}"
        for i in range(0, len(wanted), BATCH):
            batch = wanted[i:i + BATCH]
            for n, data in self._run_batch([(n, cmd.format(n)) for n in batch]):
                if data is None:
                    continue
                yield FetchedMessage(id=n, data=data, complete=not headers_only, size=self._sizes[n])

    def _run_batch(self, cmds: list[tuple[int, str]]):
        """[(id, message bytes or None)] for the commands; pipelined when the server allows it."""
        def run(c):
            out = []
            if self._pipelining and len(cmds) > 1:
                c.sock.sendall(b"".join(cmd.encode("ascii") + b"\r\n" for _, cmd in cmds))
                for n, _ in cmds:
                    try:
                        out.append((n, _message(c)))
                    except poplib.error_proto as e:
                        if _is_eof(e):
                            raise
                        out.append((n, None))          # -ERR: message gone
            else:
                for n, cmd in cmds:
                    try:
                        c._putcmd(cmd)
                        out.append((n, _message(c)))
                    except poplib.error_proto as e:
                        if _is_eof(e):
                            raise
                        out.append((n, None))
            if any(data is None for _, data in out):
                c.noop()            # a -ERR may be the server's goodbye: check the line is alive
            return out
        return self._call("RETR failed", run)

    def size(self, id: int) -> int:
        self._client()
        n = int(id)
        if n not in self._sizes:
            raise MailError(ERR_NO_MESSAGE, f"no message number {n}")
        return self._sizes[n]

    def delete(self, id: int) -> None:
        n = int(id)
        self._client()
        if n not in self._sizes:
            raise MailError(ERR_NO_MESSAGE, f"no message number {n}")
        if n in self._deleted:
            return
        self._call(f"cannot delete message {n}", lambda c: c.dele(n))
        self._deleted.add(n)

    def is_deleted(self, id: int) -> bool:
        n = int(id)
        return n in self._deleted or n not in self._sizes

    # ------------------------------------------------------------------ not in POP3
    def flags(self, id: int) -> list[str]:
        self._unsupported("message flags")

    def set_flag(self, ids: Iterable[int], flag: str, on: bool) -> None:
        self._unsupported("changing the read status" if flag.lower() == "\\seen" else "message flags")

    def expunge(self) -> None:
        self._unsupported("expunge")

    def copy(self, id: int, folder: str) -> None:
        self._unsupported("copying messages")

    def search(self, criteria: list, unseen_only: bool = False) -> list[int]:
        self._unsupported("searching")

    def select_folder(self, name: str) -> None:
        self._unsupported("folders")

    def current_folder(self) -> str:
        self._unsupported("folders")

    def list_folders(self) -> list[str]:
        self._unsupported("folders")

    def create_folder(self, name: str) -> None:
        self._unsupported("folders")

    def delete_folder(self, name: str) -> None:
        self._unsupported("folders")

    def append(self, folder: str, data: bytes, seen: bool = True) -> None:
        self._unsupported("folders")
