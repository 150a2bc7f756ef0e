"""WLangage string functions (Taille, Gauche, ExtraitChaîne, NumériqueVersChaîne...).

Behaviour follows PC SOFT's French help; `[D:nnn]` tags are page ids of the
help mirrored in gcarcau/windev-react (windev-wlangage/pages/nnn.md).
Every function accepts any WLangage value and converts it with values.to_str /
values.to_int, as WLangage does.  Option constants are bit flags so that the
WLangage `SansCasse + MotComplet` combinations work; their numeric values are
wlmail's own except rangPremier (-2147483648, the value WINDEV generates).
"""
from __future__ import annotations

import re
import threading
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from .errors import WLError, clear_error, set_error
from .values import EOT, RC, TAB, to_int, to_number, to_str

__all__ = [
    # functions (FR, EN)
    "Taille", "Length", "Gauche", "Left", "Droite", "Right", "Milieu", "Middle",
    "Majuscule", "Upper", "Minuscule", "Lower", "Remplace", "Replace",
    "Position", "PositionOccurrence", "ExtraitChaîne", "ExtractString",
    "SansEspace", "NoSpace", "Complète", "Complete", "Répète", "RepeatString",
    "ChaîneConstruit", "StringBuild", "ChaîneCommencePar", "StringStartsWith",
    "ChaîneFinitPar", "StringEndsWith", "ChaîneOccurrence", "StringCount",
    "Contient", "Contains", "Inverse", "Reverse",
    "VérifieExpressionRégulière", "MatchRegularExpression",
    "NumériqueVersChaîne", "NumToString", "Val", "Asc", "Caract", "Charact",
    "ChaîneVersTableau", "StringToArray", "TableauVersChaîne", "ArrayToString",
    # constants
    "SansCasse", "MotComplet", "DepuisDébut", "DepuisFin",
    "IgnoreCase", "WholeWord", "FromBeginning", "FromEnd",
    "rangPremier", "rangSuivant", "rangDernier", "rangPrécédent",
    "firstRank", "nextRank", "lastRank", "previousRank",
    "sscGauche", "sscDroite", "sscExtérieur", "sscIntérieur", "sscTout",
    "sscLeft", "sscRight", "sscOuter", "sscInner", "sscAll",
    "ccNormal", "ccSansCasse", "ccSansEspace", "ccSansAccent",
    "ccSansPonctuationNiEspace", "ccSansEspaceIntérieur",
    "ccIgnoreCase", "ccIgnoreSpace", "ccIgnoreAccent",
    "ccIgnorePunctuationAndSpace", "ccIgnoreInsideSpace",
]

# --- constants ---------------------------------------------------------------------

# search options: Position, PositionOccurrence, Remplace, ChaîneOccurrence, Contient,
# ExtraitChaîne's direction [D:3024027][D:3024022][D:3024017]
DepuisDébut = 0
SansCasse = 1
MotComplet = 2
DepuisFin = 4
IgnoreCase, WholeWord, FromBeginning, FromEnd = SansCasse, MotComplet, DepuisDébut, DepuisFin

# traversal ranks for ExtraitChaîne / PositionOccurrence [D:3024017][D:3024029];
# rangPremier is the value WINDEV itself generates, the others follow it.
rangPremier = -2147483648
rangSuivant = -2147483647
rangDernier = -2147483646
rangPrécédent = -2147483645
firstRank, nextRank, lastRank, previousRank = rangPremier, rangSuivant, rangDernier, rangPrécédent
_RANKS = (rangPremier, rangSuivant, rangDernier, rangPrécédent)

# SansEspace positions [D:3024034]: sscExtérieur = sscDroite + sscGauche,
# sscTout = sscDroite + sscGauche + sscIntérieur
sscGauche = 1
sscDroite = 2
sscExtérieur = 3
sscIntérieur = 4
sscTout = 7
sscLeft, sscRight, sscOuter, sscInner, sscAll = sscGauche, sscDroite, sscExtérieur, sscIntérieur, sscTout

# comparison options of ChaîneCommencePar / ChaîneFinitPar [D:1000018827]
ccNormal = 0
ccSansCasse = 1
ccSansEspace = 2
ccSansAccent = 4
ccSansPonctuationNiEspace = 8
ccSansEspaceIntérieur = 16
ccIgnoreCase, ccIgnoreSpace, ccIgnoreAccent = ccSansCasse, ccSansEspace, ccSansAccent
ccIgnorePunctuationAndSpace, ccIgnoreInsideSpace = ccSansPonctuationNiEspace, ccSansEspaceIntérieur

