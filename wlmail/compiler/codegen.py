"""WLangage syntax tree -> Python `ast.Module`.

One compiler, two exits: `wlmail run` compiles the module with the `.wl` path as its
file name (every node carries its `.wl` line), `wlmail transpile` unparses the very
same module.  Each WLangage statement is preceded by a `'#wl:LINE'` string statement:
CPython drops it when compiling, `transpile` turns it into a comment.
"""
from __future__ import annotations

import ast
import dataclasses
import keyword

from ..runtime.names import fold
from ..syntax import nodes as n
from ..syntax.parser import DEFAULT_ARG
from . import vocabulary as vocab
from .families import UNSUPPORTED_TYPES, family_of
from .types import ANY, BOOL, BUFFER, INT, REAL, STR, WLType, parse_type

MARKER = "#wl:"


class CompileError(Exception):
    def __init__(self, message: str, line: int, col: int):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


class CompileErrors(Exception):
    def __init__(self, errors: list[CompileError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


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

    def find(self, folded: str) -> Var | None:
        scope = self
        while scope is not None:
            if folded in scope.vars:
                return scope.vars[folded]
            scope = scope.parent
        return None

    def find_proc(self, folded: str) -> ProcInfo | None:
        scope = self
        while scope is not None:
            if folded in scope.procs:
                return scope.procs[folded]
            scope = scope.parent
        return None


_NUMERIC = ("int", "real", "bool")
_CONVERTERS = {"int": "wl_int", "real": "wl_real", "str": "wl_str", "bool": "wl_bool", "buffer": "wl_buffer"}
_DEFAULTS = {"int": 0, "real": 0.0, "str": "", "bool": False, "buffer": b""}
_PY_RESERVED = set(keyword.kwlist) | {"main", "print", "range", "len", "str", "int", "float", "bool",
                                      "list", "dict", "tuple", "object", "type", "super", "self"}


def _name(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Load())


def _store(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Store())


def _call(func: str | ast.expr, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    f = _name(func) if isinstance(func, str) else func
    return ast.Call(func=f, args=list(args), keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs.items()])


def _const(v) -> ast.Constant:
    return ast.Constant(value=v)


def _locate(stmts: list[ast.stmt], line: int) -> list[ast.stmt]:
    for stmt in stmts:
        for node in ast.walk(stmt):
            if "lineno" in node._attributes and getattr(node, "lineno", None) is None:
                node.lineno, node.end_lineno = line, line
                node.col_offset, node.end_col_offset = 0, 0
    return stmts


class Compiler:
    def __init__(self, path: str = "<source>", mode: str = "script", repl_scope: Scope | None = None):
        self.path = path
        self.mode = mode                          # "script" | "repl"
        self.errors: list[CompileError] = []
        self.unsupported: list[tuple[str, str, int]] = []   # (name, family, line)
        self.module_scope = repl_scope or Scope(None, "<module>", module=True)
        # structures live with the module scope so a REPL keeps them between inputs
        self.structs: dict[str, str] = self.module_scope.structs           # folded -> class name
        self.temp_counter = 0
        self.main_decls: dict[str, n.Decl] = {}
        self.hoisted: list[ast.stmt] = []          # module-level defs (structures, constants, procedures)
        self._struct_fields: dict[str, dict[str, str]] = self.module_scope.struct_fields
        self._struct_types: dict[str, dict[str, WLType]] = self.module_scope.struct_types
        self.all_procs: list[ProcInfo] = []
        self.promoted: set[str] = set()            # main-code variables used by global procedures
        self.current_main: Scope | None = None

    # ---- entry point ----------------------------------------------------------------
    def compile_program(self, prog: n.Program) -> ast.Module:
        module = self.module_scope
        for proc in prog.procedures:
            self._declare_proc(module, proc)
        body_stmts = prog.body
        self._collect_definitions(body_stmts, module)
        self._analyse_byref()
        if self.mode == "repl":
            main_scope = module
        else:
            main_scope = Scope(module, "main")
            self._scan_main_decls(body_stmts)
        self.current_main = main_scope
        # procedures first: they may promote main-code variables to module globals
        proc_defs = []
        for proc in prog.procedures:
            proc_defs.append(self._compile_procedure(proc, module))
        main_body = self._block_with_sections(body_stmts, main_scope, prog.on_error, prog.on_exception)
        out: list[ast.stmt] = [
            ast.ImportFrom(module="wlmail.runtime", names=[ast.alias(name="*")], level=0),
            ast.ImportFrom(module="wlmail.runtime.support", names=[ast.alias(name="*")], level=0),
        ]
        _locate(out, 1)
        out += self.hoisted + proc_defs
        if self.mode == "repl":
            out += main_body
        else:
            decls = self._scope_decls(main_scope)
            main_body = _hoist_defs(main_body)
            fn = ast.FunctionDef(name="main", args=_no_args(), body=decls + (main_body or [ast.Pass()]),
                                 decorator_list=[], returns=None, type_params=[])
            out.append(_locate([fn], prog.line or 1)[0])
            guard = ast.If(test=ast.Compare(left=_name("__name__"), ops=[ast.Eq()],
                                            comparators=[_const("__main__")]),
                           body=[ast.Expr(_call("run_program", _name("main")))], orelse=[])
            out.append(_locate([guard], max(1, self._last_line(prog)))[0])
        if self.errors:
            raise CompileErrors(self.errors)
        mod = ast.Module(body=out, type_ignores=[])
        ast.fix_missing_locations(mod)
        return mod

    def _last_line(self, prog):
        last = prog.line
        for node in prog.body + prog.procedures:
            last = max(last, node.line)
        return last

    def error(self, message: str, node: n.Node):
        self.errors.append(CompileError(message, node.line, node.col))

    # ---- declarations collected up front ------------------------------------------------
    def _declare_proc(self, scope: Scope, proc: n.Procedure):
        pyname = self._py_name(proc.name, scope)
        info = ProcInfo(name=pyname, node=proc)
        if proc.return_type:
            rtypes = [self._type(t) for t in proc.return_type]
            info.returns = rtypes[0] if len(rtypes) == 1 else ANY
        scope.procs[fold(proc.name)] = info
        self.all_procs.append(info)

    def _collect_definitions(self, stmts, scope: Scope):
        for stmt in stmts:
            if isinstance(stmt, n.StructDef):
                self.structs[fold(stmt.name)] = self._py_name(stmt.name, scope)
                self._struct_fields[fold(stmt.name)] = {fold(f): f for d in stmt.fields for f in d.names}
                self._struct_types[self.structs[fold(stmt.name)]] = {
                    fold(f): self._type(d.type) for d in stmt.fields for f in d.names}
                self._compile_struct(stmt, scope)
            elif isinstance(stmt, n.Procedure) and stmt.internal:
                self._declare_proc(scope, stmt)

    def _scan_main_decls(self, stmts):
        for stmt in _walk_statements(stmts):
            if isinstance(stmt, n.Decl) and stmt.scope != "global":
                for name in stmt.names:
                    self.main_decls.setdefault(fold(name), stmt)

    def _analyse_byref(self):
        procs = self.all_procs
        by_name = {fold(p.node.name): p for p in procs}
        written: dict[str, set[int]] = {}
        for p in procs:
            params = {fold(prm.name): i for i, prm in enumerate(p.node.params) if not prm.local and not prm.variadic}
            written[p.name] = {params[t] for t in _assigned_names(p.node.body) if t in params}
        changed = True
        while changed:                       # a param passed on to a by-ref param is written too
            changed = False
            for p in procs:
                params = {fold(prm.name): i for i, prm in enumerate(p.node.params) if not prm.local and not prm.variadic}
                for call in _calls(p.node.body):
                    callee = by_name.get(fold(call.func.name)) if isinstance(call.func, n.Name) else None
                    if callee is None:
                        continue
                    for pos in written[callee.name]:
                        if pos < len(call.args) and isinstance(call.args[pos], n.Name):
                            idx = params.get(fold(call.args[pos].name))
                            if idx is not None and idx not in written[p.name]:
                                written[p.name].add(idx)
                                changed = True
        for p in procs:
            p.byref = sorted(written[p.name])

    # ---- names ------------------------------------------------------------------------
    def _py_name(self, name: str, scope: Scope | None = None) -> str:
        py = name if name.isidentifier() else "".join(c if (c.isalnum() or c == "_") else "_" for c in name)
        if py in _PY_RESERVED or py.startswith("wl_") or vocab.runtime_names().get(fold(py)) is not None:
            py += "_"
        return py

    def _type(self, spec) -> WLType:
        if spec is None:
            return ANY
        words = spec.words if isinstance(spec, n.TypeSpec) else spec
        return parse_type(words, self._lookup_type)

    def _lookup_type(self, folded: str) -> WLType | None:
        if folded in self.structs:
            return WLType("struct", name=self.structs[folded])
        if folded in UNSUPPORTED_TYPES:
            return WLType("unsupported", name=folded, family=UNSUPPORTED_TYPES[folded])
        if folded == "email":
            return WLType("object", name="WLEmail")
        canonical, obj = vocab.lookup(folded)
        if canonical is not None and vocab.is_runtime_class(obj):
            return WLType("object", name=canonical)
        return None

    def _new_var(self, scope: Scope, name: str, wtype: WLType, node: n.Node, is_global=False) -> Var:
        folded = fold(name)
        existing = scope.vars.get(folded)
        if existing is not None:
            existing.type = wtype
            return existing
        promoted = self.mode != "repl" and scope is self.current_main and folded in self.promoted
        var = Var(pyname=self._py_name(name, scope), type=wtype, owner=scope,
                  is_global=is_global or scope.module or promoted)
        scope.vars[folded] = var
        return var

    def _resolve_var(self, scope: Scope, name: str, node: n.Node) -> Var | None:
        folded = fold(name)
        var = scope.find(folded)
        if var is not None:
            return var
        if folded in self.main_decls and scope is not self.current_main:
            # a global procedure using a main-code variable: it becomes a module global
            decl = self.main_decls[folded]
            self.promoted.add(folded)
            var = Var(pyname=self._py_name(name), type=self._type(decl.type), owner=self.module_scope,
                      is_global=True)
            self.module_scope.vars[folded] = var
            return var
        return None

    def _note_store(self, scope: Scope, var: Var):
        if var.owner is scope and not (var.is_global and not scope.module):
            return
        if var.is_global:
            if not scope.module:
                scope.globals.add(var.pyname)
        elif var.owner is not scope:
            scope.nonlocals.add(var.pyname)

    def _scope_decls(self, scope: Scope) -> list[ast.stmt]:
        out = []
        promoted = {self.module_scope.vars[f].pyname for f in self.promoted
                    if f in self.module_scope.vars} if scope is self.current_main else set()
        glob = sorted(scope.globals | promoted)
        if glob:
            out.append(ast.Global(names=glob))
        if scope.nonlocals:
            out.append(ast.Nonlocal(names=sorted(scope.nonlocals)))
        return _locate(out, 1)

    # ---- statements -------------------------------------------------------------------
    def _block(self, stmts: list, scope: Scope) -> list[ast.stmt]:
        out: list[ast.stmt] = []
        last_marker = None
        for stmt in stmts:
            try:
                compiled = self._stmt(stmt, scope)
            except CompileError as exc:
                self.errors.append(exc)
                continue
            if not compiled:
                continue
            if stmt.line != last_marker:
                out.append(_locate([ast.Expr(_const(f"{MARKER}{stmt.line}"))], stmt.line)[0])
                last_marker = stmt.line
            out.extend(_locate(compiled, stmt.line))
        return out

    def _block_with_sections(self, stmts, scope, on_error, on_exception):
        body = self._block(stmts, scope)
        if on_exception:
            handler = [ast.Expr(_call("wl_exception", _name("_exception")))] + self._block(on_exception, scope)
            body = [ast.Try(body=body or [ast.Pass()], handlers=[ast.ExceptHandler(
                type=_name("Exception"), name="_exception", body=handler)], orelse=[], finalbody=[])]
        if on_error:
            handler = self._block(on_error, scope)
            body = [ast.Try(body=body or [ast.Pass()], handlers=[ast.ExceptHandler(
                type=_name("NonFatalError"), name=None, body=handler or [ast.Pass()])], orelse=[], finalbody=[])]
            self._check_errors(body[0].body)
        return _locate(body, stmts[0].line if stmts else 1)

    def _check_errors(self, stmts: list[ast.stmt]):
        """CAS ERREUR: after each statement that calls something, a non-fatal error jumps to the section."""
        i = 0
        while i < len(stmts):
            s = stmts[i]
            if any(isinstance(x, ast.Call) for x in ast.walk(s)) and not isinstance(s, (ast.FunctionDef,)):
                check = _locate([ast.Expr(_call("wl_check_error"))], getattr(s, "lineno", 1))[0]
                stmts.insert(i + 1, check)
                i += 1
            i += 1

    def _stmt(self, s: n.Node, scope: Scope) -> list[ast.stmt]:
        method = getattr(self, "_s_" + type(s).__name__)
        return method(s, scope)

    def _s_Decl(self, s: n.Decl, scope: Scope):
        target_scope = scope
        if s.scope == "global" or scope.global_mode:
            target_scope = self.module_scope
        if s.type is None:                      # soit x = expr
            value, vtype = self._expr(s.init, scope)
            var = self._new_var(target_scope, s.names[0], vtype, s)
            self._note_store(scope, var)
            return [ast.Assign(targets=[_store(var.pyname)], value=value)]
        wtype = self._type(s.type)
        out = []
        for i, name in enumerate(s.names):
            var = self._new_var(target_scope, name, wtype, s, is_global=target_scope is self.module_scope)
            self._note_store(scope, var)
            if s.init is not None and i == len(s.names) - 1:
                value = self._convert(s.init, wtype, scope)
            else:
                value = self._default_value(wtype, s)
            out.append(ast.Assign(targets=[_store(var.pyname)], value=value))
        return out

    def _default_value(self, t: WLType, node: n.Node) -> ast.expr:
        if t.kind in _DEFAULTS:
            return _const(_DEFAULTS[t.kind])
        if t.kind == "array":
            conv, default = self._elem_spec(t.elem, node)
            kwargs = {"size": self._expr(n.Literal(value=t.size, line=node.line, col=node.col), None)[0]} \
                if t.size is not None else {}
            return _call("wl_array", conv, default, **kwargs)
        if t.kind == "assoc":
            conv, default = self._elem_spec(t.elem, node)
            return _call("wl_assoc", conv, default)
        if t.kind in ("struct", "object"):
            return _call(t.name)
        if t.kind == "unsupported":
            family = t.family or "type unknown to wlmail"
            self.unsupported.append((t.name, family, node.line))
            return _call("wl_unsupported_type", _const(t.name), _const(family))
        return _const(None)

    def _elem_spec(self, t: WLType | None, node) -> tuple[ast.expr, ast.expr]:
        t = t or ANY
        conv = _name(_CONVERTERS[t.kind]) if t.kind in _CONVERTERS else _name("wl_same")
        if t.kind in _DEFAULTS:
            default = _const(_DEFAULTS[t.kind])
        elif t.kind in ("struct", "object"):
            default = _name(t.name)                      # a class: called for each new element
        elif t.kind in ("array", "assoc"):
            default = ast.Lambda(args=_no_args(), body=self._default_value(t, node))
        else:
            default = _const(None)
        return conv, default

    def _s_ScopeMarker(self, s: n.ScopeMarker, scope: Scope):
        scope.global_mode = s.scope == "global"
        return []

    def _s_StructDef(self, s: n.StructDef, scope: Scope):
        return []                                 # compiled (hoisted) by _collect_definitions

    def _compile_struct(self, s: n.StructDef, scope: Scope):
        cls = self.structs[fold(s.name)]
        fields_src = []
        body: list[ast.stmt] = []
        for decl in s.fields:
            t = self._type(decl.type)
            conv, default = self._elem_spec(t, decl)
            for fname in decl.names:
                if decl.init is not None:
                    value = self._expr(decl.init, scope)[0]
                    default = ast.Lambda(args=_no_args(), body=value)
                elif t.kind in _DEFAULTS or t.kind == "any":
                    default = ast.Lambda(args=_no_args(), body=default)
                fields_src.append((fname, conv, default))
                body.append(ast.AnnAssign(target=_store(fname), annotation=_name(
                    {"int": "int", "real": "float", "str": "str", "bool": "bool"}.get(t.kind, "object")),
                    value=None, simple=1))
        fields_dict = ast.Dict(keys=[_const(f) for f, _, _ in fields_src],
                               values=[ast.Tuple(elts=[c, d], ctx=ast.Load()) for _, c, d in fields_src])
        body.append(ast.Assign(targets=[_store("_fields")], value=fields_dict))
        cdef = ast.ClassDef(name=cls, bases=[_name("Structure")], keywords=[], body=body,
                            decorator_list=[], type_params=[])
        self.hoisted.append(_locate([cdef], s.line)[0])

    def _s_ConstDef(self, c: n.ConstDef, scope: Scope):
        value, vtype = self._expr(c.value, scope)
        var = self._new_var(self.module_scope, c.name, vtype, c, is_global=True)
        self.hoisted.append(_locate([ast.Assign(targets=[_store(var.pyname)], value=value)], c.line)[0])
        return []

    def _s_Procedure(self, s: n.Procedure, scope: Scope):
        return [self._compile_procedure(s, scope)]

    def _compile_procedure(self, proc: n.Procedure, parent: Scope) -> ast.FunctionDef:
        info = parent.find_proc(fold(proc.name))
        fscope = Scope(parent, info.name)
        fscope.proc = info
        args, defaults, prologue = [], [], []
        vararg = None
        for prm in proc.params:
            if prm.variadic:
                vararg = ast.arg(arg="MesParamètres")
                continue
            ptype = self._type(prm.type) if prm.type else ANY
            var = self._new_var(fscope, prm.name, ptype, prm)
            args.append(ast.arg(arg=var.pyname))
            if prm.default is not None:
                defaults.append(self._expr(prm.default, parent)[0])
            elif defaults:
                defaults.append(_const(None))
            if prm.type is not None and ptype.kind in _CONVERTERS:
                prologue.append(ast.Assign(targets=[_store(var.pyname)],
                                           value=_call(_CONVERTERS[ptype.kind], _name(var.pyname))))
            elif prm.local and ptype.kind in ("struct", "any"):
                prologue.append(ast.Assign(targets=[_store(var.pyname)],
                                           value=_call("wl_copy", _name(var.pyname))))
        self._collect_definitions(proc.body, fscope)
        body = self._block_with_sections(proc.body, fscope, proc.on_error, proc.on_exception)
        if info.byref:
            body.append(_locate([ast.Return(value=self._result_tuple(fscope, None))],
                                self._last_stmt_line(proc))[0])
        decls = self._scope_decls(fscope)
        fn = ast.FunctionDef(
            name=info.name,
            args=ast.arguments(posonlyargs=[], args=args, vararg=vararg, kwonlyargs=[], kw_defaults=[],
                               kwarg=None, defaults=defaults),
            body=decls + _locate(prologue, proc.line) + _hoist_defs(body) or [ast.Pass()],
            decorator_list=[], returns=None, type_params=[])
        if not fn.body:
            fn.body = [ast.Pass()]
        return _locate([fn], proc.line)[0]

    @staticmethod
    def _last_stmt_line(proc):
        return max([proc.line] + [s.line for s in proc.body if isinstance(s, n.Node)])

    def _result_tuple(self, scope: Scope, value: ast.expr | None) -> ast.expr:
        info = scope.proc
        written = [_name(scope.vars[fold(info.node.params[i].name)].pyname) for i in info.byref]
        return ast.Tuple(elts=[value if value is not None else _const(None)] + written, ctx=ast.Load())

    def _enclosing_proc(self, scope: Scope):
        return getattr(scope, "proc", None)

    def _s_Result(self, s: n.Result, scope: Scope):
        if self.mode == "repl" and scope is self.module_scope:
            return [ast.Raise(exc=_call("ScriptReturn"), cause=None)]
        info = self._enclosing_proc(scope)
        if not s.values:
            value = None
        elif len(s.values) == 1:
            value = self._expr(s.values[0], scope)[0]
            if info is not None and info.returns.kind in _CONVERTERS:
                value = self._convert(s.values[0], info.returns, scope)
        else:
            value = ast.Tuple(elts=[self._expr(v, scope)[0] for v in s.values], ctx=ast.Load())
        if info is not None and info.byref:
            return [ast.Return(value=self._result_tuple(scope, value))]
        return [ast.Return(value=value)]

    def _s_Return(self, s: n.Return, scope: Scope):
        if self.mode == "repl" and scope is self.module_scope:
            return [ast.Raise(exc=_call("ScriptReturn"), cause=None)]   # ends a :load-ed script
        info = self._enclosing_proc(scope)
        if info is not None and info.byref:
            return [ast.Return(value=self._result_tuple(scope, None))]
        return [ast.Return(value=None)]

    def _s_Break(self, s, scope):
        return [ast.Break()]

    def _s_Continue(self, s, scope):
        return [ast.Continue()]

    def _s_ExprStmt(self, s: n.ExprStmt, scope: Scope):
        expr = s.expr
        if isinstance(expr, n.Name):               # a procedure called without parentheses
            _refuse_keyword(expr)
            expr = n.Call(func=expr, args=[], line=expr.line, col=expr.col)
        if not isinstance(expr, n.Call):
            raise CompileError("this expression is not a statement (expected a call or an assignment)",
                               s.line, s.col)
        pretty = self._byref_call_statement(expr, scope)
        if pretty is not None:
            return pretty
        value = self._expr(expr, scope)[0]
        if self.mode == "repl" and scope is self.module_scope:
            return [ast.Expr(_call("wl_echo", value))]      # the REPL shows a call's result
        return [ast.Expr(value)]

    def _byref_call_statement(self, call: n.Call, scope: Scope):
        """`Incremente(n)` on its own line -> `_, n = Incremente(n)`."""
        info = self._user_proc(call, scope)
        if info is None or not info.byref:
            return None
        targets: list[ast.expr] = [_store("_")]
        for pos in info.byref:
            arg = call.args[pos] if pos < len(call.args) else None
            targets.append(self._lvalue(arg, scope) if self._is_lvalue(arg, scope) else _store("_"))
        value = self._plain_call(info, call, scope)
        return [ast.Assign(targets=[ast.Tuple(elts=targets, ctx=ast.Store())], value=value)]

    def _is_lvalue(self, node, scope) -> bool:
        if isinstance(node, n.Name):
            return self._resolve_var(scope, node.name, node) is not None
        return isinstance(node, (n.Member, n.Index))

    def _s_Assign(self, s: n.Assign, scope: Scope):
        target = s.target
        if isinstance(target, n.Tuple):
            value = self._expr(s.value, scope)[0]
            elts = [self._lvalue(t, scope) for t in target.items]
            return [ast.Assign(targets=[ast.Tuple(elts=elts, ctx=ast.Store())], value=value)]
        ttype = self._target_type(target, scope)
        if s.op == "=":
            value = self._convert(s.value, ttype, scope)
        else:
            op = s.op[0]
            combined = n.BinOp(op=op, left=target, right=s.value, line=s.line, col=s.col)
            value = self._convert(combined, ttype, scope)
            store = self._lvalue(target, scope)
            if isinstance(store, ast.Name) and isinstance(value, ast.BinOp) \
                    and isinstance(value.left, ast.Name) and value.left.id == store.id:
                return [ast.AugAssign(target=store, op=value.op, value=value.right)]   # n += 1
            return [ast.Assign(targets=[store], value=value)]
        return [ast.Assign(targets=[self._lvalue(target, scope)], value=value)]

    def _s_IncDec(self, s: n.IncDec, scope: Scope):
        one = n.Literal(value=1, line=s.line, col=s.col)
        return self._s_Assign(n.Assign(target=s.target, op="+=" if s.op == "++" else "-=", value=one,
                                       line=s.line, col=s.col), scope)

    def _target_type(self, target, scope) -> WLType:
        if isinstance(target, n.Name):
            var = self._resolve_var(scope, target.name, target)
            return var.type if var else ANY
        if isinstance(target, n.Index):
            t = self._expr_type(target.obj, scope)
            return t.elem or ANY if t.kind in ("array", "assoc") else ANY
        if isinstance(target, n.Member):
            return self._member_type(target, scope)
        return ANY

    def _lvalue(self, target, scope: Scope) -> ast.expr:
        if isinstance(target, n.Name):
            var = self._resolve_var(scope, target.name, target)
            if var is None:
                raise CompileError(f"undeclared variable {target.name}", target.line, target.col)
            self._note_store(scope, var)
            return _store(var.pyname)
        if isinstance(target, n.Member):
            obj = self._expr(target.obj, scope)[0]
            return ast.Attribute(value=obj, attr=self._member_name(target, scope), ctx=ast.Store())
        if isinstance(target, n.Index):
            obj = self._expr(target.obj, scope)[0]
            return ast.Subscript(value=obj, slice=self._index_slice(target, scope), ctx=ast.Store())
        if isinstance(target, n.Substring):
            raise CompileError("assigning to a substring is not supported by wlmail", target.line, target.col)
        raise CompileError("cannot assign to this expression", target.line, target.col)

    def _s_If(self, s: n.If, scope: Scope):
        orelse = self._block(s.orelse, scope) if s.orelse else []
        for cond, body in reversed(s.branches[1:]):
            node = ast.If(test=self._cond(cond, scope), body=self._block(body, scope) or [ast.Pass()], orelse=orelse)
            orelse = _locate([node], cond.line)
        cond, body = s.branches[0]
        return [ast.If(test=self._cond(cond, scope), body=self._block(body, scope) or [ast.Pass()], orelse=orelse)]

    def _s_Switch(self, s: n.Switch, scope: Scope):
        out = []
        subject_ast, stype = self._expr(s.subject, scope)
        if isinstance(s.subject, (n.Name, n.Literal)):
            subject = s.subject
        else:
            tmp = self._temp("selon")
            out.append(ast.Assign(targets=[_store(tmp)], value=subject_ast))
            subject = n.Name(name=tmp, line=s.line, col=s.col)
            scope.vars[fold(tmp)] = Var(pyname=tmp, type=stype, owner=scope)
        orelse = self._block(s.other, scope) if s.other else []
        for items, body in reversed(s.cases):
            tests = [self._case_test(subject, item, scope) for item in items]
            test = tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.Or(), values=tests)
            line = items[0].line if items else s.line
            orelse = _locate([ast.If(test=test, body=self._block(body, scope) or [ast.Pass()], orelse=orelse)], line)
        return out + orelse

    def _case_test(self, subject, item: n.CaseItem, scope) -> ast.expr:
        def cmp(op, a, b):
            return self._expr(n.Compare(ops=[op], operands=[a, b], line=item.line, col=item.col), scope)[0]
        if item.kind == "value":
            return cmp("=", subject, item.a)
        if item.kind == "range":
            return self._expr(n.Compare(ops=["<=", "<="], operands=[item.a, subject, item.b],
                                        line=item.line, col=item.col), scope)[0]
        if item.kind == "upto":
            return cmp("<=", subject, item.b)
        if item.kind == "from":
            return cmp(">=", subject, item.a)
        if item.kind == "compare":
            return cmp(item.op, subject, item.b)
        return self._expr(n.Compare(ops=[item.op, item.op2], operands=[item.a, subject, item.b],
                                    line=item.line, col=item.col), scope)[0]

    def _s_While(self, s: n.While, scope: Scope):
        return [ast.While(test=self._cond(s.cond, scope), body=self._block(s.body, scope) or [ast.Pass()],
                          orelse=[])]

    def _s_Loop(self, s: n.Loop, scope: Scope):
        body = self._block(s.body, scope)
        if s.until is not None:                   # BOUCLE ... A FAIRE TANTQUE c
            stop = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=self._cond(s.until, scope)),
                          body=[ast.Break()], orelse=[])
            body.append(_locate([stop], s.until.line)[0])
        if s.count is not None:
            count = self._convert(s.count, INT, scope)
            return [ast.For(target=_store("_"), iter=_call("range", count), body=body or [ast.Pass()], orelse=[])]
        return [ast.While(test=_const(True), body=body or [ast.Pass()], orelse=[])]

    def _s_ForRange(self, s: n.ForRange, scope: Scope):
        var = self._resolve_var(scope, s.var, s) or self._new_var(scope, s.var, INT, s)
        self._note_store(scope, var)
        start, st = self._expr(s.start, scope)
        stop, sp = self._expr(s.stop, scope)
        step_node = s.step
        step_value = _literal_int(step_node) if step_node is not None else 1
        body = self._block(s.body, scope)
        assigned = {fold(x) for x in _assigned_names(s.body)}
        stop_is_stable = s.stop_once or isinstance(s.stop, n.Literal) or (
            isinstance(s.stop, n.Name) and fold(s.stop.name) not in assigned)
        ints = st.kind == "int" and sp.kind == "int" and var.type.kind in ("int", "any")
        if step_value is not None and step_value != 0 and ints and fold(s.var) not in assigned and stop_is_stable:
            bound = ast.BinOp(left=stop, op=ast.Add() if step_value > 0 else ast.Sub(), right=_const(1))
            args = [start, bound] + ([_const(step_value)] if step_value != 1 else [])
            return [ast.For(target=_store(var.pyname), iter=_call("range", *args), body=body or [ast.Pass()],
                            orelse=[])]
        # general form: WLangage re-evaluates the bound (and step) at each iteration
        out = [ast.Assign(targets=[_store(var.pyname)], value=start)]
        step = self._expr(step_node, scope)[0] if step_node is not None else _const(1)
        if step_value is not None:
            test = ast.Compare(left=_name(var.pyname), ops=[ast.LtE() if step_value >= 0 else ast.GtE()],
                               comparators=[stop])
        else:
            test = _call("wl_for_continues", _name(var.pyname), stop, step)
        incr = ast.AugAssign(target=_store(var.pyname), op=ast.Add(), value=step)
        loop_body = body or [ast.Pass()]
        # `continue` must still increment: run the body in a try/finally-free way by putting
        # the increment at the top of the next iteration.
        first = self._temp("premier")
        guard = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=_name(first)), body=[incr], orelse=[])
        reset = ast.Assign(targets=[_store(first)], value=_const(False))
        check = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test), body=[ast.Break()], orelse=[])
        out.append(ast.Assign(targets=[_store(first)], value=_const(True)))
        out.append(ast.While(test=_const(True), body=[guard, reset, check] + loop_body, orelse=[]))
        return out

    def _s_ForEach(self, s: n.ForEach, scope: Scope):
        coll, ctype = self._expr(s.collection, scope)
        if ctype.kind == "array":
            etype = ctype.elem or ANY
        elif ctype.kind == "assoc":
            etype = ctype.elem or ANY
        elif ctype.kind == "object" and "session" in fold(ctype.name):
            etype = WLType("object", name="WLEmail")
        else:
            etype = ANY
        var = self._resolve_var(scope, s.var, s) or self._new_var(scope, s.var, etype, s)
        self._note_store(scope, var)
        kvar = None
        if s.key is not None:
            kvar = self._resolve_var(scope, s.key, s) or self._new_var(scope, s.key, ANY, s)
            self._note_store(scope, kvar)
        body = self._block(s.body, scope) or [ast.Pass()]
        if ctype.kind == "object" and "session" in fold(ctype.name):
            iterable = _call("iterate_session", coll, unread_only=_const(s.unread))
        elif s.unread or ctype.kind in ("any", "unsupported"):
            iterable = _call("wl_each", coll, unread_only=_const(s.unread)) if s.unread else _call("wl_each", coll)
        else:
            iterable = coll
        if kvar is not None:
            target = ast.Tuple(elts=[_store(var.pyname), _store(kvar.pyname)], ctx=ast.Store())
            iterable = _call("wl_items", coll)
            return [ast.For(target=target, iter=iterable, body=body, orelse=[])]
        return [ast.For(target=_store(var.pyname), iter=iterable, body=body, orelse=[])]

    def _s_Try(self, s: n.Try, scope: Scope):
        handler = [_locate([ast.Expr(_call("wl_exception", _name("_exception")))], s.line)[0]] + \
            self._block(s.handler, scope)
        return [ast.Try(body=self._block(s.body, scope) or [ast.Pass()],
                        handlers=[ast.ExceptHandler(type=_name("Exception"), name="_exception", body=handler)],
                        orelse=[], finalbody=[])]

    # ---- expressions ------------------------------------------------------------------
    def _temp(self, hint: str) -> str:
        self.temp_counter += 1
        return f"_{hint}{self.temp_counter}"

    def _cond(self, node, scope) -> ast.expr:
        expr, t = self._expr(node, scope)
        if t.kind in _NUMERIC:
            return expr
        return _call("wl_bool", expr)

    def _convert(self, node, target: WLType, scope) -> ast.expr:
        expr, t = self._expr(node, scope)
        kind = target.kind
        if kind == "array" and isinstance(node, n.ArrayLit):      # typed elements: [1, 2] in a tableau de chaînes
            conv, default = self._elem_spec(target.elem, node)
            return _call("wl_array", conv, default, items=ast.Tuple(elts=expr.args, ctx=ast.Load()))
        if kind in ("any", "unsupported", "array", "assoc", "object"):
            return expr
        if kind == "struct":
            return _call("wl_copy", expr) if t.kind == "struct" or t.kind == "any" else expr
        if t.kind == kind or (kind == "real" and t.kind == "int"):
            return expr
        if isinstance(expr, ast.Constant) and kind in _CONVERTERS:
            from ..runtime import values
            conv = {"int": values.to_int, "real": values.to_real, "str": values.to_str,
                    "bool": values.to_bool, "buffer": values.to_buffer}[kind]
            if expr.value is not None:
                return _const(conv(expr.value))
        return _call(_CONVERTERS[kind], expr)

    def _expr_type(self, node, scope) -> WLType:
        return self._expr(node, scope)[1]

    def _expr(self, node, scope: Scope) -> tuple[ast.expr, WLType]:
        method = getattr(self, "_e_" + type(node).__name__)
        return method(node, scope)

    def _e_Literal(self, e: n.Literal, scope):
        v = e.value
        if v is DEFAULT_ARG:
            raise CompileError("'*' (keep the default value) is only allowed as a procedure argument",
                               e.line, e.col)
        kind = {int: INT, float: REAL, str: STR, bool: BOOL, bytes: BUFFER}.get(type(v), ANY)
        return _const(v), kind

    def _e_Name(self, e: n.Name, scope: Scope):
        var = self._resolve_var(scope, e.name, e)
        if var is not None:
            return _name(var.pyname), var.type
        folded = fold(e.name)
        if folded in vocab.LITERALS:
            v = vocab.LITERALS[folded]
            return _const(v), BOOL if isinstance(v, bool) else ANY
        _refuse_keyword(e)
        proc = scope.find_proc(folded)
        if proc is not None:                      # a procedure called without parentheses
            return self._e_Call(n.Call(func=e, args=[], line=e.line, col=e.col), scope)
        canonical, obj = vocab.lookup(e.name)
        if canonical is not None:
            if folded in vocab.PSEUDO_VARIABLES:
                return _call(canonical), BOOL
            if isinstance(obj, bool):
                return _name(canonical), BOOL
            if isinstance(obj, int):
                return _name(canonical), INT
            if isinstance(obj, str):
                return _name(canonical), STR
            if canonical == "Email":
                return _name(canonical), WLType("object", name="EmailStructure")
            return _name(canonical), ANY
        raise CompileError(f"undeclared variable {e.name}", e.line, e.col)

    def _e_Tuple(self, e: n.Tuple, scope):
        return ast.Tuple(elts=[self._expr(i, scope)[0] for i in e.items], ctx=ast.Load()), ANY

    def _e_ArrayLit(self, e: n.ArrayLit, scope):
        items = [self._expr(i, scope)[0] for i in e.items]
        return _call("wl_array_of", *items), WLType("array", elem=ANY)

    def _e_BinOp(self, e: n.BinOp, scope):
        left, lt = self._expr(e.left, scope)
        right, rt = self._expr(e.right, scope)
        both_numeric = lt.kind in ("int", "real") and rt.kind in ("int", "real")
        if e.op == "+":
            if both_numeric:
                return ast.BinOp(left=left, op=ast.Add(), right=right), REAL if "real" in (lt.kind, rt.kind) else INT
            if lt.kind == "str" and rt.kind == "str":
                return ast.BinOp(left=left, op=ast.Add(), right=right), STR
            if lt.kind == "str" or rt.kind == "str":
                left = left if lt.kind == "str" else _call("str" if lt.kind == "int" else "wl_str", left)
                right = right if rt.kind == "str" else _call("str" if rt.kind == "int" else "wl_str", right)
                return ast.BinOp(left=left, op=ast.Add(), right=right), STR
            return _call("wl_add", left, right), ANY
        if both_numeric:
            if e.op == "/":
                return _call("wl_div", left, right) if not _nonzero_const(right) else \
                    ast.BinOp(left=left, op=ast.Div(), right=right), REAL
            pyop = {"-": ast.Sub(), "*": ast.Mult(), "%": ast.Mod(), "^": ast.Pow()}[e.op]
            if e.op == "%" and not _nonzero_const(right):
                return _call("wl_arith", _const("%"), left, right), ANY
            kind = REAL if "real" in (lt.kind, rt.kind) or e.op == "^" and _negative(right) else INT
            return ast.BinOp(left=left, op=pyop, right=right), kind
        return _call("wl_arith", _const(e.op), left, right), ANY

    def _e_Unary(self, e: n.Unary, scope):
        operand, t = self._expr(e.operand, scope)
        if e.op == "pas":
            return ast.UnaryOp(op=ast.Not(), operand=operand if t.kind in _NUMERIC else _call("wl_bool", operand)), BOOL
        if e.op == "+":
            return operand, t
        if t.kind in ("int", "real"):
            if isinstance(operand, ast.Constant):
                return _const(-operand.value), t
            return ast.UnaryOp(op=ast.USub(), operand=operand), t
        return ast.UnaryOp(op=ast.USub(), operand=_call("wl_number", operand)), ANY

    _CMP = {"=": ast.Eq, "<>": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE}
    _CMP_HELPERS = {"=": "wl_eq", "<>": "wl_ne", "<": "wl_lt", "<=": "wl_le", ">": "wl_gt", ">=": "wl_ge"}

    def _e_Compare(self, e: n.Compare, scope):
        compiled = [self._expr(o, scope) for o in e.operands]
        kinds = {t.kind for _, t in compiled}
        if kinds <= {"int", "real", "bool"} or kinds == {"str"}:
            return ast.Compare(left=compiled[0][0], ops=[self._CMP[o]() for o in e.ops],
                               comparators=[c for c, _ in compiled[1:]]), BOOL
        parts = []
        for i, op in enumerate(e.ops):
            parts.append(_call(self._CMP_HELPERS[op], compiled[i][0], compiled[i + 1][0]))
        return (parts[0] if len(parts) == 1 else ast.BoolOp(op=ast.And(), values=parts)), BOOL

    def _e_FlexCompare(self, e: n.FlexCompare, scope):
        return _call("wl_flex", _const(e.op), self._expr(e.left, scope)[0], self._expr(e.right, scope)[0]), BOOL

    def _e_InOp(self, e: n.InOp, scope):
        left = self._expr(e.left, scope)[0]
        choices = [self._expr(c, scope)[0] for c in e.choices]
        test = _call("wl_in", left, *choices)
        return (ast.UnaryOp(op=ast.Not(), operand=test) if e.negated else test), BOOL

    def _e_BoolOp(self, e: n.BoolOp, scope):
        # wlmail evaluates ET/OU like _ET_/_OU_ (short-circuit, WINDEV's optimised mode)
        values = [self._cond(e.left, scope), self._cond(e.right, scope)]
        return ast.BoolOp(op=ast.And() if e.op == "and" else ast.Or(), values=values), BOOL

    def _e_Ternary(self, e: n.Ternary, scope):
        then, tt = self._expr(e.then, scope)
        other, ot = self._expr(e.other, scope)
        return ast.IfExp(test=self._cond(e.cond, scope), body=then, orelse=other), tt if tt == ot else ANY

    def _e_Substring(self, e: n.Substring, scope):
        obj = self._expr(e.obj, scope)[0]
        a = self._expr(e.a, scope)[0] if e.a is not None else _const(None)
        b = self._expr(e.b, scope)[0] if e.b is not None else _const(None)
        if e.kind == "char":
            return _call("wl_char_at", obj, a), STR
        if e.kind == "length":
            return _call("wl_substring", obj, a, length=b), STR
        return _call("wl_substring", obj, a, b), STR

    def _index_slice(self, e: n.Index, scope) -> ast.expr:
        idx = [self._expr(i, scope)[0] for i in e.indexes]
        return idx[0] if len(idx) == 1 else ast.Tuple(elts=idx, ctx=ast.Load())

    def _e_Index(self, e: n.Index, scope):
        obj, t = self._expr(e.obj, scope)
        etype = (t.elem or ANY) if t.kind in ("array", "assoc") else ANY
        if t.kind == "str" and len(e.indexes) == 1:       # legacy s[i] on a chaîne
            return _call("wl_char_at", obj, self._expr(e.indexes[0], scope)[0]), STR
        return ast.Subscript(value=obj, slice=self._index_slice(e, scope), ctx=ast.Load()), etype

    # members and properties
    def _member_name(self, e: n.Member, scope) -> str:
        t = self._expr_type(e.obj, scope)
        if t.kind == "struct":
            for key, cls in self.structs.items():
                if cls == t.name:
                    return self._struct_field(key, e.name) or e.name
        if t.kind == "object":
            resolver = getattr(self._runtime_class(t), "_resolve", None)
            if resolver is not None:
                resolved = resolver(e.name)
                if resolved:
                    return resolved
        if t.kind == "array":
            from ..runtime.values import _ARRAY_NAMES
            return _ARRAY_NAMES.get(fold(e.name), e.name)
        return e.name

    def _struct_field(self, struct_key, name):
        decl = self._struct_fields.get(struct_key)
        return None if decl is None else decl.get(fold(name))

    def _member_type(self, e: n.Member, scope) -> WLType:
        t = self._expr_type(e.obj, scope)
        if t.kind == "array" and fold(e.name) in ("occurrence", "count", "nbelement"):
            return INT
        if t.kind == "struct":
            return self._struct_types.get(t.name, {}).get(fold(e.name), ANY)
        if t.kind == "object":
            return _runtime_member_type(self._runtime_class(t), self._member_name(e, scope))
        return ANY

    @staticmethod
    def _runtime_class(t: WLType):
        if t.name == "EmailStructure":           # the global `Email`: a per-thread structure
            from ..runtime.email.types import WLEmailStructure
            return WLEmailStructure
        return vocab.lookup(t.name)[1]

    def _e_Member(self, e: n.Member, scope):
        obj, t = self._expr(e.obj, scope)
        return ast.Attribute(value=obj, attr=self._member_name(e, scope), ctx=ast.Load()), self._member_type(e, scope)

    # calls
    def _user_proc(self, call: n.Call, scope) -> ProcInfo | None:
        if isinstance(call.func, n.Name) and self._resolve_var(scope, call.func.name, call.func) is None:
            return scope.find_proc(fold(call.func.name))
        return None

    def _args(self, call: n.Call, scope, params=None) -> tuple[list, list]:
        args, kwargs = [], []
        skipped = False
        for i, a in enumerate(call.args):
            if a is None or (isinstance(a, n.Literal) and a.value is DEFAULT_ARG):
                skipped = True
                continue
            value = self._expr(a, scope)[0]
            if skipped and params is not None and i < len(params):
                kwargs.append(ast.keyword(arg=self._py_name(params[i].name), value=value))
            else:
                args.append(value)
        return args, kwargs

    def _plain_call(self, info: ProcInfo, call: n.Call, scope) -> ast.Call:
        args, kwargs = self._args(call, scope, info.node.params)
        nparams = len([p for p in info.node.params if not p.variadic])
        if len(args) > nparams and not any(p.variadic for p in info.node.params):
            raise CompileError(f"{info.node.name} takes {nparams} parameter(s), {len(args)} given",
                               call.line, call.col)
        return ast.Call(func=_name(info.name), args=args, keywords=kwargs)

    def _e_Call(self, e: n.Call, scope: Scope):
        info = self._user_proc(e, scope)
        if info is not None:
            call = self._plain_call(info, e, scope)
            if not info.byref:
                return call, info.returns
            return self._byref_call_expression(info, e, call, scope), info.returns
        if isinstance(e.func, n.Name):
            var = self._resolve_var(scope, e.func.name, e.func)
            if var is None:
                return self._runtime_call(e.func.name, e, scope, [])
        if isinstance(e.func, n.Member):
            return self._method_call(e, scope)
        func = self._expr(e.func, scope)[0]
        args, kwargs = self._args(e, scope)
        return ast.Call(func=func, args=args, keywords=kwargs), ANY

    def _byref_call_expression(self, info, call, compiled, scope) -> ast.expr:
        """In an expression: `(_r := P(a), a := _r[1])[0][0]` writes the by-ref params back."""
        tmp = self._temp("r")
        tvar = Var(pyname=tmp, type=ANY, owner=scope)
        scope.vars[fold(tmp)] = tvar
        parts: list[ast.expr] = [ast.NamedExpr(target=_store(tmp), value=compiled)]
        for k, pos in enumerate(info.byref, start=1):
            arg = call.args[pos] if pos < len(call.args) else None
            if arg is None or not self._is_lvalue(arg, scope):
                continue
            value = ast.Subscript(value=_name(tmp), slice=_const(k), ctx=ast.Load())
            if isinstance(arg, n.Name):
                var = self._resolve_var(scope, arg.name, arg)
                self._note_store(scope, var)
                parts.append(ast.NamedExpr(target=_store(var.pyname), value=value))
            elif isinstance(arg, n.Member):
                parts.append(_call("setattr", self._expr(arg.obj, scope)[0], _const(self._member_name(arg, scope)),
                                   value))
            else:
                parts.append(_call("wl_setitem", self._expr(arg.obj, scope)[0], self._index_slice(arg, scope), value))
        return ast.Subscript(value=ast.Subscript(value=ast.Tuple(elts=parts, ctx=ast.Load()), slice=_const(0),
                                                 ctx=ast.Load()), slice=_const(0), ctx=ast.Load())

    def _runtime_call(self, name: str, e: n.Call, scope, prefix: list):
        canonical, obj = vocab.lookup(name)
        if canonical is None or not callable(obj):
            # arguments of an unsupported call often name files, items or controls: keep them as text
            family = family_of(name)
            self.unsupported.append((name, family, e.line))
            return _call("wl_unsupported", _const(name), _const(family)), ANY
        args, kwargs = self._args(e, scope)
        args = prefix + args
        if vocab.is_runtime_class(obj):
            return ast.Call(func=_name(canonical), args=args, keywords=kwargs), WLType("object", name=canonical)
        kind = vocab.return_kind(obj)
        rtype = {"int": INT, "str": STR, "real": REAL, "bool": BOOL, "buffer": BUFFER}.get(kind, ANY)
        return ast.Call(func=_name(canonical), args=args, keywords=kwargs), rtype

    def _method_call(self, e: n.Call, scope):
        member: n.Member = e.func
        obj, t = self._expr(member.obj, scope)
        folded = fold(member.name)
        has_method = False
        if t.kind == "object":
            resolver = getattr(self._runtime_class(t), "_resolve", None)
            has_method = resolver is not None and resolver(member.name) is not None
        elif t.kind in ("array", "assoc"):
            from ..runtime.values import _ARRAY_NAMES
            has_method = folded in _ARRAY_NAMES or folded in ("existe", "supprime", "supprimetout")
        canonical, fn = vocab.lookup(member.name)
        if not has_method and canonical is not None and callable(fn) and not vocab.is_runtime_class(fn) \
                and t.kind not in ("object", "struct"):
            # prefixed syntax: s.ExtraitChaîne(2, "=") is ExtraitChaîne(s, 2, "=")
            return self._runtime_call(member.name, e, scope, [obj])
        args, kwargs = self._args(e, scope)
        attr = ast.Attribute(value=obj, attr=self._member_name(member, scope), ctx=ast.Load())
        rtype = INT if t.kind == "array" and folded in ("ajoute", "add", "cherche", "find") else ANY
        return ast.Call(func=attr, args=args, keywords=kwargs), rtype


