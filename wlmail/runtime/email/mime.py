"""Parsing and composing RFC 5322 / MIME messages for the WLangage mail layer (stdlib only).

Parsing is lazy and never raises (but for a failed fetch of a header block, below):

* `ParsedMessage(data, complete)` wraps the bytes a backend returned (the header
  block only, or the whole message).  Building it costs nothing; the first header asked
  for splits the block with one bytes regex (no `email.parser`, no `policy.default`:
  those cost 0.1-2 ms a message) into a name index.  Each header value is decoded
  (RFC 2047, raw 8-bit UTF-8 / cp1252) only when it is read, and cached; the usual forms
  (one encoded word, an RFC 5322 date) take fast paths tested against the general ones.
* In a loop, the messages share a `HeaderPlan` (the names read so far): each looks up
  those names only, and an IMAP loop fetches only those headers (`partial`); another
  name, `Entête` or the source fetches the whole header block then (`widen`).
* The body (text, HTML, attachments) is parsed with the compat32 parser only when
  `ParsedMessage.body` is first read.
* Whatever is broken (bad charset, bad base64, bad structure), a field falls back to
  the raw text instead of raising.

Text given to WLangage uses RC (CR+LF) line ends, like WINDEV on Windows: `Message`,
`HTML`, `TexteBrut` and `Source` are normalized to "\\r\\n".

Composing (`compose`) builds the bytes of a message with `email.message.EmailMessage`
and an SMTP policy (CRLF, 7-bit transfer encodings: quoted-printable or base64 where
needed).  Non-ASCII headers are always RFC 2047-encoded and non-ASCII file names
RFC 2231-encoded; a CR or LF inside any header value is replaced by a space, so a
value can never inject a header.  Bcc never appears in the headers (unless asked for,
for EmailConstruitSource's emailOptionEntêteCCi) but is part of the envelope.
"""
from __future__ import annotations

import binascii
import codecs
import dataclasses
import datetime
import email.utils
import functools
import mimetypes
import re
import time
import uuid
from email import policy as _policy
from email.message import EmailMessage, MIMEPart
from email.parser import BytesHeaderParser, BytesParser

__all__ = [
    "ParsedMessage", "Body", "AttachmentData", "ComposeInput", "Composed", "compose",
    "decode_header_value", "decode_bytes", "split_addresses", "format_address", "address_of",
    "guess_content_type", "to_crlf", "source_to_bytes", "bytes_to_source",
]

# --------------------------------------------------------------------------- charsets

_CHARSET_ALIASES = {
    "iso-8859-8-i": "iso-8859-8", "iso-8859-8-e": "iso-8859-8", "x-user-defined": "cp1252",
    "unicode-1-1-utf-7": "utf-7", "x-sjis": "shift_jis", "ks_c_5601-1987": "cp949",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "windows-874": "cp874",
    "ansi_x3.4-1968": "ascii", "unknown-8bit": "", "x-unknown": "", "unknown": "", "default": "",
    "us-ascii": "ascii", "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
}


_codecs: dict[str, str | None] = {}


