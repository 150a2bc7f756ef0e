"""The JSON type, JSONVersVariant and VariantVersJSON.

A JSON value is a tree: objects are `JSON` instances (members in their order of
creation), arrays are WLArray, and the leaves plain values (chaîne, entier, réel,
booléen, Null).  Members are created by assigning them (`j.client.nom = "Léa"`
creates `client`); reading a missing member gives an empty value ("" as a
chaîne, 0 as a number).  Assigning a chaîne to a JSON variable parses it;
converting a JSON to a chaîne writes its JSON text.
"""
from __future__ import annotations

import json as _json

from .errors import WLError
from .arrays import WLArray
from .values import Structure, WLAssoc, to_str

__all__ = ["JSON", "JSONVersVariant", "JSONToVariant", "VariantVersJSON", "VariantToJSON"]

_MISSING = object()


def _tree(value):
    """A Python/JSON value as a JSON tree node."""
    if isinstance(value, JSON):
        return value
    if isinstance(value, dict):
        node = JSON()
        for key, item in value.items():
            node._members[str(key)] = _tree(item)
        return node
    if isinstance(value, (list, tuple)):
        return WLArray(_tree(item) for item in value)
    return value


def _plain(value):
    """A wlmail value as plain Python data for the json module."""
    if isinstance(value, JSON):
        return value._plain()
    if isinstance(value, WLAssoc):
        return {to_str(k): _plain(v) for k, v in value.items_wl()}
    if isinstance(value, Structure):
        return {name: _plain(getattr(value, name)) for name in value._fields}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", errors="replace")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return to_str(value)


class JSON:
    """`j est un JSON`: an object whose members are created by assignment."""

    __slots__ = ("_members", "_parent", "_key", "_scalar")

    def __init__(self, text=None):
        object.__setattr__(self, "_members", {})
        object.__setattr__(self, "_parent", None)
        object.__setattr__(self, "_key", None)
        object.__setattr__(self, "_scalar", _MISSING)
        if text is not None:
            self._load(text)

    @classmethod
    def wl_assign(cls, value) -> "JSON":
        """The value of `j = value` for a JSON variable: a chaîne is parsed, data is copied."""
        if isinstance(value, JSON):
            return value
        node = cls()
        if isinstance(value, (str, bytes, bytearray)):
            node._load(value)
        else:
            node._set_value(_tree(_plain(value)))
        return node

    def _load(self, text) -> None:
        source = to_str(text)
        if source.strip() == "":
            return
        try:
            data = _json.loads(source)
        except ValueError as exc:
            raise WLError(f"Invalid JSON: {exc}") from None
        self._set_value(_tree(data))

    def _set_value(self, value) -> None:
        if isinstance(value, JSON):
            object.__setattr__(self, "_members", value._members)
            object.__setattr__(self, "_scalar", value._scalar)
        else:
            object.__setattr__(self, "_members", {})
            object.__setattr__(self, "_scalar", value)

    def _find(self, name: str):
        if name in self._members:
            return name
        folded = name.casefold()
        return next((k for k in self._members if k.casefold() == folded), None)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        key = self._find(name)
        if key is not None:
            return self._members[key]
        pending = JSON()                       # becomes a member when something is assigned to it
        object.__setattr__(pending, "_parent", self)
        object.__setattr__(pending, "_key", name)
        return pending

    def __setattr__(self, name, value):
        if name.startswith("_"):
            raise AttributeError(name)
        self._attach()
        self._members[self._find(name) or name] = _tree(_plain(value)) if not isinstance(value, (JSON, WLArray)) \
            else value
        object.__setattr__(self, "_scalar", _MISSING)

    def _attach(self) -> None:
        parent = self._parent
        if parent is not None:
            parent._attach()
            parent._members.setdefault(self._key, self)
            object.__setattr__(self, "_parent", None)

    def __getitem__(self, key):
        return getattr(self, to_str(key))

    def __setitem__(self, key, value):
        setattr(self, to_str(key), value)

    def __iter__(self):
        return iter(list(self._members.values()))

    def __contains__(self, key):
        return self._find(to_str(key)) is not None

    @property
    def Existe(self) -> bool:
        """`j.membre..Existe`: Vrai once the member exists."""
        return self._parent is None

    def _plain(self):
        if self._scalar is not _MISSING:
            return _plain(self._scalar)
        if self._parent is not None and not self._members:
            return None
        return {key: _plain(value) for key, value in self._members.items()}

    def __str__(self):
        if self._parent is not None and not self._members:
            return ""
        if self._scalar is not _MISSING:
            return to_str(self._scalar)
        return _json.dumps(self._plain(), ensure_ascii=False)

    def __eq__(self, other):
        if isinstance(other, JSON):
            return self._plain() == other._plain()
        if self._parent is not None and not self._members:     # a missing member
            return other in ("", 0, None, False)
        return str(self) == to_str(other)

    __hash__ = None

    def __repr__(self):
        return f"JSON({self})"


def JSONVersVariant(text):
    """Parses JSON text: an object gives a JSON (members read with `.`), an array a tableau,
    a number, chaîne, booléen or null the value itself."""
    source = to_str(text)
    try:
        return _tree(_json.loads(source))
    except ValueError as exc:
        raise WLError(f"JSONVersVariant: invalid JSON: {exc}") from None


def VariantVersJSON(value, options=None) -> str:
    """The JSON text of a value: JSON, tableau, tableau associatif, structure, chaîne,
    number, booléen, Null."""
    return _json.dumps(_plain(value), ensure_ascii=False)


JSONToVariant = JSONVersVariant
VariantToJSON = VariantVersJSON
