"""Small builders for Python `ast` nodes, and the source-line markers."""
from __future__ import annotations

import ast

MARKER = "#wl:"


def load(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Load())


def store(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=ast.Store())


def call(func: str | ast.expr, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    f = load(func) if isinstance(func, str) else func
    return ast.Call(func=f, args=list(args), keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs.items()])


def const(v) -> ast.Constant:
    return ast.Constant(value=v)


def locate(stmts: list[ast.stmt], line: int) -> list[ast.stmt]:
    """Give `line` to every node built for one WLangage statement.  A node that already
    has a line was located with its own (nested) statement: its subtree is skipped, so
    nested blocks are not walked again at every level (compile_program's final
    complete_locations covers anything added later)."""
    todo = list(stmts)
    while todo:
        node = todo.pop()
        if "lineno" in node._attributes:
            if getattr(node, "lineno", None) is not None:
                continue
            node.lineno, node.end_lineno = line, line
            node.col_offset, node.end_col_offset = 0, 0
        todo.extend(ast.iter_child_nodes(node))
    return stmts


def complete_locations(tree: ast.AST) -> set[str]:
    """`ast.fix_missing_locations`, and the names the tree loads, in one pass (iterative: the
    tree of a long script is large and deep, and this runs on every compilation)."""
    loaded: set[str] = set()
    AST, Name, context = ast.AST, ast.Name, ast.expr_context
    todo = [(tree, 1, 0, 1, 0)]
    while todo:
        node, line, col, end_line, end_col = todo.pop()
        if "lineno" in node._attributes:
            if getattr(node, "lineno", None) is None:
                node.lineno, node.col_offset = line, col
            else:
                line, col = node.lineno, node.col_offset
            if getattr(node, "end_lineno", None) is None:
                node.end_lineno, node.end_col_offset = end_line, end_col
            else:
                end_line, end_col = node.end_lineno, node.end_col_offset
        if type(node) is Name:
            loaded.add(node.id)
            continue
        for field in node._fields:
            value = getattr(node, field, None)
            if type(value) is list:
                todo.extend((item, line, col, end_line, end_col) for item in value
                            if isinstance(item, AST) and not isinstance(item, context))
            elif isinstance(value, AST) and not isinstance(value, context):
                todo.append((value, line, col, end_line, end_col))
    return loaded


def hoist_defs(body: list[ast.stmt]) -> list[ast.stmt]:
    """Internal procedures (with their source marker) go first, so they can be called
    from anywhere in the enclosing code."""
    defs, rest = [], []
    for i, stmt in enumerate(body):
        if isinstance(stmt, ast.FunctionDef):
            if rest and is_marker(rest[-1]):
                defs.append(rest.pop())
            defs.append(stmt)
        else:
            rest.append(stmt)
    return defs + rest


def is_marker(stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) \
        and isinstance(stmt.value.value, str) and stmt.value.value.startswith(MARKER)


def no_args() -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None,
                         defaults=[])


def nonzero_const(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and isinstance(expr.value, (int, float)) and expr.value != 0


def negative(expr: ast.expr) -> bool:
    return not (isinstance(expr, ast.Constant) and isinstance(expr.value, int) and expr.value >= 0)