# what SansEspace, Gauche() and Droite() treat as spaces: blanks, tabs and line ends
# (the non-breaking space ESP is explicitly kept [D:3024034])
_BLANKS = " \t\r\n"


# --- helpers -----------------------------------------------------------------------

def _text(value) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return to_str(value)


def _is_array(value) -> bool:
    return isinstance(value, (list, tuple))


def _strings(value) -> list[str]:
    return [to_str(v) for v in value]


def _options(value) -> int:
    return 0 if value is None else to_int(value)


def _fold_char(c: str, case: bool, accents: bool) -> str:
    """One character folded for comparison; always exactly one character long."""
    if accents:
        base = "".join(ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch))
        if len(base) == 1:
            c = base
    if case:
        low = c.lower()
        if len(low) == 1:
            c = low
    return c


def _fold(text: str, case: bool, accents: bool) -> str:
    """`text` folded character by character: positions stay valid in the original."""
    if not case and not accents:
        return text
    if text.isascii():
        return text.lower() if case else text
    return "".join(_fold_char(c, case, accents) for c in text)


def _word_ok(text: str, start: int, end: int) -> bool:
    """MotComplet: the match is surrounded by non-alphanumeric characters or the ends."""
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())


class _Finder:
    """Searches one or several needles in a text with the SansCasse/MotComplet options.
    At one position the longest needle wins [D:3024008 'gestion des ambiguïtés']."""

    def __init__(self, text: str, needles: list[str], options: int, accents: bool = True):
        case = bool(options & SansCasse)
        self.text = text
        self.hay = _fold(text, case, case and accents)
        self.needles = [(_fold(n, case, case and accents), i) for i, n in enumerate(needles) if n]
        self.needles.sort(key=lambda item: -len(item[0]))
        self.word = bool(options & MotComplet)

    def next(self, start: int):
        """First match starting at or after `start` (0-based): (pos, needle index, length)."""
        best = None
        for needle, index in self.needles:
            i = self.hay.find(needle, start)
            while i >= 0 and self.word and not _word_ok(self.hay, i, i + len(needle)):
                i = self.hay.find(needle, i + 1)
            if i >= 0 and (best is None or i < best[0]):
                best = (i, index, len(needle))
        return best

    def prev(self, start: int):
        """Last match starting at or before `start` (0-based)."""
        best = None
        for needle, index in self.needles:
            i = self.hay.rfind(needle, 0, start + len(needle))
            while i >= 0 and self.word and not _word_ok(self.hay, i, i + len(needle)):
                i = self.hay.rfind(needle, 0, i - 1 + len(needle)) if i > 0 else -1
            if i >= 0 and (best is None or i > best[0]):
                best = (i, index, len(needle))
        return best

    def all(self, backwards: bool = False) -> list[tuple[int, int, int]]:
        """Non-overlapping matches, scanned from the start (or from the end)."""
        found = []
        if not backwards:
            pos = 0
            while (m := self.next(pos)) is not None:
                found.append(m)
                pos = m[0] + m[2]
        else:
            pos = len(self.hay) - 1
            while pos >= 0 and (m := self.prev(pos)) is not None:
                found.append(m)
                pos = m[0] - 1
                # a match must end before the previous one starts
                while pos >= 0 and (m2 := self.prev(pos)) is not None and m2[0] + m2[2] > m[0]:
                    pos = m2[0] - 1
        return found


class _PositionAndIndex(int):
    """Position()'s result with a table of needles: an integer that also unpacks
    as `(position, index)` for WLangage's `(n, i) = Position(s, tab)`."""

    indice: int

    def __new__(cls, position: int, index: int):
        obj = int.__new__(cls, position)
        obj.indice = index
        return obj

    def __iter__(self):
        return iter((int(self), self.indice))


class _Traversals(threading.local):
    def __init__(self):
        self.states: dict = {}


_traversals = _Traversals()