# Keywords the contextual lexer may hand over as names where the keyword cannot stand
# (a FIN with no open block, SI ALORS without a condition).
_KEYWORDS = {fold(k) for k in (
    "FIN", "END", "SINON", "ELSE", "ALORS", "THEN", "SI", "IF", "TANTQUE", "WHILE", "POUR", "FOR", "BOUCLE",
    "LOOP", "SELON", "SWITCH", "CAS", "CASE", "FAIRE", "DO", "RENVOYER", "RESULT", "RETOUR", "RETURN",
    "SORTIR", "BREAK", "CONTINUER", "CONTINUE", "PROCÉDURE", "PROCEDURE", "FONCTION", "FUNCTION",
    "ET", "AND", "OU", "OR", "PAS", "NOT", "DANS")}


def _refuse_keyword(name: n.Name) -> None:
    if fold(name.name) in _KEYWORDS:
        raise CompileError(f"unexpected {name.name}", name.line, name.col)


def _runtime_member_type(cls, attr: str) -> WLType:
    """The type of a runtime object's property, from the converter it declares
    (`_SCALARS`/`_fields` tables or a typed descriptor), so `m.Sujet + "x"` needs no wl_str."""
    from ..runtime import values
    kinds = {values.to_str: STR, values.to_int: INT, values.to_bool: BOOL, values.to_real: REAL}
    if cls is None:
        return ANY
    array = getattr(cls, "_ARRAYS", {}).get(attr)
    if array is not None:                       # e.g. Attache: tableau de emailAttache
        elem = array[1]
        return WLType("array", elem=WLType("object", name=elem.__name__) if isinstance(elem, type) else
                      kinds.get(array[0], ANY))
    for table in ("_SCALARS", "_fields"):
        spec = getattr(cls, table, {}).get(attr)
        if spec is not None:
            return kinds.get(spec[0], ANY)
    descriptor = getattr(cls, "__dict__", {}).get(attr) or next(
        (k.__dict__[attr] for k in getattr(cls, "__mro__", ()) if attr in k.__dict__), None)
    convert = getattr(descriptor, "convert", None)
    if attr.startswith("Nb") and isinstance(descriptor, property):
        return INT
    return kinds.get(convert, ANY)


