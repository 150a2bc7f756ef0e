"""Local mailbox backend: a Maildir directory (the offline default) or an mbox file.

`LocalBackend(path)` is both a `MailboxBackend` and a `SenderBackend`.

What `path` may be (decided by `open()`):

* an existing **Maildir** (a directory holding ``cur/``, ``new/``, ``tmp/``);
* a directory holding a ``Maildir/`` child that is one (e.g. a Dovecot home);
* a missing or empty directory: it is created as a new, empty Maildir;
* an existing regular **file**: an mbox file (one folder, no subfolders).

Folders (Maildir++ layout, the one Dovecot uses, so a Dovecot Maildir can be
opened directly):

==========================  ===================================================
native folder name          on disk
==========================  ===================================================
``INBOX``                   the Maildir root itself (any case: ``inbox``, ``Inbox``)
``Sent``                    ``<root>/.Sent/``
``Archive/2024``            ``<root>/.Archive.2024/`` (``/`` is the separator)
``INBOX/Lu``                ``<root>/.INBOX.Lu/``
``Reçus``                   ``<root>/.Re&AOc-us/`` (modified UTF-7, as Dovecot does)
==========================  ===================================================

A folder component may not contain ``.`` (the Maildir++ separator on disk).
In mbox mode there is a single folder, ``INBOX``; `supports_folders` is False
and `send()` appends to the mbox file ``<path>.Sent`` next to it.

Message ids are integers, stable for the life of the backend object: when a
folder is first scanned its messages are numbered 1, 2, ... oldest first (file
mtime, which is the delivery date for Dovecot and Python's `mailbox`, then file
name); messages that show up later get the next numbers.  In mbox mode the id
is the position in the file (1-based) at open.  A folder's ids and file names are kept in
a compact table (`_maildir_table`, about 30 bytes a message), so that a million-message
Maildir reads in well under 100 MB.

Flags live where the mail tools expect them: Maildir info suffix ``:2,<letters>``
(``S`` seen, ``R`` answered, ``F`` flagged, ``T`` deleted, ``D`` draft,
``P`` passed) or the mbox ``Status``/``X-Status`` headers (``R``/``O`` and
``D``/``F``/``A``).  A flag change renames a Maildir file (content untouched);
in an mbox only the two status headers of that message are rewritten.  Fetching
never changes anything.  `expunge()` removes the messages of the current folder
that carry the deleted flag.
"""
from __future__ import annotations

import email
import email.header
import email.utils
import itertools
import mailbox
import os
import shutil
import socket
import threading
import time
from typing import Iterable, Iterator, Sequence

from imapclient import imap_utf7

from ._maildir_table import MessageTable
from .base import (ERR_CONNECT, ERR_INVALID_SESSION, ERR_NO_MESSAGE, ERR_PROTOCOL, ERR_UNKNOWN, FetchedMessage,
                   MailboxBackend, MailError, SenderBackend, is_maildir)

__all__ = ["LocalBackend"]

INBOX = "INBOX"
SENT = "Sent"

# Maildir info letter <-> IMAP system flag
_LETTER_TO_FLAG = {"D": "\\Draft", "F": "\\Flagged", "P": "$Forwarded", "R": "\\Answered",
                   "S": "\\Seen", "T": "\\Deleted"}
_FLAG_TO_LETTER = {v.lower(): k for k, v in _LETTER_TO_FLAG.items()}
# mbox Status / X-Status letters
_MBOX_TO_FLAG = {"R": "\\Seen", "D": "\\Deleted", "F": "\\Flagged", "A": "\\Answered"}

_counter = itertools.count(1)
_counter_lock = threading.Lock()


def _unique_name() -> str:
    """A Maildir unique name in the usual <time>.M<usec>P<pid>Q<n>.<host> form."""
    with _counter_lock:
        n = next(_counter)
    now = time.time()
    host = socket.gethostname().replace("/", "\\057").replace(":", "\\072") or "localhost"
    return f"{int(now)}.M{int((now % 1) * 1e6):06d}P{os.getpid()}Q{n}.{host}"   # padded: name order is time order


