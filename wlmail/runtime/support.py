"""The few helpers compiled WLangage calls where plain Python operators would not
have WLangage's semantics (mixed-type `+`, 1-based substrings, conversions...).
The compiler emits plain Python instead whenever the operand types are known."""
from __future__ import annotations

import os
import sys
import traceback

from . import values as _v
from .errors import UnsupportedError, WLError, describe_python_error, note_exception, _state
from .values import Structure, WLArray, WLAssoc

__all__ = [
    "wl_str", "wl_int", "wl_real", "wl_bool", "wl_buffer", "wl_number", "wl_same", "wl_copy",
    "wl_add", "wl_arith", "wl_div", "wl_eq", "wl_ne", "wl_lt", "wl_le", "wl_gt", "wl_ge", "wl_flex",
    "wl_in", "wl_substring", "wl_char_at", "wl_array", "wl_array_of", "wl_assoc", "wl_items", "wl_each",
    "wl_setitem", "wl_for_continues", "wl_unsupported", "wl_unsupported_type", "wl_exception",
    "wl_check_error", "NonFatalError", "Structure", "run_main", "wl_echo", "ScriptReturn",
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


def wl_assoc(convert=_v.identity, default=None) -> WLAssoc:
    return WLAssoc(convert, default)


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


class NonFatalError(Exception):
    """Raised after a call that set ErreurDétectée inside a procedure with a CAS ERREUR section."""


def wl_check_error() -> None:
    if _state.detected:
        raise NonFatalError(_state.message)


def wl_echo(value) -> None:
    """The REPL prints the value of an expression or call typed on its own."""
    if value is not None:
        print(_v.to_str(value) if not isinstance(value, (WLArray, WLAssoc, Structure)) else repr(value))


def wl_line_of(exc: BaseException, filename: str) -> int | None:
    """The `.wl` line where an error happened: the deepest frame compiled from `filename`."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == filename:
            line = lineno
    return line


def error_message(exc: BaseException) -> str:
    if isinstance(exc, WLError):
        return exc.message
    return describe_python_error(exc)


EXIT_UNCAUGHT_ERROR = 1     # an error no QUAND EXCEPTION / CAS ERREUR caught stopped the script
EXIT_SCRIPT_ERROR = 3       # the script ran to its end but reported an error with Erreur()


def run_main(main, filename: str | None = None, debug: bool | None = None) -> int:
    """Run a compiled program's `main` as `wlmail run` does: an uncaught error prints
    `file:LINE: message` and exits with status 1 (`--debug` or WLMAIL_DEBUG=1 add the traceback);
    a script that ended normally after reporting an error with Erreur() exits with status 3."""
    from .output import reported
    reported["errors"] = 0
    if filename is None:
        filename = main.__code__.co_filename
    if debug is None:
        debug = os.environ.get("WLMAIL_DEBUG") == "1"
    try:
        main()
    except KeyboardInterrupt:
        sys.stdout.flush()
        print("Interrupted", file=sys.stderr)
        code = 130
    except Exception as exc:                # every failure becomes a WLangage error report
        sys.stdout.flush()
        line = wl_line_of(exc, filename)
        where = f"{filename}:{line}" if line else filename
        print(f"{where}: {error_message(exc)}", file=sys.stderr)
        if debug:
            traceback.print_exception(exc)
        code = EXIT_UNCAUGHT_ERROR
    else:
        code = EXIT_SCRIPT_ERROR if reported["errors"] else 0
    finally:
        _close_sessions()
    if main.__module__ == "__main__":       # a transpiled script run with `python`
        sys.exit(code)
    return code


def _close_sessions():
    """Mail sessions left open close at program end, as in WINDEV."""
    email = sys.modules.get("wlmail.runtime.email")
    closer = getattr(email, "close_all", None)
    if closer is not None:
        try:
            closer()
        except Exception:
            pass