def _traverse(key, rank: int, compute):
    """rangPremier/rangDernier start a traversal, rangSuivant/rangPrécédent continue it.
    Returns the next item, or None at the end of the traversal."""
    states = _traversals.states
    if rank in (rangPremier, rangDernier):
        items = list(compute())
        if rank == rangDernier:
            items.reverse()
        states[key] = (items, 0)
    state = states.get(key)
    if state is None:
        return None
    items, i = state
    if i >= len(items):
        states.pop(key, None)
        return None
    states[key] = (items, i + 1)
    return items[i]


# --- length and extraction ------------------------------------------------------------

def Taille(value) -> int:
    """Number of characters of a chaîne (bytes of a buffer) [D:3024031]."""
    if isinstance(value, (bytes, bytearray)):
        return len(value)
    return len(to_str(value))


def Gauche(value, length=None) -> str:
    """The first `length` characters; without `length`, the chaîne without its
    trailing spaces; EOT and a non-fatal error if `length` < 0 [D:3024001]."""
    clear_error()
    s = bytes(value) if isinstance(value, (bytes, bytearray)) else to_str(value)
    if length is None:
        return s.rstrip(_BLANKS) if isinstance(s, str) else s.rstrip(b" ")
    n = to_int(length)
    if n < 0:
        set_error(f"Gauche: the length must be positive or zero (got {n})")
        return EOT
    return s[:n]


def Droite(value, length=None) -> str:
    """The last `length` characters; without `length`, the chaîne without its
    leading spaces; EOT and a non-fatal error if `length` < 0 [D:3024016]."""
    clear_error()
    s = bytes(value) if isinstance(value, (bytes, bytearray)) else to_str(value)
    if length is None:
        return s.lstrip(_BLANKS) if isinstance(s, str) else s.lstrip(b" ")
    n = to_int(length)
    if n < 0:
        set_error(f"Droite: the length must be positive or zero (got {n})")
        return EOT
    return s[len(s) - n:] if n else s[:0]


def Milieu(value, start, length=None) -> str:
    """`length` characters from position `start` (1-based; 0 = from the start);
    "" past the end; EOT and a non-fatal error for negative arguments [D:3024023]."""
    clear_error()
    s = bytes(value) if isinstance(value, (bytes, bytearray)) else to_str(value)
    first = to_int(start)
    n = None if length is None else to_int(length)
    if first < 0 or (n is not None and n < 0):
        set_error("Milieu: the start position and the length must be positive or zero")
        return EOT
    first = max(first, 1) - 1
    return s[first:] if n is None else s[first:first + n]


def Complète(value, size, character=" ") -> str:
    """The chaîne truncated or padded on the right to `size` characters [D:3024010]."""
    s = to_str(value)
    n = to_int(size)
    if n < 0:
        raise WLError(f"Complète: the size must be positive or zero (got {n})")
    pad = to_str(character)[:1] or " "
    return s[:n] + pad * (n - len(s)) if len(s) < n else s[:n]


def Répète(value, count):
    """`count` repetitions of the chaîne (or buffer); "" if `count` <= 0 [D:3024036]."""
    n = to_int(count)
    if isinstance(value, (bytes, bytearray)):
        return bytes(value) * max(n, 0)
    return to_str(value) * max(n, 0)


# --- case ---------------------------------------------------------------------------

_VOWELS = set("aeiouy")


def _upper_char(c: str) -> str:
    if c.islower():
        base = "".join(ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch))
        if len(base) == 1 and base != c and base in _VOWELS:
            return base.upper()
    return c.upper()


def Majuscule(value) -> str:
    """Upper case.  As in the documented examples, accented lower-case vowels lose
    their accent ("pépère" -> "PEPERE") while "ç" becomes "Ç" ("ça !" -> "ÇA !") and
    accented capitals are kept [D:3024039]."""
    s = to_str(value)
    if s.isascii():
        return s.upper()
    return "".join(_upper_char(c) for c in s)


def Minuscule(value) -> str:
    """Lower case; accented capitals become accented lower-case letters [D:3024030]."""
    return to_str(value).lower()


# --- searching ----------------------------------------------------------------------