def _header_block(data: bytes) -> bytes:
    """The header block of an RFC 822 message, blank separator line included."""
    ends = [i + n for i, n in ((data.find(b"\n\n"), 2), (data.find(b"\r\n\r\n"), 4)) if i != -1]
    return data[:min(ends)] if ends else data


def _fold_text(value) -> str:
    """Decode RFC 2047 words of a header value and casefold it, for SEARCH."""
    if value is None:
        return ""
    try:
        parts = []
        for chunk, charset in email.header.decode_header(str(value)):
            if isinstance(chunk, bytes):
                parts.append(chunk.decode(charset or "ascii", "replace") if charset else
                             chunk.decode("utf-8", "replace"))
            else:
                parts.append(chunk)
        return "".join(parts).casefold()
    except Exception:
        return str(value).casefold()


def _body_text(msg) -> str:
    out = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        if part.get_content_maintype() != "text":
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset() or "utf-8"
        try:
            out.append(payload.decode(charset, "replace"))
        except LookupError:
            out.append(payload.decode("utf-8", "replace"))
    return "\n".join(out).casefold()


class _Matcher:
    """Evaluates IMAP SEARCH criteria in imapclient form on one local message."""

    def __init__(self, get_bytes, flags: set[str]):
        self._get_bytes = get_bytes
        self._flags = {f.lower() for f in flags}
        self._msg = None
        self._body = None

    @property
    def msg(self):
        if self._msg is None:
            self._msg = email.message_from_bytes(self._get_bytes())
        return self._msg

    def body(self) -> str:
        if self._body is None:
            self._body = _body_text(self.msg)
        return self._body

    def header(self, name: str) -> str:
        values = self.msg.get_all(name) or []
        return " ".join(_fold_text(v) for v in values)

    def match(self, criteria) -> bool:
        items = list(criteria) if isinstance(criteria, (list, tuple)) else [criteria]
        pos = 0
        ok = True
        while pos < len(items):
            res, pos = self._one(items, pos)
            ok = ok and res
        return ok

    def _one(self, items, pos):
        item = items[pos]
        if isinstance(item, (list, tuple)):
            return self.match(item), pos + 1
        if isinstance(item, bytes):
            item = item.decode()
        key = str(item).upper()

        def arg(i):
            if pos + i >= len(items):
                raise MailError(ERR_UNKNOWN, f"search criterion {key} needs a value")
            v = items[pos + i]
            return (v.decode() if isinstance(v, bytes) else str(v)).casefold()

        flag_keys = {"SEEN": "\\seen", "DELETED": "\\deleted", "FLAGGED": "\\flagged",
                     "ANSWERED": "\\answered", "DRAFT": "\\draft"}
        if key == "ALL":
            return True, pos + 1
        if key in flag_keys:
            return flag_keys[key] in self._flags, pos + 1
        if key.startswith("UN") and key[2:] in flag_keys:
            return flag_keys[key[2:]] not in self._flags, pos + 1
        if key in ("NEW", "RECENT"):
            return "\\seen" not in self._flags, pos + 1
        if key == "OLD":
            return True, pos + 1
        if key == "NOT":
            res, nxt = self._one(items, pos + 1)
            return not res, nxt
        if key == "OR":
            a, nxt = self._one(items, pos + 1)
            b, nxt = self._one(items, nxt)
            return a or b, nxt
        if key in ("SUBJECT", "FROM", "TO", "CC", "BCC"):
            return arg(1) in self.header(key), pos + 2
        if key == "HEADER":
            name = arg(1)
            return arg(2) in self.header(name), pos + 3
        if key == "BODY":
            return arg(1) in self.body(), pos + 2
        if key == "TEXT":
            needle = arg(1)
            hdr = " ".join(_fold_text(v) for v in self.msg.values())
            return needle in hdr or needle in self.body(), pos + 2
        raise MailError(ERR_UNKNOWN, f"search criterion not supported by the local mailbox: {key}")


class _Folder:
    """A Maildir folder of the session: its name, directory and message table."""

    def __init__(self, name: str, path: str):
        self.name = name
        self.path = path
        self.table = MessageTable()         # ids <-> files ("cur/name:2,S", relative to path)


