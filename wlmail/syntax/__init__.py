"""WLangage syntax: the Lark grammar, the syntax tree, and syntax errors with a caret.
The parser (and Lark) load on first use of its names: reading a source does not need them."""
from .source import NotTextError, decode_source, read_source

__all__ = ["parse", "read_source", "decode_source", "NotTextError", "WLSyntaxError", "WLSyntaxErrors"]

_PARSER_NAMES = {"parse", "WLSyntaxError", "WLSyntaxErrors"}


def __getattr__(name: str):
    if name in _PARSER_NAMES:
        from . import parser
        return getattr(parser, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
