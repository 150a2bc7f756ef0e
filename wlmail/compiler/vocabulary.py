"""The runtime's WLangage names, looked up case- and accent-insensitively.

One source of truth: every name a runtime module lists in `__all__` (French names,
English aliases, constants, types).  The compiler maps a folded spelling to the
exported Python name, so generated code always uses the canonical spelling."""
from __future__ import annotations

import functools
import inspect

from ..runtime.names import fold

# Names used as values that are really calls (WLangage pseudo-variables).
PSEUDO_VARIABLES = {fold(n) for n in ("ErreurDétectée", "ErrorOccurred")}

LITERALS = {"vrai": True, "faux": False, "true": True, "false": False, "null": None}


@functools.lru_cache(maxsize=1)
def runtime_names() -> dict[str, str]:
    import wlmail.runtime as rt
    table: dict[str, str] = {}
    for name in rt.__all__:
        table.setdefault(fold(name), name)
    return table


@functools.lru_cache(maxsize=1)
def runtime_namespace() -> dict:
    import wlmail.runtime as rt
    return {name: getattr(rt, name) for name in rt.__all__}


@functools.lru_cache(maxsize=1)
def runtime_homes() -> dict[str, str]:
    """Python name -> the module a compiled program imports it from: every runtime name,
    and the helpers of `wlmail.runtime.support` that generated code calls."""
    import wlmail.runtime as rt
    from ..runtime import support
    table = rt.homes()
    table.update(dict.fromkeys(support.__all__, support.__name__))
    return table


@functools.lru_cache(maxsize=1)
def deprecated_names() -> dict[str, str]:
    """Runtime names kept only for old scripts: canonical name -> the name to write."""
    from ..runtime.email.types import DEPRECATED_NAMES
    return dict(DEPRECATED_NAMES)


def lookup(name: str):
    """(canonical name, object) of a runtime name, or (None, None)."""
    canonical = runtime_names().get(fold(name))
    if canonical is None:
        return None, None
    return canonical, runtime_namespace()[canonical]


def is_runtime_class(obj) -> bool:
    return inspect.isclass(obj)


def is_value_type(name: str) -> bool:
    """Date, Heure, DateHeure, Durée: runtime classes whose values are copied on assignment."""
    from ..runtime.values import Operand
    obj = runtime_namespace().get(name)
    return inspect.isclass(obj) and issubclass(obj, Operand)


def returns_value_type(func) -> str | None:
    """The value type a runtime function is annotated to return (`-> Date`), if any."""
    ann = getattr(func, "__annotations__", {}).get("return")
    name = ann if isinstance(ann, str) else getattr(ann, "__name__", "")
    return name if name and is_value_type(name) else None


_RETURN_KINDS = {"int": "int", "str": "str", "float": "real", "bool": "bool", "bytes": "buffer"}


def return_kind(func) -> str | None:
    """The declared Python return type of a runtime function, as a WLType kind."""
    ann = getattr(func, "__annotations__", {}).get("return")
    if ann is None:
        return None
    name = ann if isinstance(ann, str) else getattr(ann, "__name__", "")
    return _RETURN_KINDS.get(name)
