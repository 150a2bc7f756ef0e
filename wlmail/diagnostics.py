"""Syntax and compile errors as one list of located diagnostics, for every command."""
from __future__ import annotations

from .compiler import CompileErrors
from .runtime.program import source_position
from .syntax import WLSyntaxErrors, read_source
from .syntax.parser import WLSyntaxError


def diagnostics(exc: Exception, text: str, path: str) -> list[WLSyntaxError]:
    """`path:line:col: message`, the source line and a caret, for each error of `exc`."""
    if isinstance(exc, WLSyntaxErrors):
        return exc.errors
    if isinstance(exc, CompileErrors):
        texts = {path: text}
        out = []
        for e in exc.errors:
            where, line = source_position(path, e.line, exc.origins)
            if where not in texts:                   # a file included with EXTERNE
                try:
                    texts[where] = read_source(where)
                except (OSError, ValueError):
                    texts[where] = ""
            lines = texts[where].replace("\r\n", "\n").split("\n")
            out.append(WLSyntaxError(e.message, line, e.col, lines[line - 1] if 0 < line <= len(lines) else "",
                                     where))
        return out
    raise exc


def located_warnings(found, path: str) -> list[str]:
    """`path:line: warning: ...` for the unsupported and deprecated names a compilation noted
    (`found`: the compiler or its CompileErrors)."""
    origins = getattr(found, "origins", None)
    out = []
    for name, family, line in getattr(found, "unsupported", []):
        where, line = source_position(path, line, origins)
        out.append(f"{where}:{line}: warning: {name} is not supported by wlmail ({family})")
    for name, replacement, line in getattr(found, "deprecated", []):
        where, line = source_position(path, line, origins)
        out.append(f"{where}:{line}: warning: {name} is deprecated (a name wlmail invented): write {replacement}")
    return out
