"""WLangage values on Python objects.

chaîne -> str, entier -> int, réel/monétaire/numérique -> float, booléen -> bool,
tableau -> arrays.WLArray (1-based, dynamic), tableau associatif -> WLAssoc,
STRUCTURE -> subclasses of Structure.  Conversions follow WLangage's implicit rules.
"""
from __future__ import annotations

import copy as _copy
import math
import re
import unicodedata

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
    if isinstance(number, float):
        if not math.isfinite(number):
            raise WLError(f"{to_str(value)} is out of range for an entier")
        return int(number)
    return number


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
    if isinstance(value, list):              # WLArray (runtime/arrays)
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


def _lower_unaccented(text: str) -> str:
    """Case folded, with the accents of lower-case letters removed ("Relevé" -> "releve";
    an accented capital keeps its accent, as `~=` is documented)."""
    out = []
    for c in text:
        if c.islower() and not c.isascii():
            c = "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
        out.append(c)
    return "".join(out).casefold()


def _soft(text) -> str:
    """`~=`: ignores case, spaces before and after, accents on lower-case letters."""
    return _lower_unaccented(to_str(text).strip())


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
        return _lower_unaccented(to_str(a).lstrip()).startswith(_lower_unaccented(to_str(b).lstrip()))
    if op == "[~~":
        return _very_soft(a).startswith(_very_soft(b))
    if op == "=]":
        return to_str(a).endswith(to_str(b))
    if op == "~]":
        return _lower_unaccented(to_str(a).rstrip()).endswith(_lower_unaccented(to_str(b).rstrip()))
    if op == "~~]":
        return _very_soft(a).endswith(_very_soft(b))
    if op == "[=]":
        return to_str(b) in to_str(a)
    if op == "[~]":
        return _soft(b) in _lower_unaccented(to_str(a))
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

def _sort_key(item):
    if isinstance(item, (int, float)):
        return (0, item, "")
    return (1, 0, to_str(item))


class WLAssoc(dict):
    """`tableau associatif de T`: reading a missing key creates it with the default value.
    `key_form` gives the form keys are compared in (ccSansCasse...: "Léa" and "LEA" are one
    key, shown as first written); `duplicates` (AvecDoublon) keeps every value given to a key:
    t[k] = v adds one, t[k] reads the first, t[k, n] the n-th."""

    __slots__ = ("convert", "default", "key_form", "duplicates", "_written")

    def __init__(self, convert=identity, default=None, key_form=None, duplicates=False):
        super().__init__()
        self.convert = convert
        self.default = default
        self.key_form = key_form
        self.duplicates = duplicates
        self._written = {}                  # compared form -> key as first written

    def _form(self, key):
        return key if self.key_form is None else self.key_form(key)

    def _new_default(self):
        d = self.default
        return d() if callable(d) else d

    def __getitem__(self, key):
        rank = None
        if self.duplicates and isinstance(key, tuple) and len(key) == 2:
            key, rank = key
        form = self._form(key)
        if dict.__contains__(self, form):
            value = dict.__getitem__(self, form)
            if not self.duplicates:
                return value
            index = 1 if rank is None else to_int(rank)
            if not 1 <= index <= len(value):
                raise WLError(f"The key {to_str(key)!r} has {len(value)} value(s), not {index}")
            return value[index - 1]
        value = self._new_default()
        self[key] = value
        return value

    def __setitem__(self, key, value):
        value = self.convert(value)
        if self.duplicates and isinstance(key, tuple) and len(key) == 2:
            key, rank = key
            values = dict.__getitem__(self, self._form(key))
            values[to_int(rank) - 1] = value
            return
        form = self._form(key)
        self._written.setdefault(form, key)
        if self.duplicates:
            dict.setdefault(self, form, []).append(value)
        else:
            dict.__setitem__(self, form, value)

    def __contains__(self, key):
        return dict.__contains__(self, self._form(key))

    def __delitem__(self, key):
        form = self._form(key)
        dict.__delitem__(self, form)
        self._written.pop(form, None)

    def __len__(self):
        if self.duplicates:
            return sum(len(v) for v in dict.values(self))
        return dict.__len__(self)

    def __iter__(self):
        return iter([v for _k, v in self.items_wl()])

    def items_wl(self):
        """(key, value) pairs in order of creation, one per value."""
        pairs = []
        for form, value in dict.items(self):
            key = self._written.get(form, form)
            pairs += [(key, v) for v in value] if self.duplicates else [(key, value)]
        return pairs

    def clear(self):
        dict.clear(self)
        self._written.clear()

    @property
    def Occurrence(self) -> int:
        return len(self)

    Count = Occurrence

    def Existe(self, key) -> bool:
        return key in self

    def Supprime(self, key) -> None:
        if key in self:
            del self[key]

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