def _codec(charset: str | None) -> str | None:
    """A Python codec name for a MIME charset, or None if unknown/unusable."""
    if not charset:
        return None
    try:
        return _codecs[charset]
    except KeyError:
        pass
    cs = charset.strip().strip('"\'').lower()
    cs = _CHARSET_ALIASES.get(cs, cs)
    name = None
    if cs:
        try:
            name = codecs.lookup(cs).name
        except LookupError:
            pass
    if len(_codecs) < 256:              # charset names come from the mail: bounded
        _codecs[charset] = name
    return name


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode text bytes: the declared charset, then UTF-8, then cp1252, then latin-1.

    ISO-8859-1 is read as cp1252 (its superset for 0x80-0x9F, as every mail client does).
    A declared ASCII charset never blocks 8-bit data: it falls through to UTF-8."""
    if not data:
        return ""
    name = _codec(charset)
    if name and name != "ascii":
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _fix_8bit(text: str) -> str:
    """A header value read as latin-1 from raw bytes: re-decode its 8-bit part properly."""
    if text.isascii():
        return text
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:          # already real Unicode
        return text
    return decode_bytes(raw)


# --------------------------------------------------------------------------- RFC 2047

_BASE64 = re.compile(r"^[A-Za-z0-9+/]*$")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+?)\?([QqBb])\?([^?]*?)\?=")


def _decode_word(enc: str, payload: str) -> bytes | None:
    try:
        if enc in "Qq":
            return binascii.a2b_qp(payload.encode("latin-1", "replace"), header=True)
        payload = payload.strip().rstrip("=")
        if not _BASE64.match(payload) or len(payload) % 4 == 1:
            return None
        payload += "=" * (-len(payload) % 4)
        return binascii.a2b_base64(payload.encode("latin-1", "replace"))
    except (binascii.Error, ValueError):
        return None


def decode_header_value(value: str) -> str:
    """Decode RFC 2047 encoded words, tolerantly.

    * whitespace between two adjacent encoded words is dropped (RFC 2047 §6.2);
    * adjacent encoded words in the same charset are joined *before* decoding, so a
      multi-byte character split over two words (a common bug) comes out right;
    * encoded words glued to text or inside quotes are decoded too;
    * an undecodable word stays as its raw text."""
    value = _fix_8bit(value)
    if "=?" not in value:
        return value
    one = _ENCODED_WORD.fullmatch(value)
    if one is not None:                 # the whole value is one encoded word: the usual subject
        data = _decode_word(one.group(2), one.group(3))
        return value if data is None else decode_bytes(data, one.group(1).split("*", 1)[0])
    return _decode_words(value)


def _decode_words(value: str) -> str:
    """The general RFC 2047 decoding of `decode_header_value` (text already 8-bit fixed)."""
    out: list[str] = []
    pending = bytearray()
    pending_cs: str | None = None
    pos = 0

    def flush():
        nonlocal pending, pending_cs
        if pending_cs is not None:
            out.append(decode_bytes(bytes(pending), pending_cs))
        pending = bytearray()
        pending_cs = None

    for m in _ENCODED_WORD.finditer(value):
        between = value[pos:m.start()]
        if between and (pending_cs is None or between.strip(" \t")):
            flush()
            out.append(between)
        charset = m.group(1).split("*", 1)[0]            # RFC 2231 language suffix
        data = _decode_word(m.group(2), m.group(3))
        if data is None:
            flush()
            out.append(m.group(0))
        elif pending_cs is not None and pending_cs.lower() == charset.lower():
            pending += data
        else:
            flush()
            pending_cs = charset
            pending += data
        pos = m.end()
    flush()
    out.append(value[pos:])
    return "".join(out)


# --------------------------------------------------------------------------- addresses

_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')


def format_address(name: str, addr: str) -> str:
    """`Name <addr>` (name quoted when it holds specials), or just `addr`."""
    name = " ".join(name.split())
    if not name:
        return addr
    if _SPECIALS.search(name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{addr}>" if addr else name


# One plain address, `Name <a@b>` or `a@b`: the common case, decoded without the
# (slow) general RFC 5322 address parser.
_ONE_ADDRESS = re.compile(r'^\s*(?:([^",;:()<>@\\\[\]]*?)\s*<([^<>\s,;"()]+@[^<>\s,;"()]+)>|'
                          r'([^<>\s,;"()]+@[^<>\s,;"()]+))\s*$')


def split_addresses(raw: str) -> list[tuple[str, str]]:
    """(display name decoded, address) pairs of a raw To/Cc/From header value."""
    raw = _fix_8bit(raw)
    if not raw.strip():
        return []
    simple = _ONE_ADDRESS.match(raw)
    if simple:
        name, addr, bare = simple.groups()
        return [(decode_header_value(" ".join(name.split())) if name else "", addr or bare)]
    try:
        pairs = email.utils.getaddresses([raw])
    except Exception:
        pairs = []
    good = [(n, a) for n, a in pairs if n or a]
    if not good:
        # unparseable: keep the pieces as they are
        return [(decode_header_value(p.strip()), "") for p in raw.split(",") if p.strip()]
    return [(decode_header_value(n), a) for n, a in good]


def address_of(text: str) -> str:
    """The bare address in `Name <addr>` / `addr` (for the SMTP envelope)."""
    text = str(text).strip()
    if not text:
        return ""
    simple = _ONE_ADDRESS.match(text)
    if simple:
        return simple.group(2) or simple.group(3)
    m = re.search(r"<([^<>]*)>\s*$", text)
    if m:
        return m.group(1).strip()
    try:
        pairs = email.utils.getaddresses([text])
        if pairs and pairs[0][1]:
            return pairs[0][1]
    except Exception:
        pass
    return text


# --------------------------------------------------------------------------- misc helpers

def to_crlf(text: str) -> str:
    if "\n" not in text and "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")


def bytes_to_source(data: bytes) -> str:
    """The raw message as a chaîne (UTF-8 if it is valid UTF-8, else latin-1), RC line ends."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return to_crlf(text)


