"""Classes and enumerations: a WLangage class compiles to a Python class (members set in
`__init__`, global members as class attributes, methods as methods, Constructeur as
`__init__`); an enumeration or a combination to a runtime object holding its values."""
from __future__ import annotations

import ast
import dataclasses

from ..runtime.names import fold
from ..syntax import nodes as n
from .analysis import replace_names
from .declarations import _dynamic
from .pyast import call, const, load, locate, store
from .scopes import CompileError, ProcInfo, Scope, Var
from .types import ANY, WLType

# The current object inside a method (PC SOFT help: MoiMême, Objet).
SELF_WORDS = {fold(w) for w in ("MoiMême", "MySelf", "Objet", "Object")}
# Python names of the constructor and the destructor (wl_release calls Destructeur).
SPECIAL_METHODS = {"constructeur": "__init__", "constructor": "__init__",
                   "destructeur": "Destructeur", "destructor": "Destructeur"}


@dataclasses.dataclass
class ClassInfo:
    name: str                       # as declared
    pyname: str
    base: str | None                # folded name of the base class
    node: n.ClassDef
    members: dict = dataclasses.field(default_factory=dict)   # folded -> Decl-level info
    methods: dict = dataclasses.field(default_factory=dict)   # folded -> n.Procedure
    procs: list = dataclasses.field(default_factory=list)     # the methods, in file order


@dataclasses.dataclass
class Member:
    name: str
    type: WLType
    is_global: bool
    decl: n.Decl