def Position(value, searched, start=None, options=None):
    """Position (1-based) of `searched` in the chaîne, 0 if absent [D:3024027].
    `start` defaults to 1 (DepuisDébut) or to the end (DepuisFin, 0 = the end);
    negative means 1; past the end gives 0.  `searched` may be a table of chaînes:
    the result then also unpacks as `(position, index in the table)`."""
    s = to_str(value)
    opts = _options(options)
    several = _is_array(searched)
    needles = _strings(searched) if several else [to_str(searched)]
    finder = _Finder(s, needles, opts)
    n = len(s)
    if opts & DepuisFin:
        first = n if start is None else to_int(start)
        if first == 0:
            first = n
        if first > n or first < 1:
            found = None
        else:
            found = finder.prev(first - 1)
    else:
        first = 1 if start is None else to_int(start)
        first = max(first, 1)
        found = None if first > n else finder.next(first - 1)
    if found is None:
        return _PositionAndIndex(0, 0) if several else 0
    return _PositionAndIndex(found[0] + 1, found[1] + 1) if several else found[0] + 1


def PositionOccurrence(value, searched, rank, options=None) -> int:
    """Position of the `rank`-th occurrence (DepuisFin counts from the end; the
    position is always from the start), 0 if there is none; rangPremier/rangSuivant
    and rangDernier/rangPrécédent traverse all occurrences [D:3024029]."""
    s = to_str(value)
    opts = _options(options)
    needles = _strings(searched) if _is_array(searched) else [to_str(searched)]
    r = to_int(rank)
    if r in _RANKS:
        key = ("PositionOccurrence", s, tuple(needles), opts)
        found = _traverse(key, r, lambda: (m[0] + 1 for m in _Finder(s, needles, opts).all()))
        return 0 if found is None else found
    if r < 1 or r > len(s):
        return 0
    matches = _Finder(s, needles, opts).all(backwards=bool(opts & DepuisFin))
    return matches[r - 1][0] + 1 if r <= len(matches) else 0


def ChaîneOccurrence(value, searched, options=None) -> int:
    """Number of non-overlapping occurrences (0 for an empty searched chaîne);
    SansCasse ignores case only; a table counts all its chaînes [D:3024008]."""
    s = to_str(value)
    needles = _strings(searched) if _is_array(searched) else [to_str(searched)]
    if not any(needles):
        return 0
    return len(_Finder(s, needles, _options(options), accents=False).all())


def Contient(value, searched, options=None) -> bool:
    """Vrai if the chaîne contains the sub-chaîne (or one of the table's) [D:1000019893]."""
    s = to_str(value)
    needles = _strings(searched) if _is_array(searched) else [to_str(searched)]
    return _Finder(s, needles, _options(options)).next(0) is not None


def VérifieExpressionRégulière(value, expression, *variables) -> bool:
    """Vrai when the WHOLE chaîne matches the regular expression (it is anchored at both ends, as
    in WINDEV: "Facture.*" matches "Facture 12", "Facture" does not).  The expression is read
    with Python's `re` syntax, the PCRE subset WLangage users write.  The form that copies the
    groups into variables is not supported (wlmail's calls pass values, not variables)."""
    if variables:
        raise WLError("VérifieExpressionRégulière: the form that fills variables with the groups "
                      "is not supported by wlmail; test the match, then use ExtraitChaîne")
    try:
        return re.fullmatch(to_str(expression), to_str(value), re.S) is not None
    except re.error as e:
        raise WLError(f"VérifieExpressionRégulière: invalid regular expression {to_str(expression)!r}: {e}") from None


def _cc_form(text: str, options: int) -> tuple[str, list[int]]:
    """`text` as ChaîneCommencePar compares it, with the original index of each kept character."""
    stripped = text.strip(" \t")
    lead = len(text) - len(text.lstrip(" \t"))
    trail = lead + len(stripped)
    chars, index = [], []
    for i, c in enumerate(text):
        blank = c in " \t"
        if blank and options & ccSansEspace and (i < lead or i >= trail):
            continue
        if blank and options & ccSansEspaceIntérieur and lead <= i < trail:
            continue
        if options & ccSansPonctuationNiEspace and not c.isalnum():
            continue
        chars.append(_fold_char(c, bool(options & ccSansCasse), bool(options & ccSansAccent)))
        index.append(i)
    return "".join(chars), index


def compared_form(text, options: int) -> str:
    """A chaîne as the cc options compare it (ccSansCasse, ccSansAccent, ccSansEspace...)."""
    return _cc_form(to_str(text), options)[0]