def source_to_bytes(text: str) -> bytes:
    """A chaîne holding a message source, back to bytes."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return text.encode("utf-8", "replace")


def guess_content_type(name: str) -> str:
    ctype, _enc = mimetypes.guess_type(name, strict=False)
    return ctype or "application/octet-stream"


def _header_end(data: bytes) -> int:
    """Index where the body starts (after the first blank line), or len(data) if none."""
    if data.startswith(b"\r\n"):
        return 2
    if data.startswith(b"\n"):
        return 1
    crlf = data.find(b"\n\r\n")
    lf = data.find(b"\n\n", 0, len(data) if crlf < 0 else crlf + 1)    # an LF-only one before it
    if lf >= 0:
        return lf + 2
    return len(data) if crlf < 0 else crlf + 3


# One header field: its name, then its value with the continuation lines (folded value).
# Bytes, on the raw block: no decoding before a value is asked for.
_HEADER_FIELD = re.compile(rb"^([!-9;-~]+)[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.M)


def _unfold(value: bytes) -> str:
    """A raw header value as text (bytes as latin-1, decoded later), unfolded, stripped."""
    text = value.decode("latin-1")
    if "\n" in text or "\r" in text:
        text = text.replace("\r", "").replace("\n", "")
    return text.strip()


# --------------------------------------------------------------------------- dates

# The date form of RFC 5322 (what nearly every mail carries): day name, day, month, 4-digit
# year, time, numeric zone; whatever follows a space is ignored, as the general parser
# (email.utils) ignores it.  Anything else goes to the general parser.
_DATE = re.compile(r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), +)?(\d{1,2}) +"
                   r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +([1-9]\d{3}) +"
                   r"(\d{1,2}):(\d{1,2})(?::(\d{1,2}))? +([+-])([01]\d|2[0-3])([0-5]\d)(?: |\Z)", re.ASCII)
_MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                                        "Nov", "Dec"), 1)}
_ZONES: dict[tuple[str, str, str], datetime.tzinfo | None] = {}


def _rfc5322_date(text: str) -> datetime.datetime | None:
    """`parsedate_to_datetime(text)` for the usual form, faster; None when the form is another
    (ValueError, as the general parser, for an impossible date such as 31 Feb)."""
    m = _DATE.match(text)
    if m is None:
        return None
    day, month, year, hour, minute, second, sign, zh, zm = m.groups()
    key = (sign, zh, zm)
    zone = _ZONES.get(key, False)
    if zone is False:
        offset = int(zh) * 3600 + int(zm) * 60
        # "-0000": no zone information (the general parser gives a naive datetime)
        zone = _ZONES[key] = (None if sign == "-" and not offset else
                              datetime.timezone(datetime.timedelta(seconds=-offset if sign == "-" else offset)))
    return datetime.datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second or 0),
                             tzinfo=zone)


# --------------------------------------------------------------------------- parsing

@dataclasses.dataclass
class AttachmentData:
    name: str
    content: bytes
    content_type: str
    description: str = ""
    cid: str = ""


@dataclasses.dataclass
class Body:
    text: str = ""
    html: str = ""
    attachments: list = dataclasses.field(default_factory=list)   # list[AttachmentData]


_PRIORITY_HIGH, _PRIORITY_NORMAL, _PRIORITY_LOW = "high", "normal", "low"


_NO_NAMES: frozenset = frozenset()
_FIELD_NAME = re.compile(rb"[!-9;-~]+")


@functools.lru_cache(maxsize=256)
def _field_key(name: str) -> bytes | None:
    """A header name as the index keys it (lower-case bytes); None for a name no header line
    can carry (non-ASCII, space, colon, empty)."""
    key = name.lower().encode() if name.isascii() else b""
    return key if _FIELD_NAME.fullmatch(key) else None


class HeaderPlan:
    """The header names the script has read so far in one loop, shared by the loop's
    messages: each message then looks for those names only, with one regex.  A name not in
    the plan is found in the whole block (and joins the plan for the next messages), so the
    plan changes the cost, never a value."""

    __slots__ = ("state", "every")

    def __init__(self):
        self.state: tuple[frozenset, re.Pattern | None] = (_NO_NAMES, None)   # (names, their regex): one swap
        self.every = False           # the script reads every header (Entête) or the source

    def add(self, lname: bytes) -> None:
        names = self.state[0] | {lname}
        self.state = (names, _names_regex(names))


@functools.lru_cache(maxsize=64)
def _names_regex(names: frozenset):
    """`_HEADER_FIELD` for these (lower-case) names only."""
    alternatives = b"|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rb"^(" + alternatives + rb")[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.M | re.I)



class ParsedMessage:
    """A received message: header block always, body when `complete`.  Lazy everywhere.

    `text_parts` (with complete=False): the message's candidate text parts, each one
    MIME entity (its part header + content), fetched without the attachments; then
    `body.text` and `body.html` are known and `body.attachments` is not (see has_texts)."""

    __slots__ = ("raw", "complete", "text_parts", "plan", "partial", "_widen", "_headers", "_index", "_known",
                 "_repeated", "_cache", "_body", "_body_start")

    def __init__(self, data: bytes, complete: bool = True, text_parts: list[bytes] | None = None,
                 plan: HeaderPlan | None = None, partial: frozenset | None = None, widen=None):
        self.raw = bytes(data)
        self.complete = complete
        self.text_parts = None if complete else text_parts
        self.plan = plan                                     # the names the loop reads, if any
        # `data` holds only the headers `partial` (lower-case names); `widen()` gives the whole
        # header block when another one is asked (None: the message is gone)
        self.partial = None if complete else partial
        self._widen = widen
        self._headers: list[tuple[bytes, bytes]] | None = None
        self._index: dict[bytes, bytes] | None = None       # first value of each name (of _known)
        self._known: frozenset | None = None                # the names _index holds; None: all
        self._repeated: set[bytes] | frozenset = _NO_NAMES   # names seen more than once
        self._cache: dict = {}
        self._body: Body | None = None
        self._body_start: int | None = None

    # -- header block -------------------------------------------------------------
    def _end(self) -> int:
        if self._body_start is None:
            self._body_start = _header_end(self.raw)
        return self._body_start

    def _fields(self) -> list[tuple[bytes, bytes]]:
        """Every (name, raw value) of the header block, in order: one C-level findall."""
        if self._headers is None:
            self._headers = _HEADER_FIELD.findall(self.raw, 0, self._end())
        return self._headers

    def _build_index(self, pairs) -> dict[bytes, bytes]:
        index = self._index = {}
        for name, value in reversed(pairs):
            name = name.lower()
            if name in index:
                if not self._repeated:
                    self._repeated = set()
                self._repeated.add(name)
            index[name] = value
        return index

    def _whole_header(self) -> None:
        """Replace a block of some headers by the whole header block (fetched now; a failure
        raises and leaves the message as it was)."""
        widen = self._widen
        data = widen() if widen is not None else None
        self._widen = self.partial = None
        if data is not None:
            self.raw = bytes(data)
            self._headers = self._index = self._known = self._body_start = None
            self._repeated = _NO_NAMES

    def _first(self, lname: bytes) -> bytes | None:
        """The first raw value of the header `lname` (lower case), None if absent."""
        if self.partial is not None and lname not in self.partial:
            self._whole_header()
        index, known = self._index, self._known
        if index is not None and (known is None or lname in known):
            plan = self.plan
            if known is None and plan is not None and lname not in plan.state[0]:
                plan.add(lname)              # for the next messages
            return index.get(lname)
        plan = self.plan
        if index is None and plan is not None:
            if lname not in plan.state[0]:
                plan.add(lname)
            # only the names the loop reads: what the whole block would give for them
            self._known, regex = plan.state
            return self._build_index(regex.findall(self.raw, 0, self._end())).get(lname)
        if plan is not None:
            plan.add(lname)                  # for the next messages
        self._known = None
        self._repeated = _NO_NAMES
        return self._build_index(self._fields()).get(lname)

    def raw_header(self, name: str, default: str = "") -> str:
        """The first raw (undecoded, unfolded) value of a header."""
        lname = _field_key(name)
        if lname is None:
            return default
        value = self._first(lname)
        return default if value is None else _unfold(value)

    def raw_headers(self, name: str) -> list[str]:
        lname = _field_key(name)
        if lname is None:
            return []
        value = self._first(lname)
        if value is None:
            return []
        if lname not in self._repeated:
            return [_unfold(value)]
        return [_unfold(v) for n, v in self._fields() if n.lower() == lname]

    def header(self, name: str) -> str:
        """The first value of a header, decoded (RFC 2047 and 8-bit)."""
        key = _field_key(name)          # bytes: the cache's other keys are str and tuples
        if key is None:
            return ""
        try:
            return self._cache[key]
        except KeyError:
            pass
        value = self._first(key)        # may fetch the whole header block (and fail: not cached)
        value = "" if value is None else _unfold(value)
        try:
            value = decode_header_value(value)
        except Exception:
            pass
        self._cache[key] = value
        return value

    def all_headers(self) -> list[tuple[str, str]]:
        """Every header, in order, decoded."""
        if self.plan is not None:
            self.plan.every = True
        if self.partial is not None:
            self._whole_header()
        out = []
        for n, v in self._fields():
            n, v = n.decode("latin-1"), _unfold(v)
            try:
                out.append((n, decode_header_value(v)))
            except Exception:
                out.append((n, v))
        return out

    # -- header fields --------------------------------------------------------------
    @property
    def subject(self) -> str:
        return self.header("Subject")

    def _addresses(self, name: str) -> list[str]:
        key = ("a", name.lower())
        try:
            return self._cache[key]
        except KeyError:
            pass
        raws = self.raw_headers(name)
        try:
            value = [format_address(n, a) for raw in raws for n, a in split_addresses(raw)]
        except Exception:
            value = [decode_header_value(r) for r in raws]
        self._cache[key] = value
        return value

    @property
    def sender(self) -> str:
        addrs = self._addresses("From")
        return addrs[0] if addrs else self.header("From")

    @property
    def to(self) -> list[str]:
        return self._addresses("To")

    @property
    def cc(self) -> list[str]:
        return self._addresses("Cc")

    @property
    def reply_to(self) -> str:
        return ", ".join(self._addresses("Reply-To"))

    @property
    def return_path(self) -> str:
        value = self.header("Return-Path").strip()
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1].strip()
        return value

    @property
    def message_id(self) -> str:
        return self.header("Message-ID").strip()

    @property
    def references(self) -> str:
        return " ".join(self.header("References").split())

    @property
    def keywords(self) -> str:
        return ";".join(k.strip() for k in re.split(r"[,;]", self.header("Keywords")) if k.strip())

    @property
    def date(self):
        """The Date header as an aware datetime (a header without a zone is taken as
        UTC, as RFC 5322 says of "-0000"); None if it is missing or unreadable."""
        raw = self.header("Date").strip()
        if not raw:
            return None
        try:
            moment = _rfc5322_date(raw)
            if moment is None:
                moment = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
        return moment

    @property
    def priority(self) -> str:
        xp = self.header("X-Priority").strip()
        if xp[:1].isdigit():
            n = int(xp[:1])
            return _PRIORITY_HIGH if n <= 2 else _PRIORITY_LOW if n >= 4 else _PRIORITY_NORMAL
        for name in ("Importance", "X-MSMail-Priority", "Priority"):
            v = self.header(name).strip().lower()
            if v in ("high", "urgent"):
                return _PRIORITY_HIGH
            if v in ("low", "non-urgent"):
                return _PRIORITY_LOW
        return _PRIORITY_NORMAL

    @property
    def sensitivity(self) -> str:
        return self.header("Sensitivity").strip().lower()

    @property
    def return_receipt(self) -> bool:
        return bool(self.header("Return-Receipt-To").strip())

    @property
    def disposition_notification(self) -> bool:
        return bool(self.header("Disposition-Notification-To").strip())

    # -- raw forms ------------------------------------------------------------------
    @property
    def source(self) -> str:
        if self.plan is not None:
            self.plan.every = True
        if self.partial is not None:
            self._whole_header()
        if "src" not in self._cache:
            self._cache["src"] = bytes_to_source(self.raw)
        return self._cache["src"]

    @property
    def raw_body_text(self) -> str:
        """TexteBrut: the body exactly as transmitted (still transfer-encoded), RC line ends."""
        if not self.complete:
            return ""
        return bytes_to_source(self.raw[self._end():])

    # -- body -------------------------------------------------------------------------
    @property
    def has_texts(self) -> bool:
        """Whether body.text and body.html are the message's (complete, or its text parts fetched)."""
        return self.complete or self.text_parts is not None

    @property
    def body(self) -> Body:
        if self._body is None:
            if self.text_parts is not None:
                self._body = _texts_body(self.text_parts)
            elif not self.complete:
                self._body = Body()
            else:
                try:
                    self._body = _parse_body(self.raw)
                except Exception:
                    self._body = Body(text=self.raw_body_text)
        return self._body


