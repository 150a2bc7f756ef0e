"""Open mail sessions: the registry by user name, the per-session cursor, batched
fetching, offline mode.  The WLangage functions themselves are in `functions.py`.

Decisions (email-api.md §8):

* Reading never changes flags.  Backends fetch with BODY.PEEK, so EmailLitPremier &
  co, EmailRécupèreTout and `POUR TOUT` never set \\Seen (A2, A3): a script marks mail
  read with EmailChangeEtat(s, m, emailEtatLu).
* Messages are identified by UID (IMAP), message number (POP3) or the local key; the
  cursor walks the ids of ONE `ids()` call, so deleting inside a loop never skips
  or hits the wrong message.  Messages flagged \\Deleted (IMAP, not yet expunged) or
  deleted in this session are skipped by the cursor and `POUR TOUT`, and reading
  one with EmailLitMessage gives EnDehors = Vrai (A4).
* The cursor prefetches: header reads 500 messages a round trip, full reads about
  4 MB (up to 500 messages, fewer when messages are big).  A full read fetches the
  headers and text parts (IMAP leaves attachments on the server until the script touches
  one; then whole messages); the session's close completes the message read last.
  Only the current batch is kept, so memory is bounded whatever the mailbox size.
* Offline mode (`configure(mailbox=DIR)`): every session, whatever its host, uses
  `LocalBackend(DIR)`, or each account its own Maildir (see `local_mailbox`).  A POP3
  session keeps POP3 semantics there (message list frozen at opening, deletions applied
  at EmailFermeSession); SMTP "sends" into the Sent folder.
"""
from __future__ import annotations

import atexit
import bisect
import contextlib
import dataclasses
import os
import threading
from typing import Iterable, Iterator, Sequence

from ..errors import WLError
from .backends.base import (Credentials, FetchedMessage, MailboxBackend, MailError, ERR_CONNECT, ERR_NO_MESSAGE,
                            is_maildir)

__all__ = ["configure"]

HEADER_BATCH = 500      # headers a round trip: the backend's batch, fewer round trips
FULL_BATCH_BYTES = 4 * 1024 * 1024   # whole messages: about this many bytes a round trip
_sizes = {"average": 16 * 1024}      # running average size of whole messages fetched


