"""Which family a WLangage name wlmail does not implement belongs to, for `check`, `report`
and the run-time error ("HLitPremier: HFSQL database access").  The facts come from the
catalogue of the help's names; undeclared control names (SAI_Nom) are "window controls"."""
from __future__ import annotations

from .. import catalogue

UNKNOWN_FUNCTION = "function unknown to wlmail"


def family_of(name: str) -> str:
    """The family of a name, or "function unknown to wlmail" when the help does not know it."""
    return catalogue.family(name) or UNKNOWN_FUNCTION


def type_family(words: list[str]) -> str | None:
    """The family of a WLangage type wlmail does not implement (`httpRequête`,
    `Source de Données`), or None when no such type exists."""
    for candidate in (" ".join(words), words[0] if words else ""):
        entry = candidate and catalogue.lookup(candidate, ("type", "keyword"))
        if entry:
            return entry.family
    return None