def _hoist_defs(body: list[ast.stmt]) -> list[ast.stmt]:
    """Internal procedures (with their source marker) go first, so they can be called
    from anywhere in the enclosing code."""
    defs, rest = [], []
    for i, stmt in enumerate(body):
        if isinstance(stmt, ast.FunctionDef):
            if rest and _is_marker(rest[-1]):
                defs.append(rest.pop())
            defs.append(stmt)
        else:
            rest.append(stmt)
    return defs + rest


def _is_marker(stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
        and isinstance(stmt.value.value, str) and stmt.value.value.startswith(MARKER)


def _no_args() -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])


def _literal_int(node) -> int | None:
    if isinstance(node, n.Literal) and type(node.value) is int:
        return node.value
    if isinstance(node, n.Unary) and node.op == "-" and isinstance(node.operand, n.Literal) \
            and type(node.operand.value) is int:
        return -node.operand.value
    return None


def _nonzero_const(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float)) and expr.value != 0


def _negative(expr: ast.expr) -> bool:
    return not (isinstance(expr, ast.Constant) and isinstance(expr.value, int) and expr.value >= 0)


def _walk_statements(stmts):
    """Every statement of a block, nested blocks included, internal procedures excluded."""
    for s in stmts:
        if isinstance(s, list):
            continue
        yield s
        if isinstance(s, n.Procedure):
            continue
        for child in _child_blocks(s):
            yield from _walk_statements(child)


