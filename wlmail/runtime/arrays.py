"""WLangage array functions (TableauAjoute, TableauCherche, TableauTrie...).

They operate on WLArray (1-based, dynamic; defined here with its method forms
t.Ajoute(x)...) and, where PC SOFT documents it, on values.WLAssoc.  A two-dimension array is an array of arrays; an array of
structures holds values.Structure instances.  `[D:nnn]` tags are page ids of
PC SOFT's help mirrored in gcarcau/windev-react.
"""
from __future__ import annotations

import copy as _copy
import functools
import re
import threading
import unicodedata

from .errors import WLError
from .names import fold
from .values import WLAssoc, _sort_key, copy_value, eq, identity, to_int, to_number, to_str, type_name

__all__ = [
    "TableauAjoute", "ArrayAdd", "TableauInsère", "ArrayInsert",
    "TableauSupprime", "ArrayDelete", "TableauSupprimeTout", "ArrayDeleteAll",
    "TableauOccurrence", "ArrayCount", "TableauCherche", "ArraySeek",
    "TableauTrie", "ArraySort", "Dimension",
    "AvecDoublon", "SansDoublon", "WithDuplicates", "WithoutDuplicates",
    # the generic functions documented as identical on arrays
    "Ajoute", "Add", "Insère", "Insert", "Supprime", "Delete", "SupprimeTout", "DeleteAll",
    "Cherche", "Seek", "Trie", "Sort",
    # search types
    "tcLinéaire", "tcLinéairePremier", "tcLinéaireDernier", "tcLinéaireSuivant",
    "tcLinéairePrécédent", "tcDichotomique",
    "asLinear", "asLinearFirst", "asLinearLast", "asLinearNext", "asLinearPrevious", "asBinary",
    # sort types
    "ttCroissant", "ttDécroissant", "ttColonne", "ttMembre", "ttFonction", "ttClé",
    "asAscending", "asDescending", "asColumn", "asMember", "asFunction", "asKey",
    # comparison options of searches and sorts
    "tccSansCasse", "tccSansAccent", "tccSansEspace", "tccSansEspaceIntérieur",
    "tccSansPonctuationNiEspace", "tccOrdreLexicographique", "tccRespecteNumérique",
    "tccIgnoreCase", "tccIgnoreAccent", "tccIgnoreSpace", "tccIgnoreInsideSpace",
    "tccIgnorePunctuationAndSpace", "tccLexicographicOrder", "tccRespectNumeric",
]

# search types of TableauCherche [D:3075002] (low byte)
tcLinéaire = 1
tcLinéairePremier = 2
tcLinéaireDernier = 3
tcLinéaireSuivant = 4
tcLinéairePrécédent = 5
tcDichotomique = 6
asLinear, asLinearFirst, asLinearLast = tcLinéaire, tcLinéairePremier, tcLinéaireDernier
asLinearNext, asLinearPrevious, asBinary = tcLinéaireSuivant, tcLinéairePrécédent, tcDichotomique

# sort types of TableauTrie [D:3075007] (low byte)
ttCroissant = 1
ttDécroissant = 2
ttColonne = 3
ttMembre = 4
ttFonction = 5
ttClé = 0x8000
asAscending, asDescending, asColumn = ttCroissant, ttDécroissant, ttColonne
asMember, asFunction, asKey = ttMembre, ttFonction, ttClé

# options combined with a search or sort type (chaînes only)
tccSansCasse = 0x100
tccSansAccent = 0x200
tccSansEspace = 0x400
tccSansEspaceIntérieur = 0x800
tccSansPonctuationNiEspace = 0x1000
tccOrdreLexicographique = 0x2000
tccRespecteNumérique = 0x4000
tccIgnoreCase, tccIgnoreAccent, tccIgnoreSpace = tccSansCasse, tccSansAccent, tccSansEspace
tccIgnoreInsideSpace, tccIgnorePunctuationAndSpace = tccSansEspaceIntérieur, tccSansPonctuationNiEspace
tccLexicographicOrder, tccRespectNumeric = tccOrdreLexicographique, tccRespecteNumérique

# associative arrays: keys may repeat (a flag combined with the cc comparison options)
AvecDoublon = 0x10000
SansDoublon = 0
WithDuplicates, WithoutDuplicates = AvecDoublon, SansDoublon