def full_batch(fetched: Sequence[FetchedMessage] = ()) -> int:
    """How many whole messages to fetch in one round trip: enough to amortise the round
    trip on small mail, few enough that big attachments keep memory bounded."""
    if fetched:
        total = sum(len(m.data) + sum(map(len, m.text_parts or ())) for m in fetched)
        _sizes["average"] = (_sizes["average"] + total / len(fetched)) / 2
    return max(1, min(HEADER_BATCH, int(FULL_BATCH_BYTES // max(_sizes["average"], 1))))


# --------------------------------------------------------------------------- configuration

@dataclasses.dataclass
class _Config:
    mailbox: str | None = None       # the default local mailbox; "" when only accounts are named
    accounts: dict = dataclasses.field(default_factory=dict)   # "user@host" or "user" -> its Maildir
    cafile: str | None = None
    verify: bool = True
    timeout: float = 600.0           # EmailChangeTimeOut; 10 minutes by default


config = _Config(cafile=os.environ.get("WLMAIL_CAFILE") or None)


def split_mailbox(entry: str) -> tuple[str | None, str]:
    """A --mailbox value: `DIR`, or `ACCOUNT=DIR` where ACCOUNT (`user@host` or `user`) has no
    path separator."""
    name, sep, path = str(entry).partition("=")
    if sep and name and "/" not in name and "\\" not in name:
        return name, path
    return None, str(entry)


def configure(mailbox=None, cafile=None, verify: bool = True) -> None:
    """Runtime settings, called by the CLI (`--mailbox`, `--cafile`, `--insecure`) or by Python code.

    `mailbox`: a Maildir directory or mbox file; when set, every session opened
    (IMAP, POP3, SMTP, any host) uses it instead of the network.  It may also be a folder
    holding one Maildir per account, or a list of such paths and `ACCOUNT=DIR` entries
    (the repeated `--mailbox`): see `local_mailbox`.
    `cafile`: an extra trusted CA file for TLS (default: $WLMAIL_CAFILE).
    `verify`: False disables TLS certificate verification (never the default)."""
    entries = [] if mailbox is None else [mailbox] if isinstance(mailbox, (str, os.PathLike)) else list(mailbox)
    config.mailbox, config.accounts = None, {}
    for entry in entries:
        account, path = split_mailbox(os.fspath(entry))
        if account is None:
            config.mailbox = path
        else:
            config.accounts[account.casefold()] = path
    if config.accounts and config.mailbox is None:
        config.mailbox = ""
    config.cafile = os.fspath(cafile) if cafile is not None else (os.environ.get("WLMAIL_CAFILE") or None)
    config.verify = bool(verify)


def local_mailbox(creds: Credentials | None) -> str:
    """The local mailbox of a session's account (offline mode).

    1. an `ACCOUNT=DIR` entry whose ACCOUNT is `user@host`, else `user`;
    2. the default mailbox when it is one Maildir (or mbox file, or a folder that is not yet
       a Maildir): every account shares it;
    3. a folder of accounts: its sub-folder `user@host`, else `user`, else the only one named
       `user@...` (so the SMTP account of alice finds alice@imap.host's Maildir, where its
       sent mail is kept)."""
    user = (creds.user if creds else "").casefold()
    host = (creds.host if creds else "").casefold()
    for key in (f"{user}@{host}", user):
        if key in config.accounts:
            return config.accounts[key]
    root = config.mailbox
    if not root:
        raise MailError(ERR_CONNECT, f"no local mailbox for the account {user}@{host}: give "
                                        f"--mailbox {user}@{host}=DIR")
    if not os.path.isdir(root) or is_maildir(root) or is_maildir(os.path.join(root, "Maildir")):
        return root
    subdirs = {d.casefold(): d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))}
    if not subdirs:
        return root                  # an empty folder becomes one Maildir
    for key in (f"{user}@{host}", user):
        if key in subdirs:
            return os.path.join(root, subdirs[key])
    mine = [d for k, d in subdirs.items() if k.startswith(f"{user}@")]
    if len(mine) == 1:
        return os.path.join(root, mine[0])
    raise MailError(ERR_CONNECT, f"no local mailbox for the account {user}@{host} in {root} "
                                    f"(expected the Maildir {os.path.join(root, f'{user}@{host}')})")


# --------------------------------------------------------------------------- secrets

_passwords: set[str] = set()


def remember_password(password: str) -> None:
    if password and len(password) >= 3:
        _passwords.add(password)


def scrub(message: str) -> str:
    """Never let a password reach ErreurInfo(), a trace or an exception."""
    text = str(message)
    for pw in sorted(_passwords, key=len, reverse=True):
        if pw in text:
            text = text.replace(pw, "********")
    return text


# --------------------------------------------------------------------------- backends

def _backend_class(module: str, name: str):
    import importlib
    try:
        mod = importlib.import_module(f"{__package__}.backends.{module}")
        return getattr(mod, name)
    except (ImportError, AttributeError) as e:
        raise WLError(f"the {module.upper()} backend is not available: {e}") from None


def new_reader(protocol: str, creds: Credentials | None) -> MailboxBackend:
    if config.mailbox is not None:
        backend = _backend_class("local", "LocalBackend")(local_mailbox(creds))
        return _Pop3Emulation(backend) if protocol == "pop3" else backend
    if protocol == "imap":
        return _backend_class("imap", "ImapBackend")(creds)
    return _backend_class("pop3", "Pop3Backend")(creds)


def new_sender(creds: Credentials | None):
    if config.mailbox is not None:
        return _backend_class("local", "LocalBackend")(local_mailbox(creds))
    return _backend_class("smtp", "SmtpBackend")(creds)


def make_credentials(host, port, user, password, option: int, verify: bool = True,
                     token: str | None = None, read_only: bool = False) -> Credentials:
    """`read_only`: the backend refuses changes (a dry run: the gate's decision, not ours)."""
    from .types import emailProtocoleSMTPS, optionTLS
    security = "tls" if option == optionTLS else "starttls" if option == emailProtocoleSMTPS else "plain"
    remember_password(password)
    remember_password(token or "")
    return Credentials(host=str(host), port=int(port), user=str(user), password=str(password),
                       security=security, timeout=config.timeout, cafile=config.cafile,
                       verify=config.verify and verify, token=token, read_only=read_only)


class _Pop3Emulation(MailboxBackend):
    """POP3 semantics on a local mailbox: the list is frozen at opening, EmailNbMessage
    is constant, a deleted message disappears at once but is removed only at close."""

    supports_flags = False
    supports_folders = False

    def __init__(self, inner):
        self.inner = inner
        self.snapshot: list[int] = []
        self.pending: set[int] = set()

    def open(self) -> None:
        self.inner.open()
        self.snapshot = list(self.inner.ids())
        self.pending = set()

    def close(self) -> None:
        try:
            if self.pending:
                for id in sorted(self.pending):
                    try:
                        self.inner.delete(id)
                    except MailError:
                        pass
                self.inner.expunge()
        except Exception:
            pass
        finally:
            self.pending = set()
            self.inner.close()

    def ids(self, unseen_only: bool = False) -> list[int]:
        return [i for i in self.snapshot if i not in self.pending]

    def count(self) -> int:
        return len(self.snapshot)

    def fetch(self, ids: Sequence[int], headers_only: bool = False) -> Iterator[FetchedMessage]:
        wanted = [i for i in ids if i in self.snapshot and i not in self.pending]
        for fm in self.inner.fetch(wanted, headers_only):
            yield dataclasses.replace(fm, flags=())

    def _known(self, id: int) -> None:
        if id not in self.snapshot or id in self.pending:
            raise MailError(ERR_NO_MESSAGE, f"no message {id}")

    def size(self, id: int) -> int:
        self._known(id)
        return self.inner.size(id)

    def delete(self, id: int) -> None:
        self._known(id)
        self.pending.add(id)

    def is_deleted(self, id: int) -> bool:
        return id in self.pending or id not in self.snapshot


# --------------------------------------------------------------------------- session state

_DELETED = "\\deleted"


class Cursor:
    """EmailLitPremier/Suivant/Dernier/Précédent position of one session."""

    def __init__(self):
        self.ids: Sequence[int] | None = None   # the snapshot being walked
        self.pos = -1                       # index of the current message in ids
        self.ended = True                   # past an end: the next LitSuivant starts over
        self.unread = False                 # filter of the snapshot (emailNonLus)
        self.buffer: dict[int, FetchedMessage] = {}
        self.window: set[int] = set()       # ids asked in the last batch (missing ones are gone)
        self.bodies: BodyFetcher | None = None   # what full reads fetch on first use

    def reset(self) -> None:
        self.__init__()


class SessionState:
    """One logical session: a reader (IMAP or POP3) and/or a sender (SMTP), under a
    user name (EmailOuvreSessionXXX) or behind a session variable."""

    def __init__(self, name: str | None = None):
        self.name = name
        self.reader: MailboxBackend | None = None
        self.reader_kind: str | None = None  # "imap" | "pop3"
        self.sender = None
        self.folder: str | None = None
        self.cursor = Cursor()
        self.last_read: tuple[int, str | None] | None = None
        self.last_message = None             # the mime.ParsedMessage of last_read (its Message-ID)
        self.delivered = None                # the Email a full cursor read filled, its body maybe still to fetch
        self.account = ""                    # user@host:port, for the dry-run report and the audit log
        self.failed: MailError | None = None  # a read failed: every later read fails fast with this
        self.deleted: set[tuple[str | None, int]] = set()
        self.lock = threading.RLock()

    def __repr__(self):
        parts = [k for k in (self.reader_kind, "smtp" if self.sender else None) if k]
        return f"<mail session {self.name or ''} {'+'.join(parts) or 'closed'}>"

    @property
    def is_open(self) -> bool:
        return self.reader is not None or self.sender is not None

    # -- capabilities -------------------------------------------------------------------
    @property
    def supports_flags(self) -> bool:
        return self.reader is not None and self.reader_kind == "imap" and self.reader.supports_flags

    @property
    def supports_folders(self) -> bool:
        return self.reader is not None and self.reader_kind == "imap" and self.reader.supports_folders

    def require_reader(self, what: str) -> MailboxBackend:
        if self.reader is None:
            raise WLError(f"{what}: this session cannot read mail (it is an SMTP session only; "
                          f"open a POP3 or IMAP session)")
        return self.reader

    def require_sender(self, what: str):
        if self.sender is None:
            raise WLError(f"{what}: this session cannot send mail (it is a {self.reader_kind.upper()} "
                          f"session only; open an SMTP session)" if self.reader_kind else
                          f"{what}: this session cannot send mail")
        return self.sender

    def require_flags(self, what: str) -> MailboxBackend:
        reader = self.require_reader(what)
        if not self.supports_flags:
            raise WLError(f"{what}: POP3 has no read/unread flags; use an IMAP session")
        return reader

    def require_folders(self, what: str) -> MailboxBackend:
        reader = self.require_reader(what)
        if not self.supports_folders:
            why = "POP3 has no folders" if self.reader_kind == "pop3" else "this mailbox has no folders"
            raise WLError(f"{what}: {why}; use an IMAP session")
        return reader

    # -- attaching backends -------------------------------------------------------------
    def set_reader(self, kind: str, backend: MailboxBackend) -> None:
        self.close_reader()
        self.reader, self.reader_kind = backend, kind
        try:
            self.folder = backend.current_folder() if backend.supports_folders and kind == "imap" else None
        except MailError:
            self.folder = "INBOX"
        self.cursor.reset()
        self.deleted = set()
        self.last_read = None
        self.last_message = None
        self.failed = None
        _open_states.add(self)

    def set_sender(self, backend) -> None:
        self.close_sender()
        self.sender = backend
        _open_states.add(self)

    def close_reader(self) -> None:
        delivered, self.delivered = self.delivered, None
        if delivered is not None and self.failed is None:
            try:                # the message last read stays whole once the session is closed
                delivered._complete(whole=True)
            except Exception:
                pass
        reader, self.reader, self.reader_kind = self.reader, None, None
        if reader is not None:
            try:
                reader.close()
            except Exception:
                pass
        self.cursor.reset()

    def close_sender(self) -> None:
        sender, self.sender = self.sender, None
        if sender is not None:
            try:
                sender.close()
            except Exception:
                pass

    def close(self) -> None:
        self.close_reader()
        self.close_sender()
        _open_states.discard(self)

    # -- folders ------------------------------------------------------------------------
    @contextlib.contextmanager
    def in_folder(self, folder: str | None):
        """Run with `folder` selected (a message read before EmailChangeDossier keeps working)."""
        reader = self.reader
        if folder is None or reader is None or not self.supports_folders or folder == self.folder:
            yield
            return
        current = self.folder
        reader.select_folder(folder)
        try:
            yield
        finally:
            try:
                reader.select_folder(current)
            except MailError:
                pass

    def selected(self, folder: str) -> None:
        self.folder = folder
        self.cursor.reset()

    # -- cursor -------------------------------------------------------------------------
    def is_gone(self, fm: FetchedMessage) -> bool:
        if (self.folder, fm.id) in self.deleted:
            return True
        return any(f.lower() == _DELETED for f in fm.flags)

    def forget(self, id: int) -> None:
        self.cursor.buffer.pop(id, None)

    def _cursor_get(self, i: int, step: int, headers_only: bool) -> FetchedMessage | None:
        """The message at index i of the walk, fetched with its neighbours in the walk's
        direction: headers, or for a full read the text parts (whole messages once the script
        has touched an attachment: bodies.wanted), so that a failure is the read's; the rest
        comes on first use."""
        c = self.cursor
        id = c.ids[i]
        fm = c.buffer.get(id)
        if fm is not None:
            return fm
        if id in c.window:
            return None                      # asked in the last batch and not returned: gone
        wanted = None if headers_only else c.bodies.wanted or BodyFetcher.TEXTS
        size = HEADER_BATCH if wanted is None else full_batch()
        batch = c.ids[i:i + size] if step > 0 else c.ids[max(0, i - size + 1):i + 1]
        if wanted is None:
            c.buffer = {m.id: m for m in self.reader.fetch(list(batch), headers_only=True)}
        else:
            cache = c.bodies.cache           # bodies already fetched on first use
            c.buffer = {x: cache.pop(x) for x in batch if x in cache}
            missing = [x for x in batch if x not in c.buffer]
            if missing:
                c.buffer.update((m.id, m) for m in c.bodies.fetch(missing, whole=wanted == BodyFetcher.WHOLE))
        c.window = set(batch)
        return c.buffer.get(id)

    def _scan(self, start: int, step: int, headers_only: bool) -> FetchedMessage | None:
        c = self.cursor
        i = start
        while 0 <= i < len(c.ids):
            fm = self._cursor_get(i, step, headers_only)
            if fm is not None and not self.is_gone(fm):
                c.pos = i
                c.ended = False
                return fm
            i += step
        c.pos = len(c.ids) if step > 0 else -1
        c.ended = True
        c.buffer = {}
        c.window = set()
        return None

    # The walk of EmailLitPremier/Suivant/Dernier/Précédent and EmailCherchePremier: `guard`
    # (a context manager) wraps the fetches of bodies on first use (see BodyFetcher).
    def _restart(self, unread: bool, guard, ids: list[int] | None = None) -> None:
        c = self.cursor
        c.reset()
        c.unread = unread
        c.ids = self.reader.id_sequence(unseen_only=unread) if ids is None else list(ids)
        c.bodies = BodyFetcher(self, c.ids, self.folder, guard)

    def read_first(self, unread: bool, headers_only: bool, guard=contextlib.nullcontext) -> FetchedMessage | None:
        self._restart(unread, guard)
        return self._scan(0, 1, headers_only)

    def read_last(self, unread: bool, headers_only: bool, guard=contextlib.nullcontext) -> FetchedMessage | None:
        self._restart(unread, guard)
        return self._scan(len(self.cursor.ids) - 1, -1, headers_only)

    def read_next(self, unread: bool | None, headers_only: bool, guard=contextlib.nullcontext) -> FetchedMessage | None:
        c = self.cursor
        if c.ids is None or c.ended or (unread is not None and unread != c.unread):
            return self.read_first(c.unread if unread is None else unread, headers_only, guard)
        return self._scan(c.pos + 1, 1, headers_only)

    def read_previous(self, unread: bool | None, headers_only: bool,
                      guard=contextlib.nullcontext) -> FetchedMessage | None:
        c = self.cursor
        if c.ids is None or c.ended or (unread is not None and unread != c.unread):
            return self.read_last(c.unread if unread is None else unread, headers_only, guard)
        return self._scan(c.pos - 1, -1, headers_only)

    def read_results(self, ids: list[int], unread: bool, headers_only: bool,
                     guard=contextlib.nullcontext) -> FetchedMessage | None:
        """EmailCherchePremier: walk the search results; EmailLitSuivant continues through them."""
        self._restart(unread, guard, ids)
        return self._scan(0, 1, headers_only)

    def read_id(self, id: int, headers_only: bool) -> FetchedMessage | None:
        """EmailLitMessage: one message, the cursor does not move."""
        fm = self.cursor.buffer.get(id)
        if fm is None or not (headers_only or fm.complete):
            fm = next(iter(self.reader.fetch([id], headers_only=headers_only)), None)
        if fm is None or self.is_gone(fm):
            return None
        return fm


# --------------------------------------------------------------------------- deferred bodies

class BodyFetcher:
    """Fetches the bodies of header-only messages on first use, a few at a time: asking
    for message k also fetches the next ones of the same list, which the loop or the
    array will most likely want next.  `get(id, whole=False)` fetches only what Message and
    HTML need (the text parts, when the backend can leave attachments on the server);
    `whole=True` the whole message (Source, attachments).  `wanted` (None, TEXTS or WHOLE)
    tells the owner (POUR TOUT) what the script reads, so it can fetch that in its next
    batches.  `guard()` (a context manager) wraps every fetch: the caller's way to end
    loops and record the error when a fetch fails."""

    TEXTS, WHOLE = "texts", "whole"

    def __init__(self, state: SessionState, ids: Sequence[int], folder: str | None,
                 guard=contextlib.nullcontext):
        self.guard = guard
        self.state = state
        self.ids = ids                  # the caller's sequence, not copied: no per-message index either
        self.folder = folder
        self.cache: dict[int, FetchedMessage] = {}
        self.heads: dict[int, FetchedMessage] = {}     # whole header blocks fetched ahead (header())
        self.wanted: str | None = None

    def fetch(self, ids: Sequence[int], whole: bool) -> list[FetchedMessage]:
        """One batch, the way `wanted` says (the loop's fetches and get() share it)."""
        reader = self.state.reader
        fetched = list(reader.fetch(ids, headers_only=False) if whole else reader.fetch_texts(ids))
        full_batch(fetched)
        return fetched

    def get(self, id: int, whole: bool = True) -> FetchedMessage | None:
        if whole or self.wanted is None:
            self.wanted = self.WHOLE if whole else self.TEXTS
        fm = self.cache.pop(id, None)
        if fm is not None and (fm.complete or not whole):
            return fm
        state = self.state
        if state.reader is None:
            raise WLError("the mail session was closed before this message's body was read")
        i = _position(self.ids, id)
        batch = [x for x in self.ids[i:i + full_batch()] if x == id or x not in self.cache]
        if id not in batch:
            batch = [id]
        try:
            with state.lock, self.guard(), state.in_folder(self.folder):
                fetched = self.fetch(batch, whole)
        except MailError as e:
            raise WLError(scrub(f"cannot fetch the message body: {e.message}"), e.code) from None
        except WLError:
            raise
        except Exception as e:
            raise WLError(scrub(f"cannot fetch the message body: {type(e).__name__}: {e}")) from e
        result = None
        for fm in fetched:
            if fm.id == id:
                result = fm
            else:
                self.cache[fm.id] = fm
        while len(self.cache) > 2 * full_batch():
            self.cache.pop(next(iter(self.cache)))
        return result


    def header(self, id: int) -> bytes | None:
        """The whole header block of a message whose first fetch brought some headers only
        (the loop's plan): this one and the next ones of the list in one round trip."""
        fm = self.heads.pop(id, None)
        if fm is None:
            state = self.state
            if state.reader is None:
                raise WLError("the mail session was closed before this message's headers were read")
            i = _position(self.ids, id)
            batch = [x for x in self.ids[i:i + 50] if x == id or x not in self.heads]
            if id not in batch:
                batch = [id]
            try:
                with state.lock, self.guard(), state.in_folder(self.folder):
                    fetched = list(state.reader.fetch(batch, headers_only=True))
            except MailError as e:
                raise WLError(scrub(f"cannot fetch the message headers: {e.message}"), e.code) from None
            for got in fetched:
                if got.id == id:
                    fm = got
                elif len(self.heads) < 500:
                    self.heads[got.id] = got
        return None if fm is None else fm.data


def _position(ids: Sequence[int], id: int) -> int:
    """Where `id` is in `ids` (ascending, as every backend lists them), 0 if absent."""
    i = bisect.bisect_left(ids, id)
    if i < len(ids) and ids[i] == id:
        return i
    try:
        return ids.index(id)
    except ValueError:
        return 0


# --------------------------------------------------------------------------- registry

_registry: dict[str, SessionState] = {}
_registry_lock = threading.RLock()
_open_states: set[SessionState] = set()


def named(name: str) -> SessionState | None:
    with _registry_lock:
        return _registry.get(name)


def named_or_new(name: str) -> SessionState:
    with _registry_lock:
        st = _registry.get(name)
        if st is None:
            st = _registry[name] = SessionState(name)
        return st


def drop_named(name: str) -> SessionState | None:
    with _registry_lock:
        return _registry.pop(name, None)


def close_all() -> None:
    """Close every open session (program end: POP3 deletions are committed)."""
    for st in list(_open_states):
        try:
            st.close()
        except Exception:
            pass
    with _registry_lock:
        _registry.clear()


atexit.register(close_all)


def batched(seq: Sequence[int], size: int) -> Iterable[list[int]]:
    for i in range(0, len(seq), size):
        yield list(seq[i:i + size])
