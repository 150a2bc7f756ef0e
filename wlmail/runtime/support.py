"""The few helpers compiled WLangage calls where plain Python operators would not
have WLangage's semantics (mixed-type `+`, 1-based substrings, conversions...).
The compiler emits plain Python instead whenever the operand types are known."""
from __future__ import annotations

from . import values as _v
from .arrays import AvecDoublon
from .errors import UnsupportedError, WLError, note_exception, _state
# How a program starts and ends: compiled modules call run_program, `wlmail run` run_main.
from .program import run_main, run_program
from .strings import compared_form
from .values import Structure, WLArray, WLAssoc

__all__ = [
    "wl_str", "wl_int", "wl_real", "wl_bool", "wl_buffer", "wl_number", "wl_same", "wl_copy",
    "wl_add", "wl_arith", "wl_div", "wl_eq", "wl_ne", "wl_lt", "wl_le", "wl_gt", "wl_ge", "wl_flex",
    "wl_in", "wl_substring", "wl_char_at", "wl_array", "wl_array_of", "wl_assoc", "wl_items", "wl_each",
    "wl_setitem", "wl_exists", "wl_for_continues", "wl_unsupported", "wl_unsupported_type", "wl_exception",
    "wl_check_error", "wl_error_mark", "NonFatalError", "Structure", "run_main", "run_program", "wl_echo",
    "ScriptReturn",
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
