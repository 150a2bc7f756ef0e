"""The few helpers compiled WLangage calls where plain Python operators would not
have WLangage's semantics (mixed-type `+`, 1-based substrings, conversions...).
The compiler emits plain Python instead whenever the operand types are known."""
from __future__ import annotations

from . import values as _v
from .arrays import AvecDoublon, WLArray
from .errors import UnsupportedError, WLError, note_exception, _state
from .names import fold
from .objects import wl_enumeration, wl_release
# How a program starts and ends: compiled modules call run_program, `wlmail run` run_main.
from .program import run_main, run_program
from .strings import compared_form
from .values import Structure, WLAssoc

__all__ = [
    "wl_str", "wl_int", "wl_real", "wl_bool", "wl_buffer", "wl_number", "wl_same", "wl_copy",
    "wl_add", "wl_arith", "wl_div", "wl_eq", "wl_ne", "wl_lt", "wl_le", "wl_gt", "wl_ge", "wl_flex",
    "wl_in", "wl_optional_concat", "wl_substring", "wl_char_at", "wl_array", "wl_array_of", "wl_assoc",
    "wl_items", "wl_each", "wl_setitem", "wl_exists", "wl_for_continues", "wl_each_substring", "wl_each_position",
    "wl_unsupported", "wl_unsupported_type", "wl_exception", "wl_check_error", "wl_error_mark", "wl_indirection",
    "wl_indirection_target", "wl_indirection_member", "wl_indirection_member_name", "wl_enumeration",
    "wl_release", "NonFatalError", "Structure", "run_main", "run_program", "wl_echo", "ScriptReturn",
    "wl_no_result", "wl_slice", "wl_switch_exit",
]

wl_str = _v.to_str
wl_int = _v.to_int
wl_real = _v.to_real
wl_bool = _v.to_bool
wl_buffer = _v.to_buffer
wl_number = _v.to_number
wl_same = _v.identity
wl_copy = _v.copy_value
wl_add = _v.add
wl_arith = _v.arith
wl_eq, wl_ne, wl_lt, wl_le, wl_gt, wl_ge = _v.eq, _v.ne, _v.lt, _v.le, _v.gt, _v.ge
wl_flex = _v.flex_compare
wl_in = _v.is_in
wl_substring = _v.substring
wl_char_at = _v.char_at


def wl_no_result(value):
    raise WLError(f"SELON(...) has no result for the value {_v.to_str(value)} and no SINON")


def wl_slice(sequence, first=None, last=None) -> WLArray:
    """MesParamètres[2 À 4]: the elements first..last (1-based, inclusive); missing ones are ignored."""
    items = list(sequence)
    start = 1 if first is None else _v.to_int(first)
    end = len(items) if last is None else _v.to_int(last)
    return WLArray(items[max(start, 1) - 1:max(end, 0)])


def wl_optional_concat(before, optional, after=None) -> str:
    """`before + [optional] + after`: `optional` is added unless `before` is "" or ends
    with it, or `after` starts with it; `before` is None for `[optional] + after`."""
    sep = _v.to_str(optional)
    head = "" if before is None else _v.to_str(before)
    tail = "" if after is None else _v.to_str(after)
    skip = (before is not None and (head == "" or head.endswith(sep))) or (after is not None and tail.startswith(sep))
    return head + ("" if skip else sep) + tail


def _indirect_name(name) -> str:
    text = _v.to_str(name).strip()
    if not text:
        raise WLError("indirection { }: the name is an empty string")
    return text


def _not_found(text: str, family: str | None):
    """A name that is no variable: a control, a window or an HFSQL item, which wlmail has not."""
    family = family or ("HFSQL database access" if "." in text else "windows, controls and the user interface")
    raise UnsupportedError(f'{{"{text}"}}', family)


def wl_indirection_member_name(obj, member) -> str:
    """The declared spelling of `member` on `obj` (WLangage names ignore case and accents)."""
    wanted = fold(_indirect_name(member).lstrip(":"))
    for attr in dir(obj):
        if fold(attr) == wanted and not attr.startswith("_"):
            return attr
    raise WLError(f"{type(obj).__name__} has no member {member}")


def wl_indirection_member(obj, member):
    """{objet, "membre"}."""
    return getattr(obj, wl_indirection_member_name(obj, member))


def wl_indirection(name, getters: dict, family=None, this=None, cls=None):
    """The value of {name}: a variable in scope (then `.member`s), `:member` of the current
    object or `::member` of its class."""
    text = _indirect_name(name)
    if family is not None:
        _not_found(text, family)
    if text.startswith(":"):
        owner = cls if text.startswith("::") else this
        if owner is None:
            raise WLError(f'{{"{text}"}}: there is no current object here')
        return wl_indirection_member(owner, text)
    head, *members = text.split(".")
    getter = getters.get(fold(head))
    if getter is None:
        _not_found(text, family)
    value = getter()
    for member in members:
        value = wl_indirection_member(value, member)
    return value


def wl_indirection_target(name, names: tuple, family=None, this=None, cls=None, value=None):
    """{name} = value: the folded name of the variable to assign (the compiled code assigns
    it), or None once a member has been set here."""
    text = _indirect_name(name)
    if family is not None:
        _not_found(text, family)
    if text.startswith(":") or "." in text:
        if text.startswith(":"):
            owner = cls if text.startswith("::") else this
            path = [text.lstrip(":")]
        else:
            head, *path = text.split(".")
            if fold(head) not in names:
                _not_found(text, family)
            raise WLError(f'{{"{text}"}} = ...: assign the member through the variable instead')
        if owner is None:
            raise WLError(f'{{"{text}"}}: there is no current object here')
        setattr(owner, wl_indirection_member_name(owner, path[0]), value)
        return None
    if fold(text) not in names:
        _not_found(text, family)
    return fold(text)


