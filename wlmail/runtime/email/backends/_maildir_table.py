"""The message table of one Maildir folder, compact enough for a million messages.

A Maildir file name is ``<base><suffix>``: the base (``1700000000.M1P2Q3.host``) names the
message for good, the suffix (``:2,S``...) carries its flags and changes with them, and the
file sits in ``new/`` or ``cur/``.  Dicts keyed by file name cost about 550 bytes a message;
here a message costs about half its base name plus 10 bytes (8 more once the hash index
exists):

* ``_names``/``_ends``: the base names back to back in one bytearray (row r is
  ``_names[_ends[r - 1]:_ends[r]]``), each packed by `_pack` (the digits, dots and
  ``M P Q ,`` of the usual names take half a byte), rows in the order first listed;
* ``_where``: per row, the index of its suffix in ``_suffixes`` (a handful of distinct
  strings) shifted left once, plus 1 when the file is in ``new/``; ``_gone`` when no file
  had that base at the last scan.  Two bytes a row, four past 32,767 distinct suffixes;
* ``_row_of_id``: message id - 1 -> row.  Ids are positions in this array, so they stay
  stable for the table's life: a message gone and back keeps its id, new ones get the
  next ids;
* ``_slots``: a hash index packed name -> row (open addressing), built only when a scan
  meets a name it cannot match by position: a directory that did not change lists its
  names in the same order, which a rescan follows row by row.

Directories are read with `os.scandir` (no list of a million names).  Numbering sorts by
mtime second (four bytes a row while numbering) in runs of `_RUN` rows merged lazily (no
million-tuple key list), then orders the files sharing a second by exact mtime and name.
"""
from __future__ import annotations

import heapq
import itertools
import os
from array import array
from typing import Iterator, Sequence

__all__ = ["MessageTable"]

_EMPTY = -1              # _slots value: free slot
_RUN = 1 << 12           # rows sorted at once when numbering (their keys exist together)

# Name packing: the longest prefix made of these 15 characters as nibbles 1-15, a 0 nibble
# to end it (plus one to fill the byte), then the rest of the name as it is.
_ALPHABET = b"0123456789.MPQ,"
_TO_NIBBLE = bytes(_ALPHABET.index(b) + 1 if b in _ALPHABET else 0 for b in range(256))
_FROM_NIBBLE = bytes(_ALPHABET[n - 1] if 0 < n <= len(_ALPHABET) else 0 for n in range(256))
_HIGH = bytes(b >> 4 for b in range(256))
_LOW = bytes(b & 15 for b in range(256))


