"""The WLangage library as plain Python: `from wlmail.runtime import *` gives a program
every WLangage name wlmail implements (French names, English aliases, constants, types)."""
from __future__ import annotations

import importlib

_MODULES = ["errors", "values", "strings", "numbers", "dates", "arrays", "output", "auth", "email"]

__all__: list[str] = []
for _module_name in _MODULES:
    _module = importlib.import_module(f"{__name__}.{_module_name}")
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
    __all__ += list(_module.__all__)
del _module_name, _module, _name

# What compiled programs use beyond the WLangage names: the Email type's class and
# the loop behind `POUR TOUT m DE session`.
from .email import WLEmail, iterate_session  # noqa: E402

__all__ += [n for n in ("WLEmail", "iterate_session") if n not in __all__]
