"""WLangage's error model: fatal errors (exceptions) and the non-fatal error state.

Fatal errors raise `WLError`; `QUAND EXCEPTION` catches them.  Non-fatal errors
(mail functions returning Faux) record a message in the per-thread state read by
`ErreurDétectée` and `ErreurInfo()`.  Every runtime function that can fail calls
`clear_error()` on entry and `set_error()` on failure.
"""
from __future__ import annotations

import re

import threading

__all__ = [
    "WLError", "UnsupportedError", "ErreurDétectée", "ErreurInfo", "ExceptionInfo",
    "ExceptionDéclenche", "errMessage", "errCode", "errComplet", "errCodeSystème",
    "ErrorOccurred", "ErrorInfo", "ExceptionThrow",
    "ErreurDéclenche", "ErrorThrow", "ErreurPropage", "ErrorPropagate",
    "ExceptionPropage", "ExceptionPropagate",
]


class WLError(Exception):
    """A fatal WLangage error.  `wl_line` is filled in when the error reaches the CLI."""

    def __init__(self, message: str, code: int = 0):
        super().__init__(message)
        self.message = message
        self.code = code


class UnsupportedError(WLError):
    """Valid WLangage that wlmail does not implement."""

    def __init__(self, name: str, family: str):
        super().__init__(f"{name} is not supported by wlmail ({family})")
        self.name = name
        self.family = family


class _ErrorState(threading.local):
    serial = 0          # counts the errors raised, so that CAS ERREUR sees only new ones
    detected = False
    message = ""
    code = 0
    exception_message = ""
    exception_code = 0


_state = _ErrorState()


def clear_error() -> None:
    _state.detected = False
    _state.message = ""
    _state.code = 0


def set_error(message: str, code: int = 0) -> None:
    _state.serial += 1
    _state.detected = True
    _state.message = message
    _state.code = code


def note_exception(exc: BaseException) -> None:
    """Called by compiled `QUAND EXCEPTION` handlers."""
    if isinstance(exc, WLError):
        _state.exception_message, _state.exception_code = exc.message, exc.code
    else:  # a Python error surfacing as a WLangage one (e.g. division by zero)
        _state.exception_message, _state.exception_code = describe_python_error(exc), 0
    set_error(_state.exception_message, _state.exception_code)


_WL_TYPE_NAMES = {"str": "a chaîne", "int": "an entier", "float": "a réel", "bool": "a booléen",
                  "bytes": "a buffer", "NoneType": "Null", "WLArray": "an array", "WLAssoc": "an associative array",
                  "tuple": "a list of values", "function": "a procedure"}


def wl_type_name(value) -> str:
    """How a WLangage programmer names the type of a value, for error messages."""
    name = type(value).__name__
    return _WL_TYPE_NAMES.get(name, f"a {name}")


def describe_python_error(exc: BaseException) -> str:
    """A Python failure inside compiled code, said in WLangage terms."""
    if isinstance(exc, ZeroDivisionError):
        return "Division by zero"
    if isinstance(exc, RecursionError):
        return "Stack overflow: too many nested procedure calls"
    if isinstance(exc, AttributeError):
        if exc.name:
            return f"{exc.name} is not a property or method of {wl_type_name(exc.obj)}"
        found = re.match(r"'(\w+)' object has no attribute '(\w+)'", str(exc))
        if found:
            kind = _WL_TYPE_NAMES.get(found.group(1), f"a {found.group(1)}")
            return f"{found.group(2)} is not a property or method of {kind}"
    if isinstance(exc, OverflowError) or isinstance(exc, ValueError) and "integer string conversion" in str(exc):
        return "Numeric overflow: the value is too large for its type"
    if isinstance(exc, TypeError) and "not callable" in str(exc):
        return "This value is not a procedure and cannot be called"
    if isinstance(exc, TypeError) and "argument" in str(exc):
        return f"Wrong number or type of parameters ({exc})"
    return f"{type(exc).__name__}: {exc}"


# ErreurInfo type constants
errMessage = 0
errCode = 1
errComplet = 2
errCodeSystème = 3


def ErreurDétectée() -> bool:
    """Vrai if the last WLangage function raised a non-fatal error."""
    return _state.detected


def ErreurInfo(kind: int = errMessage):
    if not _state.detected:
        return 0 if kind in (errCode, errCodeSystème) else ""
    if kind in (errCode, errCodeSystème):
        return _state.code
    if kind == errComplet:
        return f"Error code: {_state.code}\n{_state.message}" if _state.code else _state.message
    return _state.message


def ExceptionInfo(kind: int = errMessage):
    if kind in (errCode, errCodeSystème):
        return _state.exception_code
    return _state.exception_message


def ExceptionDéclenche(code: int, message: str = "") -> None:
    raise WLError(str(message) if message != "" else f"Exception {code}", int(code))


def ErreurDéclenche(code, message="") -> None:
    """Raises a non-fatal error numbered 1 to 1000: ErreurDétectée becomes Vrai, ErreurInfo gives
    the number and message, and a CAS ERREUR section of this code or of its caller runs
    [D:3034011]."""
    text = str(message) if message != "" else f"Error {int(code)}"
    set_error(text, int(code))


def ErreurPropage(*arguments) -> None:
    """Passes the current non-fatal error on to the calling code, optionally with a new number
    and a message put before the error's own: ErreurPropage([<Message>]) or
    ErreurPropage(<Numéro> [, <Message>]) [D:3034015]."""
    code, message = _state.code, ""
    if arguments and isinstance(arguments[0], int) and not isinstance(arguments[0], bool):
        code, arguments = arguments[0], arguments[1:]
    if arguments:
        message = str(arguments[0])
    text = f"{message}\r\n{_state.message}" if message and _state.message else message or _state.message
    set_error(text, code)


def ExceptionPropage() -> None:
    """In a QUAND EXCEPTION or CAS EXCEPTION section: raises the exception being handled again, for
    the calling code [D:3034014]."""
    raise WLError(_state.exception_message, _state.exception_code)


ErrorOccurred = ErreurDétectée
ErrorInfo = ErreurInfo
ExceptionThrow = ExceptionDéclenche
ErrorThrow = ErreurDéclenche
ErrorPropagate = ErreurPropage
ExceptionPropagate = ExceptionPropage
