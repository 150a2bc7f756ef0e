"""WLangage syntax: the Lark grammar, the syntax tree, and syntax errors with a caret."""
from .parser import NotTextError, WLSyntaxError, WLSyntaxErrors, decode_source, parse, read_source

__all__ = ["parse", "read_source", "decode_source", "NotTextError", "WLSyntaxError", "WLSyntaxErrors"]