def _meta_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)""", data[:4096], re.I)
    return m.group(1).decode("ascii") if m else None


def _part_text(part, html: bool = False) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if payload is None:
        payload = part.get_payload()
        if isinstance(payload, list):
            return ""
        payload = payload.encode("ascii", "surrogateescape") if isinstance(payload, str) else b""
    charset = part.get_content_charset(None) if hasattr(part, "get_content_charset") else None
    if charset is None and html:
        charset = _meta_charset(payload)
    return _strip_one_eol(to_crlf(decode_bytes(payload, charset)))


def _strip_one_eol(text: str) -> str:
    """MIME needs a text part to end with a line break; compose() adds exactly one and
    parsing removes exactly one, so Message/HTML round-trip unchanged."""
    return text[:-2] if text.endswith("\r\n") else text


def _part_filename(part) -> str:
    name = None
    try:
        name = part.get_filename(None)
    except Exception:
        name = None
    if name is None:
        try:
            name = part.get_param("name", None)
            if isinstance(name, tuple):                     # RFC 2231 triple
                name = email.utils.collapse_rfc2231_value(name)
        except Exception:
            name = None
    if not name:
        return ""
    name = str(name)
    if "\ufffd" in name:                 # raw UTF-8 (RFC 6532) that compat32 replaced
        name = _raw_8bit_param(part) or name
    if not name.isascii():
        try:
            name = decode_bytes(name.encode("ascii", "surrogateescape"))
        except UnicodeEncodeError:
            pass
    return decode_header_value(name).strip()


_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_filename(name: str) -> str:
    """An attachment name as data, never a path: the last component after any '/' or '\\'
    (so traversal, absolute paths and drive letters go), control characters and NUL replaced
    by '_', no '.'/'..', no Windows device name, at most 255 characters.  Accents, spaces
    and everything else legitimate stay.  `Rep + "/" + Piece.Nom` then stays inside Rep."""
    name = _CONTROL.sub("_", name)
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"^[A-Za-z]:", "", name).strip().rstrip(".")
    if not name.strip("."):
        return ""
    if name.split(".")[0].strip().lower() in _WINDOWS_DEVICES:
        name = "_" + name
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:255 - len(ext) - 1] + "." + ext) if dot and len(ext) < 16 else name[:255]
    return name


_RAW_NAME_PARAM = re.compile(r';\s*(?:filename|name)\s*=\s*(?:"([^"]*)"|([^;\s]+))', re.I)


def _raw_8bit_param(part) -> str:
    """The filename/name parameter read from the decoded header text itself."""
    for header in ("content-disposition", "content-type"):
        for name, value in part.raw_items():
            if name.lower() == header:
                m = _RAW_NAME_PARAM.search(decode_bytes(str(value).encode("ascii", "surrogateescape")))
                if m:
                    return m.group(1) if m.group(1) is not None else m.group(2)
    return ""


def _ascii_header(part, name: str) -> str:
    value = part.get(name)
    if value is None:
        return ""
    value = str(value)
    if not value.isascii():
        try:
            value = decode_bytes(value.encode("ascii", "surrogateescape"))
        except UnicodeEncodeError:
            pass
    return decode_header_value(" ".join(value.split()))


def _is_text(part, ctype: str) -> bool:
    """A text/plain or text/html leaf that is the message's text, not an attached file
    (the file name is only looked for in text parts: other leaves are attachments anyway)."""
    if ctype not in ("text/plain", "text/html"):
        return False
    if part.get("content-disposition") is None and part.get_param("name") is None:
        return True                      # the common case: no name anywhere, nothing to decode
    try:
        if part.get_content_disposition() == "attachment":
            return False
    except Exception:
        pass
    return not _part_filename(part)


class _Unusual(Exception):
    """A shape `_split_parse` leaves to the standard parser (whose reading it must equal)."""


def _line_end(data: bytes, i: int) -> int:
    """Index just after the line break at or after i (len(data) if none)."""
    j = data.find(b"\n", i)
    return len(data) if j == -1 else j + 1


def _delimiters(body: bytes, boundary: bytes):
    """(start, end, closing) of each delimiter line "--boundary[--][ \t]*" in `body`."""
    sep = b"--" + boundary
    i = body.find(sep)
    while i != -1:
        if i == 0 or body[i - 1] in b"\r\n":
            k = i + len(sep)
            closing = body.startswith(b"--", k)
            end = _line_end(body, k)
            if not body[k + 2 * closing:end].strip(b" \t\r\n"):
                yield i, end, closing
        i = body.find(sep, i + 1)


def _strip_eol(data: bytes) -> bytes:
    """The line break before a delimiter belongs to the delimiter (RFC 2046 5.1.1)."""
    if data.endswith(b"\r\n"):
        return data[:-2]
    return data[:-1] if data.endswith((b"\n", b"\r")) else data


def _split_parse(raw: bytes, depth: int = 0):
    """The compat32 message tree the standard parser builds, but multipart bodies are cut with
    bytes.find and leaf payloads attached whole: the standard parser reads every body line
    in Python (a 5 MB attachment is 70,000 lines) and compiles one regex per boundary.
    Shapes where its reading is subtle (attached messages, digests, a header block without
    its blank line, a boundary never closed) raise _Unusual."""
    if depth > 20:
        raise _Unusual()
    end = _header_end(raw)
    msg = BytesHeaderParser(policy=_policy.compat32).parsebytes(raw[:end])
    if msg.get_payload() or msg.get_content_maintype() == "message":
        raise _Unusual()
    body = raw[end:]
    boundary = msg.get_boundary() if msg.get_content_maintype() == "multipart" else None
    if boundary is None:
        msg.set_payload(body.decode("ascii", "surrogateescape"))
        return msg
    if msg.get_content_subtype() == "digest" or not boundary.isascii():
        raise _Unusual()
    cuts = list(_delimiters(body, boundary.encode("ascii")))
    if not cuts or not cuts[-1][2] or any(c[2] for c in cuts[:-1]):
        raise _Unusual()
    msg.preamble = body[:cuts[0][0]].decode("ascii", "surrogateescape") if cuts[0][0] else None
    msg.set_payload([])
    for (_a, start, _c), (stop, _e, _f) in zip(cuts, cuts[1:]):
        msg.attach(_split_parse(_strip_eol(body[start:stop]), depth + 1))
    return msg


def _parse_message(raw: bytes):
    try:
        return _split_parse(raw)
    except _Unusual:
        return BytesParser(policy=_policy.compat32).parsebytes(raw)


def _texts_body(entities: list[bytes]) -> Body:
    """Message/HTML from the text parts fetched alone (attachments stay on the server)."""
    texts: list[str] = []
    htmls: list[str] = []
    for raw in entities:
        try:
            part = _parse_message(raw)
            ctype = part.get_content_type()
            if _is_text(part, ctype):
                (htmls if ctype == "text/html" else texts).append(_part_text(part, ctype == "text/html"))
        except Exception:
            continue
    return Body(text="\r\n".join(texts), html="\r\n".join(htmls))


def _parse_body(raw: bytes) -> Body:
    msg = _parse_message(raw)
    body = Body()
    texts: list[str] = []
    htmls: list[str] = []
    counter = [0]

    def attach(part, content: bytes, ctype: str):
        counter[0] += 1
        name = safe_filename(_part_filename(part))
        cid = _ascii_header(part, "Content-ID").strip().strip("<>").strip()
        if not name:
            if ctype == "message/rfc822":
                sub = ""
                try:
                    inner = part.get_payload(0)
                    sub = decode_header_value(str(inner.get("Subject", "")))
                except Exception:
                    pass
                sub = re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", sub).strip()[:80]
                name = (sub or "message") + ".eml"
            else:
                ext = mimetypes.guess_extension(ctype, strict=False) or ".bin"
                name = f"{cid.split('@')[0] if cid else 'piece' + str(counter[0])}{ext}"
        body.attachments.append(AttachmentData(name=name, content=content, content_type=ctype,
                                               description=_ascii_header(part, "Content-Description"),
                                               cid=cid))

    def visit(part, root: bool):
        ctype = part.get_content_type()
        if ctype == "message/rfc822" and not root:
            try:
                inner = part.get_payload()
                inner = inner[0] if isinstance(inner, list) else inner
                content = inner.as_bytes(policy=_policy.compat32) if hasattr(inner, "as_bytes") else b""
            except Exception:
                content = b""
            if not content:
                content = part.get_payload(decode=True) or b""
            attach(part, content, ctype)
            return
        if part.is_multipart():
            for sub in part.get_payload():
                if hasattr(sub, "get_content_type"):
                    visit(sub, False)
            return
        if _is_text(part, ctype):
            (htmls if ctype == "text/html" else texts).append(_part_text(part, ctype == "text/html"))
            return
        try:
            content = part.get_payload(decode=True)
        except Exception:
            content = None
        if content is None:
            p = part.get_payload()
            content = p.encode("ascii", "surrogateescape") if isinstance(p, str) else b""
        attach(part, content, ctype)

    visit(msg, True)
    body.text = "\r\n".join(texts)
    body.html = "\r\n".join(htmls)
    return body


# --------------------------------------------------------------------------- composing

@dataclasses.dataclass
class ComposeInput:
    sender: str = ""                  # From
    to: list = dataclasses.field(default_factory=list)
    cc: list = dataclasses.field(default_factory=list)
    bcc: list = dataclasses.field(default_factory=list)
    reply_to: str = ""                # AdresseExpéditeur
    return_path: str = ""             # AdresseRetourErreur
    subject: str = ""
    text: str = ""
    html: str = ""
    attachments: list = dataclasses.field(default_factory=list)   # AttachmentData
    headers: list = dataclasses.field(default_factory=list)       # (name, value)
    message_id: str = ""
    references: str = ""
    priority: str = _PRIORITY_NORMAL  # "high" | "normal" | "low"
    sensitivity: str = ""             # "" | "personal" | "private" | "company-confidential"
    return_receipt: bool = False
    disposition_notification: bool = False
    keywords: str = ""                # Catégorie, ";"-separated


@dataclasses.dataclass
class Composed:
    data: bytes
    envelope_from: str
    recipients: list


class ComposeError(ValueError):
    """A message that cannot be built (bad header name, no sender...)."""


_POLICY = _policy.SMTP.clone(cte_type="7bit", max_line_length=78)
_HEADER_NAME = re.compile(r"^[!-9;-~]+$")
# headers the composer writes itself, or that describe a previous transport: never copied from Entête
_RESERVED = {
    "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "references", "in-reply-to",
    "mime-version", "x-priority", "importance", "x-msmail-priority", "sensitivity", "return-receipt-to",
    "disposition-notification-to", "keywords", "return-path", "received", "delivered-to", "x-original-to",
    "dkim-signature", "authentication-results", "arc-seal", "arc-message-signature",
    "arc-authentication-results", "sender", "x-mailer",
}


def _clean(value) -> str:
    """A header value on one line: CR/LF (and other C0 controls) become spaces."""
    text = str(value)
    if any(c in text for c in "\r\n\x00\x0b\x0c"):
        text = re.sub(r"[\r\n\x00\x0b\x0c]+", " ", text)
    return text.strip()


_DOMAIN = re.compile(r"@([^\s<>,;:\"()\[\]@]+)")


def _idna(text: str) -> str:
    """Non-ASCII mail domains in IDNA form (jean@exémple.fr -> jean@xn--exmple-cva.fr)."""
    if text.isascii():
        return text

    def enc(m: re.Match) -> str:
        domain = m.group(1)
        if domain.isascii():
            return m.group(0)
        try:
            return "@" + domain.encode("idna").decode("ascii")
        except UnicodeError:
            return m.group(0)

    return _DOMAIN.sub(enc, text)


def _address_header(values) -> str:
    """Join recipients ("a@b", "Name <a@b>", "x, y") into one address-list value."""
    items = []
    for v in values:
        v = _idna(_clean(v))
        if v:
            items.append(v)
    return ", ".join(items)


def _set_plain(msg, name: str, value: str) -> None:
    """A header whose value wlmail wrote itself (a date, message ids, a priority...): short
    ASCII is stored as it is, without the header registry's parse and refold."""
    if value.isascii() and len(name) + len(value) + 2 <= 78:
        msg.set_raw(name, value)
    else:
        msg[name] = value


