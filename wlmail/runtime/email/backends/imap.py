"""IMAP backend over imapclient (UIDs everywhere, BODY.PEEK, batched FETCH).

* Message ids are IMAP UIDs of the current folder.
* `fetch()` sends one ``UID FETCH`` per batch of at most 500 UIDs, always as an explicit
  list of integers (imapclient 4.1.0 mishandles range strings such as ``1:*``), with
  ``BODY.PEEK[HEADER]`` or ``BODY.PEEK[]`` so that reading never sets ``\\Seen``;
  `fetch_fields()` asks ``BODY.PEEK[HEADER.FIELDS (...)]`` for a loop whose plan knows the
  headers it reads.  These answers are read straight from the connection (`_fetch_literals`).
* Folder names are native names with ``/`` as separator; they are converted to the
  server's hierarchy delimiter, and imapclient handles modified UTF-7.
* Every failure becomes a `MailError` carrying an Email.Erreur code.
"""
from __future__ import annotations

import array
import re
import ssl
from typing import Iterable, Iterator, Sequence

import imapclient
from imapclient import exceptions as imap_exc

from ._net import bearer_mechanism, connect_error, is_timeout, session_error, tls_context
from .base import (ERR_ACCESS_DENIED, ERR_INVALID_SESSION, ERR_NETWORK, ERR_NO_MESSAGE, ERR_PROTOCOL, ERR_UNKNOWN,
                   Credentials, FetchedMessage, MailboxBackend, MailError)

__all__ = ["ImapBackend", "BATCH"]

BATCH = 500          # UIDs per FETCH/STORE command (well under Dovecot's 64 KB command line)

_SEEN = b"\\Seen"
_DELETED = b"\\Deleted"


def _chunks(seq: Sequence[int], n: int = BATCH):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def _text(v) -> str:
    return v.decode("utf-8", "replace") if isinstance(v, (bytes, bytearray)) else str(v)


def _needs_utf8(criteria) -> bool:
    for c in criteria:
        if isinstance(c, (list, tuple)):
            if _needs_utf8(c):
                return True
        elif isinstance(c, str) and not c.isascii():
            return True
    return False


# The usual answer to `UID FETCH uids (BODY.PEEK[section])`, one message: this line, the
# literal, then ")" (or " UID u)" when the server puts the UID last).
_FETCH_HEAD = re.compile(rb"\* \d+ FETCH \((?:UID (\d+) )?BODY\[[^\]\r\n]*\] \{(\d+)\}\r\n\Z")
_FETCH_TAIL = re.compile(rb"(?: UID (\d+))?\)\r\n\Z")
_LITERAL = re.compile(rb"\{(\d+)\}\r\n\Z")
# A message expunged by another session, not yet announced to this one (Dovecot): no data.
_FETCH_GONE = re.compile(rb"\* \d+ FETCH \((?:UID \d+ )?BODY\[[^\]\r\n]*\] NIL\)\r\n\Z")


def _fetch_literals(c: imapclient.IMAPClient, uids: Sequence[int], item: bytes) -> dict[int, bytes] | None:
    """UID FETCH of one body section, the response read straight from the connection: imaplib's
    and imapclient's generic response parsers cost more (CPU, in Python) than everything wlmail
    then does with a header.  Untagged EXISTS/RECENT/EXPUNGE/OK lines and flag-only FETCH
    updates (another client at work) are skipped, as wlmail works by UID.  None when any other
    shape comes back (the whole answer is read first): the caller then asks imapclient."""
    imap = c._imap
    tag = imap._new_tag()
    done = tag + b" "
    imap.send(b"%s UID FETCH %s (%s)\r\n" % (tag, ",".join(map(str, uids)).encode(), item))
    readline, read = imap.readline, imap.read
    out: dict[int, bytes] = {}
    usual = True
    try:
        while True:
            line = readline()
            m = _FETCH_HEAD.match(line)
            if m is not None:
                size = int(m.group(2))
                data = read(size)
                if len(data) != size:
                    raise imap_exc.IMAPClientAbortError("connection closed by the server")
                line = readline()
                tail = _FETCH_TAIL.match(line)
                uid = m.group(1) or (tail.group(1) if tail is not None else None)
                if tail is not None and uid is not None:
                    out[int(uid)] = data
                    continue
                usual = False                   # more items after the literal: skipped below
            elif line.startswith(done):
                break
            elif not line:
                raise imap_exc.IMAPClientAbortError("connection closed by the server")
            elif line.startswith(b"* BYE"):
                raise imap_exc.IMAPClientAbortError(line[2:].strip().decode("ascii", "replace"))
            elif line.startswith(b"* "):
                if b" FETCH (" in line and (b"BODY[" in line.upper() or _LITERAL.search(line)) \
                        and _FETCH_GONE.match(line) is None:
                    usual = False               # our data in a shape not read here
            else:
                usual = False                   # a continuation request, or garbage
            while (lit := _LITERAL.search(line)) is not None:      # skip literals, to the line's end
                read(int(lit.group(1)))
                line = readline()
                if not line:
                    raise imap_exc.IMAPClientAbortError("connection closed by the server")
    except imap_exc.IMAPClientAbortError:
        raise
    except imap_exc.IMAPClientError as e:      # imaplib's "line too long": the stream is lost
        raise imap_exc.IMAPClientAbortError(str(e)) from None
    finally:
        imap.tagged_commands.pop(tag, None)
    status = line[len(done):].strip()
    if status.split(b" ", 1)[0].upper() != b"OK":
        raise imap_exc.IMAPClientError(status)
    return out if usual else None


