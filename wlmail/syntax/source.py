"""Reading a source file: the encodings WINDEV exports use, and binary data refused.
Cheap to import (no parser), so `wlmail run` of a cached script reads its source without Lark."""
from __future__ import annotations

import pathlib
import re


class NotTextError(OSError):
    """The file holds binary data, not WLangage.  An OSError, so that every command that
    reports an unreadable file (`cannot read x.wl: not a text file`) reports this one too."""

    def __init__(self, path=None):
        super().__init__(0, "not a text file", None if path is None else str(path))


# Byte order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# C0 controls that never appear in text; tab, newlines, form feed and the DOS end-of-file mark do.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_SNIFF = 8192


def decode_source(data: bytes, path=None) -> str:
    """The text of a source file: any Unicode encoding announced by a byte order mark,
    else UTF-8, else Windows-1252 as legacy WINDEV exports are.  Raises NotTextError for
    binary data (a NUL, or control characters a text would not hold)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding, errors="replace")
            break
    else:
        if b"\x00" in data[:_SNIFF]:
            raise NotTextError(path)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    head = text[:_SNIFF]
    if "\x00" in head or len(_CONTROL.findall(head)) * 50 > len(head):
        raise NotTextError(path)
    return text


def read_source(path) -> str:
    return decode_source(pathlib.Path(path).read_bytes(), path)