def wl_div(a, b):
    if b == 0:
        raise WLError("Division by zero")
    return a / b


def wl_array(convert=_v.identity, default=None, size=None, items=()) -> WLArray:
    """A new array; `size` (n,) or (n, m, ...) for `tableau de n [par m] T`."""
    if isinstance(size, tuple) and len(size) > 1:
        inner = size[1:]
        return WLArray([wl_array(convert, default, inner) for _ in range(size[0])],
                       default=lambda: wl_array(convert, default, inner))
    if size is not None:
        return WLArray.sized(size[0] if isinstance(size, tuple) else size, convert, default)
    return WLArray(items, convert, default)


def wl_array_of(*items) -> WLArray:
    return WLArray(items)


def wl_assoc(convert=_v.identity, default=None, options=0) -> WLAssoc:
    """`tableau associatif [(<options> [, <valeur par défaut>])] de T`: options are the cc
    comparison flags (ccSansCasse...) for chaîne keys, plus AvecDoublon."""
    flags = _v.to_int(options or 0)
    compare = flags & ~AvecDoublon
    key_form = None
    if compare:
        def key_form(key):
            return compared_form(key, compare) if isinstance(key, str) else key
    return WLAssoc(convert, default, key_form, duplicates=bool(flags & AvecDoublon))


def wl_items(collection):
    """`POUR TOUT valeur, clé DE c`: (value, key) pairs; for an array the key is the index."""
    if isinstance(collection, WLAssoc):
        return [(v, k) for k, v in collection.items_wl()]
    return [(v, i) for i, v in enumerate(collection, 1)]


def wl_each(collection, unread_only=False):
    """`POUR TOUT x DE c` when the compiler does not know what c is."""
    from .email.types import _SessionVar
    if isinstance(collection, _SessionVar):
        from .email import iterate_session
        return iterate_session(collection, unread_only=unread_only)
    if unread_only:
        raise WLError("NON LU is only allowed on a mail session")
    if isinstance(collection, str):
        raise WLError("POUR TOUT over a chaîne needs POUR TOUTE CHAÎNE, which wlmail does not support")
    return collection


def wl_each_substring(text, separators, reverse=False):
    """POUR TOUTE CHAÎNE: (piece, position, counter) for each piece of `text` between
    separators (one chaîne or an array of them); nothing for ""; a final separator
    gives a final empty piece."""
    text = _v.to_str(text)
    if not text:
        return
    seps = [s for s in (_v.to_str(x) for x in (separators if isinstance(separators, (list, tuple)) else [separators]))
            if s]
    pieces, start, i = [], 0, 0
    while seps and i < len(text):
        found = next((s for s in sorted(seps, key=len, reverse=True) if text.startswith(s, i)), None)
        if found is None:
            i += 1
            continue
        pieces.append((text[start:i], start + 1))
        i = start = i + len(found)
    pieces.append((text[start:], start + 1))
    for count, (piece, position) in enumerate(reversed(pieces) if reverse else pieces, 1):
        yield piece, position, count


def wl_each_position(search, text, options=0, reverse=False):
    """POUR TOUTE POSITION: each 1-based position of `search` in `text` (options:
    SansCasse, MotComplet, DepuisFin as for Position)."""
    from .strings import DepuisFin, MotComplet, SansCasse
    search, text = _v.to_str(search), _v.to_str(text)
    options = _v.to_int(options)
    if not search:
        return
    hay, needle = (text.casefold(), search.casefold()) if options & SansCasse else (text, search)
    found, i = [], hay.find(needle)
    while i >= 0:
        whole = not (i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_")) and not (
            i + len(search) < len(text) and (text[i + len(search)].isalnum() or text[i + len(search)] == "_"))
        if whole or not options & MotComplet:
            found.append(i + 1)
        i = hay.find(needle, i + len(needle))
    yield from (reversed(found) if reverse or options & DepuisFin else found)


def wl_exists(container, key) -> bool:
    """`t[clé]..Existe` (associative array, JSON) and `t[i]..Existe` (array index in range)."""
    if isinstance(container, list):
        return isinstance(key, int) and 1 <= key <= len(container)
    return key in container


def wl_setitem(obj, index, value):
    obj[index] = value
    return value


def wl_for_continues(counter, stop, step) -> bool:
    return counter <= stop if step >= 0 else counter >= stop


def wl_unsupported(name, family, *args):
    raise UnsupportedError(name, family)


def wl_unsupported_type(name, family):
    raise UnsupportedError(f"The type {name}", family)


def wl_exception(exc: BaseException) -> None:
    note_exception(exc)


class ScriptReturn(Exception):
    """RETOUR in the REPL's top-level code: ends the input (or the :load-ed script)."""


class wl_switch_exit(BaseException):
    """SORTIR SELON: leaves the SELON that catches it (a BaseException: no CAS EXCEPTION sees it)."""


class NonFatalError(BaseException):
    """Raised after a call that set ErreurDétectée inside a procedure with a CAS ERREUR section.
    Not an Exception: QUAND EXCEPTION and CAS EXCEPTION never take it for a fatal error."""


def wl_error_mark() -> int:
    """Where a procedure with CAS ERREUR starts in the sequence of non-fatal errors."""
    return _state.serial


def wl_check_error(mark: int = -1) -> None:
    """Jumps to CAS ERREUR when a non-fatal error was raised since `mark` and is still pending."""
    if _state.detected and _state.serial != mark:
        raise NonFatalError(_state.message)


def wl_echo(value) -> None:
    """The REPL prints the value of an expression or call typed on its own."""
    if value is not None:
        print(_v.to_str(value) if not isinstance(value, (WLArray, WLAssoc, Structure)) else repr(value))
