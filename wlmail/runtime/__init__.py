"""The WLangage library as plain Python: `from wlmail.runtime import *` gives a program
every WLangage name wlmail implements (French names, English aliases, constants, types)."""
from __future__ import annotations

import importlib

_MODULES = ["errors", "values", "strings", "numbers", "dates", "arrays", "output", "email"]

__all__: list[str] = []
for _module_name in _MODULES:
    try:  # DEVTEMP
        _module = importlib.import_module(f"{__name__}.{_module_name}")
    except ModuleNotFoundError:  # DEVTEMP
        continue  # DEVTEMP
    if not hasattr(_module, "__all__"): continue  # DEVTEMP
    for _name in _module.__all__:
        globals()[_name] = getattr(_module, _name)
    __all__ += list(_module.__all__)
del _module_name, _module, _name
