"""Encodings, hashes and text conversions: Encode/Décode, HashChaîne, BufferVersHexa,
ChaîneVersUTF8/UTF8VersChaîne, AnsiVersUnicode/UnicodeVersAnsi, DonneGUID, HTMLVersTexte.

wlmail's chaînes are Unicode; where WINDEV works on a chaîne's bytes (Encode, HashChaîne,
BufferVersHexa), wlmail takes its UTF-8 bytes, the encoding mail and the web use (a
Unicode chaîne is UTF-16 in WINDEV on Windows: hash a buffer to compare with it).
`[D:nnn]` tags are page ids of PC SOFT's help mirrored in gcarcau/windev-react.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import urllib.parse
import uuid

from .errors import WLError
from .values import RC, to_int, to_str

__all__ = [
    "Encode", "Décode", "Decode", "HashChaîne", "HashString", "BufferVersHexa", "BufferToHexa",
    "ChaîneVersUTF8", "StringToUTF8", "UTF8VersChaîne", "UTF8ToString",
    "AnsiVersUnicode", "AnsiToUnicode", "UnicodeVersAnsi", "UnicodeToAnsi",
    "DonneGUID", "GetGUID", "DonneUUID", "GetUUID", "DonneUUID256", "GetUUID256", "guidBrut", "guidFormaté", "guidBrut256", "guidRaw", "guidFormatted",
    "guidRaw256",
    "HTMLVersTexte", "HTMLToText",
    "encodeBASE64", "encodeBASE64SansRC", "encodeBASE64URL", "encodeURLDepuisAnsi",
    "encodeURLDepuisUnicode", "encodeURLDepuisUTF8", "encodeURLParamètre", "encodeUUEncode",
    "encodeBASE85", "encodePCS",
    "encodeBASE64NoCR", "encodeURLFromAnsi", "encodeURLFromUnicode", "encodeURLFromUTF8",
    "encodeURLParameter",
    "SansRegroupement", "SansLigne", "BigEndian", "NoGrouping", "NoLine",
    "HA_MD5_128", "HA_SHA_160", "HA_SHA_256", "HA_SHA_256_DOUBLE", "HA_SHA_384", "HA_SHA_512",
    "HA_SHA3_224", "HA_SHA3_256", "HA_SHA3_384", "HA_SHA3_512", "HA_MD4",
    "HA_HMAC_MD5_128", "HA_HMAC_SHA_160", "HA_HMAC_SHA_256", "HA_HMAC_SHA_256_DOUBLE",
    "HA_HMAC_SHA_384", "HA_HMAC_SHA_512", "HA_HMAC_SHA3_224", "HA_HMAC_SHA3_256",
    "HA_HMAC_SHA3_384", "HA_HMAC_SHA3_512", "HA_HMAC_MD4",
    "HA_PBKDF2_HMAC_MD5_128", "HA_PBKDF2_HMAC_SHA_160", "HA_PBKDF2_HMAC_SHA_256",
    "HA_PBKDF2_HMAC_SHA_384", "HA_PBKDF2_HMAC_SHA_512",
]

# Encode / Décode formats [D:1000022258]
encodeBASE64 = 1
encodeBASE64SansRC = 2
encodeBASE64URL = 3
encodeBASE85 = 4
encodePCS = 5
encodeURLDepuisAnsi = 6
encodeURLDepuisUnicode = 7
encodeURLDepuisUTF8 = 8
encodeURLParamètre = 9
encodeUUEncode = 10
encodeBASE64NoCR, encodeURLFromAnsi, encodeURLFromUnicode = encodeBASE64SansRC, encodeURLDepuisAnsi, encodeURLDepuisUnicode
encodeURLFromUTF8, encodeURLParameter = encodeURLDepuisUTF8, encodeURLParamètre

# characters a valid URL keeps as they are (RFC 3986 reserved and unreserved)
_URL_SAFE = ":/?#[]@!$&'()*+,;=%-._~"


def _bytes_of(value, codec: str = "utf-8") -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return to_str(value).encode(codec, errors="replace")


def Encode(data, form=encodeBASE64) -> str:
    """Encodes a chaîne or a buffer: BASE64 (lines of 76 characters separated by RC), BASE64
    without RC, BASE64 URL, URL (of an ANSI, Unicode or UTF-8 chaîne), URL parameter, UUEncode
    [D:1000022258]."""
    form = to_int(form)
    if form == encodeBASE64:
        return base64.encodebytes(_bytes_of(data)).decode("ascii").rstrip("\n").replace("\n", RC)
    if form == encodeBASE64SansRC:
        return base64.b64encode(_bytes_of(data)).decode("ascii")
    if form == encodeBASE64URL:
        return base64.urlsafe_b64encode(_bytes_of(data)).decode("ascii")
    if form in (encodeURLDepuisAnsi, encodeURLDepuisUnicode, encodeURLDepuisUTF8):
        raw = _bytes_of(data, "cp1252" if form == encodeURLDepuisAnsi else "utf-8")
        return urllib.parse.quote(raw, safe=_URL_SAFE)
    if form == encodeURLParamètre:
        return urllib.parse.quote(_bytes_of(data), safe="-._~")
    if form == encodeUUEncode:
        raw = _bytes_of(data)
        lines = [binascii.b2a_uu(raw[i:i + 45]).decode("ascii").rstrip("\n") for i in range(0, len(raw), 45)]
        return RC.join(lines)
    raise WLError(f"Encode: the format {form} is not supported by wlmail (BASE85 and PCS are PC SOFT's own)")


def Décode(data, form=encodeBASE64) -> bytes:
    """Decodes what Encode produced, as a buffer; an empty buffer if the data are not valid
    [D:1000022259]."""
    form = to_int(form)
    text = to_str(data) if not isinstance(data, (bytes, bytearray)) else bytes(data).decode("latin-1")
    try:
        if form in (encodeBASE64, encodeBASE64SansRC):
            return base64.b64decode("".join(text.split()), validate=True)
        if form == encodeBASE64URL:
            return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        if form in (encodeURLDepuisAnsi, encodeURLDepuisUnicode, encodeURLDepuisUTF8, encodeURLParamètre):
            return urllib.parse.unquote_to_bytes(text)
        if form == encodeUUEncode:
            return b"".join(binascii.a2b_uu(line) for line in text.splitlines() if line)
    except (binascii.Error, ValueError):
        return b""
    raise WLError(f"Décode: the format {form} is not supported by wlmail")


# --- hashes [D:1000007111] ------------------------------------------------------------

_SIMPLE, _HMAC, _PBKDF2 = 0x100, 0x200, 0x400
_ALGORITHMS = {1: "md5", 2: "sha1", 3: "sha256", 4: "sha256-double", 5: "sha384", 6: "sha512",
               7: "sha3_224", 8: "sha3_256", 9: "sha3_384", 10: "sha3_512", 11: "md4"}
HA_MD5_128, HA_SHA_160, HA_SHA_256, HA_SHA_256_DOUBLE, HA_SHA_384, HA_SHA_512 = (_SIMPLE + i for i in range(1, 7))
HA_SHA3_224, HA_SHA3_256, HA_SHA3_384, HA_SHA3_512, HA_MD4 = (_SIMPLE + i for i in range(7, 12))
HA_HMAC_MD5_128, HA_HMAC_SHA_160, HA_HMAC_SHA_256, HA_HMAC_SHA_256_DOUBLE, HA_HMAC_SHA_384, \
    HA_HMAC_SHA_512 = (_HMAC + i for i in range(1, 7))
HA_HMAC_SHA3_224, HA_HMAC_SHA3_256, HA_HMAC_SHA3_384, HA_HMAC_SHA3_512, HA_HMAC_MD4 = (
    _HMAC + i for i in range(7, 12))
HA_PBKDF2_HMAC_MD5_128, HA_PBKDF2_HMAC_SHA_160, HA_PBKDF2_HMAC_SHA_256 = (_PBKDF2 + i for i in range(1, 4))
HA_PBKDF2_HMAC_SHA_384, HA_PBKDF2_HMAC_SHA_512 = _PBKDF2 + 5, _PBKDF2 + 6


def _digest(name: str, data: bytes) -> bytes:
    if name == "sha256-double":
        return hashlib.sha256(hashlib.sha256(data).digest()).digest()
    try:
        return hashlib.new(name, data).digest()
    except ValueError:
        raise WLError(f"HashChaîne: the algorithm {name.upper()} is not available on this machine") from None


def HashChaîne(algorithm, text, key=None, iterations=10000, length=None) -> bytes:
    """The hash of a chaîne (its UTF-8 bytes) as a buffer: simple (HA_MD5_128, HA_SHA_256...),
    with a secret key (HA_HMAC_...), or PBKDF2 with a salt (HA_PBKDF2_HMAC_...)
    [D:1000007111]."""
    kind = to_int(algorithm)
    family, name = kind & 0xF00, _ALGORITHMS.get(kind & 0xFF)
    if name is None or family not in (_SIMPLE, _HMAC, _PBKDF2):
        raise WLError(f"HashChaîne: unknown or unsupported algorithm {kind}")
    data = _bytes_of(text)
    if family == _SIMPLE:
        return _digest(name, data)
    if key is None:
        raise WLError("HashChaîne: this algorithm needs a key (HMAC) or a salt (PBKDF2)")
    secret = _bytes_of(key)
    if name == "sha256-double":
        inner = hmac.new(secret, data, "sha256").digest() if family == _HMAC else None
        if inner is not None:
            return hashlib.sha256(inner).digest()
        raise WLError("HashChaîne: PBKDF2 with SHA_256_DOUBLE is not supported by wlmail")
    if family == _HMAC:
        return hmac.new(secret, data, name).digest()
    size = None if length is None else to_int(length)
    return hashlib.pbkdf2_hmac(name, data, secret, to_int(iterations), size)


# --- BufferVersHexa [D:1000019916] -------------------------------------------------------

SansRegroupement = 0
SansLigne = 0x10000
BigEndian = 0x20000
NoGrouping, NoLine = SansRegroupement, SansLigne


def BufferVersHexa(buffer, word=1, per_line=None) -> str:
    """The bytes in hexadecimal, "4A 5B 00": grouped by 1 (default), 2 or 4 bytes (little-endian
    unless BigEndian), 16 bytes a line; SansRegroupement: all digits joined on one line."""
    data = _bytes_of(buffer)
    word = to_int(word)
    if word == SansRegroupement:
        return data.hex().upper()
    flags = 16 if per_line is None else to_int(per_line)
    big, size = bool(flags & BigEndian), flags & ~BigEndian
    if size & SansLigne:
        line_size = len(data) or 1
    else:
        line_size = max(size or 16, word)
    lines = []
    for start in range(0, len(data), line_size):
        chunk, words = data[start:start + line_size], []
        for i in range(0, len(chunk), word):
            piece = chunk[i:i + word]
            if len(piece) < word:                    # an incomplete last word: byte by byte
                words += [f"{b:02X}" for b in piece]
            else:
                words.append((piece if big else piece[::-1]).hex().upper())
        lines.append(" ".join(words))
    return RC.join(lines)


# --- charsets ---------------------------------------------------------------------------

def ChaîneVersUTF8(text) -> bytes:
    """The chaîne in UTF-8, as a buffer."""
    return _bytes_of(text)


def UTF8VersChaîne(data) -> str:
    """A UTF-8 buffer (or a chaîne holding UTF-8 bytes) as a chaîne."""
    raw = bytes(data) if isinstance(data, (bytes, bytearray)) else to_str(data).encode("latin-1", errors="ignore") \
        if all(ord(c) < 256 for c in to_str(data)) else to_str(data).encode("utf-8")
    return raw.decode("utf-8", errors="replace")


def AnsiVersUnicode(text) -> str:
    """An ANSI (Windows-1252) buffer as a chaîne; a chaîne is already Unicode in wlmail."""
    if isinstance(text, (bytes, bytearray)):
        return bytes(text).decode("cp1252", errors="replace")
    return to_str(text)


def UnicodeVersAnsi(text) -> bytes:
    """The chaîne in ANSI (Windows-1252) as a buffer; "?" for what ANSI cannot hold."""
    return to_str(text).encode("cp1252", errors="replace")


# --- identifiers --------------------------------------------------------------------------

guidBrut = 1
guidFormaté = 2
guidBrut256 = 3
guidRaw, guidFormatted, guidRaw256 = guidBrut, guidFormaté, guidBrut256


def DonneGUID(form=guidFormaté) -> str:
    """A new globally unique identifier: "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (guidFormaté,
    the default), 32 hexadecimal digits (guidBrut) or 64 (guidBrut256) [D:1000018857]."""
    form = to_int(form)
    if form == guidBrut256:
        return uuid.uuid4().hex + uuid.uuid4().hex
    value = uuid.uuid4()
    if form == guidBrut:
        return value.hex.upper()
    return "{" + str(value).upper() + "}"


def DonneUUID() -> str:
    """A new 128-bit UUID (RFC 4122 version 4) written "8-4-4-4-12" in lower case, as the help's
    example "95431e57-7d18-4fef-9d9d-96b231969149" [D:1000023915]."""
    return str(uuid.uuid4())


def DonneUUID256() -> str:
    """A new 256-bit identifier: 64 lower-case hexadecimal digits, the form of an "UUID sur 256"
    [D:1000023916, D:1514083]."""
    return uuid.uuid4().hex + uuid.uuid4().hex


# --- HTML ------------------------------------------------------------------------------

def HTMLVersTexte(html) -> str:
    """The text of an HTML page or mail: tags removed, entities decoded, blocks, line breaks,
    lists and tables laid out as lines.  Uses inscriptis (loaded on first use)."""
    source = to_str(html)
    if not source.strip():
        return ""
    from inscriptis import get_text
    text = get_text(source)
    return RC.join(line.rstrip() for line in text.strip("\n").split("\n")).replace("\xa0", " ")


Decode = Décode
HashString = HashChaîne
BufferToHexa = BufferVersHexa
StringToUTF8, UTF8ToString = ChaîneVersUTF8, UTF8VersChaîne
AnsiToUnicode, UnicodeToAnsi = AnsiVersUnicode, UnicodeVersAnsi
GetGUID = DonneGUID
GetUUID, GetUUID256 = DonneUUID, DonneUUID256
HTMLToText = HTMLVersTexte
