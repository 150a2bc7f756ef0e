"""WLangage -> Python: scopes, declarations, by-reference parameters, conversions."""
from __future__ import annotations

import ast
import contextlib
import gc
import sys
import warnings

from ..syntax import parse
from .codegen import MARKER, CompileError, CompileErrors, Compiler, Scope

__all__ = ["compile_source", "compile_to_code", "deep_recursion", "CompileError", "CompileErrors", "Compiler",
           "Scope", "MARKER"]

# Deeply nested WLangage (hundreds of nested SI, long operator chains) compiles through
# recursive functions, ours and CPython's; this limit lets ~1,500 levels through while
# CPython's own C recursion stays far from the end of the thread's stack.
_RECURSION_LIMIT = 20000

# CPython's compile-time complaints, in WLangage words.
_PYTHON_LIMITS = {
    "'continue' not properly in loop": "CONTINUER outside a loop",
    "'break' outside loop": "SORTIR outside a loop",
    "too many statically nested blocks": "more than 20 nested loops and exception blocks (a limit of Python, "
                                         "which wlmail compiles to)",
}


@contextlib.contextmanager
def no_collection():
    """No garbage collection while compiling: the syntax tree and the Python tree only grow,
    yet every full collection would walk them all again (a third of the time of `check`).
    The cycles made meanwhile are collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def deep_recursion():
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, _RECURSION_LIMIT))
    try:
        yield
    finally:
        sys.setrecursionlimit(previous)


def compile_source(text: str, path: str = "<source>", mode: str = "script",
                   repl_scope: Scope | None = None, markers: bool = False) -> tuple[ast.Module, Compiler]:
    """Parse and compile to a Python module, checked by CPython's compiler too; the code
    object is `compiler.code`.  `markers`: a `'#wl:LINE'` statement before each statement's
    code, for `transpile` (run and check need none: every node carries its line).
    Raises WLSyntaxErrors or CompileErrors, nothing else."""
    with no_collection():
        program = parse(text, path)
        compiler = Compiler(path, mode=mode, repl_scope=repl_scope, markers=markers)
        compiler.origins = origins = program.origins     # the files EXTERNE included, for error positions
        compiler.includes = program.includes
        try:
            with deep_recursion():
                module = _translate(program, compiler)
                del program         # CPython's compile is the peak of memory: the syntax tree is done with
                compiler.code = _python_compile(module, path, compiler)
        except CompileErrors as exc:
            exc.origins = origins
            raise
    return module, compiler


def _translate(program, compiler: Compiler) -> ast.Module:
    try:
        return compiler.compile_program(program)
    except CompileError as exc:          # raised outside any statement (declarations collected up front)
        raise CompileErrors(sorted(compiler.errors + [exc], key=lambda e: (e.line, e.col)),
                            compiler.unsupported, compiler.deprecated) from None
    except RecursionError:
        raise CompileErrors([_too_deep(*compiler.position)], compiler.unsupported, compiler.deprecated) from None


def compile_to_code(text: str, path: str = "<source>"):
    return compile_source(text, path)[1].code


def _python_compile(module: ast.Module, path: str, compiler: Compiler):
    """The code object; what CPython refuses is a CompileErrors in WLangage words."""
    try:
        return _cpython(module, path)
    except CompileError as exc:
        raise CompileErrors([exc], compiler.unsupported, compiler.deprecated) from None


def _cpython(module: ast.Module, path: str):
    try:
        with warnings.catch_warnings():          # e.g. `5(3)`: an error, not a warning on stderr
            warnings.simplefilter("error", SyntaxWarning)
            return compile(module, path, "exec")
    except SyntaxError as exc:
        message = _PYTHON_LIMITS.get(exc.msg, exc.msg)
        if "is not callable" in message:
            message = "this value is not a procedure and cannot be called"
        elif "is not subscriptable" in message:
            message = "this value is not an array and cannot be indexed"
        raise CompileError(message, exc.lineno or 1, max(exc.offset or 1, 1)) from None
    except (RecursionError, MemoryError):
        raise _too_deep(1, 1) from None


def _too_deep(line: int, col: int) -> CompileError:
    return CompileError("this code is nested too deeply for wlmail (blocks or expressions)", line, col)
