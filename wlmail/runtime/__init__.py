"""The WLangage library as plain Python: `from wlmail.runtime import *` gives a program
every WLangage name wlmail implements (French names, English aliases, constants, types).

Importing the package is cheap: the families load on first use of a name (PEP 562), so a
compiled script that imports its names from their own modules (`from
wlmail.runtime.output import Trace`) never pays for the mail stack unless it sends mail."""
from __future__ import annotations

import importlib

_MODULES = ("errors", "values", "strings", "numbers", "dates", "arrays", "output", "files", "ini", "system",
           "conversions", "jsonvalues", "auth", "email")

# What compiled programs use beyond the WLangage names: the Email type's class and
# the loop behind `POUR TOUT m DE session`.
EXTRAS = {"WLEmail": "email", "iterate_session": "email"}


def homes() -> dict[str, str]:
    """Every exported name -> the module that exports it (imports every family)."""
    table: dict[str, str] = {}
    for module_name in _MODULES:
        module = importlib.import_module(f"{__name__}.{module_name}")
        table.update(dict.fromkeys(module.__all__, module.__name__))
    for name, module_name in EXTRAS.items():
        table.setdefault(name, f"{__name__}.{module_name}")
    return table


def _load_all() -> None:
    namespace = globals()
    if "__all__" in namespace:
        return
    table = homes()
    for name, module_name in table.items():
        namespace[name] = getattr(importlib.import_module(module_name), name)
    namespace["__all__"] = list(table)


def __getattr__(name: str):
    if name in _MODULES:                       # `wlmail.runtime.email` without importing it first
        return importlib.import_module(f"{__name__}.{name}")
    if name.startswith("__") and name != "__all__":
        raise AttributeError(name)
    _load_all()
    try:
        return globals()[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
