"""WLangage -> Python: scopes, declarations, by-reference parameters, conversions."""
from __future__ import annotations

import ast

from ..syntax import parse
from .codegen import MARKER, CompileError, CompileErrors, Compiler, Scope

__all__ = ["compile_source", "compile_to_code", "CompileError", "CompileErrors", "Compiler", "Scope", "MARKER"]


def compile_source(text: str, path: str = "<source>", mode: str = "script",
                   repl_scope: Scope | None = None) -> tuple[ast.Module, Compiler]:
    """Parse and compile; raises WLSyntaxErrors or CompileErrors."""
    program = parse(text, path)
    compiler = Compiler(path, mode=mode, repl_scope=repl_scope)
    module = compiler.compile_program(program)
    return module, compiler


def compile_to_code(text: str, path: str = "<source>"):
    module, _ = compile_source(text, path)
    return compile(module, path, "exec")
