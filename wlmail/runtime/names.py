"""The one folding function: WLangage names ignore case and accents."""
from __future__ import annotations

import functools
import unicodedata


@functools.lru_cache(maxsize=None)
def fold(name: str) -> str:
    """`EmailRécupèreTout` -> `emailrecuperetout`."""
    decomposed = unicodedata.normalize("NFD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class FoldedAttributes:
    """Mixin: attribute lookup that also accepts any case/accent spelling and the
    English aliases listed in `_aliases` (folded alias -> canonical attribute).

    Subclasses list their canonical public names in `_canonical` (computed lazily)."""

    _aliases: dict[str, str] = {}

    @classmethod
    def _resolve(cls, name: str) -> str | None:
        table = cls.__dict__.get("_FoldedAttributes__table")
        if table is None:
            table = {}
            for klass in reversed(cls.__mro__):
                for attr in vars(klass):
                    if not attr.startswith("_"):
                        table[fold(attr)] = attr
                for alias, target in klass.__dict__.get("_aliases", {}).items():
                    table[fold(alias)] = target
            setattr(cls, "_FoldedAttributes__table", table)
        return table.get(fold(name))

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        canonical = type(self)._resolve(name)
        if canonical is None or canonical == name:
            from .errors import WLError
            raise WLError(f"Unknown property or method: {type(self).__name__}.{name}")
        return getattr(self, canonical)

    def __setattr__(self, name: str, value) -> None:
        if not name.startswith("_") and not _has_attr(type(self), name) and name not in self.__dict__:
            canonical = type(self)._resolve(name)
            if canonical is None:
                from .errors import WLError
                raise WLError(f"Unknown property: {type(self).__name__}.{name}")
            name = canonical
        object.__setattr__(self, name, value)


def _has_attr(cls, name: str) -> bool:
    return any(name in vars(k) for k in cls.__mro__)
