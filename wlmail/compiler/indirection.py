"""Indirection: `{expr}` finds a variable (or a member of the current object, `:m` /
`::m`) by a name computed at run time.  Controls, windows, HFSQL items... are named
by their family at run time, as every user-interface feature wlmail does not have."""
from __future__ import annotations

import ast

from ..runtime.names import fold
from ..syntax import nodes as n
from .pyast import call, const, load, no_args, store
from .scopes import Scope
from .types import ANY

_UI = "windows, controls and the user interface"
_HF = "HFSQL database access"
# The indX constants of {expr, indX} (PC SOFT help, "Opérateurs d'indirection"), by the family they need.
TYPED = {fold(k): family for family, words in [
    (None, "indVariable"),
    (_UI, "indChamp indControl indFenêtre indWindow indPage indGPW indLiaison indLink"),
    (_HF, "indFichier indFile indRubrique indItem indConnexion indConnection indParamètreRequête "
          "indQueryParameter"),
    ("reports and printing", "indEtat indReport"),
] for k in words.split()}


class IndirectionMixin:
    """The Compiler's part for {expr}."""

    def _visible_variables(self, scope: Scope) -> dict[str, str]:
        """Folded WLangage name -> Python name of every variable the code can see."""
        seen: dict[str, str] = {}
        while scope is not None:
            for folded, var in scope.vars.items():
                if not folded.startswith("_") and var.pyname != "self":
                    seen.setdefault(folded, var.pyname)
            scope = scope.parent
        return seen

    def _indirection_parts(self, e: n.Indirection, scope):
        """(name expression, family or None, object expression or None)."""
        if e.second is None:
            return self._expr(e.expr, scope)[0], None, None
        if isinstance(e.second, n.Name) and fold(e.second.name) in TYPED:
            return self._expr(e.expr, scope)[0], TYPED[fold(e.second.name)], None
        return self._expr(e.second, scope)[0], None, self._expr(e.expr, scope)[0]   # {objet, membre}

    def _current_object(self, scope) -> tuple[ast.expr, ast.expr]:
        info = self.current_class
        obj = load("self") if info is not None and scope.find("moimeme") is not None else const(None)
        cls = load(info.pyname) if info is not None else const(None)
        return obj, cls

    def _e_Indirection(self, e: n.Indirection, scope):
        name, family, obj = self._indirection_parts(e, scope)
        if obj is not None:
            return call("wl_indirection_member", obj, name), ANY
        getters = ast.Dict(keys=[], values=[])
        for folded, pyname in sorted(self._visible_variables(scope).items()):
            getters.keys.append(const(folded))
            getters.values.append(ast.Lambda(args=no_args(), body=load(pyname)))
        this, cls = self._current_object(scope)
        return call("wl_indirection", name, getters, const(family), this, cls), ANY

    def _assign_indirection(self, e: n.Indirection, value: ast.expr, scope) -> list[ast.stmt]:
        """`{expr} = value`: the variable is chosen at run time among those in scope."""
        name, family, obj = self._indirection_parts(e, scope)
        if obj is not None:
            return [ast.Expr(call("setattr", obj, call("wl_indirection_member_name", obj, name), value))]
        variables = self._visible_variables(scope)
        key, new = self._temp("nom"), self._temp("valeur")
        this, cls = self._current_object(scope)
        out = [ast.Assign(targets=[store(new)], value=value),
               ast.Assign(targets=[store(key)], value=call(
                   "wl_indirection_target", name, ast.Tuple(elts=[const(f) for f in sorted(variables)],
                                                            ctx=ast.Load()), const(family), this, cls, load(new)))]
        chain: list[ast.stmt] = []
        for folded, pyname in sorted(variables.items(), reverse=True):
            var = scope.find(folded)
            if var is not None:
                self._note_store(scope, var)
            test = ast.Compare(left=load(key), ops=[ast.Eq()], comparators=[const(folded)])
            chain = [ast.If(test=test, body=[ast.Assign(targets=[store(pyname)], value=load(new))], orelse=chain)]
        return out + chain