def ChaîneCommencePar(value, searched, options=None) -> int:
    """Length of the part of the chaîne that matches `searched` at its start (the
    longest of a table's chaînes), 0 if it does not start with it [D:1000018827]."""
    s = to_str(value)
    opts = _options(options)
    form, index = _cc_form(s, opts)
    best = 0
    for needle in (_strings(searched) if _is_array(searched) else [to_str(searched)]):
        p, _ = _cc_form(needle, opts)
        if p and form.startswith(p):
            best = max(best, index[len(p) - 1] + 1)
    return best


def ChaîneFinitPar(value, searched, options=None) -> int:
    """Length of the part of the chaîne that matches `searched` at its end, 0 if it
    does not end with it [D:1000018828]."""
    s = to_str(value)
    opts = _options(options)
    form, index = _cc_form(s, opts)
    best = 0
    for needle in (_strings(searched) if _is_array(searched) else [to_str(searched)]):
        p, _ = _cc_form(needle, opts)
        if p and form.endswith(p):
            best = max(best, len(s) - index[len(form) - len(p)])
    return best


# --- transforming -------------------------------------------------------------------

def Remplace(value, searched, replacement, options=None, new=None) -> str:
    """Replaces every occurrence of `searched` (a chaîne or a table of chaînes) by
    `replacement`, with the MotComplet/SansCasse options [D:3024022].
    Remplace(s, position, length, new) replaces a portion of the chaîne."""
    s = to_str(value)
    if isinstance(searched, (int, float)) and not isinstance(searched, bool):
        # Remplace(<chaîne>, <position>, <longueur>, <nouvelle chaîne>)
        position = max(to_int(searched), 1) - 1
        length = max(to_int(replacement), 0)
        inserted = to_str(options if new is None else new)
        return s[:position] + inserted + s[position + length:]
    needles = _strings(searched) if _is_array(searched) else [to_str(searched)]
    by = to_str(replacement)
    finder = _Finder(s, needles, _options(options))
    if not finder.needles:
        return s
    parts, pos = [], 0
    while (m := finder.next(pos)) is not None:
        parts.append(s[pos:m[0]])
        parts.append(by)
        pos = m[0] + m[2]
    parts.append(s[pos:])
    return "".join(parts)


def SansEspace(value, where=None) -> str:
    """The chaîne without its spaces (blanks, tabs, line ends): outside by default,
    sscGauche/sscDroite/sscIntérieur/sscTout [D:3024034]."""
    s = to_str(value)
    w = sscExtérieur if where is None else to_int(where)
    left = len(s) - len(s.lstrip(_BLANKS))
    right = len(s.rstrip(_BLANKS))
    if right <= left:  # only blanks
        return "" if w & (sscGauche | sscDroite) else s
    head, body, tail = s[:left], s[left:right], s[right:]
    if w & sscIntérieur:
        body = "".join(c for c in body if c not in _BLANKS)
    if w & sscGauche:
        head = ""
    if w & sscDroite:
        tail = ""
    return head + body + tail


def Inverse(value) -> str:
    """Each character's complement to 255 (to 65535 beyond the ANSI range): a
    reversible scrambling, not a reversal of the chaîne [D:3024028]."""
    return "".join(chr((255 if ord(c) <= 255 else 65535) - ord(c)) for c in to_str(value))


_BUILD = re.compile(r"%(%|\d+)")


def ChaîneConstruit(template, *parameters) -> str:
    """Replaces %1..%n by the parameters (or a table's elements), %% by %; missing
    parameters give "" [D:3024006]."""
    s = to_str(template)
    if len(parameters) == 1 and _is_array(parameters[0]):
        parameters = tuple(parameters[0])
    values = [to_str(p) for p in parameters]

    def sub(m):
        if m.group(1) == "%":
            return "%"
        i = int(m.group(1))
        return values[i - 1] if 1 <= i <= len(values) else ""

    return _BUILD.sub(sub, s)


# --- ExtraitChaîne ------------------------------------------------------------------

def _split(text: str, separators: list[str]) -> list[str]:
    seps = [sp for sp in separators if sp]
    if not seps:
        return [text]
    if len(seps) == 1:
        return text.split(seps[0])
    finder = _Finder(text, seps, 0)
    parts, pos = [], 0
    while (m := finder.next(pos)) is not None:
        parts.append(text[pos:m[0]])
        pos = m[0] + m[2]
    parts.append(text[pos:])
    return parts


