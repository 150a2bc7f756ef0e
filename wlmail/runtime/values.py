"""WLangage values on Python objects.

chaîne -> str, entier -> int, réel/monétaire/numérique -> float, booléen -> bool,
tableau -> WLArray (1-based, dynamic), tableau associatif -> WLAssoc,
STRUCTURE -> subclasses of Structure.  Conversions follow WLangage's implicit rules.
"""
from __future__ import annotations

import copy as _copy
import math
import re

from .errors import WLError
from .names import FoldedAttributes, fold

__all__ = ["Vrai", "Faux", "Null", "RC", "CR", "TAB", "True_", "False_", "EOT"]

Vrai = True
Faux = False
True_ = True
False_ = False
Null = None
RC = CR = "\r\n"
TAB = "\t"
EOT = "\x1a"  # fLitLigne's end-of-file marker (never equal to a real line)

class Operand:
    """Base of runtime value types that implement WLangage's operators themselves
    (dates, times, durations): `-`, `*`, `/` and comparisons go to their Python
    operators, and `_wl_number()` gives their value as a number."""

    def _wl_number(self):
        raise NotImplementedError


_NUMBER_PREFIX = re.compile(r"\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


# --- conversions -----------------------------------------------------------------

def to_str(value) -> str:
    """WLangage's conversion of any value to a chaîne."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return format_real(value)
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def format_real(value: float) -> str:
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text


def to_number(value):
    """A chaîne used as a number: its numeric prefix (WLangage's Val), 0 if none."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if value is None:
        return 0
    if isinstance(value, Operand):
        return value._wl_number()
    if isinstance(value, str):
        m = _NUMBER_PREFIX.match(value)
        if not m:
            return 0
        text = m.group(0).strip()
        try:
            return int(text)
        except ValueError:
            return float(text)
    raise WLError(f"Cannot convert {type_name(value)} to a number")


def to_int(value) -> int:
    if type(value) is int:
        return value
    number = to_number(value)
    return int(number) if isinstance(number, float) else number


def to_real(value) -> float:
    if type(value) is float:
        return value
    return float(to_number(value))


def to_bool(value) -> bool:
    """Vrai is any non-zero number or non-empty, non-"0" string."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    if isinstance(value, str):
        number = to_number(value)
        return number != 0 if value.strip() and _NUMBER_PREFIX.fullmatch(value) else value != ""
    if value is None:
        return False
    return True


def to_buffer(value) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    return to_str(value).encode("utf-8")


def identity(value):
    return value


def type_name(value) -> str:
    if isinstance(value, bool):
        return "booléen"
    if isinstance(value, int):
        return "entier"
    if isinstance(value, float):
        return "réel"
    if isinstance(value, str):
        return "chaîne"
    if isinstance(value, WLArray):
        return "tableau"
    return type(value).__name__


# --- operators -------------------------------------------------------------------

def add(a, b):
    """`+`: concatenation as soon as one side is a chaîne."""
    if isinstance(a, str) or isinstance(b, str):
        return to_str(a) + to_str(b)
    if isinstance(a, (bytes, bytearray)) or isinstance(b, (bytes, bytearray)):
        return to_buffer(a) + to_buffer(b)
    return a + b


def arith(op: str, a, b):
    """`- * / % ^` on numbers; chaînes are converted; dates and durations compute
    themselves (Date - Date is a Durée)."""
    if isinstance(a, Operand) or isinstance(b, Operand):
        if op not in _OPERAND_OPS:
            raise WLError(f"The operator {op} does not apply to {type_name(a)} and {type_name(b)}")
        return _OPERAND_OPS[op](a, b)
    x = a if isinstance(a, (int, float)) else to_number(a)
    y = b if isinstance(b, (int, float)) else to_number(b)
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        if y == 0:
            raise WLError("Division by zero")
        return x / y
    if op == "%":
        if y == 0:
            raise WLError("Division by zero")
        return math.fmod(x, y) if isinstance(x, float) or isinstance(y, float) else int(math.fmod(x, y))
    if op == "^":
        return x ** y
    raise AssertionError(op)


_OPERAND_OPS = {"-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b}


def _comparable(a, b):
    if isinstance(a, Operand) or isinstance(b, Operand):
        return a, b
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a, b
    if a is None or b is None:
        return (a if a is not None else _null_like(b)), (b if b is not None else _null_like(a))
    if isinstance(a, str) and isinstance(b, (int, float)):
        return to_number(a), b
    if isinstance(b, str) and isinstance(a, (int, float)):
        return a, to_number(b)
    return a, b


def _null_like(other):
    return "" if isinstance(other, str) else 0 if isinstance(other, (int, float)) else None


def eq(a, b) -> bool:
    a, b = _comparable(a, b)
    return a == b


def ne(a, b) -> bool:
    return not eq(a, b)


def lt(a, b) -> bool:
    a, b = _comparable(a, b)
    return a < b


def le(a, b) -> bool:
    a, b = _comparable(a, b)
    return a <= b


def gt(a, b) -> bool:
    a, b = _comparable(a, b)
    return a > b


def ge(a, b) -> bool:
    a, b = _comparable(a, b)
    return a >= b


def _soft(text) -> str:
    return to_str(text).strip().casefold()


def _very_soft(text) -> str:
    return "".join(c for c in fold(to_str(text)) if c.isalnum())


def flex_compare(op: str, a, b) -> bool:
    """The flexible comparisons: `~=`, `~~`, `[=`, `[~`, `[~~`, `=]`, `~]`, `~~]`, `[=]`, `[~]`, `[~~]`."""
    if op == "~=":
        return _soft(a) == _soft(b)
    if op == "~~":
        return _very_soft(a) == _very_soft(b)
    if op == "[=":
        return to_str(a).startswith(to_str(b))
    if op == "[~":
        return to_str(a).lstrip().casefold().startswith(to_str(b).lstrip().casefold())
    if op == "[~~":
        return _very_soft(a).startswith(_very_soft(b))
    if op == "=]":
        return to_str(a).endswith(to_str(b))
    if op == "~]":
        return to_str(a).rstrip().casefold().endswith(to_str(b).rstrip().casefold())
    if op == "~~]":
        return _very_soft(a).endswith(_very_soft(b))
    if op == "[=]":
        return to_str(b) in to_str(a)
    if op == "[~]":
        return _soft(b) in to_str(a).casefold()
    if op == "[~~]":
        return _very_soft(b) in _very_soft(a)
    raise AssertionError(op)


def is_in(value, *choices) -> bool:
    return any(eq(value, c) for c in choices)


def substring(text, start=None, end=None, length=None):
    """`s[[a À b]]`, `s[[a]]`, `s[[a À]]`, `s[[À b]]`, `s[[a SUR n]]` (1-based, inclusive)."""
    s = to_str(text)
    first = 1 if start is None else to_int(start)
    if length is not None:
        last = first + to_int(length) - 1
    elif end is None:
        last = len(s)
    else:
        last = to_int(end)
    if first < 1:
        first = 1
    return s[first - 1:max(last, first - 1)]


def char_at(text, index):
    i = to_int(index)
    s = to_str(text)
    return s[i - 1] if 1 <= i <= len(s) else ""


def optional_concat(a, b):
    """`a += [b]`: appends b unless a is empty or already ends with b."""
    a, b = to_str(a), to_str(b)
    if a == "" or a.endswith(b):
        return a
    return a + b


# --- arrays ----------------------------------------------------------------------

class WLArray(list):
    """A 1-based dynamic WLangage array.  `convert` normalises stored elements."""

    __slots__ = ("convert", "default")

    def __init__(self, items=(), convert=identity, default=None):
        super().__init__(convert(x) for x in items)
        self.convert = convert
        self.default = default

    def _new_default(self):
        d = self.default
        return d() if callable(d) else d

    @classmethod
    def sized(cls, size, convert=identity, default=None):
        arr = cls((), convert, default)
        for _ in range(to_int(size)):
            list.append(arr, arr._new_default())
        return arr

    def _index(self, index) -> int:
        i = index if type(index) is int else to_int(index)
        if not 1 <= i <= len(self):
            raise WLError(f"Array index {i} is out of range (the array has {len(self)} element(s))")
        return i - 1

    def __getitem__(self, index):
        if isinstance(index, tuple):
            value = self
            for i in index:
                value = value[i]
            return value
        if isinstance(index, slice):
            return list.__getitem__(self, index)
        return list.__getitem__(self, self._index(index))

    def __setitem__(self, index, value):
        if isinstance(index, tuple):
            target = self
            for i in index[:-1]:
                target = target[i]
            target[index[-1]] = value
            return
        list.__setitem__(self, self._index(index), self.convert(value))

    # properties (..Occurrence, ..Count)
    @property
    def Occurrence(self) -> int:
        return len(self)

    Count = Occurrence

    # The method forms (t.Ajoute(x), t.Cherche(tcLinéaire, x)...) are the array functions.
    def Ajoute(self, *args) -> int:
        from .arrays import TableauAjoute
        return TableauAjoute(self, *args)

    def Insère(self, *args) -> None:
        from .arrays import TableauInsère
        return TableauInsère(self, *args)

    def Supprime(self, *args):
        from .arrays import TableauSupprime
        return TableauSupprime(self, *args)

    def SupprimeTout(self) -> None:
        self.clear()

    def Cherche(self, *args) -> int:
        from .arrays import TableauCherche
        return TableauCherche(self, *args)

    def Trie(self, *args) -> None:
        from .arrays import TableauTrie
        return TableauTrie(self, *args)

    Add, Insert, Delete, DeleteAll, Seek, Sort = Ajoute, Insère, Supprime, SupprimeTout, Cherche, Trie
    Find = Cherche

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        canonical = _ARRAY_NAMES.get(fold(name))
        if canonical is None:
            raise WLError(f"Unknown property or method for an array: {name}")
        return getattr(self, canonical)

    def __copy__(self):
        return WLArray(list(self), self.convert, self.default)

    def __deepcopy__(self, memo):
        return WLArray([_copy.deepcopy(x, memo) for x in self], self.convert, self.default)


_ARRAY_NAMES = {fold(n): n for n in ("Occurrence", "Count", "Ajoute", "Add", "Insère", "Insert",
                                      "Supprime", "Delete", "SupprimeTout", "DeleteAll",
                                      "Cherche", "Find", "Seek", "Trie", "Sort")}
_ARRAY_NAMES["nbelement"] = "Occurrence"


def _sort_key(item):
    if isinstance(item, (int, float)):
        return (0, item, "")
    return (1, 0, to_str(item))


class WLAssoc(dict):
    """`tableau associatif de T`: keys are compared as given; reading a missing key gives the default."""

    __slots__ = ("convert", "default")

    def __init__(self, convert=identity, default=None):
        super().__init__()
        self.convert = convert
        self.default = default

    def __getitem__(self, key):
        if key in self:
            return dict.__getitem__(self, key)
        d = self.default
        value = d() if callable(d) else d
        dict.__setitem__(self, key, value)
        return value

    def __setitem__(self, key, value):
        dict.__setitem__(self, key, self.convert(value))

    def __iter__(self):
        return iter(list(self.values()))

    def items_wl(self):
        return list(dict.items(self))

    @property
    def Occurrence(self) -> int:
        return len(self)

    Count = Occurrence

    def Existe(self, key) -> bool:
        return key in self

    def Supprime(self, key) -> None:
        self.pop(key, None)

    def SupprimeTout(self) -> None:
        self.clear()


# --- structures ------------------------------------------------------------------

class Structure(FoldedAttributes):
    """Base of compiled STRUCTURE types.  Subclasses set `_fields`:
    {member name: (convert, default factory)}, and list members as class attributes."""

    _fields: dict = {}

    def __init__(self, *values):
        for name, (_convert, factory) in self._fields.items():
            object.__setattr__(self, name, factory())
        for name, value in zip(self._fields, values):
            setattr(self, name, value)

    def __setattr__(self, name, value):
        spec = self._fields.get(name)
        if spec is None:
            canonical = type(self)._resolve(name)
            if canonical is None or canonical not in self._fields:
                raise WLError(f"{type(self).__name__} has no member {name}")
            name, spec = canonical, self._fields[canonical]
        object.__setattr__(self, name, spec[0](value))

    def __repr__(self):
        inner = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._fields)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other):
        return type(self) is type(other) and all(
            getattr(self, k) == getattr(other, k) for k in self._fields)


def copy_value(value):
    """Assignment of a structure (or a value holding one) copies it."""
    if isinstance(value, Structure):
        return _copy.deepcopy(value)
    return value
