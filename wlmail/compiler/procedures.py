"""Procedures and structures: definitions, parameters (by value, by reference), results."""
from __future__ import annotations

import ast

from ..runtime.names import fold
from ..syntax import nodes as n
from .analysis import assigned_names, calls_in_block, walk_statements
from .pyast import call, const, hoist_defs, load, locate, no_args, store
from .scopes import CONVERTERS, DEFAULTS, CompileError, ProcInfo, Scope, Var
from .classes import SELF_WORDS
from .types import ANY


class ProceduresMixin:
    """The Compiler's part for procedures and structures."""

    # ---- declarations collected up front ------------------------------------------------
    def _declare_proc(self, scope: Scope, proc: n.Procedure, typed: bool = True):
        """Make a procedure known; `typed` False leaves its result type for `_type_result`,
        once the classes and structures it may return are declared."""
        pyname = self._py_name(proc.name, scope)
        info = ProcInfo(name=pyname, node=proc)
        scope.procs[fold(proc.name)] = info
        self.all_procs.append(info)
        if typed:
            self._type_result(info)

    def _type_result(self, info: ProcInfo):
        if info.node.return_type:
            rtypes = [self._type(t) for t in info.node.return_type]
            info.returns = rtypes[0] if len(rtypes) == 1 else ANY

    def _collect_definitions(self, stmts, scope: Scope):
        classes = []
        for stmt in stmts:                   # every class is known before any method is compiled
            if isinstance(stmt, n.ClassDef):
                self._declare_class(stmt, scope)
                classes.append(self.classes[fold(stmt.name)])
            elif isinstance(stmt, n.EnumDef):
                self._declare_enum(stmt, scope)
            elif isinstance(stmt, n.ConstDef) and scope is self.module_scope:
                self._s_ConstDef(stmt, scope)    # constants of the main code: procedures use them too
                self.early_constants.add(id(stmt))
        for info in classes:
            self._declare_members(info)
        for stmt in stmts:
            if isinstance(stmt, n.ClassDef):
                self._compile_class(self.classes[fold(stmt.name)])
            elif isinstance(stmt, n.StructDef):
                self.structs[fold(stmt.name)] = self._py_name(stmt.name, scope)
                self._struct_fields[fold(stmt.name)] = {fold(f): f for d in stmt.fields for f in d.names}
                self._struct_types[self.structs[fold(stmt.name)]] = {
                    fold(f): self._type(d.type) for d in stmt.fields for f in d.names}
                self._compile_struct(stmt, scope)
            elif isinstance(stmt, n.Procedure) and stmt.internal:
                self._declare_proc(scope, stmt)

    def _analyse_byref(self):
        procs = self.all_procs
        by_name = {fold(p.node.name): p for p in procs}
        written: dict[str, set[int]] = {}
        for p in procs:
            params = {fold(prm.name): i for i, prm in enumerate(p.node.params) if not prm.local and not prm.variadic}
            written[p.name] = {params[t] for t in assigned_names(p.node.body) if t in params}
        changed = True
        while changed:                       # a param passed on to a by-ref param is written too
            changed = False
            for p in procs:
                params = {fold(prm.name): i for i, prm in enumerate(p.node.params) if not prm.local and not prm.variadic}
                for site in calls_in_block(p.node.body):
                    callee = by_name.get(fold(site.func.name)) if isinstance(site.func, n.Name) else None
                    if callee is None:
                        continue
                    for pos in written[callee.name]:
                        if pos < len(site.args) and isinstance(site.args[pos], n.Name):
                            idx = params.get(fold(site.args[pos].name))
                            if idx is not None and idx not in written[p.name]:
                                written[p.name].add(idx)
                                changed = True
        for p in procs:
            p.byref = sorted(written[p.name])

    def _s_Procedure(self, s: n.Procedure, scope: Scope):
        if scope.find_proc(fold(s.name)) is None:    # an internal procedure inside a nested block
            self._declare_proc(scope, s)
        return [self._compile_procedure(s, scope)]

    def _compile_procedure(self, proc: n.Procedure, parent: Scope, info: ProcInfo | None = None,
                           receiver: Var | None = None, prologue=()) -> ast.FunctionDef:
        """A procedure; for a method, `info` is given and `receiver` is the object (self)."""
        info = info or parent.find_proc(fold(proc.name))
        fscope = Scope(parent, info.name)
        fscope.proc = info
        args, defaults, prologue = [], [], list(prologue)
        vararg = None
        if receiver is not None:
            receiver.owner = fscope
            args.append(ast.arg(arg=receiver.pyname))
            for word in SELF_WORDS:
                fscope.vars[word] = receiver
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
                defaults.append(const(None))
            if prm.type is not None and (ptype.kind in CONVERTERS or ptype.kind == "value"):
                convert = ptype.name if ptype.kind == "value" else CONVERTERS[ptype.kind]
                prologue.append(ast.Assign(targets=[store(var.pyname)], value=call(convert, load(var.pyname))))
            elif prm.local and ptype.kind in ("struct", "any"):
                prologue.append(ast.Assign(targets=[store(var.pyname)],
                                           value=call("wl_copy", load(var.pyname))))
        self._collect_definitions(proc.body, fscope)
        if any(isinstance(s, n.ReturnAssign) for s in walk_statements(proc.body)):
            info.result_var = self._temp("retour")       # RETOUR = valeur
            prologue.append(ast.Assign(targets=[store(info.result_var)], value=const(None)))
        body = self._block_with_sections(proc.body, fscope, proc.on_error, proc.on_exception,
                                         declared={fold(p.name): p.line for p in proc.params})
        if info.result_var:
            body.append(locate([ast.Return(value=self._result_value(fscope, None))], self._last_stmt_line(proc))[0])
        elif info.byref:
            body.append(locate([ast.Return(value=self._result_tuple(fscope, None))],
                                self._last_stmt_line(proc))[0])
        decls = self._scope_decls(fscope)
        fn = ast.FunctionDef(
            name=info.name,
            args=ast.arguments(posonlyargs=[], args=args, vararg=vararg, kwonlyargs=[], kw_defaults=[],
                               kwarg=None, defaults=defaults),
            body=decls + locate(prologue, proc.line) + hoist_defs(body) or [ast.Pass()],
            decorator_list=[], returns=None, type_params=[])
        if not fn.body:
            fn.body = [ast.Pass()]
        return locate([fn], proc.line)[0]

    @staticmethod
    def _last_stmt_line(proc):
        return max([proc.line] + [s.line for s in proc.body if isinstance(s, n.Node)])

    def _result_tuple(self, scope: Scope, value: ast.expr | None) -> ast.expr:
        info = scope.proc
        written = [load(scope.vars[fold(info.node.params[i].name)].pyname) for i in info.byref]
        return ast.Tuple(elts=[value if value is not None else const(None)] + written, ctx=ast.Load())

    def _enclosing_proc(self, scope: Scope):
        return getattr(scope, "proc", None)

    def _s_Result(self, s: n.Result, scope: Scope):
        if self.mode == "repl" and scope is self.module_scope:
            return [ast.Raise(exc=call("ScriptReturn"), cause=None)]
        info = self._enclosing_proc(scope)
        if not s.values:
            value = None
        elif len(s.values) == 1:
            value = self._expr(s.values[0], scope)[0]
            if info is not None and (info.returns.kind in CONVERTERS or info.returns.kind == "value"):
                value = self._convert(s.values[0], info.returns, scope)
        else:
            value = ast.Tuple(elts=[self._expr(v, scope)[0] for v in s.values], ctx=ast.Load())
        if info is not None and info.byref:
            return [ast.Return(value=self._result_tuple(scope, value))]
        return [ast.Return(value=value)]

    def _s_Return(self, s: n.Return, scope: Scope):
        if self.mode == "repl" and scope is self.module_scope:
            return [ast.Raise(exc=call("ScriptReturn"), cause=None)]   # ends a :load-ed script
        return [ast.Return(value=self._result_value(scope, None))]

    def _result_value(self, scope: Scope, value: ast.expr | None) -> ast.expr | None:
        """What RETOUR returns: the RETOUR = value if any, with the by-reference parameters."""
        info = self._enclosing_proc(scope)
        if info is not None and info.result_var and value is None:
            value = load(info.result_var)
        if info is not None and info.byref:
            return self._result_tuple(scope, value)
        return value

    def _s_ReturnAssign(self, s: n.ReturnAssign, scope: Scope):
        info = self._enclosing_proc(scope)
        if info is None or not info.result_var:
            raise CompileError("RETOUR = ... is only allowed in a procedure", s.line, s.col)
        value = self._convert(s.value, info.returns, scope) if info.returns.kind in CONVERTERS else \
            self._expr(s.value, scope)[0]
        return [ast.Assign(targets=[store(info.result_var)], value=value)]

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
                    default = ast.Lambda(args=no_args(), body=value)
                elif t.kind in DEFAULTS or t.kind == "any":
                    default = ast.Lambda(args=no_args(), body=default)
                fields_src.append((fname, conv, default))
                body.append(ast.AnnAssign(target=store(fname), annotation=load(
                    {"int": "int", "real": "float", "str": "str", "bool": "bool"}.get(t.kind, "object")),
                    value=None, simple=1))
        fields_dict = ast.Dict(keys=[const(f) for f, _, _ in fields_src],
                               values=[ast.Tuple(elts=[c, d], ctx=ast.Load()) for _, c, d in fields_src])
        body.append(ast.Assign(targets=[store("_fields")], value=fields_dict))
        cdef = ast.ClassDef(name=cls, bases=[load("Structure")], keywords=[], body=body,
                            decorator_list=[], type_params=[])
        self.hoisted.append(locate([cdef], s.line)[0])

    # calls
    def _user_proc(self, site: n.Call, scope) -> ProcInfo | None:
        if isinstance(site.func, n.Name) and self._resolve_var(scope, site.func.name, site.func) is None:
            return scope.find_proc(fold(site.func.name))
        return None

    def _plain_call(self, info: ProcInfo, site: n.Call, scope) -> ast.Call:
        args, kwargs = self._args(site, scope, info.node.params)
        nparams = len([p for p in info.node.params if not p.variadic])
        if len(args) > nparams and not any(p.variadic for p in info.node.params):
            raise CompileError(f"{info.node.name} takes {nparams} parameter(s), {len(args)} given",
                               site.line, site.col)
        return ast.Call(func=load(info.name), args=args, keywords=kwargs)

    def _byref_call_statement(self, site: n.Call, scope: Scope):
        """`Incremente(n)` on its own line -> `_, n = Incremente(n)`."""
        info = self._user_proc(site, scope)
        if info is None or not info.byref:
            return None
        targets: list[ast.expr] = [store("_")]
        for pos in info.byref:
            arg = site.args[pos] if pos < len(site.args) else None
            targets.append(self._lvalue(arg, scope) if self._is_lvalue(arg, scope) else store("_"))
        value = self._plain_call(info, site, scope)
        return [ast.Assign(targets=[ast.Tuple(elts=targets, ctx=ast.Store())], value=value)]

    def _byref_call_expression(self, info, site, compiled, scope) -> ast.expr:
        """In an expression: `(_r := P(a), a := _r[1])[0][0]` writes the by-ref params back."""
        tmp = self._temp("r")
        tvar = Var(pyname=tmp, type=ANY, owner=scope)
        scope.vars[fold(tmp)] = tvar
        parts: list[ast.expr] = [ast.NamedExpr(target=store(tmp), value=compiled)]
        for k, pos in enumerate(info.byref, start=1):
            arg = site.args[pos] if pos < len(site.args) else None
            if arg is None or not self._is_lvalue(arg, scope):
                continue
            value = ast.Subscript(value=load(tmp), slice=const(k), ctx=ast.Load())
            if isinstance(arg, n.Name):
                var = self._resolve_var(scope, arg.name, arg)
                self._note_store(scope, var)
                parts.append(ast.NamedExpr(target=store(var.pyname), value=value))
            elif isinstance(arg, n.Member):
                parts.append(call("setattr", self._expr(arg.obj, scope)[0], const(self._member_name(arg, scope)),
                                   value))
            else:
                parts.append(call("wl_setitem", self._expr(arg.obj, scope)[0], self._index_slice(arg, scope), value))
        return ast.Subscript(value=ast.Subscript(value=ast.Tuple(elts=parts, ctx=ast.Load()), slice=const(0),
                                                 ctx=ast.Load()), slice=const(0), ctx=ast.Load())
