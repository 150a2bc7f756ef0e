"""Analyses of the WLangage syntax tree that code generation needs up front."""
from __future__ import annotations

import itertools
import dataclasses

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
    elif isinstance(s, (n.While, n.Loop, n.ForRange, n.ForEach, n.With, n.Using)):
        yield s.body
    elif isinstance(s, n.Try):
        yield s.body
        yield s.handler
    elif isinstance(s, n.Finally):
        yield s.body
        yield s.final


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


def replace_names(tree, replace):
    """A copy of `tree` (a node or a list) where each node for which `replace(node)`
    returns a node is replaced by it."""
    if isinstance(tree, list):
        return [replace_names(x, replace) for x in tree]
    if isinstance(tree, tuple):
        return tuple(replace_names(x, replace) for x in tree)
    if not isinstance(tree, n.Node):
        return tree
    new = replace(tree)
    if new is not None:
        return new
    changes = {f.name: replace_names(getattr(tree, f.name), replace) for f in dataclasses.fields(tree)
               if f.name not in ("line", "col")}
    copy = dataclasses.replace(tree, **changes)
    if getattr(tree, "_parenthesized", False):
        copy._parenthesized = True
    return copy