# One address the header registry would write back unchanged: atoms for the display name,
# single spaces, a dot-atom address (RFC 5322 3.2.3, 3.4.1).
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM_ADDRESS = rf"{_ATEXT}(?:\.{_ATEXT})*@{_ATEXT}(?:\.{_ATEXT})*"
_PLAIN_ADDRESS = re.compile(rf"{_ATEXT}(?: {_ATEXT})* <{_DOT_ATOM_ADDRESS}>|{_DOT_ATOM_ADDRESS}")


def _set_header(msg, name: str, value: str) -> None:
    """An address header: parsed by the header registry (display names quoted or encoded
    as needed), or stored as it is when the registry would write it back unchanged."""
    if _PLAIN_ADDRESS.fullmatch(value) and len(name) + len(value) + 2 <= 78:
        msg.set_raw(name, value)
        return
    try:
        msg[name] = value
        str(msg[name])                   # let the header registry parse it now
    except Exception:
        del msg[name]
        # unparseable as a structured header: send it as plain (encoded) text
        from email.header import Header
        msg[name] = Header(value, "utf-8").encode() if not value.isascii() else value


def _envelope_addresses(values) -> list[str]:
    out = []
    for v in values:
        v = _idna(_clean(v))
        if not v:
            continue
        simple = _ONE_ADDRESS.match(v)
        try:
            pairs = [("", simple.group(2) or simple.group(3))] if simple else email.utils.getaddresses([v])
        except Exception:
            pairs = [("", v)]
        for _n, a in pairs:
            a = a.strip()
            if a and a not in out:
                out.append(a)
    return out


