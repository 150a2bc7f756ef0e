"""Declarations: names, types, variables and their scopes."""
from __future__ import annotations

import ast
import dataclasses

from ..runtime.names import fold
from ..syntax import nodes as n
from . import vocabulary as vocab
from .analysis import walk_statements
from .. import catalogue
from .families import type_family
from .pyast import call, const, load, locate, no_args, store
from .scopes import CONVERTERS, DEFAULTS, PY_RESERVED, CompileError, Scope, Var
from .types import ANY, WLType, parse_type


class DeclarationsMixin:
    """The Compiler's part for names, types, variables and scopes."""

    # ---- names ------------------------------------------------------------------------
    def _py_name(self, name: str, scope: Scope | None = None) -> str:
        py = name if name.isidentifier() else "".join(c if (c.isalnum() or c == "_") else "_" for c in name)
        if py in PY_RESERVED or py.startswith("wl_") or vocab.runtime_names().get(fold(py)) is not None:
            py += "_"
        return py

    def _type(self, spec) -> WLType:
        if spec is None:
            return ANY
        words = spec.words if isinstance(spec, n.TypeSpec) else spec
        if len(words) > 1 and fold(words[0]) in ("objet", "object"):     # o est un objet CClient
            words = words[1:]
            if [fold(w) for w in words] in (["dynamique"], ["dynamic"]):   # an object of any class
                return ANY
        try:
            t = parse_type(words, self._lookup_type)
        except ValueError:                      # tableau de 99999...9 entiers
            raise CompileError("invalid array dimension", spec.line, spec.col) from None
        if t.kind == "unsupported" and not t.family:
            family = type_family(words)
            if family is None and isinstance(spec, n.TypeSpec):
                raise self._unknown("unknown type", " ".join(words), spec, self._type_names(), ("type",))
            t = WLType("unsupported", name=t.name, family=family or "type unknown to wlmail")
        args = getattr(spec, "args", None)
        if args:                                # tableau associatif (<options>, <défaut>) de T
            if t.kind != "assoc":
                raise CompileError("only an associative array takes options in parentheses here",
                                   spec.line, spec.col)
            t = dataclasses.replace(t, args=tuple(args))
        return t

    def _lookup_type(self, folded: str) -> WLType | None:
        if folded in self.classes:
            return WLType("class", name=self.classes[folded].pyname)
        if folded in self.enums:
            return WLType("enum", name=self.enums[folded][0])
        if folded in self.structs:
            return WLType("struct", name=self.structs[folded])
        if folded == "email":
            return WLType("object", name="WLEmail")
        canonical, obj = vocab.lookup(folded)
        if canonical is not None and vocab.is_runtime_class(obj):
            return WLType("object", name=canonical)
        family = type_family([folded])                # a real WLangage type wlmail does not implement
        if family is not None:
            return WLType("unsupported", name=folded, family=family)
        return None

    # ---- names nobody declared ---------------------------------------------------------
    def _unknown(self, what: str, name: str, node: n.Node, extra, kinds) -> CompileError:
        """`unknown function Tarce; did you mean Trace?`, at the name."""
        guesses = catalogue.closest(name, 3, extra, kinds, more=vocab.runtime_names().values())
        hint = ""
        if guesses:
            hint = "; did you mean " + (guesses[0] if len(guesses) == 1 else
                                        ", ".join(guesses[:-1]) + " or " + guesses[-1]) + "?"
        return CompileError(f"{what} {name}{hint}", node.line, node.col, unknown=name)

    def _script_names(self, scope: Scope) -> list[str]:
        """The names a script declares where `scope` is: variables, procedures, structures."""
        names = []
        while scope is not None:
            names += [v.pyname.rstrip("_") for v in scope.vars.values()]
            names += [p.node.name for p in scope.procs.values()]
            scope = scope.parent
        return names + [decl_name for decl_name in self.main_decls]

    def _type_names(self) -> list[str]:
        classes = [name for name, obj in vocab.runtime_namespace().items() if vocab.is_runtime_class(obj)]
        return classes + list(self.structs.values())

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
        return locate(out, 1)

    def _scan_main_decls(self, stmts):
        for stmt in walk_statements(stmts):
            if isinstance(stmt, n.Decl) and stmt.scope != "global":
                for name in stmt.names:
                    self.main_decls.setdefault(fold(name), stmt)

    # ---- expressions ------------------------------------------------------------------
    def _temp(self, hint: str) -> str:
        self.temp_counter += 1
        return f"_{hint}{self.temp_counter}"

    def _s_Decl(self, s: n.Decl, scope: Scope):
        target_scope = scope
        if s.scope == "global" or scope.global_mode:
            target_scope = self.module_scope
        if s.type is None:                      # soit x = expr, soit (x, y) = (1, "A")
            value, vtype = self._expr(s.init, scope)
            if vtype.kind == "value":           # soit DateFin = DateDébut: a copy
                value = call(vtype.name, value)
            types = [self._expr_type(i, scope) for i in s.init.items] \
                if isinstance(s.init, n.Tuple) and len(s.init.items) == len(s.names) else [vtype] * len(s.names)
            targets = []
            for name, wtype in zip(s.names, types if len(s.names) > 1 else [vtype]):
                var = self._new_var(target_scope, name, wtype, s)
                self._note_store(scope, var)
                targets.append(store(var.pyname))
            target = targets[0] if len(targets) == 1 else ast.Tuple(elts=targets, ctx=ast.Store())
            return [ast.Assign(targets=[target], value=value)]
        wtype = self._type(s.type)
        out = []
        for i, name in enumerate(s.names):
            var = self._new_var(target_scope, name, wtype, s, is_global=target_scope is self.module_scope)
            self._note_store(scope, var)
            if s.init is not None and i == len(s.names) - 1:
                value = self._convert(s.init, wtype, scope)
            elif wtype.kind == "class" and _dynamic(s.type):
                value = const(None)                 # o est un CClient dynamique: allouer later
            elif s.args and wtype.kind not in ("class", "struct", "object"):
                self.error(f"{' '.join(s.type.words)} takes no constructor arguments", s)
                value = self._default_value(wtype, s, scope)
            else:
                value = self._default_value(wtype, s, scope)
            out.append(ast.Assign(targets=[store(var.pyname)], value=value))
        return out

    def _default_value(self, t: WLType, node: n.Node, scope: Scope | None = None) -> ast.expr:
        if t.kind in DEFAULTS:
            return const(DEFAULTS[t.kind])
        if t.kind in ("class", "struct", "object"):   # o est un CClient(a, b): the constructor runs
            args = [self._expr(a, scope or self.module_scope)[0] for a in (getattr(node, "args", None) or [])]
            return call(t.name, *args)
        if t.kind == "enum":                    # the first value of the enumeration
            return ast.Attribute(value=load(t.name), attr="_default", ctx=ast.Load())
        if t.kind == "array":
            conv, default = self._elem_spec(t.elem, node)
            kwargs = {"size": self._expr(n.Literal(value=t.size, line=node.line, col=node.col), None)[0]} \
                if t.size is not None else {}
            return call("wl_array", conv, default, **kwargs)
        if t.kind == "assoc":
            conv, default = self._elem_spec(t.elem, node)
            if len(t.args) > 1:                         # (options, default value): the declared default
                default = self._convert(t.args[1], t.elem or ANY, self.module_scope)
            options = [self._expr(t.args[0], self.module_scope)[0]] if t.args else []
            return call("wl_assoc", conv, default, *options)
        if t.kind == "value":
            return call(t.name)
        if t.kind == "unsupported":
            family = t.family or "type unknown to wlmail"
            self.unsupported.append((t.name, family, node.line))
            return call("wl_unsupported_type", const(t.name), const(family))
        return const(None)

    def _elem_spec(self, t: WLType | None, node) -> tuple[ast.expr, ast.expr]:
        t = t or ANY
        conv = load(CONVERTERS[t.kind]) if t.kind in CONVERTERS else load(t.name) if t.kind == "value" \
            else load("wl_same")
        if t.kind in DEFAULTS:
            default = const(DEFAULTS[t.kind])
        elif t.kind in ("struct", "object", "class", "value"):
            default = load(t.name)                      # a class: called for each new element
        elif t.kind in ("array", "assoc"):
            default = ast.Lambda(args=no_args(), body=self._default_value(t, node))
        else:
            default = const(None)
        return conv, default

    def _s_Extern(self, s: n.Extern, scope: Scope):
        """EXTERNE objet: declared, with no value until run time gives it one."""
        var = self._new_var(scope, s.name, ANY, s)
        self._note_store(scope, var)
        return [ast.Assign(targets=[store(var.pyname)], value=const(None))]

    def _s_ScopeMarker(self, s: n.ScopeMarker, scope: Scope):
        scope.global_mode = s.scope == "global"
        return []

    def _s_ConstDef(self, c: n.ConstDef, scope: Scope):
        if id(c) in self.early_constants:       # declared up front (see _collect_definitions)
            return []
        value, vtype = self._expr(c.value, scope)
        var = self._new_var(self.module_scope, c.name, vtype, c, is_global=True)
        self.hoisted.append(locate([ast.Assign(targets=[store(var.pyname)], value=value)], c.line)[0])
        return []


def _dynamic(spec) -> bool:
    return spec is not None and any(fold(w) in ("dynamique", "dynamic") for w in spec.words)
