"""Expressions: literals, names, operators, members, indexes and calls to the runtime."""
from __future__ import annotations

import ast

from ..runtime.errors import WLError
from ..runtime.names import fold
from ..syntax import nodes as n
from ..syntax.parser import DEFAULT_ARG
from . import vocabulary as vocab
from .. import catalogue
from .families import family_of
from .pyast import call, const, load, negative, nonzero_const
from .scopes import CONVERTERS, NUMERIC, CompileError, Scope, refuse_keyword
from .types import ANY, BOOL, BUFFER, INT, REAL, STR, WLType


class ExpressionsMixin:
    """The Compiler's part for expressions."""

    def _expr(self, node, scope: Scope) -> tuple[ast.expr, WLType]:
        method = getattr(self, "_e_" + type(node).__name__)
        return method(node, scope)

    def _expr_type(self, node, scope) -> WLType:
        return self._expr(node, scope)[1]

    def _cond(self, node, scope) -> ast.expr:
        expr, t = self._expr(node, scope)
        if t.kind in NUMERIC:
            return expr
        return call("wl_bool", expr)

    def _convert(self, node, target: WLType, scope) -> ast.expr:
        expr, t = self._expr(node, scope)
        kind = target.kind
        if kind == "array" and isinstance(node, n.ArrayLit):      # typed elements: [1, 2] in a tableau de chaînes
            conv, default = self._elem_spec(target.elem, node)
            return call("wl_array", conv, default, items=ast.Tuple(elts=expr.args, ctx=ast.Load()))
        if kind == "object" and t.kind != "object" and hasattr(self._runtime_class(target), "wl_assign"):
            # a runtime type that takes other values on assignment (`j est un JSON = "{...}"`)
            return ast.Call(func=ast.Attribute(value=load(target.name), attr="wl_assign", ctx=ast.Load()),
                            args=[expr], keywords=[])
        if kind in ("any", "unsupported", "array", "assoc", "object", "class", "enum"):
            return expr
        if kind == "value":                          # Date, Heure...: a converted copy
            return call(target.name, expr)
        if kind == "struct":
            return call("wl_copy", expr) if t.kind == "struct" or t.kind == "any" else expr
        if t.kind == kind or (kind == "real" and t.kind == "int"):
            return expr
        if isinstance(expr, ast.Constant) and kind in CONVERTERS:
            from ..runtime import values
            conv = {"int": values.to_int, "real": values.to_real, "str": values.to_str,
                    "bool": values.to_bool, "buffer": values.to_buffer}[kind]
            if expr.value is not None:
                try:
                    return const(conv(expr.value))
                except WLError:                  # fails when it runs, at its line, like WINDEV
                    pass
        return call(CONVERTERS[kind], expr)

    def _e_Literal(self, e: n.Literal, scope):
        v = e.value
        if v is DEFAULT_ARG:
            raise CompileError("'*' (keep the default value) is only allowed as a procedure argument",
                               e.line, e.col)
        kind = {int: INT, float: REAL, str: STR, bool: BOOL, bytes: BUFFER}.get(type(v), ANY)
        return const(v), kind

    def _e_Name(self, e: n.Name, scope: Scope):
        var = self._resolve_var(scope, e.name, e)
        if var is not None:
            return load(var.pyname), var.type
        folded = fold(e.name)
        if folded in vocab.LITERALS:
            v = vocab.LITERALS[folded]
            return const(v), BOOL if isinstance(v, bool) else ANY
        refuse_keyword(e)
        if folded in self.classes:                # CClient::MéthodeGlobale(), CClient.MembreGlobal
            return load(self.classes[folded].pyname), WLType("classref", name=self.classes[folded].pyname)
        if folded in self.enums:
            return load(self.enums[folded][0]), WLType("enumref", name=folded)
        proc = scope.find_proc(folded)
        if proc is not None:                      # a procedure called without parentheses
            return self._e_Call(n.Call(func=e, args=[], line=e.line, col=e.col), scope)
        canonical, obj = vocab.lookup(e.name)
        if canonical in vocab.deprecated_names():
            self.deprecated.append((e.name, vocab.deprecated_names()[canonical], e.line))
        if canonical is not None:
            if folded in vocab.PSEUDO_VARIABLES:
                return call(canonical), BOOL
            if isinstance(obj, bool):
                return load(canonical), BOOL
            if isinstance(obj, int):
                return load(canonical), INT
            if isinstance(obj, str):
                return load(canonical), STR
            if canonical == "Email":
                return load(canonical), WLType("object", name="EmailStructure")
            return load(canonical), ANY
        if folded in self.enum_values:            # Poste1 = Marche: a value of a declared enumeration
            enum, value = self.enum_values[folded]
            return ast.Attribute(value=load(enum), attr=value, ctx=ast.Load()), WLType("enum", name=enum)
        return self._unimplemented_name(e, scope)

    def _unimplemented_name(self, e: n.Name, scope: Scope):
        """An undeclared name: a real WLangage name or a window's control stops the run when
        reached; anything else is a typo, caught before the script touches a mailbox."""
        family = catalogue.family(e.name)
        if family is None:
            raise self._unknown("undeclared variable", e.name, e, self._script_names(scope), ("function", "keyword"))
        self.unsupported.append((e.name, family, e.line))
        return call("wl_unsupported", const(e.name), const(family)), ANY

    def _e_Tuple(self, e: n.Tuple, scope):
        if any(item is None for item in e.items):   # (x, , z) only stands on the left of =
            raise CompileError("a value is missing in this list of values", e.line, e.col)
        return ast.Tuple(elts=[self._expr(i, scope)[0] for i in e.items], ctx=ast.Load()), ANY

    def _e_ArrayLit(self, e: n.ArrayLit, scope):
        items = [self._expr(i, scope)[0] for i in e.items]
        return call("wl_array_of", *items), WLType("array", elem=ANY)

    def _e_Lambda(self, e: n.Lambda, scope: Scope):
        inner = Scope(scope, "<lambda>")
        args = [ast.arg(arg=self._new_var(inner, name, ANY, e).pyname) for name in e.params]
        body = self._expr(e.body, inner)[0]
        return ast.Lambda(args=ast.arguments(posonlyargs=[], args=args, vararg=None, kwonlyargs=[],
                                             kw_defaults=[], kwarg=None, defaults=[]), body=body), ANY

    def _e_Duration(self, e: n.Duration, scope):
        return call("wl_duration", const(e.milliseconds)), ANY

    def _e_Interpolation(self, e: n.Interpolation, scope):
        values = []
        for part in e.parts:
            if isinstance(part, str):
                values.append(const(part))
                continue
            values.append(ast.FormattedValue(value=self._text(part, scope), conversion=-1, format_spec=None))
        return ast.JoinedStr(values=values), STR

    def _e_BinOp(self, e: n.BinOp, scope):
        if e.op == "+" and not getattr(e, "_plain_plus", False):
            parts, chain = _plus_chain(e)
            if any(optional for _, optional in parts) and not any(
                    self._expr_type(node, scope).kind == "array" for node, _ in parts):
                return self._optional_concat(parts, scope), STR
            for node in chain:                  # checked once for the whole chain, not at each level
                node._plain_plus = True
        left, lt = self._expr(e.left, scope)
        right, rt = self._expr(e.right, scope)
        if "enum" in (lt.kind, rt.kind) and e.op in "+-":     # combinations: A + B
            return ast.BinOp(left=left, op=ast.Add() if e.op == "+" else ast.Sub(), right=right), lt
        both_numeric = lt.kind in ("int", "real") and rt.kind in ("int", "real")
        if e.op == "+":
            if both_numeric:
                return ast.BinOp(left=left, op=ast.Add(), right=right), REAL if "real" in (lt.kind, rt.kind) else INT
            if lt.kind == "str" and rt.kind == "str":
                return ast.BinOp(left=left, op=ast.Add(), right=right), STR
            if lt.kind == "str" or rt.kind == "str":
                left = left if lt.kind == "str" else call("str" if lt.kind == "int" else "wl_str", left)
                right = right if rt.kind == "str" else call("str" if rt.kind == "int" else "wl_str", right)
                return ast.BinOp(left=left, op=ast.Add(), right=right), STR
            return call("wl_add", left, right), ANY
        if both_numeric:
            if e.op == "/":
                return call("wl_div", left, right) if not nonzero_const(right) else \
                    ast.BinOp(left=left, op=ast.Div(), right=right), REAL
            pyop = {"-": ast.Sub(), "*": ast.Mult(), "%": ast.Mod(), "^": ast.Pow()}[e.op]
            if e.op == "%" and not nonzero_const(right):
                return call("wl_arith", const("%"), left, right), ANY
            kind = REAL if "real" in (lt.kind, rt.kind) or e.op == "^" and negative(right) else INT
            return ast.BinOp(left=left, op=pyop, right=right), kind
        return call("wl_arith", const(e.op), left, right), ANY

    def _optional_concat(self, parts, scope) -> ast.expr:
        """`a + [sep] + b`: sep is added unless a is empty or ends with it, or b starts
        with it (PC SOFT help, "Opérateurs sur chaînes de caractères")."""
        result = None
        i = 0
        while i < len(parts):
            node, optional = parts[i]
            if not optional:
                text = self._text(node, scope)
                result = text if result is None else ast.BinOp(left=result, op=ast.Add(), right=text)
                i += 1
                continue
            after = parts[i + 1] if i + 1 < len(parts) and not parts[i + 1][1] else None
            args = [result if result is not None else const(None), self._expr(node, scope)[0]]
            if after is not None:
                args.append(self._expr(after[0], scope)[0])
            result = call("wl_optional_concat", *args)
            i += 2 if after is not None else 1
        return result

    def _text(self, node, scope) -> ast.expr:
        """An operand as a chaîne (str() is enough for an entier)."""
        expr, t = self._expr(node, scope)
        return expr if t.kind == "str" else call("str" if t.kind == "int" else "wl_str", expr)

    def _e_Unary(self, e: n.Unary, scope):
        operand, t = self._expr(e.operand, scope)
        if e.op == "pas":
            return ast.UnaryOp(op=ast.Not(), operand=operand if t.kind in NUMERIC else call("wl_bool", operand)), BOOL
        if e.op == "+":
            return operand, t
        if t.kind in ("int", "real"):
            if isinstance(operand, ast.Constant):
                return const(-operand.value), t
            return ast.UnaryOp(op=ast.USub(), operand=operand), t
        return ast.UnaryOp(op=ast.USub(), operand=call("wl_number", operand)), ANY

    _CMP = {"=": ast.Eq, "<>": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE}

    _CMP_HELPERS = {"=": "wl_eq", "<>": "wl_ne", "<": "wl_lt", "<=": "wl_le", ">": "wl_gt", ">=": "wl_ge"}

    def _e_Compare(self, e: n.Compare, scope):
        compiled = [self._expr(o, scope) for o in e.operands]
        kinds = {t.kind for _, t in compiled}
        if kinds <= {"int", "real", "bool"} or kinds == {"str"} or kinds == {"enum"}:
            return ast.Compare(left=compiled[0][0], ops=[self._CMP[o]() for o in e.ops],
                               comparators=[c for c, _ in compiled[1:]]), BOOL
        parts = []
        for i, op in enumerate(e.ops):
            parts.append(call(self._CMP_HELPERS[op], compiled[i][0], compiled[i + 1][0]))
        return (parts[0] if len(parts) == 1 else ast.BoolOp(op=ast.And(), values=parts)), BOOL

    def _e_FlexCompare(self, e: n.FlexCompare, scope):
        return call("wl_flex", const(e.op), self._expr(e.left, scope)[0], self._expr(e.right, scope)[0]), BOOL

    def _e_InOp(self, e: n.InOp, scope):
        left = self._expr(e.left, scope)[0]
        choices = [self._expr(c, scope)[0] for c in e.choices]
        test = call("wl_in", left, *choices)
        return (ast.UnaryOp(op=ast.Not(), operand=test) if e.negated else test), BOOL

    def _e_BoolOp(self, e: n.BoolOp, scope):
        # wlmail evaluates ET/OU like _ET_/_OU_ (short-circuit, WINDEV's optimised mode)
        values = [self._cond(e.left, scope), self._cond(e.right, scope)]
        return ast.BoolOp(op=ast.And() if e.op == "and" else ast.Or(), values=values), BOOL

    def _e_Ternary(self, e: n.Ternary, scope):
        then, tt = self._expr(e.then, scope)
        other, ot = self._expr(e.other, scope)
        return ast.IfExp(test=self._cond(e.cond, scope), body=then, orelse=other), tt if tt == ot else ANY

    def _e_Cast(self, e: n.Cast, scope):
        target = self._type(e.type)
        return self._convert(e.operand, target, scope), target

    def _e_SwitchExpr(self, e: n.SwitchExpr, scope):
        """SELON(v, r1, r2, SINON autre): only the chosen result is evaluated; v once."""
        subject = self._expr(e.subject, scope)[0]
        if not isinstance(e.subject, (n.Name, n.Literal)) and e.results:
            name = self._temp("selon")
            first = ast.NamedExpr(target=ast.Name(id=name, ctx=ast.Store()), value=subject)
            subject = load(name)
        else:
            first = subject
        result = self._expr(e.other, scope)[0] if e.other is not None else call("wl_no_result", subject)
        for i in range(len(e.results), 0, -1):
            test = call("wl_eq", first if i == 1 else subject, const(i))
            result = ast.IfExp(test=test, body=self._expr(e.results[i - 1], scope)[0], orelse=result)
        return result, ANY

    def _e_Slice(self, e: n.Slice, scope):
        bounds = [self._expr(b, scope)[0] if b is not None else const(None) for b in (e.first, e.last)]
        return call("wl_slice", self._expr(e.obj, scope)[0], *bounds), WLType("array", elem=ANY)

    def _e_Substring(self, e: n.Substring, scope):
        obj = self._expr(e.obj, scope)[0]
        a = self._expr(e.a, scope)[0] if e.a is not None else const(None)
        b = self._expr(e.b, scope)[0] if e.b is not None else const(None)
        if e.kind == "char":
            return call("wl_char_at", obj, a), STR
        if e.kind == "length":
            return call("wl_substring", obj, a, length=b), STR
        return call("wl_substring", obj, a, b), STR

    def _index_slice(self, e: n.Index, scope) -> ast.expr:
        idx = [self._expr(i, scope)[0] for i in e.indexes]
        return idx[0] if len(idx) == 1 else ast.Tuple(elts=idx, ctx=ast.Load())

    def _e_Index(self, e: n.Index, scope):
        obj, t = self._expr(e.obj, scope)
        etype = (t.elem or ANY) if t.kind in ("array", "assoc") else ANY
        if t.kind == "str" and len(e.indexes) == 1:       # legacy s[i] on a chaîne
            return call("wl_char_at", obj, self._expr(e.indexes[0], scope)[0]), STR
        return ast.Subscript(value=obj, slice=self._index_slice(e, scope), ctx=ast.Load()), etype

    # members and properties
    def _member_name(self, e: n.Member, scope) -> str:
        t = self._expr_type(e.obj, scope)
        if t.kind in ("class", "classref", "enum", "enumref"):
            return self._class_member_name(t, e.name) or e.name
        if t.kind == "struct":
            for key, cls in self.structs.items():
                if cls == t.name:
                    return self._struct_field(key, e.name) or e.name
        if t.kind in ("object", "value"):
            resolver = getattr(self._runtime_class(t), "_resolve", None)
            if resolver is not None:
                resolved = resolver(e.name)
                if resolved:
                    return resolved
        if t.kind == "array":
            from ..runtime.arrays import _ARRAY_NAMES
            return _ARRAY_NAMES.get(fold(e.name), e.name)
        return e.name

    def _struct_field(self, struct_key, name):
        decl = self._struct_fields.get(struct_key)
        return None if decl is None else decl.get(fold(name))

    def _member_type(self, e: n.Member, scope) -> WLType:
        t = self._expr_type(e.obj, scope)
        if t.kind in ("class", "classref", "enumref"):
            return self._class_member_type(t, e.name)
        if t.kind == "array" and fold(e.name) in ("occurrence", "count", "nbelement"):
            return INT
        if t.kind == "struct":
            return self._struct_types.get(t.name, {}).get(fold(e.name), ANY)
        if t.kind in ("object", "value"):
            return runtime_member_type(self._runtime_class(t), self._member_name(e, scope))
        return ANY

    @staticmethod
    def _runtime_class(t: WLType):
        if t.name == "EmailStructure":           # the global `Email`: a per-thread structure
            from ..runtime.email.types import WLEmailStructure
            return WLEmailStructure
        return vocab.lookup(t.name)[1]

    def _e_Member(self, e: n.Member, scope):
        if fold(e.name) in ("existe", "exist") and isinstance(e.obj, n.Index):
            # `t[clé]..Existe`: asks the container, without creating the element
            container = self._expr(e.obj.obj, scope)[0]
            return call("wl_exists", container, self._index_slice(e.obj, scope)), BOOL
        obj, t = self._expr(e.obj, scope)
        return ast.Attribute(value=obj, attr=self._member_name(e, scope), ctx=ast.Load()), self._member_type(e, scope)

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

    def _args(self, site: n.Call, scope, params=None) -> tuple[list, list]:
        args, kwargs = [], []
        skipped = False
        for i, a in enumerate(site.args):
            if isinstance(a, n.NamedArg):
                kwargs.append(self._named_arg(a, params, scope))
                skipped = True
                continue
            if a is None or (isinstance(a, n.Literal) and a.value is DEFAULT_ARG):
                skipped = True
                continue
            value = self._expr(a, scope)[0]
            if isinstance(a, n.Slice):                # MesParamètres[2 À]: re-stacked as arguments
                value = ast.Starred(value=value, ctx=ast.Load())
            if skipped and params is not None and i < len(params):
                kwargs.append(ast.keyword(arg=self._py_name(params[i].name), value=value))
            else:
                args.append(value)
        return args, kwargs

    def _named_arg(self, a: n.NamedArg, params, scope) -> ast.keyword:
        """<p4>:4 gives the parameter p4 of a procedure of the script."""
        if params is None:
            raise CompileError(f"<{a.name}>: names a parameter: only a procedure of the script takes one",
                               a.line, a.col)
        param = next((p for p in params if not p.variadic and fold(p.name) == fold(a.name)), None)
        if param is None:
            raise CompileError(f"no parameter {a.name} (the procedure has "
                               f"{', '.join(p.name for p in params if not p.variadic) or 'none'})", a.line, a.col)
        return ast.keyword(arg=self._py_name(param.name), value=self._expr(a.value, scope)[0])

    def _e_NamedArg(self, e: n.NamedArg, scope):
        return self._named_arg(e, None, scope)

    def _runtime_call(self, name: str, e: n.Call, scope, prefix: list):
        canonical, obj = vocab.lookup(name)
        if canonical is None and catalogue.family(name) is None:
            raise self._unknown("unknown function", name, e.func if isinstance(e.func, n.Name) else e,
                                self._script_names(scope), ("function",))
        if canonical is None or not callable(obj):
            # arguments of an unsupported call often name files, items or controls: keep them as text
            family = family_of(name)
            self.unsupported.append((name, family, e.line))
            return call("wl_unsupported", const(name), const(family)), ANY
        args, kwargs = self._args(e, scope)
        args = prefix + args
        if vocab.is_runtime_class(obj):
            return ast.Call(func=load(canonical), args=args, keywords=kwargs), WLType("object", name=canonical)
        kind = vocab.return_kind(obj)
        rtype = {"int": INT, "str": STR, "real": REAL, "bool": BOOL, "buffer": BUFFER}.get(kind, ANY)
        if kind is None and vocab.returns_value_type(obj):          # DateSys() is a Date
            rtype = WLType("value", name=vocab.returns_value_type(obj))
        return ast.Call(func=load(canonical), args=args, keywords=kwargs), rtype

    def _method_call(self, e: n.Call, scope):
        member: n.Member = e.func
        obj, t = self._expr(member.obj, scope)
        folded = fold(member.name)
        if t.kind in ("class", "classref") and self.class_method(self.class_of(t), member.name)[1] is not None:
            return self._class_method_call(e, obj, t, scope)
        has_method = False
        if t.kind in ("object", "value"):
            resolver = getattr(self._runtime_class(t), "_resolve", None)
            has_method = resolver is not None and resolver(member.name) is not None
        elif t.kind in ("array", "assoc"):
            from ..runtime.arrays import _ARRAY_NAMES
            has_method = folded in _ARRAY_NAMES or folded in ("existe", "supprime", "supprimetout")
        canonical, fn = vocab.lookup(member.name)
        if not has_method and canonical is not None and callable(fn) and not vocab.is_runtime_class(fn) \
                and t.kind not in ("object", "struct", "value"):
            # prefixed syntax: s.ExtraitChaîne(2, "=") is ExtraitChaîne(s, 2, "=")
            return self._runtime_call(member.name, e, scope, [obj])
        args, kwargs = self._args(e, scope)
        attr = ast.Attribute(value=obj, attr=self._member_name(member, scope), ctx=ast.Load())
        rtype = INT if t.kind == "array" and folded in ("ajoute", "add", "cherche", "find") else ANY
        return ast.Call(func=attr, args=args, keywords=kwargs), rtype


