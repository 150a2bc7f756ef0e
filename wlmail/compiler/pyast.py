"""Small builders for Python `ast` nodes, and the source-line markers."""
from __future__ import annotations

import ast

MARKER = "#wl:"

# One context object for every name: CPython's compiler only reads its type.
_LOAD, _STORE = ast.Load(), ast.Store()


def load(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=_LOAD)


def store(id_: str) -> ast.Name:
    return ast.Name(id=id_, ctx=_STORE)


def call(func: str | ast.expr, *args: ast.expr, **kwargs: ast.expr) -> ast.Call:
    f = load(func) if isinstance(func, str) else func
    return ast.Call(func=f, args=list(args), keywords=[ast.keyword(arg=k, value=v) for k, v in kwargs.items()])


def const(v) -> ast.Constant:
    return ast.Constant(value=v)


def locate(stmts: list[ast.stmt], line: int) -> list[ast.stmt]:
    """Give `line` to the nodes built for one WLangage statement: to its top nodes, whose
    parts inherit it in compile_program's final complete_locations (a nested statement,
    located with its own line already, keeps it and passes it on to its own parts)."""
    todo = list(stmts)
    while todo:
        node = todo.pop()
        if "lineno" not in node._attributes:           # e.g. ast.arguments: its parts have lines
            todo.extend(ast.iter_child_nodes(node))
        elif getattr(node, "lineno", None) is None:
            node.lineno, node.col_offset = line, 0
    return stmts


# Fields that never hold a node with a location: names, flags, contexts, operators.
_NO_LOCATED_NODES = frozenset({"ctx", "id", "attr", "arg", "kind", "module", "level", "asname", "type_comment",
                               "conversion", "simple", "op", "ops"})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _located_fields(cls: type) -> tuple[str, ...]:
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = () if cls in (ast.Name, ast.Constant) else \
            tuple(f for f in cls._fields if f not in _NO_LOCATED_NODES)
        _FIELDS[cls] = fields
    return fields


def complete_locations(tree: ast.AST) -> set[str]:
    """`ast.fix_missing_locations`, and the names the tree loads, in one pass (iterative: the
    tree of a long script is large and deep, and this runs on every compilation).  Start
    positions only: errors name `.wl` lines, and end positions would cost a tenth of the
    memory of `check`."""
    loaded: set[str] = set()
    AST, Name = ast.AST, ast.Name
    todo = [(tree, 1, 0)]
    while todo:
        node, line, col = todo.pop()
        cls = type(node)
        if "lineno" in cls._attributes:
            if getattr(node, "lineno", None) is None:
                node.lineno, node.col_offset = line, col
            else:
                line, col = node.lineno, node.col_offset
        if cls is Name:
            loaded.add(node.id)
            continue
        fields = _FIELDS.get(cls)
        for field in _located_fields(cls) if fields is None else fields:
            value = getattr(node, field, None)
            if type(value) is list:
                todo.extend((item, line, col) for item in value if isinstance(item, AST))
            elif isinstance(value, AST):
                todo.append((value, line, col))
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