def _child_blocks(s):
    if isinstance(s, n.If):
        for _, body in s.branches:
            yield body
        if s.orelse:
            yield s.orelse
    elif isinstance(s, n.Switch):
        for _, body in s.cases:
            yield body
        if s.other:
            yield s.other
    elif isinstance(s, (n.While, n.Loop, n.ForRange, n.ForEach)):
        yield s.body
    elif isinstance(s, n.Try):
        yield s.body
        yield s.handler


def _assigned_names(stmts) -> set[str]:
    """Folded names assigned anywhere in a block (by-reference analysis)."""
    names = set()
    for s in _walk_statements(stmts):
        if isinstance(s, (n.Assign, n.IncDec)):
            targets = s.target.items if isinstance(s.target, n.Tuple) else [s.target]
            for t in targets:
                if isinstance(t, n.Name):
                    names.add(fold(t.name))
        elif isinstance(s, (n.ForRange, n.ForEach)):
            names.add(fold(s.var))
            if isinstance(s, n.ForEach) and s.key:
                names.add(fold(s.key))
        elif isinstance(s, n.Decl):
            names.update(fold(x) for x in s.names)
    return names


def _calls(stmts):
    """Every call expression in a block."""
    for s in _walk_statements(stmts):
        for value in vars(s).values():
            yield from _calls_in(value)


def _calls_in(value):
    if isinstance(value, n.Call):
        yield value
    if isinstance(value, n.Node) and not isinstance(value, n.Procedure):
        for v in vars(value).values():
            if isinstance(v, (n.Node, list, tuple)):
                yield from _calls_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _calls_in(v)
