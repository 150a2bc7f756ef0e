"""Compiled scripts cached the way Python caches `.pyc` files, so that `wlmail run` of an
unchanged script loads neither Lark nor the compiler.

One entry per script (its absolute path), valid for one text of it, the path as given, and one
stamp of this wlmail (its version, the Python bytecode tag, and the size and time of every file
of the package and grammar: a changed compiler or runtime recompiles).  It holds the code
object (marshal) and the files EXTERNE included, with their hashes: a changed included file
recompiles too.
Location: $XDG_CACHE_HOME/wlmail/code (default ~/.cache/wlmail/code); a cache that cannot be
read or written is simply not used."""
from __future__ import annotations

import functools
import hashlib
import marshal
import os
import pathlib
import sys

_PACKAGE = pathlib.Path(__file__).resolve().parent
_INSTALL_PARTS = (_PACKAGE, _PACKAGE.parent / "grammar")     # grammar/: a source tree's grammar


def cache_dir() -> pathlib.Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return pathlib.Path(base, "wlmail", "code")


@functools.lru_cache(maxsize=1)
def _stamp() -> bytes:
    # the files' sizes and times below already tell versions apart; the version is a label
    version = getattr(sys.modules.get(__package__), "__version__", "")
    parts = [version, sys.implementation.cache_tag or ""]
    for root in _INSTALL_PARTS:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                st = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


def _entry(path: str) -> pathlib.Path:
    """One entry per script (as `.pyc` files are): a new version replaces the old one."""
    return cache_dir() / hashlib.sha256(os.fsencode(os.path.abspath(path))).hexdigest()


def _version(path: str, text: str) -> str:
    """What the entry must have been compiled from: this wlmail, the path given, the text."""
    return hashlib.sha256(_stamp() + b"\0" + os.fsencode(path) + b"\0" +
                          text.encode("utf-8", "surrogatepass")).hexdigest()


def _file_hash(path: str) -> str | None:
    try:
        return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def load(path: str, text: str):
    """(code object, files EXTERNE included) compiled earlier from this script, or None."""
    try:
        version, includes, code = marshal.loads(_entry(path).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if version != _version(path, text) or any(_file_hash(name) != digest for name, digest in includes):
        return None
    return code, [name for name, _ in includes]


def store(path: str, text: str, code, includes: list[str]) -> None:
    import tempfile
    entry = _entry(path)
    data = marshal.dumps((_version(path, text), [(name, _file_hash(name)) for name in includes], code))
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, entry)
    except OSError:
        pass
