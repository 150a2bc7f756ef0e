"""INILit / INIEcrit: INI files [D:3013043][D:3013039].

Sections and keywords are found case-insensitively, as Windows does; a value
between double quotes is returned without them; lines starting with ";" are
comments.  INIEcrit rewrites only the line it changes and keeps the rest of
the file (comments, order, encoding).

Where the file is on Linux, as the help says for Linux: without <Fichier>, the
file `.PCS.conf` of the user's home folder; a bare name (no folder) is looked
for in the home folder too; any other path goes through files.native_path.
"""
from __future__ import annotations

import os
import re

from .errors import clear_error
from .files import _fail, decode_text, native_path, write_bytes
from .values import RC, to_str

__all__ = ["INILit", "INIRead", "INIEcrit", "INIWrite"]

_SECTION = re.compile(r"^\s*\[(.*)\]\s*$")


def ini_path(file=None) -> str:
    """Where an INI file name points on Linux (see the module's docstring)."""
    if file is None or to_str(file) == "":
        return os.path.join(os.path.expanduser("~"), ".PCS.conf")
    name = to_str(file)
    if "/" not in name and "\\" not in name and not re.match(r"^[A-Za-z]:", name):
        return os.path.join(os.path.expanduser("~"), name)
    return native_path(name)


def _load(path: str) -> tuple[list[str], str]:
    """The file's lines (without ends) and the codec to write it back with."""
    with open(path, "rb") as stream:
        data = stream.read()
    codec = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else (
        "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    text = decode_text(data)
    if codec == "utf-8":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            codec = "cp1252"
    return text.splitlines(), codec


def _key_of(line: str) -> str | None:
    stripped = line.strip()
    if not stripped or stripped.startswith(";") or "=" not in stripped:
        return None
    return stripped.split("=", 1)[0].strip()


def _sections(lines: list[str]) -> list[tuple[str, int, int]]:
    """(name, first line of the body, end) of each section."""
    found: list[tuple[str, int, int]] = []
    for index, line in enumerate(lines):
        match = _SECTION.match(line)
        if match:
            if found:
                found[-1] = (found[-1][0], found[-1][1], index)
            found.append((match.group(1).strip(), index + 1, len(lines)))
    return found


def _find(lines, section: str):
    wanted = section.casefold()
    return next((s for s in _sections(lines) if s[0].casefold() == wanted), None)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def INILit(section, keyword=None, not_found="", file=None):
    """A keyword's value, the keywords of a section (keyword ""), or the sections of the
    file (section and keyword ""), lists separated by RC; <Non trouvé> when the value is
    empty or missing or the file does not exist."""
    clear_error()
    section = to_str(section)
    keyword = "" if keyword is None else to_str(keyword)
    try:
        lines, _codec = _load(ini_path(file))
    except OSError:
        return not_found
    if section == "" and keyword == "":
        return RC.join(name for name, _start, _end in _sections(lines))
    found = _find(lines, section)
    if found is None:
        return not_found
    body = lines[found[1]:found[2]]
    if keyword == "":
        return RC.join(k for k in map(_key_of, body) if k is not None)
    for line in body:
        key = _key_of(line)
        if key is not None and key.casefold() == keyword.casefold():
            value = _unquote(line.split("=", 1)[1])
            return value if value != "" else not_found
    return not_found


def INIEcrit(section, keyword=None, value=None, file=None) -> bool:
    """Writes a keyword's value, creating the section, keyword and file as needed; an
    empty (or Null) value deletes the keyword, an empty (or Null) keyword deletes the
    section.  The folder is never created."""
    clear_error()
    section = to_str(section)
    keyword = "" if keyword is None else to_str(keyword)
    value = "" if value is None else to_str(value)
    path = ini_path(file)
    if "\t" in value:
        return _fail("INIEcrit", "the value cannot contain a TAB", False)
    try:
        lines, codec = _load(path)
    except FileNotFoundError:
        lines, codec = [], "utf-8"
    except OSError as exc:
        return _fail("INIEcrit", exc, False)
    found = _find(lines, section)
    if keyword == "":
        if found is not None:
            del lines[found[1] - 1:found[2]]
    elif found is None:
        if value != "":
            lines += [f"[{section}]", f"{keyword}={value}"]
    else:
        position = None
        for index in range(found[1], found[2]):
            key = _key_of(lines[index])
            if key is not None and key.casefold() == keyword.casefold():
                position = index
                break
        if position is not None and value == "":
            del lines[position]
        elif position is not None:
            lines[position] = f"{key}={value}"
        elif value != "":
            end = found[2]
            while end > found[1] and lines[end - 1].strip() == "":   # before blank lines
                end -= 1
            lines.insert(end, f"{keyword}={value}")
    data = ("\r\n".join(lines) + "\r\n").encode(codec, errors="replace") if lines else b""
    try:
        write_bytes(path, data)
    except OSError as exc:
        return _fail("INIEcrit", exc, False)
    return True


INIRead = INILit
INIWrite = INIEcrit