def _message_id(value: str) -> str:
    value = _clean(value).replace(" ", "")
    if not value:
        return ""
    if not value.startswith("<"):
        value = "<" + value
    if not value.endswith(">"):
        value += ">"
    return value


def _add_bytes_part(container, att: AttachmentData, inline: bool) -> None:
    ctype = (att.content_type or guess_content_type(att.name)).strip().lower()
    if "/" not in ctype:
        ctype = guess_content_type(att.name)
    maintype, subtype = ctype.split("/", 1)
    subtype = subtype.split(";", 1)[0].strip() or "octet-stream"
    if maintype in ("multipart", "message"):
        maintype, subtype = "application", "octet-stream" if maintype == "multipart" else "octet-stream"
        if ctype == "message/rfc822":
            maintype, subtype = "message", "rfc822"
    filename = _clean(att.name) or None
    kwargs = {"filename": filename}
    if inline and att.cid:
        kwargs["cid"] = _message_id(att.cid)
        kwargs["disposition"] = "inline"
    data = bytes(att.content or b"")
    if maintype == "message":
        # message/rfc822 must be 7bit/8bit: attach the parsed message
        try:
            inner = BytesParser(policy=_policy.default).parsebytes(data)
            part = MIMEPart(policy=_POLICY)
            part.set_content(inner, subtype="rfc822", disposition=kwargs.get("disposition", "attachment"),
                             filename=filename)
        except Exception:
            part = MIMEPart(policy=_POLICY)
            part.set_content(data, "application", "octet-stream", disposition="attachment", filename=filename)
    else:
        part = MIMEPart(policy=_POLICY)
        part.set_content(data, maintype, subtype,
                         disposition=kwargs.get("disposition", "inline" if inline else "attachment"),
                         filename=filename, cid=kwargs.get("cid"))
    if att.description:
        part["Content-Description"] = _clean(att.description)
    container.attach(part)


