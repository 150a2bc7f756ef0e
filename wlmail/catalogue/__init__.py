"""The catalogue of WLangage names: every function, type, keyword and property of PC SOFT's
help (French and English, with its family), whether wlmail implements it or not.

It answers three questions for the compiler, `check` and `report`: is this a real WLangage
name (`lookup`), which family does it belong to (`family`), which names did a typo mean
(`closest`).  The data (`names.tsv`, built by `tools/make_catalogue.py`) is read on the first
question only, so a script that needs none of them does not pay for it."""
from __future__ import annotations

import functools
import pathlib
from typing import Iterable, NamedTuple

from ..runtime.names import fold

__all__ = ["Entry", "lookup", "family", "closest", "entries", "KINDS", "CONTROL_FAMILY", "is_control_name"]

KINDS = {"f": "function", "t": "type", "k": "keyword", "p": "property"}

# Undeclared names written like a window's controls (SAI_Nom, BTN_OK): code that reads a field.
CONTROL_FAMILY = "window controls"
CONTROL_PREFIXES = tuple(fold(p) for p in (
    "SAI_", "EDT_", "BTN_", "COMBO_", "CBOX_", "TABLE_", "TABLEAU_", "COL_", "ZR_", "LOOP_", "LIB_", "STC_",
    "FEN_", "WIN_", "PAGE_", "INT_", "CASE_", "CHK_", "SEL_", "RADIO_", "LSV_", "LISTE_", "LIST_", "IMG_",
    "ONG_", "TAB_", "ARBRE_", "TREE_", "GR_", "GRAPHE_", "MENU_", "OPT_", "CAL_", "AGENDA_", "PLANNING_",
    "HTML_", "JAUGE_", "JAU_", "SCROLL_", "ASC_", "RTF_", "ZTR_", "CELL_", "CEL_", "SUPERCHAMP_", "FI_",
))


class Entry(NamedTuple):
    french: str
    english: str
    kind: str          # "function", "type", "keyword" or "property"
    family: str


def is_control_name(name: str) -> bool:
    return fold(name).startswith(CONTROL_PREFIXES)


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[Entry]], tuple[Entry, ...]]:
    """folded French or English name -> its entries (a name can be a function and a type)."""
    text = pathlib.Path(__file__).with_name("names.tsv").read_text(encoding="utf-8")
    families: list[str] = []
    by_name: dict[str, list[Entry]] = {}
    every: list[Entry] = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "@":
            families.append(fields[1])
            continue
        kind, fam, french, english, folded_fr, folded_en = fields
        entry = Entry(french, english, KINDS[kind], families[int(fam)])
        every.append(entry)
        by_name.setdefault(folded_fr, []).append(entry)
        if folded_en != folded_fr:
            by_name.setdefault(folded_en, []).append(entry)
    return by_name, tuple(every)


def entries() -> tuple[Entry, ...]:
    """Every entry, in the help's order (functions by family, then types, keywords, properties)."""
    return _table()[1]


_PREFERENCE = {"function": 0, "keyword": 1, "type": 2, "property": 3}


def lookup(name: str, kinds: Iterable[str] = ("function", "type", "keyword", "property")) -> Entry | None:
    """The entry of a WLangage name in any case and accents, French or English; a function
    before a keyword, a type, then a property of the same name."""
    wanted = set(kinds)
    found = [e for e in _table()[0].get(fold(name.strip()), ()) if e.kind in wanted]
    return min(found, key=lambda e: _PREFERENCE[e.kind]) if found else None


def family(name: str) -> str | None:
    """The family of a WLangage name: "window controls" for an undeclared control name
    (SAI_Nom), the help's family for a real name (HLitPremier: "HFSQL database access")."""
    if is_control_name(name):
        return CONTROL_FAMILY
    entry = lookup(name, ("function", "type", "keyword"))
    return entry.family if entry is not None else None


@functools.lru_cache(maxsize=8)
def _spellings(kinds: tuple[str, ...]) -> dict[str, str]:
    """folded spelling -> the spelling to show, for the names of these kinds."""
    out: dict[str, str] = {}
    for entry in entries():
        if entry.kind in kinds:
            out.setdefault(fold(entry.french), entry.french)
            out.setdefault(fold(entry.english), entry.english)
    return out


def closest(name: str, n: int = 3, extra: Iterable[str] = (),
            kinds: Iterable[str] = ("function", "type", "keyword"), more: Iterable[str] = ()) -> list[str]:
    """The names a misspelt `name` most likely meant ("Tarce" -> ["Trace", ...]): first the
    script's own names (`extra`), then the catalogue's names of these kinds and `more` (the
    runtime's names the help does not list, such as its constants)."""
    import difflib                    # only on the error path
    target = fold(name)
    own = {fold(spelling): spelling for spelling in extra}
    known = dict(_spellings(tuple(sorted(kinds))))
    known.update((fold(spelling), spelling) for spelling in more)
    found: list[str] = []
    for candidates, cutoff in ((own, 0.6), (known, 0.75)):    # a script's names are short: be lenient
        # difflib is quadratic in the name's length: compare only names of a similar length
        pool = [c for c in candidates if abs(len(c) - len(target)) <= max(2, len(target) // 3)]
        for match in difflib.get_close_matches(target, pool, n=n, cutoff=cutoff):
            if candidates[match] not in found and fold(candidates[match]) not in map(fold, found):
                found.append(candidates[match])
    return found[:n]
