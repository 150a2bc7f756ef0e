"""What compiled WLangage classes and enumerations need at run time: enumeration and
combination values, and `libérer` (the destructor).  WLangage classes themselves compile
to plain Python classes."""
from __future__ import annotations

import functools

from .errors import WLError

__all__ = ["wl_enumeration", "wl_release"]


@functools.total_ordering
class WLEnumValue:
    """One value of an enumeration: ordered as declared, `..Nom` and `..Valeur`."""

    __slots__ = ("Nom", "Valeur", "_rank", "_enum")

    def __init__(self, enum: str, name: str, value, rank: int):
        self.Nom, self.Valeur, self._rank, self._enum = name, value, rank, enum

    Name = property(lambda self: self.Nom)
    Value = property(lambda self: self.Valeur)

    def __eq__(self, other):
        return self is other

    def __hash__(self):
        return id(self)

    def __lt__(self, other):
        if not isinstance(other, WLEnumValue) or other._enum != self._enum:
            raise WLError(f"{self.Nom} can only be compared with a value of {self._enum}")
        return self._rank < other._rank

    def __str__(self):
        return self.Nom

    __repr__ = __str__


class WLCombinationValue:
    """A set of values of a combination: `A + B` adds, `c - A` removes."""

    __slots__ = ("_names",)

    def __init__(self, names=frozenset()):
        self._names = frozenset(names)

    def __add__(self, other):
        return WLCombinationValue(self._names | _names_of(other))

    def __sub__(self, other):
        return WLCombinationValue(self._names - _names_of(other))

    def __eq__(self, other):
        return isinstance(other, WLCombinationValue) and other._names == self._names or (
            other in (0, None) and not self._names)

    def __hash__(self):
        return hash(self._names)

    def __bool__(self):
        return bool(self._names)

    def __str__(self):
        return " + ".join(sorted(self._names))


def _names_of(value) -> frozenset:
    if isinstance(value, WLCombinationValue):
        return value._names
    if value in (0, None):
        return frozenset()
    raise WLError(f"{value!r} is not a value of this combination")


class WLEnumeration:
    """An enumeration or a combination type: its values are its attributes."""

    def __init__(self, name: str, values: list, combination: bool):
        self._name, self._values = name, {}
        for rank, (value_name, value, *alias) in enumerate(values):
            if alias:                              # Maintenance = EnMaintenance
                item = self._values[alias[0]]
            elif combination:
                item = WLCombinationValue({value_name})
            elif isinstance(value, (WLEnumValue, WLCombinationValue)):
                item = value                       # inherited from a base enumeration
            else:
                item = WLEnumValue(name, value_name, value, rank)
            self._values[value_name] = item
            setattr(self, value_name, item)
        first = next(iter(self._values.values()), None)
        self._default = WLCombinationValue() if combination else first

    def __iter__(self):
        return iter(self._values.values())

    def __repr__(self):
        return self._name


def wl_enumeration(name: str, values: list, combination: bool = False, bases=()) -> WLEnumeration:
    inherited = [(v.Nom, v) for base in bases for v in base] if not combination else \
        [(n, None) for base in bases for n in base._values]
    return WLEnumeration(name, inherited + list(values), combination)


def wl_release(obj):
    """`libérer o`: runs the destructor; the variable then holds Null."""
    if obj is None:
        raise WLError("libérer: the object is Null (already released or never allocated)")
    destructor = getattr(obj, "Destructeur", None)
    if destructor is not None:
        destructor()
    return None