def ExtraitChaîne(value, rank, separator=TAB, direction=None) -> str:
    """The `rank`-th sub-chaîne between separators (TAB by default; a table gives
    several separators, case-sensitive); EOT past the last one; DepuisFin counts
    from the end; rangPremier/rangSuivant and rangDernier/rangPrécédent traverse
    all the sub-chaînes and end with EOT [D:3024017]."""
    s = to_str(value)
    seps = _strings(separator) if _is_array(separator) else [to_str(separator)]
    r = to_int(rank)
    if r in _RANKS:
        key = ("ExtraitChaîne", s, tuple(seps))
        found = _traverse(key, r, lambda: _split(s, seps))
        return EOT if found is None else found
    if r < 1:
        raise WLError(f"ExtraitChaîne: the rank must be 1 or more (got {r})")
    parts = _split(s, seps)
    if r > len(parts):
        return EOT
    return parts[-r] if _options(direction) & DepuisFin else parts[r - 1]


# --- numbers <-> chaînes ------------------------------------------------------------

_FORMAT = re.compile(r"(-)?(\+)?(0)?([1-9]\d*)?(?:([.,])(\d+))?([dfeExXo])([sS])?")


def _decimal(number) -> Decimal:
    if isinstance(number, float):
        if number != number or number in (float("inf"), float("-inf")):
            raise WLError(f"NumériqueVersChaîne: {number} cannot be formatted")
        return Decimal(repr(number))
    return Decimal(number)


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return " ".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _twos_complement(value: int, size: int | None, bits_per_digit: int, default_digits: int) -> int:
    if size is None:
        return value + (1 << (bits_per_digit * default_digits))
    digits = max(size, 1)
    while value < -(1 << (digits * bits_per_digit - 1)):
        digits += 1
    return value + (1 << (digits * bits_per_digit))


def NumériqueVersChaîne(number, format_=None) -> str:
    """A number as a chaîne, with the format "[-][+][0][size][.precision]type[S]"
    (type d, f, e, x, X, o; S groups thousands with spaces; ",precision" gives a
    decimal comma).  A chaîne is returned unchanged [D:3024024]."""
    if isinstance(number, str):
        return number
    value = to_number(number)
    if format_ is None:
        return to_str(value)
    fmt = to_str(format_)
    m = _FORMAT.fullmatch(fmt)
    if m is None:
        raise WLError(f'NumériqueVersChaîne: invalid format "{fmt}"')
    left, plus, zero, size, point, precision, kind, thousands = m.groups()
    width = int(size) if size else 0
    d = _decimal(value)
    sign = ""
    if kind in "xXo":
        whole = int(d)  # integer part only, no rounding
        if whole < 0:
            whole = (_twos_complement(whole, int(size) if size else None, 4, 8) if kind in "xX"
                     else _twos_complement(whole, int(size) if size else None, 3, 11))
        body = format(whole, {"x": "x", "X": "X", "o": "o"}[kind])
    else:
        if kind == "d":
            rounded = d.quantize(Decimal(1), rounding=ROUND_HALF_UP)
            negative = rounded < 0
            body = str(abs(int(rounded)))
            if thousands:
                body = _group(body)
        elif kind == "f":
            places = 6 if precision is None else int(precision)
            rounded = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            negative = rounded < 0
            text = f"{abs(rounded):f}"
            whole, _, frac = text.partition(".")
            if thousands:
                whole = _group(whole)
            body = whole + ((point or ".") + frac if places else "")
        else:  # e, E
            places = 6 if precision is None else int(precision)
            negative = d < 0
            a = abs(d)
            exponent = a.adjusted() if a else 0
            mantissa = a.scaleb(-exponent).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            if mantissa >= 10:
                exponent += 1
                mantissa = a.scaleb(-exponent).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
            whole, _, frac = f"{mantissa:f}".partition(".")
            body = whole + ((point or ".") + frac if places else "")
            body += f"{kind}{'-' if exponent < 0 else '+'}{abs(exponent):02d}"
            if mantissa == 0:
                negative = False
        sign = "-" if negative else ("+" if plus else "")
    text = sign + body
    if len(text) < width:
        if left:
            text = text + " " * (width - len(text))
        elif zero:
            text = sign + "0" * (width - len(text)) + body
        else:
            text = " " * (width - len(text)) + text
    return text