class ClassesMixin:
    """The Compiler's part for classes and enumerations."""

    # ---- declarations ------------------------------------------------------------------
    def _split_methods(self, procedures: list, body: list) -> list:
        """Methods (PROCÉDURE CClient.M, or Constructeur/Destructeur after a class) go to
        their class; the other procedures are returned."""
        classes = [s for s in body if isinstance(s, n.ClassDef)]
        plain = []
        for proc in procedures:
            owner = proc.class_name
            if owner is None and fold(proc.name) in ("constructeur", "constructor", "destructeur", "destructor") \
                    and classes:
                owner = max((c for c in classes if c.line < proc.line), key=lambda c: c.line, default=classes[-1]).name
            if owner is None:
                plain.append(proc)
            else:
                self.pending_methods.setdefault(fold(owner), []).append(proc)
        return plain

    def _declare_class(self, c: n.ClassDef, scope: Scope):
        info = ClassInfo(name=c.name, pyname=self._py_name(c.name, scope), base=fold(c.base) if c.base else None,
                         node=c)
        self.classes[fold(c.name)] = info
        for proc in self.pending_methods.pop(fold(c.name), []):
            info.methods[fold(proc.name)] = proc
            info.procs.append(proc)

    def _declare_members(self, info: ClassInfo):
        for decl in info.node.members:
            for name in decl.names:
                info.members[fold(name)] = Member(name, self._type(decl.type), decl.is_global, decl)
        for const_def in info.node.constants:
            info.members[fold(const_def.name)] = Member(const_def.name, ANY, True, const_def)

    def _declare_enum(self, e: n.EnumDef, scope: Scope):
        pyname = self._py_name(e.name, scope)
        self.enums[fold(e.name)] = (pyname, e)
        for base in e.bases:
            for value in self.enum_values_of(base):
                self.enum_values.setdefault(fold(value), (pyname, value))
        for value, _ in e.values:
            self.enum_values.setdefault(fold(value), (pyname, value))
        names = [name for name, _ in e.values]
        values = ast.List(elts=[self._enum_value(name, v, names[:i]) for i, (name, v) in enumerate(e.values)],
                          ctx=ast.Load())
        bases = [load(self.enums[fold(b)][0]) for b in e.bases if fold(b) in self.enums]
        value = call("wl_enumeration", const(e.name), values, const(e.combination),
                     ast.List(elts=bases, ctx=ast.Load()))
        self.hoisted.append(locate([ast.Assign(targets=[store(pyname)], value=value)], e.line)[0])

    def enum_values_of(self, name: str) -> list:
        found = self.enums.get(fold(name))
        return [] if found is None else [v for v, _ in found[1].values]

    def _enum_value(self, name: str, node, earlier: list) -> ast.expr:
        """(name, associated value) or, for an alias of an earlier value, (name, None, that value)."""
        if isinstance(node, n.Name) and fold(node.name) in {fold(v) for v in earlier}:
            target = next(v for v in earlier if fold(v) == fold(node.name))
            return ast.Tuple(elts=[const(name), const(None), const(target)], ctx=ast.Load())
        value = const(None) if node is None else self._expr(node, self.module_scope)[0]
        return ast.Tuple(elts=[const(name), value], ctx=ast.Load())

    def _s_ClassDef(self, s, scope):
        return []                                 # compiled (hoisted) by _collect_definitions

    def _s_EnumDef(self, s, scope):
        return []

    # ---- a class -----------------------------------------------------------------------
    def _class_chain(self, info: ClassInfo):
        seen = set()
        while info is not None and info.pyname not in seen:
            seen.add(info.pyname)
            yield info
            info = self.classes.get(info.base) if info.base else None

    def class_member(self, info: ClassInfo, name: str):
        for cls in self._class_chain(info):
            member = cls.members.get(fold(name))
            if member is not None:
                return cls, member
        return None, None

    def class_method(self, info: ClassInfo, name: str):
        for cls in self._class_chain(info):
            method = cls.methods.get(fold(name))
            if method is not None:
                return cls, method
        return None, None

    def _compile_class(self, info: ClassInfo):
        body: list[ast.stmt] = []
        for member in info.members.values():            # global members and constants: class attributes
            if member.is_global:
                decl = member.decl
                value = self._member_value(member, self.module_scope)
                body.append(locate([ast.Assign(targets=[store(member.name)], value=value)], decl.line)[0])
        previous = self.current_class
        self.current_class = info
        try:
            ctor = next((p for p in info.procs if SPECIAL_METHODS.get(fold(p.name)) == "__init__"), None)
            body.append(self._compile_method(info, ctor))
            for proc in info.procs:
                if proc is not ctor:
                    body.append(self._compile_method(info, proc))
        finally:
            self.current_class = previous
        base = self.classes.get(info.base) if info.base else None
        if info.base and base is None:
            raise CompileError(f"unknown base class {info.node.base}", info.node.line, info.node.col)
        cdef = ast.ClassDef(name=info.pyname, bases=[load(base.pyname)] if base else [], keywords=[],
                            body=body, decorator_list=[], type_params=[])
        self.hoisted.append(locate([cdef], info.node.line)[0])

    def _member_value(self, member: Member, scope) -> ast.expr:
        decl = member.decl
        if isinstance(decl, n.ConstDef):
            return self._expr(decl.value, scope)[0]
        if decl.init is not None:
            return self._convert(decl.init, member.type, scope)
        if member.type.kind == "class" and _dynamic(decl.type):
            return const(None)
        return self._default_value(member.type, decl, scope)

    def _compile_method(self, info: ClassInfo, proc: n.Procedure | None) -> ast.FunctionDef:
        """A method; `proc` None is the implicit constructor."""
        if proc is None:
            proc = n.Procedure(name="Constructeur", params=[], return_type=None, body=[],
                               line=info.node.line, col=info.node.col)
        pyname = SPECIAL_METHODS.get(fold(proc.name)) or self._py_name(proc.name)
        is_init = pyname == "__init__"
        is_global = any(m.startswith("global") for m in proc.modifiers)
        pinfo = ProcInfo(name=pyname, node=proc)
        if proc.return_type:
            pinfo.returns = self._type(proc.return_type[0])
        local = {fold(p.name) for p in proc.params} | {fold(x) for s in proc.body if isinstance(s, n.Decl)
                                                        for x in s.names}
        body = replace_names(proc.body, lambda node: self._implicit_member(info, node, local, is_global))
        proc = dataclasses.replace(proc, body=body)
        prologue = []
        if is_init:
            for member in info.members.values():
                if not member.is_global:
                    prologue.append(locate([ast.Assign(
                        targets=[ast.Attribute(value=load("self"), attr=member.name, ctx=ast.Store())],
                        value=self._member_value(member, self.module_scope))], member.decl.line)[0])
            explicit = any(isinstance(s, n.BaseConstructor) and fold(s.name) == info.base for s in body)
            base = self.classes.get(info.base) if info.base else None
            if base is not None and not explicit:
                prologue.append(ast.Expr(call(ast.Attribute(value=load(base.pyname), attr="__init__",
                                                            ctx=ast.Load()), load("self"))))
        receiver = None if is_global else Var(pyname="self", type=WLType("class", name=info.pyname), owner=None)
        fn = self._compile_procedure(proc, self.module_scope, info=pinfo, receiver=receiver,
                                     prologue=locate(prologue, proc.line))
        if is_global:
            fn.decorator_list = [load("staticmethod")]
        return fn

    def _implicit_member(self, info: ClassInfo, node, local: set, in_global: bool):
        """Inside a method, a bare member or method name means that of the current object
        (or of the class, for a global member); `:membre` and `::membre` say so explicitly."""
        if isinstance(node, n.SelfMember):
            if node.of_class and fold(node.name) in self.enums:
                return n.Name(name=node.name, line=node.line, col=node.col)
            owner = n.Name(name=info.name if node.of_class else "MoiMême", line=node.line, col=node.col)
            return n.Member(obj=owner, name=node.name, line=node.line, col=node.col)
        if not isinstance(node, n.Name) or fold(node.name) in local:
            return None
        _, member = self.class_member(info, node.name)
        _, method = (None, None) if member else self.class_method(info, node.name)
        target = member or method
        if target is None:
            return None
        is_global = member.is_global if member else any(m.startswith("global") for m in method.modifiers)
        if not is_global and in_global:
            return None
        owner = n.Name(name=info.name if is_global else "MoiMême", line=node.line, col=node.col)
        return n.Member(obj=owner, name=node.name, line=node.line, col=node.col)

    # ---- expressions and statements ----------------------------------------------------
    def _e_SelfMember(self, e: n.SelfMember, scope):
        raise CompileError(f"':{e.name}' is only allowed in a method of a class", e.line, e.col)

    def _e_New(self, e: n.New, scope):
        """allouer un CClient(a, b), or any other type: allouer un tableau de 4 par 7 entiers."""
        t = self._type(e.type)
        if t.kind == "unsupported" and t.family == "" and len(e.type.words) == 1:
            raise CompileError(f"unknown class {e.type.words[0]}", e.line, e.col)
        if t.kind == "class":
            return call(t.name, *[self._expr(a, scope)[0] for a in e.args]), t
        return self._default_value(t, e, scope), t

    def _e_IsInstance(self, e: n.IsInstance, scope):
        info = self.classes.get(fold(e.cls))
        if info is None:
            raise CompileError(f"unknown class {e.cls}", e.line, e.col)
        return call("isinstance", self._expr(e.obj, scope)[0], load(info.pyname)), WLType("bool")

    def _s_Delete(self, s: n.Delete, scope):
        released = call("wl_release", self._expr(s.target, scope)[0])
        if self._is_lvalue(s.target, scope):
            return [ast.Assign(targets=[self._lvalue(s.target, scope)], value=released)]
        return [ast.Expr(released)]

    def _s_BaseConstructor(self, s: n.BaseConstructor, scope):
        info = self.current_class
        if info is None:
            raise CompileError("Constructeur <class>(...) is only allowed in a constructor", s.line, s.col)
        args = [self._expr(a, scope)[0] for a in s.args]
        base = self.classes.get(fold(s.name))
        if base is not None:
            init = ast.Attribute(value=load(base.pyname), attr="__init__", ctx=ast.Load())
            return [ast.Expr(call(init, load("self"), *args))]
        _, member = self.class_member(info, s.name)
        if member is None or member.type.kind != "class":
            raise CompileError(f"{s.name} is neither the base class nor a member of class type", s.line, s.col)
        target = ast.Attribute(value=load("self"), attr=member.name, ctx=ast.Store())
        return [ast.Assign(targets=[target], value=call(member.type.name, *args))]

    def class_of(self, t: WLType) -> ClassInfo | None:
        if t.kind in ("class", "classref"):
            return next((c for c in self.classes.values() if c.pyname == t.name), None)
        return None

    def _class_member_name(self, t: WLType, name: str) -> str | None:
        info = self.class_of(t)
        if info is not None:
            _, member = self.class_member(info, name)
            if member is not None:
                return member.name
            _, method = self.class_method(info, name)
            if method is not None:
                return SPECIAL_METHODS.get(fold(method.name), self._py_name(method.name))
            return None
        if t.kind in ("enumref", "enum"):
            found = self.enums.get(fold(t.name)) if t.kind == "enumref" else None
            for value, _ in (found[1].values if found else []):
                if fold(value) == fold(name):
                    return value
            return {"nom": "Nom", "name": "Nom", "valeur": "Valeur", "value": "Valeur"}.get(fold(name))
        return None

    def _class_member_type(self, t: WLType, name: str) -> WLType:
        info = self.class_of(t)
        if info is not None:
            _, member = self.class_member(info, name)
            return member.type if member is not None else ANY
        if t.kind == "enumref":
            return WLType("enum", name=t.name)
        return ANY

    def _class_method_call(self, e: n.Call, obj: ast.expr, t: WLType, scope):
        """obj.M(), obj:M(), X::M() (global method), Base::M() from a derived method."""
        member: n.Member = e.func
        info = self.class_of(t)
        owner, method = self.class_method(info, member.name)
        if method is None:
            raise CompileError(f"class {info.name} has no method {member.name}", member.line, member.col)
        args, kwargs = self._args(e, scope, method.params)
        attr = ast.Attribute(value=obj, attr=self._class_member_name(t, member.name), ctx=ast.Load())
        is_global = any(m.startswith("global") for m in method.modifiers)
        if t.kind == "classref" and not is_global:
            if self.current_class is None:
                raise CompileError(f"{member.name} is not a global method of {info.name}", member.line, member.col)
            args.insert(0, load("self"))          # CBase::M() in a method of a derived class
        rtype = self._type(method.return_type[0]) if method.return_type else ANY
        return ast.Call(func=attr, args=args, keywords=kwargs), rtype
