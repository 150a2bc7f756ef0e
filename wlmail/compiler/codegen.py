"""WLangage syntax tree -> Python `ast.Module`.

One compiler, two exits: `wlmail run` compiles the module with the `.wl` path as its
file name (every node carries its `.wl` line), `wlmail transpile` unparses the very
same module, in which each WLangage statement is preceded by a `'#wl:LINE'` string
statement that `transpile` turns into a comment.
"""
from __future__ import annotations

import ast

from ..syntax import nodes as n
from .classes import ClassesMixin
from .declarations import DeclarationsMixin
from .indirection import IndirectionMixin
from .expressions import ExpressionsMixin
from .procedures import ProceduresMixin
from . import vocabulary as vocab
from .pyast import MARKER, call, complete_locations, const, hoist_defs, load, locate, no_args
from .scopes import CompileError, CompileErrors, ProcInfo, Scope
from .statements import StatementsMixin
from .types import WLType

__all__ = ["Compiler", "CompileError", "CompileErrors", "Scope", "MARKER"]


class Compiler(DeclarationsMixin, StatementsMixin, ExpressionsMixin, ProceduresMixin, ClassesMixin,
               IndirectionMixin):
    """One compilation: a WLangage program (or one REPL input) -> a Python module."""

    def __init__(self, path: str = "<source>", mode: str = "script", repl_scope: Scope | None = None,
                 markers: bool = False):
        self.path = path
        self.mode = mode                          # "script" | "repl"
        self.markers = markers                    # '#wl:LINE' statements, for transpile
        self.errors: list[CompileError] = []
        self.unsupported: list[tuple[str, str, int]] = []   # (name, family, line)
        self.deprecated: list[tuple[str, str, int]] = []    # (name as written, replacement, line)
        self.module_scope = repl_scope or Scope(None, "<module>", module=True)
        # structures live with the module scope so a REPL keeps them between inputs
        self.structs: dict[str, str] = self.module_scope.structs           # folded -> class name
        self.temp_counter = 0
        self.main_decls: dict[str, n.Decl] = {}
        self.hoisted: list[ast.stmt] = []          # module-level defs (structures, constants, procedures)
        self._struct_fields: dict[str, dict[str, str]] = self.module_scope.struct_fields
        self._struct_types: dict[str, dict[str, WLType]] = self.module_scope.struct_types
        self.all_procs: list[ProcInfo] = []
        self.early_constants: set[int] = set()     # ids of the ConstDefs declared before the main code
        self.promoted: set[str] = set()            # main-code variables used by global procedures
        self.current_main: Scope | None = None
        self.position = (1, 1)                     # the statement being compiled, for errors
        self.code = None                           # the code object, once CPython compiled it
        self.includes: list[str] = []              # the files EXTERNE included (set by compile_source)
        self.classes: dict = self.module_scope.classes      # folded class name -> ClassInfo
        self.pending_methods: dict[str, list] = {}  # folded class name -> its PROCÉDUREs
        self.current_class = None                  # the class whose method is being compiled
        self.enums: dict = self.module_scope.enums          # folded name -> (Python name, EnumDef)
        self.enum_values: dict = self.module_scope.enum_values  # folded value -> (enumeration, value)

    # ---- entry point ----------------------------------------------------------------
    def compile_program(self, prog: n.Program) -> ast.Module:
        module = self.module_scope
        procedures = self._split_methods(prog.procedures, prog.body)
        for proc in procedures:
            self._declare_proc(module, proc, typed=False)
        untyped = list(self.all_procs)
        body_stmts = prog.body
        self._collect_definitions(body_stmts, module)
        for info in untyped:                         # results may be the classes just declared
            try:
                self._type_result(info)
            except CompileError as exc:
                self.errors.append(exc)
        self._analyse_byref()
        if self.mode == "repl":
            main_scope = module
        else:
            main_scope = Scope(module, "main")
            self._scan_main_decls(body_stmts)
        self.current_main = main_scope
        # procedures first: they may promote main-code variables to module globals
        proc_defs = []
        for proc in procedures:
            try:
                proc_defs.append(self._compile_procedure(proc, module))
            except CompileError as exc:           # in its header: a parameter's default value
                self.errors.append(exc)
        main_body = self._block_with_sections(body_stmts, main_scope, prog.on_error, prog.on_exception)
        for owner, methods in self.pending_methods.items():
            for proc in methods:
                self.error(f"PROCÉDURE {proc.class_name or ''}.{proc.name}: no class {owner} is declared", proc)
        out: list[ast.stmt] = self.hoisted + proc_defs
        if self.mode == "repl":
            out += main_body
        else:
            decls = self._scope_decls(main_scope)
            main_body = hoist_defs(main_body)
            fn = ast.FunctionDef(name="main", args=no_args(), body=decls + (main_body or [ast.Pass()]),
                                 decorator_list=[], returns=None, type_params=[])
            out.append(locate([fn], prog.line or 1)[0])
            guard = ast.If(test=ast.Compare(left=load("__name__"), ops=[ast.Eq()],
                                            comparators=[const("__main__")]),
                           body=[ast.Expr(call("run_program", load("main")))], orelse=[])
            out.append(locate([guard], max(1, self._last_line(prog)))[0])
        if self.errors:
            raise CompileErrors(sorted(self.errors, key=lambda e: (e.line, e.col)), self.unsupported,
                                self.deprecated)
        mod = ast.Module(body=out, type_ignores=[])
        imports = ast.Module(body=locate(runtime_imports(complete_locations(mod)), 1), type_ignores=[])
        complete_locations(imports)
        mod.body[:0] = imports.body
        return mod

    def _last_line(self, prog):
        last = prog.line
        for node in prog.body + prog.procedures:
            last = max(last, node.line)
        return last

    def error(self, message: str, node: n.Node):
        self.errors.append(CompileError(message, node.line, node.col))


def runtime_imports(names: set[str]) -> list[ast.ImportFrom]:
    """`from wlmail.runtime.output import Trace`...: only the runtime names the program
    uses (of the `names` it loads), each from its own module, so a script that sends no mail
    never loads the mail stack.  Binding the same objects as a star import, a program means the same."""
    homes = vocab.runtime_homes()
    used: dict[str, list[str]] = {}
    for name in sorted(names & homes.keys()):
        used.setdefault(homes[name], []).append(name)
    return [ast.ImportFrom(module=module, names=[ast.alias(name=name) for name in used[module]], level=0)
            for module in sorted(used)]