class LocalBackend(MailboxBackend, SenderBackend):
    """A Maildir (or mbox file) on disk; see the module docstring for the layout."""

    def __init__(self, path):
        self.path = os.fspath(path)
        self._mbox: mailbox.mbox | None = None
        self._root: str | None = None
        self._folders: dict[str, _Folder] = {}
        self._current = INBOX
        self._open = False
        self._lock = threading.RLock()
        if os.path.isfile(self.path):
            self.supports_folders = False

    def __repr__(self) -> str:
        return f"LocalBackend({self.path!r})"

    # ------------------------------------------------------------------ session
    def open(self) -> None:
        with self._lock:
            p = self.path
            try:
                if os.path.isfile(p):
                    self.supports_folders = False
                    self._mbox = mailbox.mbox(p, create=False)
                    self._mbox.keys()          # parse the table of contents now
                elif os.path.isdir(p) and is_maildir(p):
                    self._root = p
                elif os.path.isdir(p) and is_maildir(os.path.join(p, "Maildir")):
                    self._root = os.path.join(p, "Maildir")
                elif not os.path.exists(p) or (os.path.isdir(p) and not os.listdir(p)):
                    for sub in ("cur", "new", "tmp"):
                        os.makedirs(os.path.join(p, sub), exist_ok=True)
                    self._root = p
                else:
                    raise MailError(ERR_CONNECT, f"not a Maildir directory or mbox file: {p}")
            except MailError:
                raise
            except OSError as e:
                raise MailError(ERR_CONNECT, f"cannot open local mailbox {p}: {e.strerror or e}") from None
            except mailbox.Error as e:
                raise MailError(ERR_CONNECT, f"cannot open local mailbox {p}: {e}") from None
            self._current = INBOX
            self._folders = {}
            self._open = True

    def close(self) -> None:
        with self._lock:
            if self._mbox is not None:
                try:
                    self._mbox.close()
                except Exception:
                    pass
            self._mbox = None
            self._open = False

    def _check(self) -> None:
        if not self._open:
            raise MailError(ERR_INVALID_SESSION, "the local mailbox is not open")

    # ------------------------------------------------------------------ folders
    @staticmethod
    def _normalize(name: str) -> str:
        name = str(name).strip().strip("/")
        if not name:
            return INBOX
        parts = name.split("/")
        if parts[0].upper() == INBOX:
            parts[0] = INBOX
        if any(not part for part in parts):
            raise MailError(ERR_UNKNOWN, f"invalid folder name: {name}")
        return "/".join(parts)

    def _folder_dir(self, name: str) -> str:
        if name == INBOX:
            return self._root
        comps = []
        for part in name.split("/"):
            if "." in part:
                raise MailError(ERR_UNKNOWN, f"folder names cannot contain '.' in a Maildir: {name}")
            comps.append(imap_utf7.encode(part).decode("ascii"))
        return os.path.join(self._root, "." + ".".join(comps))

    def _folder(self, name: str) -> _Folder:
        f = self._folders.get(name)
        if f is None:
            f = self._folders[name] = _Folder(name, self._folder_dir(name))
        return f

    def _exists(self, name: str) -> bool:
        return is_maildir(self._folder_dir(name))

    def _no_folders(self, what: str):
        raise MailError(ERR_PROTOCOL, f"{what}: an mbox file has no folders")

    def select_folder(self, name: str) -> None:
        self._check()
        with self._lock:
            name = self._normalize(name)
            if self._mbox is not None:
                if name != INBOX:
                    self._no_folders(f"folder not found: {name}")
                return
            if not self._exists(name):
                raise MailError(ERR_UNKNOWN, f"folder not found: {name}")
            self._current = name
            self._scan(self._folder(name))

    def current_folder(self) -> str:
        self._check()
        return self._current

    def list_folders(self) -> list[str]:
        self._check()
        if self._mbox is not None:
            return [INBOX]
        names = []
        with os.scandir(self._root) as it:
            for entry in it:
                if (entry.name.startswith(".") and entry.name not in (".", "..")
                        and entry.is_dir() and is_maildir(entry.path)):
                    comps = entry.name[1:].split(".")
                    try:
                        names.append("/".join(imap_utf7.decode(c.encode("ascii")) for c in comps))
                    except (UnicodeError, ValueError):
                        names.append("/".join(comps))
        return [INBOX] + sorted(names, key=str.casefold)

    def create_folder(self, name: str) -> None:
        self._check()
        if self._mbox is not None:
            self._no_folders("cannot create a folder")
        with self._lock:
            name = self._normalize(name)
            if self._exists(name):
                raise MailError(ERR_UNKNOWN, f"folder already exists: {name}")
            parts = name.split("/")
            for i in range(1, len(parts) + 1):
                sub = "/".join(parts[:i])
                if sub == INBOX:
                    continue
                self._make_folder(sub)

    def _make_folder(self, name: str) -> None:
        d = self._folder_dir(name)
        try:
            for s in ("cur", "new", "tmp"):
                os.makedirs(os.path.join(d, s), exist_ok=True)
            mf = os.path.join(d, "maildirfolder")
            if not os.path.exists(mf):
                open(mf, "wb").close()
            # follow the owner of the root (a Dovecot Maildir opened as root stays usable)
            st = os.stat(self._root)
            if os.getuid() == 0 and st.st_uid != 0:
                for p in (d, mf, *(os.path.join(d, s) for s in ("cur", "new", "tmp"))):
                    os.chown(p, st.st_uid, st.st_gid)
        except OSError as e:
            raise MailError(ERR_UNKNOWN, f"cannot create folder {name}: {e.strerror or e}") from None

    def delete_folder(self, name: str) -> None:
        self._check()
        if self._mbox is not None:
            self._no_folders("cannot delete a folder")
        with self._lock:
            name = self._normalize(name)
            if name == INBOX:
                raise MailError(ERR_UNKNOWN, "the INBOX folder cannot be deleted")
            if not self._exists(name):
                raise MailError(ERR_UNKNOWN, f"folder not found: {name}")
            try:
                shutil.rmtree(self._folder_dir(name))
            except OSError as e:
                raise MailError(ERR_UNKNOWN, f"cannot delete folder {name}: {e.strerror or e}") from None
            self._folders.pop(name, None)
            if self._current == name:
                self._current = INBOX

    # ------------------------------------------------------------------ Maildir scan
    def _scan(self, f: _Folder) -> None:
        """Re-read the folder's file list; number the messages seen for the first time."""
        try:
            f.table.scan(f.path)
        except FileNotFoundError:
            raise MailError(ERR_UNKNOWN, f"folder not found: {f.name}") from None

    def _cur(self) -> _Folder:
        return self._folder(self._current)

    def _locate(self, id: int, rescan: bool = True, check: bool = True) -> tuple[_Folder, str] | None:
        """(folder, relative path) of a message id in the current folder, or None.  `check`:
        make sure the file is there (a reader that rescans when it is not passes False)."""
        f = self._cur()
        id = int(id)
        if rescan and id > len(f.table):        # not numbered yet: maybe new mail
            self._scan(f)
        if not 1 <= id <= len(f.table):
            return None
        rel = f.table.rel(id)
        if rel is None or (check and not os.path.exists(os.path.join(f.path, rel))):
            if not rescan:
                return None
            self._scan(f)
            rel = f.table.rel(id)
            if rel is None:
                return None
        return f, rel

    @staticmethod
    def _letters(rel: str) -> str:
        name = rel.split("/", 1)[1]
        if ":" in name:
            info = name.split(":", 1)[1]
            if info.startswith("2,"):
                return info[2:]
        return ""

    def _read(self, f: _Folder, id: int, rel: str) -> tuple[bytes, str] | None:
        """(content, relative path where it was read) of message `id`, None if it is gone."""
        for attempt in (0, 1):
            try:
                with open(os.path.join(f.path, rel), "rb") as fh:
                    return fh.read(), rel
            except FileNotFoundError:
                if attempt:
                    return None
                self._scan(f)                 # renamed by someone else (flag change)
                rel = f.table.rel(id)
                if rel is None:
                    return None
        return None

    def _set_letters(self, f: _Folder, id: int, rel: str, letters: str) -> None:
        letters = "".join(sorted(set(letters)))
        name = rel.split("/", 1)[1]
        base = name.split(":", 1)[0]
        new_rel = f"cur/{base}:2,{letters}"
        if new_rel == rel:
            return
        try:
            os.rename(os.path.join(f.path, rel), os.path.join(f.path, new_rel))
        except FileNotFoundError:
            self._scan(f)
            rel2 = f.table.rel(id)
            if rel2 is None:
                return
            os.rename(os.path.join(f.path, rel2), os.path.join(f.path, new_rel))
        f.table.moved(id, new_rel)

    # ------------------------------------------------------------------ mbox helpers
    def _mbox_ids(self) -> list[int]:
        return [k + 1 for k in sorted(self._mbox.iterkeys())]

    def _mbox_letters(self, key: int) -> str:
        hdr = _header_block(self._mbox.get_bytes(key))
        status = xstatus = ""
        for line in hdr.replace(b"\r\n", b"\n").split(b"\n"):
            low = line.lower()
            if low.startswith(b"status:"):
                status = line[7:].decode("ascii", "ignore").strip()
            elif low.startswith(b"x-status:"):
                xstatus = line[9:].decode("ascii", "ignore").strip()
        return status + xstatus

    def _mbox_flags(self, key: int) -> list[str]:
        letters = self._mbox_letters(key)
        return [flag for letter, flag in _MBOX_TO_FLAG.items() if letter in letters]

    def _mbox_set_flags(self, key: int, flags: set[str]) -> None:
        """Rewrite only the Status/X-Status headers of one mbox message."""
        raw = self._mbox.get_bytes(key, from_=True)
        nl = raw.find(b"\n")
        from_line, msg = (raw[:nl + 1], raw[nl + 1:]) if raw.startswith(b"From ") else (b"", raw)
        hdr = _header_block(msg)
        rest = msg[len(hdr):]
        eol = b"\r\n" if hdr.endswith(b"\r\n\r\n") else b"\n"
        lines = hdr[:-len(eol)].split(eol) if hdr.endswith(eol + eol) else hdr.split(eol)
        lines = [ln for ln in lines if ln and not ln.lower().startswith((b"status:", b"x-status:"))]
        old = self._mbox_letters(key)
        status = ("R" if "\\Seen" in flags else "") + ("O" if "O" in old or "\\Seen" in flags else "")
        xstatus = "".join(letter for letter in "DFA" if _MBOX_TO_FLAG[letter] in flags)
        if status:
            lines.append(b"Status: " + status.encode())
        if xstatus:
            lines.append(b"X-Status: " + xstatus.encode())
        new = eol.join(lines) + eol + eol + rest
        self._mbox.lock()
        try:
            self._mbox[key] = from_line + new
            self._mbox.flush()
        finally:
            self._mbox.unlock()

    # ------------------------------------------------------------------ reading
    def ids(self, unseen_only: bool = False) -> list[int]:
        self._check()
        with self._lock:
            if self._mbox is not None:
                out = self._mbox_ids()
                if unseen_only:
                    out = [i for i in out if "\\Seen" not in self._mbox_flags(i - 1)]
                return out
            return list(self._maildir_ids(unseen_only))

    def id_sequence(self, unseen_only: bool = False) -> Sequence[int]:
        self._check()
        with self._lock:
            if self._mbox is not None:
                return super().id_sequence(unseen_only)
            return self._maildir_ids(unseen_only)

    def _maildir_ids(self, unseen_only: bool) -> Sequence[int]:
        f = self._cur()
        self._scan(f)
        return f.table.ids(unseen_only)

    def count(self) -> int:
        return len(self.ids())

    def fetch(self, ids: Sequence[int], headers_only: bool = False) -> Iterator[FetchedMessage]:
        self._check()
        for id in list(ids):
            with self._lock:
                if self._mbox is not None:
                    key = int(id) - 1
                    if key not in self._mbox:
                        continue
                    data = self._mbox.get_bytes(key)
                    flags = tuple(self._mbox_flags(key))
                else:
                    loc = self._locate(id, check=False)
                    if loc is None:
                        continue
                    got = self._read(loc[0], int(id), loc[1])
                    if got is None:
                        continue
                    data, rel = got
                    flags = tuple(_LETTER_TO_FLAG[c] for c in self._letters(rel) if c in _LETTER_TO_FLAG)
            size = len(data)
            if headers_only:
                data = _header_block(data)
            yield FetchedMessage(id=int(id), data=data, complete=not headers_only or len(data) == size,
                                 size=size, flags=flags)

    def size(self, id: int) -> int:
        self._check()
        with self._lock:
            if self._mbox is not None:
                key = int(id) - 1
                if key not in self._mbox:
                    raise MailError(ERR_NO_MESSAGE, f"no message {id}")
                return len(self._mbox.get_bytes(key))
            loc = self._locate(id)
            if loc is None:
                raise MailError(ERR_NO_MESSAGE, f"no message {id}")
            f, rel = loc
            try:
                return os.stat(os.path.join(f.path, rel)).st_size
            except OSError:
                raise MailError(ERR_NO_MESSAGE, f"no message {id}") from None

    def flags(self, id: int) -> list[str]:
        self._check()
        with self._lock:
            if self._mbox is not None:
                key = int(id) - 1
                if key not in self._mbox:
                    raise MailError(ERR_NO_MESSAGE, f"no message {id}")
                return self._mbox_flags(key)
            loc = self._locate(id)
            if loc is None:
                raise MailError(ERR_NO_MESSAGE, f"no message {id}")
            return [_LETTER_TO_FLAG[c] for c in self._letters(loc[1]) if c in _LETTER_TO_FLAG]

    # ------------------------------------------------------------------ changing
    def _change(self, id: int, add: str = "", remove: str = "") -> None:
        if self._mbox is not None:
            key = int(id) - 1
            if key not in self._mbox:
                raise MailError(ERR_NO_MESSAGE, f"no message {id}")
            flags = set(self._mbox_flags(key))
            flags |= {_LETTER_TO_FLAG[c] for c in add}
            flags -= {_LETTER_TO_FLAG[c] for c in remove}
            if flags != set(self._mbox_flags(key)):
                self._mbox_set_flags(key, flags)
            return
        loc = self._locate(id)
        if loc is None:
            raise MailError(ERR_NO_MESSAGE, f"no message {id}")
        f, rel = loc
        old = self._letters(rel)
        new = (set(old) | set(add)) - set(remove)
        if new != set(old) or rel.startswith("new/"):
            try:
                self._set_letters(f, int(id), rel, "".join(new))
            except OSError as e:
                raise MailError(ERR_UNKNOWN, f"cannot change flags of message {id}: {e.strerror or e}") from None

    def set_flag(self, ids: Iterable[int], flag: str, on: bool) -> None:
        letter = _FLAG_TO_LETTER.get(flag.lower())
        if letter is None:
            raise MailError(ERR_UNKNOWN, f"a Maildir cannot keep the flag {flag}")
        self._check()
        with self._lock:
            for id in ids:
                if on:
                    self._change(id, add=letter)
                else:
                    self._change(id, remove=letter)

    def delete(self, id: int) -> None:
        self._check()
        with self._lock:
            self._change(id, add="T")

    def is_deleted(self, id: int) -> bool:
        self._check()
        with self._lock:
            try:
                return "\\Deleted" in self.flags(id)
            except MailError:
                return True

    def expunge(self) -> None:
        self._check()
        with self._lock:
            if self._mbox is not None:
                doomed = [k for k in self._mbox.iterkeys() if "\\Deleted" in self._mbox_flags(k)]
                if doomed:
                    self._mbox.lock()
                    try:
                        for k in doomed:
                            self._mbox.remove(k)
                        self._mbox.flush()
                    finally:
                        self._mbox.unlock()
                return
            f = self._cur()
            self._scan(f)
            for id, rel in f.table.present():
                if "T" in self._letters(rel):
                    try:
                        os.unlink(os.path.join(f.path, rel))
                    except FileNotFoundError:
                        pass
                    except OSError as e:
                        raise MailError(ERR_UNKNOWN, f"cannot expunge: {e.strerror or e}") from None
                    f.table.forget(id)

    def copy(self, id: int, folder: str) -> None:
        self._check()
        if self._mbox is not None:
            self._no_folders("cannot copy")
        with self._lock:
            target = self._normalize(folder)
            if not self._exists(target):
                raise MailError(ERR_UNKNOWN, f"folder not found: {target}")
            loc = self._locate(id)
            if loc is None:
                raise MailError(ERR_NO_MESSAGE, f"no message {id}")
            f, rel = loc
            got = self._read(f, int(id), rel)
            if got is None:
                raise MailError(ERR_NO_MESSAGE, f"no message {id}")
            data, rel = got
            try:
                mtime = os.stat(os.path.join(f.path, rel)).st_mtime
            except OSError:
                mtime = None
            self._deliver(target, data, self._letters(rel), mtime)

    def _deliver(self, folder: str, data: bytes, letters: str, mtime: float | None = None) -> None:
        d = self._folder_dir(folder)
        name = _unique_name()
        tmp = os.path.join(d, "tmp", name)
        dest = os.path.join(d, "cur", f"{name}:2,{''.join(sorted(set(letters)))}")
        try:
            os.makedirs(os.path.join(d, "tmp"), exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(data)
            if mtime is not None:
                os.utime(tmp, (mtime, mtime))
            st = os.stat(d)
            if os.getuid() == 0 and st.st_uid != 0:
                os.chown(tmp, st.st_uid, st.st_gid)
            os.rename(tmp, dest)
        except OSError as e:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise MailError(ERR_UNKNOWN, f"cannot write to folder {folder}: {e.strerror or e}") from None

    def search(self, criteria: list, unseen_only: bool = False) -> list[int]:
        self._check()
        with self._lock:
            out = []
            for id in self.ids(unseen_only):
                if self._mbox is not None:
                    key = id - 1
                    m = _Matcher(lambda key=key: self._mbox.get_bytes(key), set(self._mbox_flags(key)))
                else:
                    loc = self._locate(id, rescan=False)
                    if loc is None:
                        continue
                    f, rel = loc
                    flags = {_LETTER_TO_FLAG[c] for c in self._letters(rel) if c in _LETTER_TO_FLAG}
                    m = _Matcher(lambda f=f, id=id, rel=rel: (self._read(f, id, rel) or (b"",))[0], flags)
                if not criteria or m.match(criteria):
                    out.append(id)
            return out

    def append(self, folder: str, data: bytes, seen: bool = True) -> None:
        self._check()
        data = bytes(data)
        with self._lock:
            name = self._normalize(folder)
            if self._mbox is not None:
                if name != INBOX:
                    self._no_folders(f"folder not found: {name}")
                self._mbox_append(self._mbox, data, seen)
                return
            if not self._exists(name):
                raise MailError(ERR_UNKNOWN, f"folder not found: {name}")
            self._deliver(name, data, "S" if seen else "")

    @staticmethod
    def _mbox_append(box: mailbox.mbox, data: bytes, seen: bool) -> None:
        hdr = _header_block(data)
        if seen and not any(ln.lower().startswith(b"status:") for ln in hdr.splitlines()):
            eol = b"\r\n" if hdr.endswith(b"\r\n\r\n") else b"\n"
            cut = len(hdr) - len(eol) if hdr.endswith(eol + eol) else len(hdr)
            data = data[:cut] + b"Status: RO" + eol + data[cut:]
        box.lock()
        try:
            box.add(data)
            box.flush()
        finally:
            box.unlock()

    # ------------------------------------------------------------------ sending
    def accepts_utf8_headers(self) -> bool:
        return True                    # a file on disk: nothing on the way rewrites bytes

    def send(self, sender: str, recipients: Sequence[str], data: bytes) -> None:
        """Local "sending": the message is stored, seen, in the Sent folder (created if missing)."""
        self._check()
        data = bytes(data)
        with self._lock:
            if self._mbox is not None:
                try:
                    box = mailbox.mbox(self.path + ".Sent", create=True)
                    try:
                        self._mbox_append(box, data, True)
                    finally:
                        box.close()
                except OSError as e:
                    raise MailError(ERR_UNKNOWN, f"cannot write the Sent mailbox: {e.strerror or e}") from None
                return
            if not self._exists(SENT):
                self._make_folder(SENT)
            self._deliver(SENT, data, "S")
