"""The program and its environment: LigneCommande, SysEnvironnement, FinProgramme.

The program's arguments are what follows the script on the command line
(`wlmail run script.wl ARG...`, `python script.py ARG...`): program.arguments,
set by program.apply_options for both.
`[D:nnn]` tags are page ids of PC SOFT's help mirrored in gcarcau/windev-react.
"""
from __future__ import annotations

import os
import re

from . import program
from .errors import clear_error
from .values import RC, to_int, to_str

__all__ = [
    "LigneCommande", "CommandLine", "SysEnvironnement", "SysEnvironment",
    "FinProgramme", "EndProgram",
]

def _quoted(argument: str) -> str:
    needs_quotes = (" " in argument and '"' not in argument) or argument == ""
    return f'"{argument}"' if needs_quotes else argument


def LigneCommande(which=None, default=""):
    """The program's command line (without the program itself); its Nth parameter
    (space-separated, quotes removed; "" past the end); or the value of the option
    `/name=value` or `-name=value`, else `default` [D:3013051]."""
    clear_error()
    arguments = program.arguments
    if which is None:
        return " ".join(_quoted(a) for a in arguments)
    if isinstance(which, (int, float)) and not isinstance(which, bool):
        index = to_int(which)
        return arguments[index - 1] if 1 <= index <= len(arguments) else ""
    name = to_str(which)
    option = re.compile(r"^[/-]" + re.escape(name) + r"\s*=\s*(.*)$", re.IGNORECASE | re.DOTALL)
    for argument in arguments:
        match = option.match(argument)
        if match:
            value = match.group(1)
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            return value
    return default


def SysEnvironnement(variable=None) -> str:
    """Every `NAME=value` line of the environment separated by RC; with a name, the first
    line whose name starts with it (a name equal to it first, as written then ignoring
    case); "" if none [D:3073014]."""
    clear_error()
    lines = [f"{name}={value}" for name, value in os.environ.items()]
    if variable is None:
        return RC.join(lines)
    wanted = to_str(variable)
    names = list(os.environ)
    for test in (lambda n: n == wanted,
                 lambda n: n.casefold() == wanted.casefold(),
                 lambda n: n.casefold().startswith(wanted.casefold())):
        for name in names:
            if test(name):
                return f"{name}={os.environ[name]}"
    return ""


def FinProgramme(*lines) -> None:
    """Ends the program.  The help shows its lines in an "Erreur" box: wlmail prints them on
    standard error and exits with status 1; without a message the status is 0.  The last
    parameter, a booléen (run the project's closing code), is accepted: a script has no
    closing code [D:3013033]."""
    if lines and isinstance(lines[-1], bool):
        lines = lines[:-1]
    message = "\n".join(to_str(line) for line in lines)
    raise program.ProgramEnd(message, 1 if message else 0)


CommandLine = LigneCommande
SysEnvironment = SysEnvironnement
EndProgram = FinProgramme
