"""`wlmail transpile`: the module `wlmail run` executes, written out as readable Python.

The compiler puts a `'#wl:LINE'` string statement before the code of each WLangage
statement (CPython drops them); here they become the original lines as comments."""
from __future__ import annotations

import ast
import pathlib
import re
import sys

from .compiler import MARKER, CompileErrors, compile_source
from .syntax import WLSyntaxErrors, read_source

_MARKER_LINE = re.compile(r"^(\s*)(?:'|\"\"\")" + re.escape(MARKER) + r"(\d+)(?:'|\"\"\")$")
_COMMENT_ONLY = re.compile(r"^\s*(//|/\*|\*)")


class TranspileResult:
    def __init__(self, python: str, unsupported: list[tuple[str, str, int]]):
        self.python = python
        self.unsupported = unsupported


def transpile_text(text: str, path: str = "<source>") -> TranspileResult:
    """Raises WLSyntaxErrors / CompileErrors like `wlmail run`."""
    module, compiler = compile_source(text, path)
    code = ast.unparse(module)
    source_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = [f'"""Transpiled by wlmail from {pathlib.Path(path).name}: runs with `python` and wlmail installed."""']
    shown = 0                                   # last WLangage line already shown as a comment
    for line in code.split("\n"):
        m = _MARKER_LINE.match(line)
        if not m:
            out.append(line)
            continue
        indent, wl_line = m.group(1), int(m.group(2))
        first = wl_line
        while first - 1 > shown and _COMMENT_ONLY.match(source_lines[first - 2]):
            first -= 1                          # the comment lines just above the statement
        last = wl_line
        while last < len(source_lines) and source_lines[last - 1].rstrip().endswith("..."):
            last += 1                           # continuation lines
        for i in range(first, last + 1):
            text_line = source_lines[i - 1].strip()
            if text_line:
                out.append(f"{indent}# {text_line}")
        shown = max(shown, last)
    return TranspileResult("\n".join(out) + "\n", compiler.unsupported)


def transpile_paths(source: str, output: str | None) -> int:
    """One file, or a tree (relative paths kept); prints a summary.  Exit status 2 if any
    file could not be transpiled."""
    src = pathlib.Path(source)
    if src.is_dir():
        files = sorted(f for f in src.rglob("*") if f.is_file() and f.suffix.lower() == ".wl")
        out_root = pathlib.Path(output) if output else src
        targets = [(f, out_root / f.relative_to(src).with_suffix(".py")) for f in files]
    else:
        target = pathlib.Path(output) if output else src.with_suffix(".py")
        if output and target.is_dir():
            target = target / src.with_suffix(".py").name
        targets = [(src, target)]
    failed = 0
    unsupported_total = []
    for wl_file, py_file in targets:
        try:
            text = read_source(wl_file)
            result = transpile_text(text, str(wl_file))
        except OSError as exc:
            print(f"{wl_file}: cannot read: {exc.strerror}", file=sys.stderr)
            failed += 1
            continue
        except (WLSyntaxErrors, CompileErrors) as exc:
            from .cli import diagnostics
            for diag in diagnostics(exc, text, str(wl_file)):
                print(diag.format(), file=sys.stderr)
            failed += 1
            continue
        py_file.parent.mkdir(parents=True, exist_ok=True)
        py_file.write_text(result.python, encoding="utf-8")
        for name, family, line in result.unsupported:
            unsupported_total.append(f"{wl_file}:{line}: {name} is not supported by wlmail ({family})")
    for line in unsupported_total:
        print(line)
    done = len(targets) - failed
    print(f"{done} file(s) transpiled, {failed} failed, {len(unsupported_total)} unsupported call(s) kept "
          f"as run-time errors")
    return 2 if failed else 0
