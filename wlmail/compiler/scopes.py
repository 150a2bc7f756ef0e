"""Compile errors, variables, procedures and the scopes that hold them."""
from __future__ import annotations

import dataclasses
import keyword

from ..runtime.names import fold
from ..syntax import nodes as n
from .types import ANY, WLType


class CompileError(Exception):
    def __init__(self, message: str, line: int, col: int, unknown: str | None = None):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col
        self.unknown = unknown        # the name nobody declared, when that is the error


class CompileErrors(Exception):
    def __init__(self, errors: list[CompileError], unsupported: list[tuple[str, str, int]] = (),
                 deprecated: list[tuple[str, str, int]] = ()):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors
        # the warnings: `check` reports them even when there are errors
        self.unsupported = list(unsupported)
        self.deprecated = list(deprecated)
        self.origins: dict = {}          # the files EXTERNE included (see runtime.program.source_position)


@dataclasses.dataclass
class Var:
    pyname: str
    type: WLType
    owner: "Scope"
    is_global: bool = False       # a module-level variable (GLOBAL, promoted, REPL)


@dataclasses.dataclass
class ProcInfo:
    name: str                     # Python name
    node: n.Procedure
    byref: list[int] = dataclasses.field(default_factory=list)   # written by-reference params
    returns: WLType = ANY
    result_var: str = ""          # RETOUR = valeur: the variable holding the result


class Scope:
    def __init__(self, parent: "Scope | None", func: str, module: bool = False):
        self.parent, self.func, self.module = parent, func, module
        self.vars: dict[str, Var] = {}
        self.procs: dict[str, ProcInfo] = {}
        self.nonlocals: set[str] = set()
        self.globals: set[str] = set()
        self.global_mode = False  # inside a GLOBAL block
        self.structs: dict[str, str] = {}
        self.struct_fields: dict[str, dict[str, str]] = {}
        self.struct_types: dict = {}
        self.classes: dict = {}          # module scope: classes and enumerations, kept between REPL inputs
        self.enums: dict = {}
        self.enum_values: dict = {}

    def find(self, folded: str) -> Var | None:
        return self._find("vars", folded)

    def find_proc(self, folded: str) -> ProcInfo | None:
        return self._find("procs", folded)

    def _find(self, table: str, folded: str):
        """The entry of this scope's `table` or of the nearest enclosing scope's."""
        scope = self
        while scope is not None:
            entries = getattr(scope, table)
            if folded in entries:
                return entries[folded]
            scope = scope.parent
        return None


NUMERIC = ("int", "real", "bool")
CONVERTERS = {"int": "wl_int", "real": "wl_real", "str": "wl_str", "bool": "wl_bool", "buffer": "wl_buffer"}
DEFAULTS = {"int": 0, "real": 0.0, "str": "", "bool": False, "buffer": b""}
PY_RESERVED = set(keyword.kwlist) | {"main", "print", "range", "len", "str", "int", "float", "bool",
                                      "list", "dict", "tuple", "object", "type", "super", "self"}


# Keywords the contextual lexer may hand over as names where the keyword cannot stand
# (a FIN with no open block, SI ALORS without a condition).
KEYWORDS = {fold(k) for k in (
    "FIN", "END", "SINON", "ELSE", "ALORS", "THEN", "SI", "IF", "TANTQUE", "WHILE", "POUR", "FOR", "BOUCLE",
    "LOOP", "SELON", "SWITCH", "CAS", "CASE", "FAIRE", "DO", "RENVOYER", "RESULT", "RETOUR", "RETURN",
    "SORTIR", "BREAK", "CONTINUER", "CONTINUE", "PROCÉDURE", "PROCEDURE", "FONCTION", "FUNCTION",
    "ET", "AND", "OU", "OR", "PAS", "NOT", "DANS")}


def refuse_keyword(name: n.Name) -> None:
    if fold(name.name) in KEYWORDS:
        raise CompileError(f"unexpected {name.name}", name.line, name.col)