# --- the array type -----------------------------------------------------------------

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

    # The method forms (t.Ajoute(x), t.Cherche(tcLinéaire, x)...) are the array functions below.
    def Ajoute(self, *args) -> int:
        return TableauAjoute(self, *args)

    def Insère(self, *args) -> None:
        return TableauInsère(self, *args)

    def Supprime(self, *args):
        return TableauSupprime(self, *args)

    def SupprimeTout(self) -> None:
        self.clear()

    def Cherche(self, *args) -> int:
        return TableauCherche(self, *args)

    def Trie(self, *args) -> None:
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

    def __add__(self, other):
        """t + ["b"], t += ["b"]: an array of the elements of both (converted to t's type)."""
        if not isinstance(other, list):
            raise WLError(f"The operator + does not apply to tableau and {type_name(other)}")
        return WLArray(list(self) + list(other), self.convert, self.default)

    def __copy__(self):
        return WLArray(list(self), self.convert, self.default)

    def __deepcopy__(self, memo):
        return WLArray([_copy.deepcopy(x, memo) for x in self], self.convert, self.default)


_ARRAY_NAMES = {fold(n): n for n in ("Occurrence", "Count", "Ajoute", "Add", "Insère", "Insert",
                                      "Supprime", "Delete", "SupprimeTout", "DeleteAll",
                                      "Cherche", "Find", "Seek", "Trie", "Sort")}
_ARRAY_NAMES["nbelement"] = "Occurrence"



_MISSING = object()


def _check_array(array, function: str) -> list:
    if not isinstance(array, list):
        raise WLError(f"{function}: the first parameter must be an array")
    return array


def _convert(array, value):
    """An element as the array stores it: converted to its type; a structure is copied in."""
    value = copy_value(value)
    convert = getattr(array, "convert", None)
    return convert(value) if convert is not None else value


def _default(array):
    new_default = getattr(array, "_new_default", None)
    return new_default() if new_default is not None else None


# --- adding and removing ------------------------------------------------------------

def TableauAjoute(array, value=_MISSING) -> int:
    """Appends `value` (the elements' default value without it; all the elements of
    another array to concatenate it) and returns the index of the last element
    [D:3075003]."""
    if isinstance(array, WLAssoc):
        raise WLError("TableauAjoute: use TableauInsère(<tableau associatif>, <clé>, <valeur>)")
    _check_array(array, "TableauAjoute")
    if value is _MISSING:
        list.append(array, _default(array))
    elif isinstance(value, list):
        for item in list(value):
            list.append(array, _convert(array, item))
    else:
        list.append(array, _convert(array, value))
    return len(array)


def TableauInsère(array, index, value=_MISSING) -> None:
    """Inserts `value` at `index` (1..Occurrence+1), or a whole array there; in an
    associative array, inserts the element of key `index` (an error if it already
    exists) [D:3075009]."""
    if isinstance(array, WLAssoc):
        if index in array:
            raise WLError(f"TableauInsère: the key {to_str(index)!r} already exists")
        array[index] = None if value is _MISSING else value
        return
    _check_array(array, "TableauInsère")
    i = to_int(index)
    if not 1 <= i <= len(array) + 1:
        raise WLError(f"TableauInsère: index {i} is out of range (the array has {len(array)} element(s))")
    if value is _MISSING:
        items = [_default(array)]
    elif isinstance(value, list):
        items = [_convert(array, item) for item in list(value)]
    else:
        items = [_convert(array, value)]
    list.__setitem__(array, slice(i - 1, i - 1), items)


def TableauSupprime(array, index) -> int:
    """Deletes the element at `index` (an error past the end) or, in an associative
    array, the element of that key (nothing if absent); returns the number of
    elements deleted [D:3075008]."""
    if isinstance(array, WLAssoc):
        if index in array:
            del array[index]
            return 1
        return 0
    _check_array(array, "TableauSupprime")
    i = to_int(index)
    if not 1 <= i <= len(array):
        raise WLError(f"TableauSupprime: index {i} is out of range (the array has {len(array)} element(s))")
    list.__delitem__(array, i - 1)
    return 1


def TableauSupprimeTout(array) -> None:
    """Deletes every element; the array stays usable [D:3075010]."""
    if isinstance(array, dict):
        dict.clear(array)
        return
    list.clear(_check_array(array, "TableauSupprimeTout"))


def TableauOccurrence(array) -> int:
    """Number of elements (of rows for a two-dimension array) [D:3075012]."""
    if isinstance(array, dict):
        return len(array)
    return len(_check_array(array, "TableauOccurrence"))


# --- comparing elements -------------------------------------------------------------

def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _comparable_text(text: str, options: int) -> str:
    if options & tccSansEspace:
        text = text.strip(" \t")
    if options & tccSansEspaceIntérieur:
        core = text.strip(" \t")
        lead = text[:len(text) - len(text.lstrip(" \t"))]
        trail = text[len(text.rstrip(" \t")):]
        text = lead + core.replace(" ", "").replace("\t", "") + trail
    if options & tccSansPonctuationNiEspace:
        text = "".join(c for c in text if c.isalnum())
    if options & tccSansAccent:
        text = _strip_accents(text)
    if options & tccSansCasse:
        text = text.casefold()
    return text