def compose(src: ComposeInput, include_bcc: bool = False, date: str | None = None,
            encode_headers: bool = True) -> Composed:
    """RFC 5322 bytes (CRLF) of a message, plus its SMTP envelope.  Non-ASCII header
    text is RFC 2047-encoded with `encode_headers`, written as raw UTF-8 otherwise
    (RFC 6532; what emailOptionEncodeEntête switches [D:3032138])."""
    msg = EmailMessage(policy=_POLICY)
    if src.sender:
        _set_header(msg, "From", _idna(_clean(src.sender)))
    to = _address_header(src.to)
    cc = _address_header(src.cc)
    if to:
        _set_header(msg, "To", to)
    if cc:
        _set_header(msg, "Cc", cc)
    if include_bcc:
        bcc = _address_header(src.bcc)
        if bcc:
            _set_header(msg, "Bcc", bcc)
    if src.reply_to:
        _set_header(msg, "Reply-To", _idna(_clean(src.reply_to)))
    if src.return_path:
        msg["Return-Path"] = _message_id(address_of(_clean(src.return_path)))
    msg["Subject"] = _clean(src.subject)
    _set_plain(msg, "Date", date or email.utils.formatdate(localtime=True))
    mid = _message_id(src.message_id)
    if not mid:
        domain = address_of(_clean(src.sender)).rpartition("@")[2] or "wlmail.localhost"
        domain = re.sub(r"[^A-Za-z0-9.\-]", "", domain) or "wlmail.localhost"
        mid = f"<{uuid.uuid4().hex}.{int(time.time())}@{domain}>"
    _set_plain(msg, "Message-ID", mid)
    refs = " ".join(_message_id(r) for r in _clean(src.references).split())
    if refs:
        _set_plain(msg, "References", refs)
        _set_plain(msg, "In-Reply-To", refs.split()[-1])
    if src.priority == _PRIORITY_HIGH:
        _set_plain(msg, "X-Priority", "1 (Highest)")
        _set_plain(msg, "Importance", "high")
    elif src.priority == _PRIORITY_LOW:
        _set_plain(msg, "X-Priority", "5 (Lowest)")
        _set_plain(msg, "Importance", "low")
    if src.sensitivity:
        msg["Sensitivity"] = _clean(src.sensitivity)
    notify = _clean(src.reply_to) or _clean(src.sender)
    if src.return_receipt and notify:
        _set_header(msg, "Return-Receipt-To", notify)
    if src.disposition_notification and notify:
        _set_header(msg, "Disposition-Notification-To", notify)
    if src.keywords:
        msg["Keywords"] = ", ".join(k.strip() for k in _clean(src.keywords).split(";") if k.strip())
    for name, value in src.headers:
        name = _clean(name).rstrip(":").strip()
        if not name:
            continue
        if not _HEADER_NAME.match(name):
            raise ComposeError(f"invalid header name: {name!r}")
        lname = name.lower()
        if lname in _RESERVED or lname.startswith("content-"):
            continue
        msg[name] = _clean(value)
    _set_plain(msg, "X-Mailer", "wlmail")

    # ---- body
    text = to_crlf(str(src.text or ""))
    html = to_crlf(str(src.html or ""))
    inline = [a for a in src.attachments if a.cid and html]
    files = [a for a in src.attachments if not (a.cid and html)]
    if text:
        text += "\r\n"
    if html:
        html += "\r\n"
    if html and text:
        msg.set_content(text)
        msg.add_alternative(html, subtype="html")
        html_part = msg.get_payload()[1]
    elif html:
        msg.set_content(html, subtype="html")
        html_part = msg
    else:
        msg.set_content(text)
        html_part = None
    if inline:
        html_part.make_related()
        for att in inline:
            _add_bytes_part(html_part, att, inline=True)
    if files:
        msg.make_mixed()
        for att in files:
            _add_bytes_part(msg, att, inline=False)

    data = msg.as_bytes(policy=_POLICY if encode_headers else _POLICY.clone(utf8=True))
    envelope_from = _idna(address_of(_clean(src.return_path)) or address_of(_clean(src.sender)))
    recipients = _envelope_addresses(list(src.to) + list(src.cc) + list(src.bcc))
    return Composed(data=data, envelope_from=envelope_from, recipients=recipients)
