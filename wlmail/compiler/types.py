"""Declared WLangage types as the compiler sees them: what a variable starts as and
how a value is converted when it is assigned."""
from __future__ import annotations

import dataclasses
import re

from ..runtime.names import fold


@dataclasses.dataclass(frozen=True)
class WLType:
    kind: str                 # int real str bool buffer any array assoc struct object value unsupported
    name: str = ""            # struct/object class name, or the type as written (unsupported)
    elem: "WLType | None" = None
    size: object = None       # fixed array size (an expression node) or None
    family: str = ""          # unsupported: why

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "real", "bool")


INT = WLType("int")
REAL = WLType("real")
STR = WLType("str")
BOOL = WLType("bool")
BUFFER = WLType("buffer")
ANY = WLType("any")

_SIMPLE = {}
for _words, _t in [
    (["entier", "int", "integer", "octet", "byte", "entier systeme", "system int", "entier sans signe",
      "unsigned int", "entier court", "entier long"], INT),
    (["reel", "real", "numerique", "numeric", "monetaire", "currency", "reel double", "reel simple",
      "double", "float"], REAL),
    (["chaine", "string", "caractere", "character", "char", "chaine ansi", "chaine unicode",
      "ansi string", "unicode string", "chaine pascal", "chaine asciiz", "chaine secrete",
      "secret string"], STR),
    (["booleen", "boolean", "bool"], BOOL),
    (["buffer", "buffer ansi"], BUFFER),
    (["variant", "procedure", "objet", "object"], ANY),
]:
    for _w in _words:
        _SIMPLE[_w] = _t

# Value types of the runtime: converted (so copied) on every assignment by calling their class.
for _words, _class in [(["date"], "Date"), (["heure", "time"], "Heure"), (["dateheure", "datetime"], "DateHeure"),
                       (["duree", "duration"], "Durée")]:
    for _w in _words:
        _SIMPLE[_w] = WLType("value", name=_class)

# words that refine a simple type without changing how wlmail stores it
_NOISE = {"sur", "on", "octets", "octet", "bytes", "byte", "fixe", "fixed", "dynamique", "dynamic",
          "sans", "signe", "unsigned", "ansi", "unicode", "asciiz", "local", "un", "une"}
_SIZE_WORD = re.compile(r"^\d+(-byte|-octets?)?$")


def _singular(word: str) -> str:
    if word in _SIMPLE or not word.endswith("s") or len(word) < 4:
        return word
    return word[:-1]


def parse_type(words: list[str], lookup) -> WLType:
    """`words` as written (["tableau", "de", "5", "chaînes"]); `lookup(folded) -> WLType | None`
    resolves structures and runtime classes."""
    folded = [fold(w) for w in words]
    if not folded:
        return ANY
    head = folded[0]
    if folded[:2] == ["associative", "array"]:                 # English word order
        return parse_type(["tableau", "associatif"] + words[2:], lookup)
    if head in ("tableau", "array"):
        rest = folded[1:]
        original = words[1:]
        if rest[:1] in (["associatif"], ["associative"]):
            rest, original = rest[1:], original[1:]
            rest, original = _skip_of(rest, original)
            return WLType("assoc", elem=parse_type(original, lookup) if original else ANY)
        size = None
        if rest[:1] == ["dynamique"] or rest[:1] == ["dynamic"]:
            rest, original = rest[1:], original[1:]
        rest, original = _skip_of(rest, original)
        if rest and rest[0].isdigit():
            dims = [int(rest[0])]
            rest, original = rest[1:], original[1:]
            while rest and rest[0] in ("par", "by") and len(rest) > 1 and rest[1].isdigit():
                dims.append(int(rest[1]))                      # t[i, j]: arrays of arrays
                rest, original = rest[2:], original[2:]
            size = dims[0] if len(dims) == 1 else tuple(dims)
            rest, original = _skip_of(rest, original)
        return WLType("array", elem=parse_type(original, lookup) if original else ANY, size=size)
    if head.startswith("d'") or head.startswith("d-"):
        return parse_type([words[0][2:]] + words[1:], lookup)
    # "entier sur 8 octets", "8-byte int", "chaîne fixe sur 10", "unsigned 4-byte int"
    core = [w for w in folded if w not in _NOISE and not _SIZE_WORD.match(w)]
    key = " ".join(_singular(w) for w in core)
    if key in _SIMPLE:
        return _SIMPLE[key]
    if core and _singular(core[0]) in _SIMPLE and len(core) == 1:
        return _SIMPLE[_singular(core[0])]
    if len(core) >= 1:
        found = lookup(core[0]) or lookup(_singular(core[0]))
        if found is not None and found.kind == "unsupported":
            return dataclasses.replace(found, name=" ".join(words))
        if found is not None:
            return found
        if _singular(core[0]) in _SIMPLE:
            return _SIMPLE[_singular(core[0])]
    return WLType("unsupported", name=" ".join(words))


def _skip_of(rest, original):
    if rest and (rest[0] in ("de", "of", "d") or rest[0].startswith("d'")):
        if rest[0].startswith("d'") and len(rest[0]) > 2:
            return [rest[0][2:]] + rest[1:], [original[0][2:]] + original[1:]
        return rest[1:], original[1:]
    return rest, original