_ATOM_NAME = re.compile(rb"[a-z0-9][a-z0-9-]*")      # header names sent as IMAP atoms


_ESEARCH_ALL = re.compile(rb"\bALL ([0-9:,]+)")


def _esearch(c: imapclient.IMAPClient, criteria: list[str]) -> array.array | None:
    """UID SEARCH RETURN (ALL) (RFC 4731): the server answers "1:50000" instead of 50,000
    numbers to parse.  None when the server lacks ESEARCH."""
    if not c.has_capability("ESEARCH"):
        return None
    imap = c._imap
    imap.untagged_responses.pop("ESEARCH", None)
    typ, data = imap.uid("SEARCH", "RETURN (ALL) " + " ".join(criteria))
    if typ != "OK":
        raise imap_exc.IMAPClientError(b" ".join(x for x in data if isinstance(x, bytes)))
    out = array.array("q")
    for line in imap.untagged_responses.pop("ESEARCH", None) or ():
        m = _ESEARCH_ALL.search(line if isinstance(line, bytes) else b"")
        for piece in (m.group(1).split(b",") if m else ()):
            first, _, last = piece.partition(b":")
            lo, hi = sorted((int(first), int(last or first)))
            out.extend(range(lo, hi + 1))
    if any(out[k] >= out[k + 1] for k in range(len(out) - 1)):
        out = array.array("q", sorted(set(out)))
    return out


_PLAIN_MULTIPARTS = (b"MIXED", b"ALTERNATIVE", b"RELATED")


def _text_sections(bs, prefix: bytes = b"") -> tuple[bytes, ...] | None:
    """The section numbers of the text/plain and text/html leaves of a BODYSTRUCTURE, in
    document order, without entering attached messages; None when the message should be
    fetched whole (not multipart, or a multipart the client's parser might read otherwise)."""
    if bs is None or not bs.is_multipart:
        return None
    parts, subtype = bs[0], bytes(bs[1] or b"").upper()
    params = bs[2] if len(bs) > 2 and isinstance(bs[2], tuple) else ()
    if subtype not in _PLAIN_MULTIPARTS or not any(
            isinstance(k, bytes) and k.lower() == b"boundary" for k in params[::2]):
        return None
    out: list[bytes] = []
    for n, part in enumerate(parts, 1):
        section = prefix + str(n).encode()
        if part.is_multipart:
            inner = _text_sections(part, section + b".")
            if inner is None:
                return None
            out.extend(inner)
        elif bytes(part[0] or b"").upper() == b"TEXT" and bytes(part[1] or b"").upper() in (b"PLAIN", b"HTML"):
            out.append(section)
    return tuple(out)


def _entity(mime_header, content) -> bytes:
    """One MIME entity from BODY[n.MIME] and BODY[n]."""
    head = bytes(mime_header or b"")
    if not head.endswith((b"\r\n\r\n", b"\n\n")):
        head = head.rstrip(b"\r\n") + b"\r\n\r\n" if head.strip() else b"\r\n"
    return head + bytes(content or b"")


