"""Statements: blocks, assignments, control flow, loops, CAS ERREUR/EXCEPTION sections."""
from __future__ import annotations

import ast

from .. import catalogue
from ..runtime.names import fold
from ..syntax import nodes as n
from .analysis import assigned_names, literal_int, replace_names
from .pyast import MARKER, call, const, load, locate, store
from .scopes import CompileError, Scope, Var, refuse_keyword
from .types import ANY, INT, STR, WLType


ERROR_MARK = "_error_mark"     # the local holding wl_error_mark() in a procedure with CAS ERREUR


class StatementsMixin:
    """The Compiler's part for statements."""

    def _stmt(self, s: n.Node, scope: Scope) -> list[ast.stmt]:
        method = getattr(self, "_s_" + type(s).__name__)
        return method(s, scope)

    # ---- statements -------------------------------------------------------------------
    def _block(self, stmts: list, scope: Scope, declared: dict[str, int] | None = None) -> list[ast.stmt]:
        self._check_redeclarations(stmts, dict(declared or {}))
        out: list[ast.stmt] = []
        last_marker = None
        for stmt in stmts:
            self.position = (stmt.line, stmt.col)
            try:
                compiled = self._stmt(stmt, scope)
            except CompileError as exc:
                self.errors.append(exc)
                continue
            if not compiled:
                continue
            if self.markers and stmt.line != last_marker:
                out.append(locate([ast.Expr(const(f"{MARKER}{stmt.line}"))], stmt.line)[0])
                last_marker = stmt.line
            out.extend(locate(compiled, stmt.line))
        return out

    def _check_redeclarations(self, stmts: list, declared: dict[str, int]):
        """Declaring the same name twice in one block is an error, as in WINDEV."""
        for stmt in stmts:
            if not isinstance(stmt, n.Decl):
                continue
            for name in stmt.names:
                folded = fold(name)
                if folded in declared:
                    self.errors.append(CompileError(
                        f"{name} is already declared on line {declared[folded]}", stmt.line, stmt.col))
                else:
                    declared[folded] = stmt.line

    def _block_with_sections(self, stmts, scope, on_error, on_exception, declared=None):
        body = self._block(stmts, scope, declared)
        if on_exception:
            handler = [ast.Expr(call("wl_exception", load("_exception")))] + self._block(on_exception, scope)
            body = [ast.Try(body=body or [ast.Pass()], handlers=[ast.ExceptHandler(
                type=load("Exception"), name="_exception", body=handler)], orelse=[], finalbody=[])]
        if on_error:
            handler = self._block(on_error, scope)
            body = [ast.Try(body=body or [ast.Pass()], handlers=[ast.ExceptHandler(
                type=load("NonFatalError"), name=None, body=handler or [ast.Pass()])], orelse=[], finalbody=[])]
            self._check_errors(body[0].body)
            # only an error raised from here on leads to the section, not one left over by earlier code
            body.insert(0, ast.Assign(targets=[store(ERROR_MARK)], value=call("wl_error_mark")))
        return locate(body, stmts[0].line if stmts else 1)

    def _check_errors(self, stmts: list[ast.stmt]):
        """CAS ERREUR: after each statement that calls something, a non-fatal error raised since the
        procedure started jumps to the section."""
        i = 0
        while i < len(stmts):
            s = stmts[i]
            if any(isinstance(x, ast.Call) for x in ast.walk(s)) and not isinstance(s, (ast.FunctionDef,)):
                check = locate([ast.Expr(call("wl_check_error", load(ERROR_MARK)))], getattr(s, "lineno", 1))[0]
                stmts.insert(i + 1, check)
                i += 1
            i += 1

    def _s_ExprStmt(self, s: n.ExprStmt, scope: Scope):
        expr = s.expr
        if isinstance(expr, n.Name):               # a procedure called without parentheses
            refuse_keyword(expr)
            expr = n.Call(func=expr, args=[], line=expr.line, col=expr.col)
        if not isinstance(expr, n.Call):
            raise CompileError("this expression is not a statement (expected a call or an assignment)",
                               s.line, s.col)
        pretty = self._byref_call_statement(expr, scope)
        if pretty is not None:
            return pretty
        value = self._expr(expr, scope)[0]
        if self.mode == "repl" and scope is self.module_scope:
            return [ast.Expr(call("wl_echo", value))]      # the REPL shows a call's result
        return [ast.Expr(value)]

    def _is_lvalue(self, node, scope) -> bool:
        if isinstance(node, n.Name):
            return self._resolve_var(scope, node.name, node) is not None
        return isinstance(node, (n.Member, n.Index))

    def _s_Assign(self, s: n.Assign, scope: Scope):
        target = s.target
        if isinstance(target, n.Name) and self._resolve_var(scope, target.name, target) is None \
                and catalogue.family(target.name) is not None:      # SAI_Nom = "x": a window's control
            return [ast.Expr(self._unimplemented_name(target, scope)[0])]
        if isinstance(target, n.Tuple):
            return self._multiple_assign(target, s.value, scope)
        if isinstance(target, n.Indirection):
            value = self._expr(s.value if s.op == "=" else n.BinOp(op=s.op[0], left=target, right=s.value,
                                                                 line=s.line, col=s.col), scope)[0]
            return self._assign_indirection(target, value, scope)
        ttype = self._target_type(target, scope)
        if s.op == "<=":                          # copy: the members, the elements
            return [ast.Assign(targets=[self._lvalue(target, scope)],
                               value=call("wl_copy", self._convert(s.value, ttype, scope)))]
        if s.op in ("=", "<-"):                   # <-: a reference, as = already is for objects
            value = self._convert(s.value, ttype, scope)
        else:
            op = s.op[0]
            if op in "+-" and isinstance(target, n.Member) and self._expr_type(target.obj, scope).kind == "value":
                return [self._shift_member(target, op, s.value, scope)]
            combined = n.BinOp(op=op, left=target, right=s.value, line=s.line, col=s.col)
            value = self._convert(combined, ttype, scope)
            store = self._lvalue(target, scope)
            if isinstance(store, ast.Name) and isinstance(value, ast.BinOp) \
                    and isinstance(value.left, ast.Name) and value.left.id == store.id:
                return [ast.AugAssign(target=store, op=value.op, value=value.right)]   # n += 1
            return [ast.Assign(targets=[store], value=value)]
        return [ast.Assign(targets=[self._lvalue(target, scope)], value=value)]

    def _shift_member(self, target: n.Member, op: str, delta, scope) -> ast.stmt:
        """`d.Jour += 10` rolls the month over, where `d.Jour = d.Jour + 10` is an error
        [D:2512043]: the runtime is told it is an increment."""
        amount = self._expr(delta, scope)[0]
        if op == "-":
            amount = ast.UnaryOp(op=ast.USub(), operand=call("wl_number", amount))
        return ast.Expr(call("wl_shift", self._expr(target.obj, scope)[0],
                             const(self._member_name(target, scope)), amount))

    def _s_Swap(self, s: n.Swap, scope: Scope):
        """a <=> b"""
        left, right = self._expr(s.left, scope)[0], self._expr(s.right, scope)[0]
        targets = ast.Tuple(elts=[self._lvalue(s.left, scope), self._lvalue(s.right, scope)], ctx=ast.Store())
        return [ast.Assign(targets=[targets], value=ast.Tuple(elts=[right, left], ctx=ast.Load()))]

    def _s_With(self, s: n.With, scope: Scope):
        """AVEC x ... FIN: `.membre` is a member of x, evaluated once."""
        value, t = self._expr(s.subject, scope)
        tmp = self._temp("avec")
        scope.vars[fold(tmp)] = Var(pyname=tmp, type=t, owner=scope)
        subject = n.Name(name=tmp, line=s.line, col=s.col)

        def member(node):
            if isinstance(node, n.WithMember):
                return n.Member(obj=subject, name=node.name, line=node.line, col=node.col)
            return None
        return [ast.Assign(targets=[store(tmp)], value=value)] + self._block(replace_names(s.body, member), scope)

    def _s_Using(self, s: n.Using, scope: Scope):
        """UTILISER x DANS: wlmail runs one thread, so the block simply runs (x is evaluated:
        a transaction or a chronometer stops there as unsupported)."""
        return [ast.Expr(self._expr(s.subject, scope)[0])] + self._block(s.body, scope)

    def _e_WithMember(self, e: n.WithMember, scope: Scope):
        raise CompileError(f"'.{e.name}' is only allowed inside AVEC ... FIN", e.line, e.col)

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
            return store(var.pyname)
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
            orelse = locate([node], cond.line)
        cond, body = s.branches[0]
        return [ast.If(test=self._cond(cond, scope), body=self._block(body, scope) or [ast.Pass()], orelse=orelse)]

    def _s_Switch(self, s: n.Switch, scope: Scope):
        out = []
        subject_ast, stype = self._expr(s.subject, scope)
        if isinstance(s.subject, (n.Name, n.Literal)):
            subject = s.subject
        else:
            tmp = self._temp("selon")
            out.append(ast.Assign(targets=[store(tmp)], value=subject_ast))
            subject = n.Name(name=tmp, line=s.line, col=s.col)
            scope.vars[fold(tmp)] = Var(pyname=tmp, type=stype, owner=scope)
        exits = self.__dict__.setdefault("_switch_exits", [])    # one flag per SELON being compiled
        exits.append(False)
        try:
            orelse = self._block(s.other, scope) if s.other else []
            for items, body in reversed(s.cases):
                tests = [self._case_test(subject, item, scope) for item in items]
                test = tests[0] if len(tests) == 1 else ast.BoolOp(op=ast.Or(), values=tests)
                line = items[0].line if items else s.line
                orelse = locate([ast.If(test=test, body=self._block(body, scope) or [ast.Pass()], orelse=orelse)],
                                line)
        finally:
            left_early = exits.pop()
        if left_early:                            # SORTIR SELON inside: it raises, the SELON catches
            handler = ast.ExceptHandler(type=load("wl_switch_exit"), name=None, body=[ast.Pass()])
            orelse = [ast.Try(body=orelse, handlers=[handler], orelse=[], finalbody=[])]
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
            body.append(locate([stop], s.until.line)[0])
        if s.count is not None:
            count = self._convert(s.count, INT, scope)
            return [ast.For(target=store("_"), iter=call("range", count), body=body or [ast.Pass()], orelse=[])]
        return [ast.While(test=const(True), body=body or [ast.Pass()], orelse=[])]

    def _s_ForRange(self, s: n.ForRange, scope: Scope):
        var = self._resolve_var(scope, s.var, s) or self._new_var(scope, s.var, INT, s)
        self._note_store(scope, var)
        start, st = self._expr(s.start, scope)
        stop, sp = self._expr(s.stop, scope)
        step_node = s.step
        step_value = literal_int(step_node) if step_node is not None else 1
        body = self._block(s.body, scope)
        assigned = {fold(x) for x in assigned_names(s.body)}
        stop_is_stable = s.stop_once or isinstance(s.stop, n.Literal) or (
            isinstance(s.stop, n.Name) and fold(s.stop.name) not in assigned)
        ints = st.kind == "int" and sp.kind == "int" and var.type.kind in ("int", "any")
        if step_value is not None and step_value != 0 and ints and fold(s.var) not in assigned and stop_is_stable:
            bound = ast.BinOp(left=stop, op=ast.Add() if step_value > 0 else ast.Sub(), right=const(1))
            args = [start, bound] + ([const(step_value)] if step_value != 1 else [])
            return [ast.For(target=store(var.pyname), iter=call("range", *args), body=body or [ast.Pass()],
                            orelse=[])]
        # general form: WLangage re-evaluates the bound (and step) at each iteration
        out = [ast.Assign(targets=[store(var.pyname)], value=start)]
        step = self._expr(step_node, scope)[0] if step_node is not None else const(1)
        if step_value is not None:
            test = ast.Compare(left=load(var.pyname), ops=[ast.LtE() if step_value >= 0 else ast.GtE()],
                               comparators=[stop])
        else:
            test = call("wl_for_continues", load(var.pyname), stop, step)
        incr = ast.AugAssign(target=store(var.pyname), op=ast.Add(), value=step)
        loop_body = body or [ast.Pass()]
        # `continue` must still increment: run the body in a try/finally-free way by putting
        # the increment at the top of the next iteration.
        first = self._temp("premier")
        guard = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=load(first)), body=[incr], orelse=[])
        reset = ast.Assign(targets=[store(first)], value=const(False))
        check = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=test), body=[ast.Break()], orelse=[])
        out.append(ast.Assign(targets=[store(first)], value=const(True)))
        out.append(ast.While(test=const(True), body=[guard, reset, check] + loop_body, orelse=[]))
        return out

    def _loop_var(self, scope, name, wtype, node) -> str:
        """A POUR TOUT variable: it needs no declaration."""
        var = self._resolve_var(scope, name, node) or self._new_var(scope, name, wtype, node)
        self._note_store(scope, var)
        return var.pyname

    def _s_ForEach(self, s: n.ForEach, scope: Scope):
        if s.kind in ("file", "row"):
            return self._unsupported_loop(s, scope)
        if s.kind in ("string", "position"):
            return self._text_loop(s, scope)
        coll, ctype = self._expr(s.collection, scope)
        session = ctype.kind == "object" and "session" in fold(ctype.name)
        if ctype.kind in ("array", "assoc"):
            etype = ctype.elem or ANY
        elif session:
            etype = WLType("object", name="WLEmail")
        else:
            etype = ANY
        var = self._loop_var(scope, s.var, etype, s)
        key = self._loop_var(scope, s.key, ANY, s) if s.key is not None else None
        counter = self._loop_var(scope, s.counter, INT, s) if s.counter is not None else None
        body = self._block(s.body, scope)
        if counter is not None:
            body.insert(0, ast.AugAssign(target=store(counter), op=ast.Add(), value=const(1)))
        if s.condition is not None:               # AVEC: members of the element need no prefix
            cond = self._cond(self._on_element(s.condition, s.var, etype, scope), scope)
            body.insert(0, locate([ast.If(test=ast.UnaryOp(op=ast.Not(), operand=cond),
                                          body=[ast.Continue()], orelse=[])], s.condition.line)[0])
        if session:
            iterable = call("iterate_session", coll, unread_only=const(s.unread))
        elif s.unread or ctype.kind in ("any", "unsupported"):
            iterable = call("wl_each", coll, unread_only=const(s.unread)) if s.unread else call("wl_each", coll)
        else:
            iterable = coll
        target = store(var)
        if key is not None or s.reverse:
            iterable = call("wl_items", coll)
            target = ast.Tuple(elts=[store(var), store(key or "_")], ctx=ast.Store())
        if s.reverse:
            iterable = call("reversed", iterable)
        loop = ast.For(target=target, iter=iterable, body=body or [ast.Pass()], orelse=[])
        return ([ast.Assign(targets=[store(counter)], value=const(0))] if counter else []) + [loop]

    def _on_element(self, cond: n.Node, var: str, etype: WLType, scope) -> n.Node:
        """`AVEC Ville = "X"` on a tableau of structures: Ville is the element's member."""
        if etype.kind != "struct":
            return cond
        fields = self._struct_types.get(etype.name, {})

        def member(node):
            if isinstance(node, n.Name) and fold(node.name) in fields and self._resolve_var(scope, node.name, node) is None:
                return n.Member(obj=n.Name(name=var, line=node.line, col=node.col), name=node.name,
                                line=node.line, col=node.col)
            return None
        return replace_names(cond, member)

    def _text_loop(self, s: n.ForEach, scope: Scope):
        """POUR TOUTE CHAÎNE sous-chaîne[, position[, compteur]] DE ch [SÉPARÉE PAR sep] /
        POUR TOUTE POSITION p DE recherche DANS ch [AVEC options]."""
        text = self._expr(s.collection, scope)[0]
        reverse = const(s.reverse)
        if s.kind == "position":
            options = self._expr(s.condition, scope)[0] if s.condition is not None else const(0)
            iterable = call("wl_each_position", self._expr(s.search, scope)[0], text, options, reverse)
            target = store(self._loop_var(scope, s.var, INT, s))
        else:
            sep = self._expr(s.separator, scope)[0] if s.separator is not None else load("TAB")
            iterable = call("wl_each_substring", text, sep, reverse)
            names = [self._loop_var(scope, s.var, STR, s)]
            names += [self._loop_var(scope, x, INT, s) if x else "_" for x in (s.key, s.counter)]
            target = ast.Tuple(elts=[store(x) for x in names], ctx=ast.Store())
        return [ast.For(target=target, iter=iterable, body=self._block(s.body, scope) or [ast.Pass()], orelse=[])]

    def _unsupported_loop(self, s: n.ForEach, scope: Scope):
        """HFSQL files and queries, rows of window controls: compiled, stopped when reached."""
        if s.kind == "file":
            declared = self._resolve_var(scope, s.var, s)          # POUR TOUT Lecteur EN PROFONDEUR
            family = declared.type.family if declared is not None and declared.type.family else \
                "HFSQL database access"
            what = f"POUR TOUT {s.var}"
        else:
            what, family = f"POUR TOUTE LIGNE DE {getattr(s.collection, 'name', '')}".rstrip(), \
                "windows, controls and the user interface"
        self.unsupported.append((what, family, s.line))
        var = self._loop_var(scope, s.var, ANY if s.kind == "file" else INT, s)
        body = self._block(s.body, scope) or [ast.Pass()]
        return [ast.For(target=store(var), iter=call("wl_unsupported", const(what), const(family)),
                        body=body, orelse=[])]

    def _s_Try(self, s: n.Try, scope: Scope):
        handler = [locate([ast.Expr(call("wl_exception", load("_exception")))], s.line)[0]] + \
            self._block(s.handler, scope)
        return [ast.Try(body=self._block(s.body, scope) or [ast.Pass()],
                        handlers=[ast.ExceptHandler(type=load("Exception"), name="_exception", body=handler)],
                        orelse=[], finalbody=[])]

    def _s_Finally(self, s: n.Finally, scope: Scope):
        return [ast.Try(body=self._block(s.body, scope) or [ast.Pass()], handlers=[], orelse=[],
                        finalbody=self._block(s.final, scope) or [ast.Pass()])]

    def _multiple_assign(self, target: n.Tuple, value_node, scope) -> list[ast.stmt]:
        """(x, y, z) = (1, 2): the values go left to right to the variables written (an empty
        place takes none); variables left over keep their value (help: "Opérateurs d'affectation")."""
        targets = [t for t in target.items if t is not None]
        if isinstance(value_node, n.Tuple) and None not in value_node.items:
            if len(value_node.items) > len(targets):
                raise CompileError(f"{len(value_node.items)} values for {len(targets)} variables",
                                   value_node.line, value_node.col)
            targets = targets[:len(value_node.items)]
            value = ast.Tuple(elts=[self._expr(v, scope)[0] for v in value_node.items], ctx=ast.Load())
        else:
            value = self._expr(value_node, scope)[0]
        elts = [self._lvalue(t, scope) for t in targets]
        return [ast.Assign(targets=[ast.Tuple(elts=elts, ctx=ast.Store())], value=value)]

    def _s_AbortTransaction(self, s, scope):
        family = catalogue.family("HTransactionAnnule")       # HFSQL: reached only inside a transaction
        self.unsupported.append(("ABANDONNER ET SORTIR", family, s.line))
        return [ast.Expr(call("wl_unsupported", const("ABANDONNER ET SORTIR"), const(family)))]

    def _s_Break(self, s, scope):
        if not s.switch:
            return [ast.Break()]
        exits = self.__dict__.get("_switch_exits")
        if not exits:
            raise CompileError("SORTIR SELON outside a SELON", s.line, s.col)
        exits[-1] = True
        return [ast.Raise(exc=load("wl_switch_exit"), cause=None)]

    def _s_Continue(self, s, scope):
        return [ast.Continue()]