def _same(item, value, options: int) -> bool:
    if options and isinstance(item, str) and isinstance(value, str):
        return _comparable_text(item, options) == _comparable_text(value, options)
    return eq(item, value)


_NUMBERS = re.compile(r"(\d+)")


def _key(value, options: int):
    """Sort key: numbers before chaînes; chaînes with the tcc options applied."""
    if isinstance(value, str):
        text = _comparable_text(value, options)
        if options & tccOrdreLexicographique:
            text = fold(text)
        if options & tccRespecteNumérique:
            parts = _NUMBERS.split(text)
            return (1, 0, tuple((0, int(p), "") if i % 2 else (1, 0, p) for i, p in enumerate(parts)))
        return (1, 0, text)
    if value is None or isinstance(value, (bool, int, float)):
        return _sort_key(0 if value is None else value)
    raise WLError("this array holds structures or objects: give the members to use (ttMembre)")


def _member(item, path: str):
    value = item
    for name in re.split(r"[.:]", path.strip()):
        try:
            value = getattr(value, name)
        except AttributeError:
            raise WLError(f"{type(value).__name__} has no member {name}") from None
    return value


def _column(row, column: int):
    if not isinstance(row, list):
        raise WLError("a column was given but the array has one dimension")
    if not 1 <= column <= len(row):
        raise WLError(f"column {column} is out of range (the row has {len(row)} column(s))")
    return list.__getitem__(row, column - 1)


def _keys(spec) -> list[tuple[str, bool]]:
    """ "2;-3" or "Nom;-Age" -> [(key, descending)]."""
    keys = []
    for part in to_str(spec).split(";"):
        part = part.strip()
        if not part:
            continue
        descending = part.startswith("-")
        keys.append((part.lstrip("+-").strip(), descending))
    if not keys:
        raise WLError("no column or member was given")
    return keys


def _getter(array, spec_is_column: bool):
    if spec_is_column:
        return lambda row, key: _column(row, to_int(key))
    return lambda item, key: _member(item, key)


# --- searching ----------------------------------------------------------------------

class _Positions(threading.local):
    def __init__(self):
        self.current: dict[int, int] = {}


_positions = _Positions()


def TableauCherche(array, search_type, *arguments) -> int:
    """Index of the element equal to the searched value, -1 if not found
    [D:3075002]:
      TableauCherche(t, tcLinéaire, value [, start])
      TableauCherche(t2D, tcLinéaire, column, value [, start]) - "2;3" with several values
      TableauCherche(tStructures, tcLinéaire, "Member1;Member2", value1, value2 [, start])
    tcLinéairePremier/Dernier/Suivant/Précédent continue from the last element
    found; tcDichotomique needs an array sorted with the same tcc options."""
    if isinstance(array, WLAssoc):
        raise WLError("TableauCherche: an associative array is searched with its keys (t[key])")
    _check_array(array, "TableauCherche")
    flags = to_int(search_type)
    kind, options = flags & 0xFF, flags & ~0xFF
    if not arguments:
        raise WLError("TableauCherche: the searched value is missing")
    first = list.__getitem__(array, 0) if len(array) else None
    if isinstance(first, list) or (first is not None and not isinstance(first, (str, int, float, bool, bytes))
                                   and len(arguments) >= 2 and isinstance(arguments[0], str)):
        keys = [k for k, _ in _keys(arguments[0])]
        getter = _getter(array, isinstance(first, list))
        wanted = arguments[1:1 + len(keys)]
        if len(wanted) < len(keys):
            raise WLError("TableauCherche: one searched value is needed for each column or member")
        rest = arguments[1 + len(keys):]

        def matches(item):
            return all(_same(getter(item, k), v, options) for k, v in zip(keys, wanted))

        def key_of(item):
            return _key(getter(item, keys[0]), options)
        searched_key = (_key(wanted[0], options) if len(keys) == 1 else None)
    else:
        value, rest = arguments[0], arguments[1:]

        def matches(item):
            return _same(item, value, options)

        def key_of(item):
            return _key(item, options)
        searched_key = _key(value, options) if isinstance(value, (str, int, float, bool)) else None
    start = to_int(rest[0]) if rest else None
    n = len(array)
    if kind == tcDichotomique:
        if searched_key is None:
            raise WLError("TableauCherche: a binary search (tcDichotomique) needs a single simple value")
        low, high = 0, n
        while low < high:
            mid = (low + high) // 2
            if key_of(list.__getitem__(array, mid)) < searched_key:
                low = mid + 1
            else:
                high = mid
        found = low + 1 if low < n and key_of(list.__getitem__(array, low)) == searched_key else -1
        return found
    current = _positions.current.get(id(array))
    if kind in (tcLinéaire, tcLinéairePremier, 0):
        indexes = range((start if start is not None and kind != tcLinéairePremier else 1), n + 1)
    elif kind == tcLinéaireDernier:
        indexes = range(n, 0, -1)
    elif kind == tcLinéaireSuivant:
        begin = start if start is not None else (current + 1 if current else 1)
        indexes = range(begin, n + 1)
    elif kind == tcLinéairePrécédent:
        begin = start if start is not None else (current - 1 if current else n)
        indexes = range(begin, 0, -1)
    else:
        raise WLError(f"TableauCherche: unknown search type {flags}")
    for i in indexes:
        if 1 <= i <= n and matches(list.__getitem__(array, i - 1)):
            _positions.current[id(array)] = i
            return i
    _positions.current.pop(id(array), None)
    return -1


