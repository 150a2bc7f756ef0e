"""`wlmail transpile`: the module `wlmail run` executes, written out as readable Python.

The compiler puts a `'#wl:LINE'` string statement before the code of each WLangage
statement (CPython drops them); here they become the original lines as comments."""
from __future__ import annotations

import ast
import io
import os
import pathlib
import re
import sys
import textwrap
import tokenize

from .compiler import MARKER, CompileError, CompileErrors, compile_source, deep_recursion
from .diagnostics import diagnostics
from .syntax import WLSyntaxErrors, read_source

_MARKER_LINE = re.compile(r"^(\s*)(?:'|\"\"\")" + re.escape(MARKER) + r"(\d+)(?:'|\"\"\")$")
_COMMENT_ONLY = re.compile(r"^\s*(//|/\*|\*)")


class TranspileResult:
    def __init__(self, python: str, unsupported: list[tuple[str, str, int]]):
        self.python = python
        self.unsupported = unsupported


def transpile_text(text: str, path: str = "<source>", source_name: str | None = None) -> TranspileResult:
    """Raises WLSyntaxErrors / CompileErrors like `wlmail run`.  `source_name`: the `.wl` file as
    the `.py` file will find it (relative to the `.py` file's folder; default: its name)."""
    module, compiler = compile_source(text, path, markers=True)
    source_name = source_name or pathlib.Path(path).name
    guard = module.body[-1]                     # if __name__ == "__main__": run_program(main)
    guard.body[0].value.args += [ast.Name("WL_SOURCE", ast.Load()), ast.Name("WL_LINES", ast.Load())]
    # the files EXTERNE included, as the .py file will find them: beside the .wl file
    origins = {k: str(pathlib.PurePosixPath(pathlib.Path(source_name).parent,
                                            os.path.relpath(f, os.path.dirname(path) or ".")))
               for k, f in compiler.origins.items()}
    if origins:
        guard.body[0].value.args.append(ast.Name("WL_ORIGINS", ast.Load()))
    with deep_recursion():
        try:
            code = ast.unparse(module)
        except RecursionError:
            raise CompileErrors([CompileError("this code is nested too deeply to be written as Python", 1, 1)]) \
                from None
    source_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = [f'"""Transpiled by wlmail from {pathlib.Path(path).name}.', "",
           "Runs with `python3` and wlmail installed, exactly like `wlmail run`, with",
           "the same options (--help lists them), then the script's own arguments.", '"""']
    line_map: dict[int, int] = {}               # Python line -> WLangage line, from there on
    shown = 0                                   # last WLangage line already shown as a comment
    pending = None                              # the WLangage line of the next code line
    for line in code.split("\n"):
        m = _MARKER_LINE.match(line)
        if not m:
            if line.startswith("if __name__ == "):
                out.extend(_line_table(source_name, line_map, origins))
            elif pending is not None:
                line_map[len(out) + 1] = pending
                pending = None
            out.extend(wrap_line(line))
            continue
        indent, wl_line = m.group(1), int(m.group(2))
        pending = wl_line
        if wl_line > len(source_lines):         # code of an EXTERNE "f.wl": not this file's line
            continue
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


def _line_table(source_name: str, line_map: dict[int, int], origins: dict[int, str]) -> list[str]:
    """WL_SOURCE and WL_LINES, with which run-time errors name `.wl` lines as `wlmail run` does
    (and WL_ORIGINS, the files EXTERNE included: their lines are k * 1000000 + line)."""
    pairs = textwrap.wrap(", ".join(f"{py}: {wl}" for py, wl in line_map.items()),
                          width=MAX_LINE - 4, break_on_hyphens=False)
    table = ["", f"# Where the code above comes from in {source_name} (Python line: WLangage line),",
             "# so that run-time errors name WLangage lines.",
             f"WL_SOURCE = {source_name!r}",
             "WL_LINES = {", *(f"    {p}" for p in pairs), "}", ""]
    if origins:
        table[-1:-1] = ["WL_ORIGINS = {", *(f"    {k}: {f!r}," for k, f in origins.items()), "}"]
    return table


MAX_LINE = 79


def wrap_line(line: str, limit: int = MAX_LINE) -> list[str]:
    """PEP 8 line length where feasible: a long line ending in a call is split inside its
    outermost brackets, one argument per line, and a long argument at its top-level `+`."""
    if len(line) <= limit:
        return [line]
    if line.startswith("from ") and " import " in line:
        return _wrap_import(line, limit)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    text = line.strip()
    depth, open_at, commas = 0, None, []
    for tok in tokens:
        if tok.type != tokenize.OP:
            continue
        if tok.string in "([{":
            if depth == 0 and open_at is None:
                open_at = tok.start[1]
            depth += 1
        elif tok.string in ")]}":
            depth -= 1
            if depth == 0 and open_at is not None:
                close_at = tok.start[1]
                if text[close_at + 1:].strip():
                    return [line]               # something follows the brackets: keep the line
                break
        elif depth == 1 and tok.string in (",", "+"):
            commas.append((tok.start[1], tok.string))
    else:
        return [line]
    if open_at is None or not commas:
        return [line]
    inner = indent + " " * 4
    pieces, start = [], open_at + 1
    for col, op in commas:
        if op == ",":
            pieces.append(text[start:col + 1].strip())
        else:
            pieces.append(text[start:col].strip())
            pieces.append("+")
        start = col + 1
    pieces.append(text[start:close_at].strip())
    lines, current = [indent + text[:open_at + 1]], ""
    for piece in pieces:
        if piece == "+":
            current += " +"
            continue
        candidate = f"{current} {piece}".strip() if current else piece
        if current and len(inner + candidate) > limit:
            lines.append(inner + current)
            current = piece
        else:
            current = candidate
    lines.append(inner + current)
    lines.append(indent + text[close_at:])
    wrapped = "\n".join(x.rstrip() for x in lines)
    try:
        ast.parse(wrapped.strip() if not indent else "if 1:\n" + wrapped)
    except SyntaxError:
        return [line]
    return wrapped.split("\n")


def _wrap_import(line: str, limit: int) -> list[str]:
    """`from wlmail.runtime.x import (` then the names, as many per line as fit."""
    head, names = line.split(" import ", 1)
    return [f"{head} import (", *textwrap.wrap(names + ")", width=limit, initial_indent="    ",
                                                subsequent_indent="    ", break_on_hyphens=False)]


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
            result = transpile_text(text, str(wl_file), os.path.relpath(wl_file, py_file.parent))
        except OSError as exc:
            print(f"{wl_file}: cannot read: {exc.strerror}", file=sys.stderr)
            failed += 1
            continue
        except (WLSyntaxErrors, CompileErrors) as exc:
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
