"""The one small interface between WLangage mail semantics and a protocol.

`wlmail.runtime.email` (sessions, cursor, the global Email structure) talks only to
these classes; it never imports imapclient, poplib or smtplib.  Backends know
nothing of WLangage: they move bytes, flags and folder names, and report failures
as `MailError` with a WLangage `Email.Erreur` code.  A password never appears in
any message, repr or log line.
"""
from __future__ import annotations

import array
import dataclasses
import os
from typing import Iterable, Iterator, Sequence

# Email.Erreur codes (PC SOFT page 3032029)
ERR_UNKNOWN = 2
ERR_CONNECT = 3
ERR_ACCESS_DENIED = 6
ERR_UNKNOWN_RECIPIENT = 14
ERR_BAD_ADDRESS = 15
ERR_NO_MESSAGE = 16
ERR_INVALID_MESSAGE = 17
ERR_INVALID_SESSION = 19
ERR_NETWORK = 23
ERR_PROTOCOL = 26
ERR_TIMEOUT = 10060
ERR_REFUSED = 10061
ERR_HOST_NOT_FOUND = 11001


def is_maildir(path: str) -> bool:
    """A Maildir folder: it has cur/ and new/."""
    return all(os.path.isdir(os.path.join(path, sub)) for sub in ("cur", "new"))


class MailError(Exception):
    """A failed mail operation: `code` is an Email.Erreur code, `message` is for ErreurInfo()."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclasses.dataclass
class Credentials:
    host: str
    port: int
    user: str
    password: str = dataclasses.field(repr=False)
    security: str = "plain"          # "plain" | "tls" (implicit) | "starttls"
    timeout: float = 600.0
    cafile: str | None = None        # extra trusted CA file (tests, private CAs)
    verify: bool = True              # TLS certificate verification
    read_only: bool = False          # dry run: IMAP folders are opened with EXAMINE
    token: str | None = dataclasses.field(default=None, repr=False)   # OAuth 2.0 bearer token: SASL
                                                                       # XOAUTH2/OAUTHBEARER, not the password

    def __repr__(self) -> str:       # never show the password or the token
        return f"Credentials({self.user}@{self.host}:{self.port}, {self.security})"


@dataclasses.dataclass
class FetchedMessage:
    """What a backend returns for one message."""
    id: int                          # IMAP UID, POP3 message number, local key index
    data: bytes                      # header block (headers-only fetch) or the full RFC 822 source
    complete: bool                   # True when `data` is the whole message
    size: int = 0                    # size in bytes when known (0: ask size())
    flags: tuple[str, ...] = ()      # e.g. ("\\Seen",) when the backend has them at hand (IMAP: ask flags())
    text_parts: list[bytes] | None = None   # fetch_texts(): the text parts (MIME header + content) when
                                            # `data` is only the header block
    fields: frozenset | None = None  # fetch_fields(): `data` holds only these headers (lower-case names)


class MailboxBackend:
    """A readable mailbox (IMAP, POP3, local Maildir/mbox).  Message ids are stable
    for the life of the session: IMAP UIDs, POP3 numbers, local sequence keys."""

    supports_flags = True            # False for POP3: NON LU / ertNonLus are refused
    supports_folders = True          # False for POP3

    def open(self) -> None: ...
    def close(self) -> None: ...     # POP3: QUIT commits deletions; never raises
    def ids(self, unseen_only: bool = False) -> list[int]: ...   # current folder, oldest first, not deleted

    def id_sequence(self, unseen_only: bool = False) -> Sequence[int]:
        """ids() as loops keep it: an array of 8-byte integers (1,000,000 ids: 8 MB, not the
        36 MB of a list), or anything as compact that slices and bisects (the local backend
        gives a range when no id is missing)."""
        return array.array("q", self.ids(unseen_only))

    def count(self) -> int: ...
    def fetch(self, ids: Sequence[int], headers_only: bool = False) -> Iterator[FetchedMessage]:
        """Batched: one round trip per batch (<= 500 ids), never one per message.
        Never marks a message \\Seen (BODY.PEEK); missing ids are skipped."""
        ...
    def fetch_texts(self, ids: Sequence[int]) -> Iterator[FetchedMessage]:
        """Enough of each message to read its text and HTML: whole messages, or (when the
        protocol can) the header block plus the text parts, attachments left on the server."""
        return self.fetch(ids, headers_only=False)

    def fetch_fields(self, ids: Sequence[int], names: frozenset) -> Iterator[FetchedMessage]:
        """Header blocks holding at least the headers `names` (lower-case bytes), all of their
        lines; `FetchedMessage.fields` says when a block holds only those."""
        return self.fetch(ids, headers_only=True)

    def size(self, id: int) -> int: ...
    def flags(self, id: int) -> list[str]: ...
    def set_flag(self, ids: Iterable[int], flag: str, on: bool) -> None: ...   # a system flag: \\Seen, \\Flagged...

    def set_seen(self, ids: Iterable[int], seen: bool) -> None:
        self.set_flag(ids, "\\Seen", seen)

    def delete(self, id: int) -> None: ...          # IMAP: \Deleted; POP3: DELE
    def is_deleted(self, id: int) -> bool: ...
    def expunge(self) -> None: ...
    def copy(self, id: int, folder: str) -> None: ...
    def search(self, criteria: list, unseen_only: bool = False) -> list[int]: ...
    # folders (native names, '/'-separated; the caller maps WLangage paths)
    def select_folder(self, name: str) -> None: ...
    def current_folder(self) -> str: ...
    def list_folders(self) -> list[str]: ...
    def create_folder(self, name: str) -> None: ...
    def delete_folder(self, name: str) -> None: ...
    def append(self, folder: str, data: bytes, seen: bool = True) -> None: ...


class SenderBackend:
    """Something that sends an RFC 822 message: SMTP, or the local Maildir's Sent folder."""

    def open(self) -> None: ...
    def close(self) -> None: ...
    def send(self, sender: str, recipients: Sequence[str], data: bytes) -> None: ...

    def accepts_utf8_headers(self) -> bool:
        """Whether raw UTF-8 header text reaches the recipient intact (SMTPUTF8)."""
        return False