_VAL10 = re.compile(r"[ \t]*([-+]?)(\d*)(?:\.(\d*))?")
_EXPONENT = re.compile(r"[eEdD]([-+]?\d+)")
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def Val(value, base=None):
    """The number at the start of a chaîne: "3plus2" -> 3, "7,5" -> 7, "1D2" -> 100,
    "2.5e-2" -> 0.025, "ABC" -> 0 (integer when there is no decimal part).  `base`:
    "d", "x", "o" or 2..36 (integer part only) [D:3024037]."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    s = _text(value)
    if base is not None:
        b = {"d": 10, "x": 16, "o": 8}.get(to_str(base).lower(), None) if isinstance(base, str) else to_int(base)
        if b is None or not 2 <= b <= 36:
            raise WLError(f"Val: invalid base {base!r}")
        if b != 10:
            text = s.lstrip(" \t")
            negative = text.startswith("-")
            text = text[1:] if text[:1] in "+-" else text
            result = 0
            for c in text.lower():
                digit = _DIGITS.find(c)
                if digit < 0 or digit >= b:
                    break
                result = result * b + digit
            return -result if negative else result
    m = _VAL10.match(s)
    sign, whole, frac = m.group(1), m.group(2), m.group(3)
    if not whole and not frac:
        return 0
    exp = _EXPONENT.match(s, m.end())
    if frac is None and exp is None:
        return int(sign + whole)
    text = f"{sign}{whole or '0'}.{frac or '0'}" + (f"e{exp.group(1)}" if exp else "")
    try:
        return float(text)
    except (OverflowError, ValueError):
        return float("inf")


def Asc(value) -> int:
    """Windows ANSI (cp1252) code of the first character; 0 for "" [D:3024004]."""
    if isinstance(value, (bytes, bytearray)):
        return value[0] if value else 0
    s = to_str(value)
    if not s:
        return 0
    try:
        return s[0].encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(s[0])


def Caract(code) -> str:
    """The character of a Windows ANSI (cp1252) code 0..255 [D:3024003]."""
    n = to_int(code)
    if not 0 <= n <= 255:
        raise WLError(f"Caract: the code must be between 0 and 255 (got {n})")
    try:
        return bytes([n]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(n)


# --- chaînes <-> tableaux -----------------------------------------------------------

def ChaîneVersTableau(value, array, separator=RC) -> None:
    """Empties `array` then fills it with the chaîne's elements split on
    `separator` (RC by default, or a table of separators) [D:1000017008]."""
    if not isinstance(array, list):
        raise WLError("ChaîneVersTableau: the second parameter must be an array")
    s = to_str(value)
    seps = _strings(separator) if _is_array(separator) else [to_str(separator)]
    parts = _split(s, seps)
    convert = getattr(array, "convert", None)
    list.clear(array)
    for part in parts:
        list.append(array, convert(part) if convert else part)


def TableauVersChaîne(array, separator=RC, column_separator=TAB) -> str:
    """The elements converted to chaînes and joined with RC (or `separator`); a
    two-dimension array joins its columns with TAB [D:1000017007]."""
    if not isinstance(array, list):
        raise WLError("TableauVersChaîne: the parameter must be an array")
    sep, col = to_str(separator), to_str(column_separator)
    return sep.join(col.join(to_str(x) for x in row) if isinstance(row, list) else to_str(row)
                    for row in array)


# --- English aliases ----------------------------------------------------------------

Length = Taille
Left = Gauche
Right = Droite
Middle = Milieu
Upper = Majuscule
Lower = Minuscule
Replace = Remplace
ExtractString = ExtraitChaîne
NoSpace = SansEspace
Complete = Complète
RepeatString = Répète
StringBuild = ChaîneConstruit
StringStartsWith = ChaîneCommencePar
StringEndsWith = ChaîneFinitPar
StringCount = ChaîneOccurrence
Contains = Contient
MatchRegularExpression = VérifieExpressionRégulière
Reverse = Inverse
NumToString = NumériqueVersChaîne
Charact = Caract
StringToArray = ChaîneVersTableau
ArrayToString = TableauVersChaîne

# Position, PositionOccurrence, Val and Asc have the same name in English.
