"""Syntax and compile errors as one list of located diagnostics, for every command."""
from __future__ import annotations

from .compiler import CompileErrors
from .syntax import WLSyntaxErrors
from .syntax.parser import WLSyntaxError, read_source


def diagnostics(exc: Exception, text: str, path: str) -> list[WLSyntaxError]:
    """`path:line:col: message`, the source line and a caret, for each error of `exc`."""
    if isinstance(exc, WLSyntaxErrors):
        return exc.errors
    if isinstance(exc, CompileErrors):
        texts = {path: text}
        found = []
        for e in exc.errors:
            where = e.path or path
            if where not in texts:                   # a file included with EXTERNE
                try:
                    texts[where] = read_source(where)
                except OSError:
                    texts[where] = ""
            lines = texts[where].replace("\r\n", "\n").split("\n")
            found.append(WLSyntaxError(e.message, e.line, e.col, lines[e.line - 1] if 0 < e.line <= len(lines) else "",
                                       where))
        return found
    raise exc