def runtime_member_type(cls, attr: str) -> WLType:
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
            convert_name = getattr(spec[0], "__name__", "")
            if isinstance(spec[0], type) and vocab.is_value_type(convert_name):    # DateRéception
                return WLType("value", name=convert_name)
            return kinds.get(spec[0], ANY)
    descriptor = getattr(cls, "__dict__", {}).get(attr) or next(
        (k.__dict__[attr] for k in getattr(cls, "__mro__", ()) if attr in k.__dict__), None)
    convert = getattr(descriptor, "convert", None)
    if attr.startswith("Nb") and isinstance(descriptor, property):
        return INT
    if isinstance(descriptor, property):                # dates: `-> int` on the getter
        returned = getattr(descriptor.fget, "__annotations__", {}).get("return")
        simple = {"int": INT, "float": REAL, "str": STR, "bool": BOOL}.get(returned)
        if simple is not None:
            return simple
        if isinstance(returned, str) and vocab.is_value_type(returned):
            return WLType("value", name=returned)
    return kinds.get(convert, ANY)


def _plus_chain(e) -> tuple[list[tuple[n.Node, bool]], list[n.BinOp]]:
    """The operands of an unparenthesized `+` chain, left to right, each with whether it is
    written `[x]` (optional concatenation) rather than as a plain operand; and the chain's
    `+` nodes.  Iterative: a chain of thousands of terms must stay linear."""
    operands, chain, todo = [], [], [e]
    while todo:
        node = todo.pop()
        if isinstance(node, n.BinOp) and node.op == "+" and not getattr(node, "_parenthesized", False):
            chain.append(node)
            todo += [node.right, node.left]
        elif isinstance(node, n.ArrayLit) and len(node.items) == 1:
            operands.append((node.items[0], True))
        else:
            operands.append((node, False))
    return operands, chain
