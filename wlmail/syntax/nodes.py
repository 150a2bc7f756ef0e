"""The WLangage syntax tree: plain dataclasses, each with its source line and column."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    line: int
    col: int


# ---- expressions -----------------------------------------------------------------
@dataclass
class Name(Node):
    name: str


@dataclass
class Literal(Node):
    value: object            # int, float or str


@dataclass
class Tuple(Node):
    items: list


@dataclass
class ArrayLit(Node):
    items: list


@dataclass
class BinOp(Node):
    op: str                  # + - * / % ^ modulo
    left: Node
    right: Node


@dataclass
class Unary(Node):
    op: str                  # - + pas
    operand: Node


@dataclass
class Compare(Node):
    ops: list                # chained: a < b < c -> ops ["<", "<"], operands [a, b, c]
    operands: list


@dataclass
class FlexCompare(Node):
    op: str
    left: Node
    right: Node


@dataclass
class InOp(Node):
    left: Node
    choices: list            # expressions; one non-tuple choice = a collection
    negated: bool = False


@dataclass
class BoolOp(Node):
    op: str                  # "and" | "or"
    left: Node
    right: Node


@dataclass
class Ternary(Node):
    cond: Node
    then: Node
    other: Node


@dataclass
class Call(Node):
    func: Node
    args: list               # Node or None (the `*` default marker)


@dataclass
class Member(Node):
    obj: Node
    name: str


@dataclass
class Index(Node):
    obj: Node
    indexes: list


@dataclass
class Substring(Node):
    obj: Node
    kind: str                # char | range | from | upto | length
    a: Node | None
    b: Node | None


# ---- statements ------------------------------------------------------------------
@dataclass
class TypeSpec(Node):
    words: list              # the type's words as written: ["tableau", "de", "chaînes"]


@dataclass
class Decl(Node):
    names: list
    type: TypeSpec
    init: Node | None = None
    scope: str = ""          # "" | "local" | "global"
    args: list | None = None  # constructor arguments: `o est un AuthToken(p, json)`


@dataclass
class Assign(Node):
    target: Node
    op: str                  # = += -= *= /=
    value: Node


@dataclass
class ExprStmt(Node):
    expr: Node


@dataclass
class IncDec(Node):
    target: Node
    op: str


@dataclass
class If(Node):
    branches: list           # [(cond, body)]
    orelse: list | None


@dataclass
class CaseItem(Node):
    kind: str                # value | range | upto | from | compare | between
    a: Node | None = None
    b: Node | None = None
    op: str = ""
    op2: str = ""


@dataclass
class Switch(Node):
    subject: Node
    cases: list              # [(items, body)]
    other: list | None


@dataclass
class While(Node):
    cond: Node
    body: list


@dataclass
class Loop(Node):
    count: Node | None
    body: list
    until: Node | None       # A FAIRE TANTQUE condition


@dataclass
class ForRange(Node):
    var: str
    start: Node
    stop: Node
    step: Node | None
    body: list
    stop_once: bool          # _A_ / _TO_: bound evaluated once


@dataclass
class ForEach(Node):
    var: str
    key: str | None
    unread: bool
    collection: Node
    body: list


@dataclass
class Try(Node):
    body: list
    handler: list


@dataclass
class Return(Node):
    pass


@dataclass
class Result(Node):
    values: list


@dataclass
class Break(Node):
    pass


@dataclass
class Continue(Node):
    pass


@dataclass
class Param(Node):
    name: str
    type: TypeSpec | None
    default: Node | None
    local: bool
    variadic: bool = False


@dataclass
class Procedure(Node):
    name: str
    params: list
    return_type: object
    body: list
    internal: bool = False
    on_error: list | None = None
    on_exception: list | None = None


@dataclass
class StructDef(Node):
    name: str
    fields: list             # [Decl]


@dataclass
class ConstDef(Node):
    name: str
    value: Node


@dataclass
class ScopeMarker(Node):
    scope: str               # "local" | "global": following declarations use this scope


@dataclass
class Program(Node):
    body: list
    procedures: list = field(default_factory=list)
    on_error: list | None = None
    on_exception: list | None = None
