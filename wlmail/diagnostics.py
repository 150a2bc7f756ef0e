"""Syntax and compile errors as one list of located diagnostics, for every command."""
from __future__ import annotations

from .compiler import CompileErrors
from .syntax import WLSyntaxErrors
from .syntax.parser import WLSyntaxError


def diagnostics(exc: Exception, text: str, path: str) -> list[WLSyntaxError]:
    """`path:line:col: message`, the source line and a caret, for each error of `exc`."""
    if isinstance(exc, WLSyntaxErrors):
        return exc.errors
    if isinstance(exc, CompileErrors):
        lines = text.replace("\r\n", "\n").split("\n")
        return [WLSyntaxError(e.message, e.line, e.col, lines[e.line - 1] if 0 < e.line <= len(lines) else "",
                              path) for e in exc.errors]
    raise exc