def _pack(base: bytes) -> bytes:
    nib = base.translate(_TO_NIBBLE)
    n = nib.find(0)
    if n < 0:
        n = len(base)
    nib = nib[:n] + (b"\0" if n % 2 else b"\0\0")
    # two nibbles a byte, with int arithmetic (no carry: every nibble is < 16)
    packed = (int.from_bytes(nib[0::2], "big") << 4) | int.from_bytes(nib[1::2], "big")
    return packed.to_bytes(len(nib) // 2, "big") + base[n:]


def _unpack(stored: bytes) -> bytes:
    nib = bytearray(2 * len(stored))
    nib[0::2] = stored.translate(_HIGH)
    nib[1::2] = stored.translate(_LOW)
    n = nib.find(0)
    return bytes(nib[:n].translate(_FROM_NIBBLE)) + stored[(n + 2) // 2:]


class _Widen(Exception):
    """A suffix index no longer fits in two bytes."""


class MessageTable:
    """Ids, base names and file locations of the messages of one Maildir folder."""

    _narrow_suffixes = 0x7FFF      # suffixes _where holds in two bytes (tests lower it)

    def __init__(self):
        self._names = bytearray()
        self._ends = array("I")
        self._where = array("H")
        self._gone = 0xFFFF                       # _where value: no file for this row at the last scan
        self._row_of_id = array("I")
        self._slots: array | None = None
        self._suffixes: list[str] = []            # index -> suffix (":2,S", "" ...)
        self._suffix_codes: dict[bytes, int] = {}
        self._seen: list[bool] = []               # index -> the suffix holds the S flag
        self.scanned = False

    def __len__(self) -> int:
        return len(self._row_of_id)

    # ------------------------------------------------------------------ names and rows
    def _name(self, row: int) -> bytes:
        """The packed base name of a row."""
        return bytes(self._names[self._ends[row - 1] if row else 0:self._ends[row]])

    def _find(self, packed: bytes) -> int:
        """The row of a packed base name, or -1."""
        if self._slots is None:
            self._index()
        slots, mask, names, ends = self._slots, len(self._slots) - 1, self._names, self._ends
        i = hash(packed) & mask
        while True:
            row = slots[i]
            if row == _EMPTY:
                return -1
            if names[ends[row - 1] if row else 0:ends[row]] == packed:
                return row
            i = (i + 1) & mask

    def _index(self) -> None:
        size = 8
        while size < 2 * (len(self._ends) + 1):      # at most half full
            size *= 2
        self._slots = array("i", [_EMPTY]) * size
        for row in range(len(self._ends)):
            self._insert(self._name(row), row)

    def _insert(self, packed: bytes, row: int) -> None:
        slots, mask = self._slots, len(self._slots) - 1
        i = hash(packed) & mask
        while slots[i] != _EMPTY:
            i = (i + 1) & mask
        slots[i] = row

    def _add(self, packed: bytes) -> int:
        row = len(self._ends)
        self._names += packed
        self._ends.append(len(self._names))
        if self._slots is not None:
            if 2 * (row + 1) > len(self._slots):
                self._index()
            else:
                self._insert(packed, row)
        return row

    def _code(self, suffix: bytes) -> int:
        code = self._suffix_codes.get(suffix)
        if code is None:
            if len(self._suffixes) >= self._narrow_suffixes and self._where.typecode == "H":
                raise _Widen
            code = self._suffix_codes[suffix] = len(self._suffixes)
            text = os.fsdecode(suffix)
            self._suffixes.append(text)
            self._seen.append(text.startswith(":2,") and "S" in text[3:])
        return code

    # ------------------------------------------------------------------ scanning
    def scan(self, path: str) -> None:
        """Re-read new/ and cur/ of the folder at `path`: where each known message is now,
        which are gone, and the next ids for messages seen for the first time (oldest
        first: file mtime, then name).  Raises FileNotFoundError when `path` is missing."""
        known = len(self._ends)
        while True:
            where = array(self._where.typecode, [self._gone]) * known
            seconds = array("I")                    # mtime seconds of the rows added by this scan
            try:
                self._list(path, where, seconds)
                break
            except BaseException as e:              # e.g. cur/ unreadable: forget this scan's rows
                del self._names[self._ends[known - 1] if known else 0:]
                del self._ends[known:]
                if self._slots is not None:
                    self._index()
                if not isinstance(e, _Widen):
                    raise
                self._widen()
        self._where = where
        if seconds:
            self._number(path, known, seconds)
        self.scanned = True

    def _widen(self) -> None:
        gone = self._gone
        self._where = array("I", (0xFFFFFFFF if code == gone else code for code in self._where))
        self._gone = 0xFFFFFFFF

    def _number(self, path: str, first: int, seconds: array) -> None:
        """Give the next ids to rows first.. oldest first: sorted by mtime second, straight
        into _row_of_id, then the rows sharing a second by exact mtime and name."""
        ids = self._row_of_id
        start = len(ids)
        ids.extend(_merged_runs(range(first, len(self._ends)), lambda row: seconds[row - first]))
        for _, group in itertools.groupby(range(start, len(ids)), lambda i: seconds[ids[i] - first]):
            end = start + sum(1 for _ in group)
            if end - start > 1:
                ids[start:end] = array("I", _merged_runs(ids[start:end], lambda row: (
                    self._mtime_ns(path, row), _unpack(self._name(row)))))
            start = end

    def _mtime_ns(self, path: str, row: int) -> int:
        try:
            return os.stat(os.path.join(path, self._rel(row))).st_mtime_ns
        except OSError:
            return 0

    def _list(self, path: str, where: array, seconds: array) -> None:
        """The scan's directory walk: fills `where`, adds the rows of new base names."""
        names, ends, known = self._names, self._ends, len(self._ends)
        after = 0                                   # the row expected next (same order as last time)
        for sub, in_new in ((b"new", 1), (b"cur", 0)):
            try:
                it = os.scandir(os.path.join(os.fsencode(path), sub))
            except FileNotFoundError:
                if not os.path.isdir(path):
                    raise
                continue
            unique = not ends                       # rows all from this directory: no name twice
            with it:
                for entry in it:
                    name = entry.name
                    if name[:1] == b".":
                        continue
                    base, colon, info = name.partition(b":")
                    code = self._code(colon + info) << 1 | in_new
                    packed = _pack(base)
                    if unique:
                        row = -1
                    elif after < len(ends) and names[ends[after - 1] if after else 0:ends[after]] == packed:
                        row = after
                    else:
                        row = self._find(packed)
                    if row < 0:
                        row = self._add(packed)
                        where.append(code)
                        seconds.append(0)
                    else:
                        where[row] = code            # in new/ and cur/ at once: cur/ wins, as listed last
                    if row >= known:                 # numbered by the mtime of the file that wins
                        try:                         # (out of range: sorted among the equal ones)
                            seconds[row - known] = min(max(entry.stat().st_mtime_ns // 1_000_000_000, 0),
                                                       0xFFFFFFFF)
                        except OSError:
                            pass
                    after = row + 1

    # ------------------------------------------------------------------ by id
    def _row(self, id: int) -> int:
        if 1 <= id <= len(self._row_of_id):
            return self._row_of_id[id - 1]
        return -1

    def rel(self, id: int) -> str | None:
        """The file of message `id` relative to the folder ("cur/<base>:2,S"), None if gone."""
        row = self._row(id)
        if row < 0 or self._where[row] == self._gone:
            return None
        return self._rel(row)

    def _rel(self, row: int) -> str:
        code = self._where[row]
        return (("new/" if code & 1 else "cur/") + os.fsdecode(_unpack(self._name(row)))
                + self._suffixes[code >> 1])

    def moved(self, id: int, rel: str) -> None:
        """Message `id` is now the file `rel` (renamed by this process)."""
        row = self._row(id)
        if row < 0:
            return
        sub, _, name = rel.partition("/")
        _, colon, info = name.partition(":")
        try:
            code = self._code(os.fsencode(colon + info))
        except _Widen:
            self._widen()
            code = self._code(os.fsencode(colon + info))
        self._where[row] = code << 1 | (sub == "new")

    def forget(self, id: int) -> None:
        """Message `id` was removed (its id is never given to another message)."""
        row = self._row(id)
        if row >= 0:
            self._where[row] = self._gone

    def present(self) -> Iterator[tuple[int, str]]:
        """(id, rel) of every message present at the last scan, ids ascending."""
        for i in range(len(self._row_of_id)):
            rel = self.rel(i + 1)
            if rel is not None:
                yield i + 1, rel

    def ids(self, unseen_only: bool = False) -> Sequence[int]:
        """Ascending ids of the messages present at the last scan (without the S flag when
        `unseen_only`): a range when none is missing, else an array of 8-byte integers."""
        where, row_of_id, gone = self._where, self._row_of_id, self._gone
        if not unseen_only and where.count(gone) == 0:
            return range(1, len(row_of_id) + 1)
        seen = self._seen
        if unseen_only:
            keep = (i for i, row in enumerate(row_of_id, 1)
                    if where[row] != gone and not seen[where[row] >> 1])
        else:
            keep = (i for i, row in enumerate(row_of_id, 1) if where[row] != gone)
        return array("q", keep)


def _merged_runs(rows: Sequence[int], key) -> Iterator[int]:
    """`rows` sorted by `key` (stable): runs of _RUN sorted alone, then merged, so that the
    keys of only one run exist at a time."""
    if len(rows) <= _RUN:
        return iter(sorted(rows, key=key))
    runs = [array("I", sorted(rows[i:i + _RUN], key=key)) for i in range(0, len(rows), _RUN)]
    return heapq.merge(*runs, key=key)