# --- sorting ------------------------------------------------------------------------

def _compare_with(procedure):
    def compare(a, b):
        result = to_number(procedure(a, b))
        return -1 if result < 0 else (1 if result > 0 else 0)
    return functools.cmp_to_key(compare)


def TableauTrie(array, sort_type=ttCroissant, parameter=None) -> None:
    """Sorts the array in place [D:3075007]:
      TableauTrie(t [, ttCroissant | ttDécroissant (+ tcc options)])
      TableauTrie(t2D, ttCroissant, column)      TableauTrie(t2D, ttColonne, "2;-3")
      TableauTrie(tStructures, ttMembre, "Member1;-Member2")
      TableauTrie(t, ttFonction, procedure)      - procedure(a, b) returns -1, 0 or 1
    The sort is stable.  Associative arrays cannot be sorted."""
    if isinstance(array, WLAssoc):
        raise WLError("TableauTrie: associative arrays cannot be sorted")
    _check_array(array, "TableauTrie")
    flags = to_int(sort_type)
    kind, options = flags & 0xFF, flags & ~0xFF & ~ttClé
    items = list(array)
    if kind == ttFonction:
        if not callable(parameter):
            raise WLError("TableauTrie: ttFonction needs a comparison procedure")
        items.sort(key=_compare_with(parameter))
    elif kind in (ttColonne, ttMembre) or parameter is not None:
        if kind in (ttCroissant, ttDécroissant, 0):
            keys = [(to_str(parameter), kind == ttDécroissant)]
        else:
            keys = _keys(parameter)
        first = items[0] if items else None
        getter = _getter(array, isinstance(first, list))
        for key, descending in reversed(keys):  # stable sorts, least significant key first
            items.sort(key=lambda item, k=key: _key(getter(item, k), options), reverse=descending)
    else:
        items.sort(key=lambda item: _key(item, options), reverse=(kind == ttDécroissant))
    list.__setitem__(array, slice(None), items)


_SIZES = {bool: 1, int: 4, float: 8}


def Dimension(variable, *dimensions):
    """Dimension(<variable>): a tableau's total number of elements (5 par 3 -> 15), a chaîne's
    length, a structure's summed sizes, else the variable's size in bytes (entier 4, réel 8,
    booléen 1).  Dimension(<tableau>, n [, m...]): resizes a dynamic array, keeping its
    elements and its number of dimensions [D:3013022]."""
    if dimensions:
        _check_array(variable, "Dimension")
        _resize(variable, [to_int(d) for d in dimensions])
        return None
    if isinstance(variable, list):
        return sum(Dimension(x) if isinstance(x, list) else 1 for x in variable)
    if isinstance(variable, (str, bytes, bytearray)):
        return len(variable)
    fields = getattr(variable, "_fields", None)
    if fields is not None:
        return sum(Dimension(getattr(variable, name)) for name in fields)
    return _SIZES.get(type(variable), 8)


def _resize(array: list, sizes: list[int]) -> None:
    size, inner = sizes[0], sizes[1:]
    if size < 0:
        raise WLError(f"Dimension: invalid size {size}")
    del array[size:]
    while len(array) < size:
        list.append(array, _default(array))
    if inner:
        for row in array:
            if not isinstance(row, list):
                raise WLError("Dimension: the number of dimensions of an array cannot change")
            _resize(row, inner)


ArrayAdd = TableauAjoute
ArrayInsert = TableauInsère
ArrayDelete = TableauSupprime
ArrayDeleteAll = TableauSupprimeTout
ArrayCount = TableauOccurrence
ArraySeek = TableauCherche
ArraySort = TableauTrie

# Ajoute, Insère, Supprime, SupprimeTout, Cherche and Trie also work on WLangage
# lists, queues and controls; on arrays they are documented as identical to the
# Tableau* functions [D:1000017348][D:1000017351][D:1000017354][D:1000017357]
# [D:1000017365][D:1000017364].
Ajoute = Add = TableauAjoute
Insère = Insert = TableauInsère
Supprime = Delete = TableauSupprime
SupprimeTout = DeleteAll = TableauSupprimeTout
Cherche = Seek = TableauCherche
Trie = Sort = TableauTrie