class ImapBackend(MailboxBackend):
    supports_flags = True
    supports_folders = True

    def __init__(self, credentials: Credentials):
        self.creds = credentials
        self._c: imapclient.IMAPClient | None = None
        self._folder = "INBOX"
        self._delim = "/"
        self._broken = False

    def __repr__(self) -> str:
        return f"ImapBackend({self.creds!r})"

    # ------------------------------------------------------------------ errors
    def _server_error(self, e: Exception, what: str) -> MailError:
        detail = _text(e.args[0]) if e.args else ""
        detail = detail.strip()
        if detail:
            return MailError(ERR_UNKNOWN, f"{what}: {detail}")
        return MailError(ERR_UNKNOWN, f"{what}: refused by the server")

    def _call(self, what: str, fn, *args, **kwargs):
        """Run one client call, mapping every failure to a MailError."""
        c = self._client()
        try:
            return fn(c, *args, **kwargs)
        except MailError:
            raise
        except imap_exc.IMAPClientAbortError as e:
            self._broken = True
            if is_timeout(e):
                raise session_error(TimeoutError(), self.creds) from None
            raise session_error(e, self.creds) from None
        except imap_exc.CapabilityError as e:
            raise MailError(ERR_PROTOCOL, f"{what}: not supported by the server ({e})") from None
        except imap_exc.IMAPClientError as e:          # NO / BAD
            raise self._server_error(e, what) from None
        except (OSError, EOFError, ssl.SSLError) as e:
            self._broken = True
            raise session_error(e, self.creds) from None

    def _client(self) -> imapclient.IMAPClient:
        if self._c is None:
            raise MailError(ERR_INVALID_SESSION, "the IMAP session is not open")
        if self._broken:
            raise MailError(ERR_NETWORK, f"connection to {self.creds.host}:{self.creds.port} lost")
        return self._c

    # ------------------------------------------------------------------ session
    def open(self) -> None:
        if self._c is not None:
            return
        cr = self.creds
        sec = (cr.security or "plain").lower()
        ctx = tls_context(cr) if sec in ("tls", "starttls") else None
        c = None
        try:
            c = imapclient.IMAPClient(cr.host, port=cr.port, use_uid=True, ssl=(sec == "tls"),
                                      ssl_context=ctx if sec == "tls" else None, timeout=cr.timeout)
            if sec == "starttls":
                try:
                    c.starttls(ssl_context=ctx)
                except imap_exc.CapabilityError:
                    raise MailError(ERR_PROTOCOL, f"{cr.host}:{cr.port} does not offer STARTTLS") from None
        except MailError:
            self._shutdown(c)
            raise
        except imap_exc.IMAPClientError as e:
            self._shutdown(c)
            if isinstance(e, imap_exc.IMAPClientAbortError) and not is_timeout(e):
                raise connect_error(ConnectionError(), cr) from None
            raise connect_error(e if is_timeout(e) else OSError(str(e)), cr) from None
        except Exception as e:                          # socket, TLS, DNS
            self._shutdown(c)
            raise connect_error(e, cr) from None
        try:
            self._login(c)
        except imap_exc.LoginError:
            self._shutdown(c)
            raise MailError(ERR_ACCESS_DENIED, f"login refused by {cr.host} for user {cr.user}") from None
        except imap_exc.IMAPClientError as e:
            self._shutdown(c)
            if isinstance(e, imap_exc.IMAPClientAbortError):
                raise session_error(e, cr) from None
            raise MailError(ERR_ACCESS_DENIED, f"login refused by {cr.host} for user {cr.user}") from None
        except Exception as e:
            self._shutdown(c)
            raise session_error(e, cr) from None
        self._c = c
        self._broken = False
        try:
            folders = self._call("LIST", lambda c: c.list_folders("", "INBOX"))
            if folders and folders[0][1]:
                self._delim = _text(folders[0][1])
            self.select_folder("INBOX")
        except MailError:
            self.close()
            raise

    def _login(self, c: imapclient.IMAPClient) -> None:
        cr = self.creds
        if not cr.token:
            c.login(cr.user, cr.password)
            return
        offered = [m[5:].decode("ascii", "replace") for m in c.capabilities() if m.upper().startswith(b"AUTH=")]
        if bearer_mechanism(offered) == "OAUTHBEARER":
            c.oauthbearer_login(cr.user, cr.token)
        else:
            c.oauth2_login(cr.user, cr.token)

    @staticmethod
    def _shutdown(c) -> None:
        if c is None:
            return
        try:
            c.shutdown()
        except Exception:
            pass

    def close(self) -> None:
        c, self._c = self._c, None
        if c is None:
            return
        if not self._broken:
            try:
                c.logout()
                return
            except Exception:
                pass
        self._shutdown(c)

    # ------------------------------------------------------------------ folders
    def _to_server(self, name: str) -> str:
        name = str(name).strip().strip("/") or "INBOX"
        parts = name.split("/")
        if parts[0].upper() == "INBOX":
            parts[0] = "INBOX"
        return self._delim.join(parts) if self._delim else "/".join(parts)

    def _from_server(self, name) -> str:
        name = _text(name)
        return name.replace(self._delim, "/") if self._delim and self._delim != "/" else name

    def select_folder(self, name: str) -> None:
        server_name = self._to_server(name)
        try:
            self._call(f"cannot open folder {self._from_server(server_name)}",
                       lambda c: c.select_folder(server_name, readonly=self.creds.read_only))
        except MailError as e:
            if e.code == ERR_UNKNOWN:
                # a failed SELECT leaves no folder selected (RFC 3501): go back to the previous one
                previous = self._to_server(self._folder)
                try:
                    self._call("SELECT", lambda c: c.select_folder(previous, readonly=self.creds.read_only))
                except MailError:
                    pass
                raise MailError(ERR_UNKNOWN, f"folder not found: {self._from_server(server_name)}") from None
            raise
        self._folder = self._from_server(server_name)

    def current_folder(self) -> str:
        self._client()
        return self._folder

    def list_folders(self) -> list[str]:
        rows = self._call("cannot list folders", lambda c: c.list_folders())
        names = [self._from_server(r[2]) for r in rows]
        inbox = [n for n in names if n.upper() == "INBOX"]
        rest = sorted((n for n in names if n.upper() != "INBOX"), key=str.casefold)
        return (inbox or ["INBOX"]) + rest

    def create_folder(self, name: str) -> None:
        server_name = self._to_server(name)
        self._call(f"cannot create folder {self._from_server(server_name)}",
                   lambda c: c.create_folder(server_name))

    def delete_folder(self, name: str) -> None:
        server_name = self._to_server(name)
        if self._from_server(server_name) == self._folder and self._folder != "INBOX":
            self.select_folder("INBOX")
        self._call(f"cannot delete folder {self._from_server(server_name)}",
                   lambda c: c.delete_folder(server_name))

    def append(self, folder: str, data: bytes, seen: bool = True) -> None:
        server_name = self._to_server(folder)
        self._call(f"cannot append to folder {self._from_server(server_name)}",
                   lambda c: c.append(server_name, bytes(data), flags=[_SEEN] if seen else []))

    # ------------------------------------------------------------------ messages
    def ids(self, unseen_only: bool = False) -> list[int]:
        """The messages to read, oldest first.  Messages flagged \\Deleted (not expunged yet)
        are left out here, in the same SEARCH, so fetches need not ask for FLAGS."""
        crit = (["UNSEEN"] if unseen_only else []) + ["NOT", "DELETED"]
        found = self._call("SEARCH failed", lambda c: _esearch(c, crit))
        if found is not None:
            return found.tolist()
        return sorted(self._call("SEARCH failed", lambda c: c.search(crit)))

    def count(self) -> int:
        return len(self._call("SEARCH failed", lambda c: c.search(["ALL"])))

    def fetch(self, ids: Sequence[int], headers_only: bool = False) -> Iterator[FetchedMessage]:
        ids = [int(i) for i in ids]
        part = b"BODY.PEEK[HEADER]" if headers_only else b"BODY.PEEK[]"
        key = b"BODY[HEADER]" if headers_only else b"BODY[]"
        for batch in _chunks(ids):
            # only the message part: FLAGS and RFC822.SIZE would double the parsing cost
            # (size() and flags() ask for them when a script wants them)
            resp = self._call("FETCH failed", lambda c: _fetch_literals(c, batch, part))
            if resp is None:
                resp = self._call("FETCH failed", lambda c: c.fetch(batch, [part]))
                resp = {uid: item[key] for uid, item in resp.items() if key in item}
            for uid in batch:
                data = resp.get(uid)
                if data is None:
                    continue
                yield FetchedMessage(id=uid, data=bytes(data), complete=not headers_only,
                                     size=len(data) if not headers_only else 0)

    def fetch_fields(self, ids: Sequence[int], names: frozenset) -> Iterator[FetchedMessage]:
        """BODY.PEEK[HEADER.FIELDS (...)]: the server sends the lines of those headers only (a
        third of a usual header block, and Dovecot answers it from its cache)."""
        if not names or not all(_ATOM_NAME.fullmatch(n) for n in names):
            yield from self.fetch(ids, headers_only=True)
            return
        names = frozenset(names)
        part = b"BODY.PEEK[HEADER.FIELDS (%s)]" % b" ".join(sorted(names))
        ids = [int(i) for i in ids]
        for batch in _chunks(ids):
            resp = self._call("FETCH failed", lambda c: _fetch_literals(c, batch, part))
            if resp is None:
                yield from self.fetch(batch, headers_only=True)
                continue
            for uid in batch:
                data = resp.get(uid)
                if data is not None:
                    yield FetchedMessage(id=uid, data=data, complete=False, fields=names)

    def fetch_texts(self, ids: Sequence[int]) -> Iterator[FetchedMessage]:
        """Header block + text parts, attachments left on the server: per batch, one FETCH of
        BODYSTRUCTURE and headers, then one FETCH per distinct set of text sections (a handful:
        most messages share [1], or [1.1] [1.2]...).  Messages whose structure is not plain
        multipart (single part, no boundary, unusual subtype) are fetched whole, so that their
        parsing is exactly the complete parser's."""
        ids = [int(i) for i in ids]
        for batch in _chunks(ids):
            resp = self._call("FETCH failed", lambda c: c.fetch(batch, [b"BODYSTRUCTURE", b"BODY.PEEK[HEADER]"]))
            plans: dict[tuple, list[int]] = {}
            for uid in batch:
                item = resp.get(uid)
                if item and b"BODY[HEADER]" in item:
                    plans.setdefault(_text_sections(item.get(b"BODYSTRUCTURE")), []).append(uid)
            got: dict[int, FetchedMessage] = {}
            for sections, uids in plans.items():
                if sections is None:
                    got.update((fm.id, fm) for fm in self.fetch(uids))
                    continue
                items = [b"BODY.PEEK[%s%s]" % (s, m) for s in sections for m in (b".MIME", b"")]
                parts = self._call("FETCH failed", lambda c: c.fetch(uids, items)) if items else {}
                for uid in uids:
                    p = parts.get(uid, {})
                    header = bytes(resp[uid][b"BODY[HEADER]"] or b"")
                    texts = [_entity(p.get(b"BODY[%s.MIME]" % s), p.get(b"BODY[%s]" % s)) for s in sections]
                    got[uid] = FetchedMessage(id=uid, data=header, complete=False, text_parts=texts)
            for uid in batch:
                if uid in got:
                    yield got[uid]

    def size(self, id: int) -> int:
        uid = int(id)
        resp = self._call("FETCH failed", lambda c: c.fetch([uid], [b"RFC822.SIZE"]))
        if uid not in resp or b"RFC822.SIZE" not in resp[uid]:
            raise MailError(ERR_NO_MESSAGE, f"no message with UID {uid} in {self._folder}")
        return int(resp[uid][b"RFC822.SIZE"])

    def flags(self, id: int) -> list[str]:
        uid = int(id)
        resp = self._call("FETCH failed", lambda c: c.get_flags([uid]))
        if uid not in resp:
            raise MailError(ERR_NO_MESSAGE, f"no message with UID {uid} in {self._folder}")
        return [_text(f) for f in resp[uid]]

    def set_flag(self, ids: Iterable[int], flag: str, on: bool) -> None:
        ids, flags = [int(i) for i in ids], [flag.encode("ascii")]
        for batch in _chunks(ids):
            if on:
                self._call("STORE failed", lambda c: c.add_flags(batch, flags, silent=True))
            else:
                self._call("STORE failed", lambda c: c.remove_flags(batch, flags, silent=True))

    def delete(self, id: int) -> None:
        uid = int(id)
        self._call("STORE failed", lambda c: c.add_flags([uid], [_DELETED], silent=True))

    def is_deleted(self, id: int) -> bool:
        try:
            return "\\Deleted" in self.flags(id)
        except MailError as e:
            if e.code == ERR_NO_MESSAGE:
                return True
            raise

    def expunge(self) -> None:
        self._call("EXPUNGE failed", lambda c: c.expunge())

    def copy(self, id: int, folder: str) -> None:
        uid = int(id)
        server_name = self._to_server(folder)
        try:
            self._call("COPY failed", lambda c: c.copy([uid], server_name))
        except MailError as e:
            if e.code == ERR_UNKNOWN and "TRYCREATE" in e.message.upper():
                raise MailError(ERR_UNKNOWN, f"folder not found: {self._from_server(server_name)}") from None
            raise

    def search(self, criteria: list, unseen_only: bool = False) -> list[int]:
        crit = list(criteria or [])
        if unseen_only:
            crit.append("UNSEEN")
        if not crit:
            crit = ["ALL"]
        charset = "UTF-8" if _needs_utf8(crit) else None
        return sorted(self._call("SEARCH failed", lambda c: c.search(crit, charset=charset)))
