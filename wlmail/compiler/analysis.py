"""Analyses of the WLangage syntax tree that code generation needs up front."""
from __future__ import annotations

import itertools

from ..runtime.names import fold
from ..syntax import nodes as n


def literal_int(node) -> int | None:
    if isinstance(node, n.Literal) and type(node.value) is int:
        return node.value
    if isinstance(node, n.Unary) and node.op == "-" and isinstance(node.operand, n.Literal) \
            and type(node.operand.value) is int:
        return -node.operand.value
    return None


def walk_statements(stmts):
    """Every statement of a block, nested blocks included, internal procedures excluded,
    in source order.  Iterative: nesting depth must not make it quadratic."""
    stack = [iter(stmts)]
    while stack:
        s = next(stack[-1], _END)
        if s is _END:
            stack.pop()
            continue
        if isinstance(s, list):
            continue
        yield s
        if not isinstance(s, n.Procedure):
            stack.append(itertools.chain.from_iterable(child_blocks(s)))


_END = object()


def child_blocks(s):
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


def assigned_names(stmts) -> set[str]:
    """Folded names assigned anywhere in a block (by-reference analysis)."""
    names = set()
    for s in walk_statements(stmts):
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


def calls_in_block(stmts):
    """Every call expression in a block."""
    for s in walk_statements(stmts):
        for value in vars(s).values():
            yield from calls_in(value)


def calls_in(value):
    if isinstance(value, n.Call):
        yield value
    if isinstance(value, n.Node) and not isinstance(value, n.Procedure):
        for v in vars(value).values():
            if isinstance(v, (n.Node, list, tuple)):
                yield from calls_in(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from calls_in(v)
