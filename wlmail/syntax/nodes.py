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
class Duration(Node):
    milliseconds: int        # 3 min 30 s -> 210000


@dataclass
class Indirection(Node):
    """{expr} or {expr, indX} (a name built at run time), or {object, member}."""
    expr: Node
    second: Node | None = None


@dataclass
class Interpolation(Node):
    parts: list              # str (text) and Node (a [% expr %]) in order


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
class Slice(Node):
    """MesParamètres[2 À 4]: elements first..last (1-based, inclusive), re-stacked as arguments."""
    obj: Node
    first: Node | None
    last: Node | None


@dataclass
class NamedArg(Node):
    """MaProcédure(<p4>:4): an argument given by its parameter's name."""
    name: str
    value: Node


@dataclass
class Cast(Node):
    """(chaîne) 378: the operand converted to the type."""
    type: "TypeSpec"
    operand: Node


@dataclass
class SwitchExpr(Node):
    """SELON(v, r1, r2, SINON autre): r1 when v is 1, r2 when v is 2..."""
    subject: Node
    results: list
    other: Node | None


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
    args: list = field(default_factory=list)   # tableau associatif (<options>, <default>) de ...


@dataclass
class Decl(Node):
    names: list
    type: TypeSpec
    init: Node | None = None
    scope: str = ""          # "" | "local" | "global"
    args: list | None = None     # o est un CClient(a, b): the constructor's arguments
    access: str = ""         # class members: "" (public) | privé | protégé ...
    is_global: bool = False  # class members: GLOBAL (one for the class)


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
    key: str | None          # second variable: key, index or position
    unread: bool
    collection: Node
    body: list
    kind: str = ""           # "" (array, session...) | string | position | row | file (HFSQL)
    counter: str | None = None   # third variable: the iteration number
    condition: Node | None = None    # AVEC: a filter (arrays) or options (POSITION)
    reverse: bool = False    # DepuisFin
    separator: Node | None = None    # SÉPARÉE PAR
    search: Node | None = None       # POUR TOUTE POSITION p DE search DANS collection


@dataclass
class Try(Node):
    body: list
    handler: list


@dataclass
class Finally(Node):
    """The code before a `FIN:` label, and the code after it that always runs."""
    body: list
    final: list


@dataclass
class Return(Node):
    pass


@dataclass
class ReturnAssign(Node):
    """RETOUR = valeur: sets the procedure's result, returned when it ends."""
    value: Node


@dataclass
class Lambda(Node):
    params: list             # names
    body: Node               # an expression


@dataclass
class Result(Node):
    values: list


@dataclass
class AbortTransaction(Node):
    """ABANDONNER ET SORTIR: cancels the HFSQL transaction of UTILISER HTransaction() DANS."""


@dataclass
class Break(Node):
    switch: bool = False     # SORTIR SELON


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
    class_name: str | None = None    # PROCÉDURE CClient.Méthode
    modifiers: list = field(default_factory=list)   # folded: globale, privée...


@dataclass
class ClassDef(Node):
    name: str
    base: str | None
    members: list            # [Decl] with access / is_global set
    constants: list          # [ConstDef]


@dataclass
class EnumDef(Node):
    name: str
    values: list             # [(name, Node | None)]
    bases: list              # names of extended enumerations
    combination: bool = False


@dataclass
class New(Node):
    type: TypeSpec           # allouer un CClient(a) / allouer un tableau de 4 entiers
    args: list


@dataclass
class WithMember(Node):
    """`.membre` inside AVEC x ... FIN."""
    name: str


@dataclass
class With(Node):
    subject: Node
    body: list


@dataclass
class Using(Node):
    """UTILISER x DANS ... FIN (a critical section, a chronometer, a transaction)."""
    subject: Node
    body: list


@dataclass
class IsInstance(Node):
    """o est CClasse: is o an object of that class (or of a class derived from it)?"""
    obj: Node
    cls: str


@dataclass
class Swap(Node):
    left: Node
    right: Node


@dataclass
class SelfMember(Node):
    """`:membre` / `::membre` inside a method: a member of the current object or class."""
    name: str
    of_class: bool = False


@dataclass
class Extern(Node):
    """EXTERNE objet: a name that exists at run time (EXTERNE "f.wl" is resolved by the parser)."""
    name: str
    file: str | None = None


@dataclass
class Delete(Node):
    target: Node


@dataclass
class BaseConstructor(Node):
    """`Constructeur CBase(args)` in a constructor: build the base class (or a member)."""
    name: str
    args: list


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
    origins: dict = field(default_factory=dict)    # k -> the file included with EXTERNE whose lines
                                                   # are numbered k * EXTERN_LINES + line

    @property
    def includes(self) -> list:
        """The files EXTERNE included, nested ones too."""
        return list(self.origins.values())
