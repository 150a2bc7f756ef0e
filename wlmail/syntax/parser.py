"""WLangage text -> syntax tree (wlmail.syntax.nodes), with errors that point at the source."""
from __future__ import annotations

import functools
import math
import pathlib
import re

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..runtime.names import fold
from ..runtime.program import EXTERN_LINES
from . import nodes as n
from .directives import DirectiveError, apply_directives
from .fastlalr import FastLALR, Unparsed
from .source import read_source

GRAMMAR_NAME = "wlangage.lark"


_SHOWN_WIDTH = 100      # longest part of a source line shown under an error


class WLSyntaxError(Exception):
    """One syntax error: `path:line:col: message`, the source line and a caret."""

    def __init__(self, message: str, line: int, col: int, source_line: str = "", path: str = "<source>"):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col
        self.source_line, self.path = source_line, path

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        if self.source_line.strip():
            shown = self.source_line.rstrip("\r\n").expandtabs(4)
            caret_col = len(self.source_line[: self.col - 1].expandtabs(4))
            if len(shown) > _SHOWN_WIDTH:          # a window around the caret
                start = max(0, min(caret_col - _SHOWN_WIDTH // 2, len(shown) - _SHOWN_WIDTH))
                prefix = "..." if start else ""
                suffix = "..." if start + _SHOWN_WIDTH < len(shown) else ""
                shown = prefix + shown[start:start + _SHOWN_WIDTH] + suffix
                caret_col += len(prefix) - start
            text += f"\n    {shown}\n    {' ' * caret_col}^"
        return text

    def __str__(self) -> str:
        return self.format()


class WLSyntaxErrors(Exception):
    """Every syntax error found in one source."""

    def __init__(self, errors: list[WLSyntaxError]):
        super().__init__("\n".join(e.format() for e in errors))
        self.errors = errors


# ---- grammar ------------------------------------------------------------------------

def grammar_text() -> str:
    """The grammar shipped in the wheel (wlmail/grammar/) or, from a source tree, grammar/.
    Found from this file, not through importlib.resources: a folder named `wlmail` in the
    current directory must not change which grammar is read."""
    here = pathlib.Path(__file__).resolve()
    for folder in (here.parents[1] / "grammar", here.parents[2] / "grammar"):
        path = folder / GRAMMAR_NAME
        if path.is_file():
            return path.read_text("utf-8")
    raise FileNotFoundError(f"{GRAMMAR_NAME} is missing from the wlmail installation")


@functools.lru_cache(maxsize=1)
def _lark() -> Lark:
    return Lark(grammar_text(), parser="lalr", lexer="contextual", postlex=BlockTracker(),
                maybe_placeholders=True, transformer=ToAst(), cache=True)


@functools.lru_cache(maxsize=2)
def _fast(lark: Lark) -> FastLALR:
    return FastLALR(lark, lark.options.start[0], BlockTracker.joining)


def _run(lark: Lark, text: str):
    """Lark's tables run by the fast driver; on an error, Lark itself says what is wrong."""
    try:
        return _fast(lark).parse(text)
    except Unparsed:
        return lark.parse(text)


# Tokens that open a block closed by FIN/END, and how to name them in messages.
_OPENERS = {"IF", "SWITCH", "WHILE", "LOOP", "FOR", "WHEN_EXCEPTION", "WHEN_EXC", "PROC_INTERNE", "STRUCTURE",
            "CONSTANT", "CLASS", "ENUM", "WITH", "USING"}
_BRACKETS_OPEN = {"LPAR", "LSQB", "SUBSTR_OPEN", "LBRACE"}
_BRACKETS_CLOSE = {"RPAR", "RSQB", "RBRACE"}


# A line that ends with one of these operators goes on on the next line (help: "Opérateurs divers").
_CONTINUES_LINE = frozenset(("PLUS", "MINUS", "STAR", "SLASH", "AND", "OR"))


class BlockTracker:
    """Post-lexer: drops newlines inside brackets and after an operator that ends a line, and keeps the stack of open blocks,
    so an error can say which block a missing FIN belongs to."""

    always_accept = ("_NL",)
    # what it does to line breaks, for the fast driver (the blocks only serve error messages)
    joining = ("_NL", _BRACKETS_OPEN, _BRACKETS_CLOSE, _CONTINUES_LINE)

    def __init__(self):
        self.open_blocks: list[Token] = []

    def process(self, stream):
        self.open_blocks = []
        depth = 0
        pending_line_if = None      # an IF whose THEN has been seen: block or one-line?
        previous = None
        for tok in stream:
            kind = tok.type
            if kind == "_NL":
                if depth > 0 or (previous is not None and previous.type in _CONTINUES_LINE):
                    continue
                pending_line_if = None
            elif pending_line_if is not None:
                # IF ... THEN <statement> on the same line: a one-line SI, no FIN.
                if self.open_blocks and self.open_blocks[-1] is pending_line_if:
                    self.open_blocks.pop()
                pending_line_if = None
            if kind in _BRACKETS_OPEN:
                depth += 1
            elif kind in _BRACKETS_CLOSE:
                depth = max(0, depth - 1)
            elif kind in _OPENERS:
                if not (kind == "LOOP" and previous is not None and previous.type == "DO_WHILE") \
                        and not (kind in ("WITH", "USING") and previous is not None
                                 and previous.type not in ("_NL", "SEMICOLON")) \
                        and not (kind == "CONSTANT" and previous is not None and previous.type in ("PROC_MOD", "GLOBAL")):
                    self.open_blocks.append(tok)
            elif kind == "THEN" and self.open_blocks and self.open_blocks[-1].type == "IF":
                pending_line_if = self.open_blocks[-1]
            elif kind == "NAME" and previous is not None and previous.type == "CONSTANT" \
                    and self.open_blocks and self.open_blocks[-1] is previous:
                self.open_blocks.pop()           # CONSTANTE X = 1 on one line
            elif kind in ("END", "DO_WHILE") and self.open_blocks:
                self.open_blocks.pop()
            previous = tok
            yield tok


# ---- source text ----------------------------------------------------------------------

def _prepare(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.endswith("\n") else text + "\n"


# ---- parsing --------------------------------------------------------------------------

def parse(text: str, path: str = "<source>", max_errors: int = 20, _including: tuple = (),
          _origins: dict | None = None) -> n.Program:
    """Parse a whole source, its <COMPILE SI> directives applied and its EXTERNE "f.wl"
    files included.  Raises WLSyntaxErrors listing every error found."""
    text = _prepare(text)
    lines = text.split("\n")
    try:
        text = apply_directives(text)
    except DirectiveError as exc:
        source_line = lines[exc.line - 1] if 0 < exc.line <= len(lines) else ""
        raise WLSyntaxErrors([WLSyntaxError(exc.message, exc.line, exc.col, source_line, path)]) from None
    program = _parse_text(text, lines, path, max_errors)
    if _origins is not None:
        program.origins = _origins               # one numbering for every file of the program
    if any(isinstance(s, n.Extern) and s.file for s in program.body):
        _include(program, path, lines, _including + (path,))
    return program


def _renumber(node, offset: int) -> None:
    """Add `offset` to the lines of a parsed file's nodes (those of files it includes already
    carry theirs)."""
    if isinstance(node, (list, tuple)):
        for item in node:
            _renumber(item, offset)
        return
    if not isinstance(node, n.Node):
        return
    if node.line < EXTERN_LINES:
        node.line += offset
    for name, value in vars(node).items():
        if name != "origins" and isinstance(value, (list, tuple, n.Node)):
            _renumber(value, offset)


def _include(program: n.Program, path: str, lines: list[str], including: tuple):
    """EXTERNE "f.wl": the file (next to the including one) is parsed on its own, so its
    errors point into it, then its code takes the place of the EXTERNE line."""
    body = []
    for stmt in program.body:
        if not (isinstance(stmt, n.Extern) and stmt.file):
            body.append(stmt)
            continue
        base = pathlib.Path(path).parent if path and not path.startswith("<") else pathlib.Path.cwd()
        target = base / stmt.file.replace("\\", "/")
        source_line = lines[stmt.line - 1] if 0 < stmt.line <= len(lines) else ""
        if str(target) in including:
            raise WLSyntaxErrors([WLSyntaxError(f"EXTERNE {stmt.file!r} includes itself", stmt.line, stmt.col,
                                                source_line, path)])
        try:
            text = read_source(target)
        except OSError:
            raise WLSyntaxErrors([WLSyntaxError(f"EXTERNE: cannot read {str(target)!r}", stmt.line, stmt.col,
                                                source_line, path)]) from None
        included = parse(text, str(target), _including=including, _origins=program.origins)
        k = len(program.origins) + 1
        program.origins[k] = str(target)
        _renumber([included.body, included.procedures, included.on_error or [], included.on_exception or []],
                  k * EXTERN_LINES)
        body.extend(included.body)
        program.procedures.extend(included.procedures)
    program.body = body


def _parse_text(text: str, lines: list[str], path: str, max_errors: int) -> n.Program:
    errors: list[WLSyntaxError] = []
    work = text
    blanked_opener = False
    while True:
        try:
            tree = _run(_lark(), work)
        except WLSyntaxError as exc:             # raised by the tree builder ([% %])
            exc.path, exc.source_line = path, lines[exc.line - 1] if exc.line <= len(lines) else ""
            errors.append(exc)
            break
        except UnexpectedInput as exc:
            err = _describe(exc, lines, path)
            at_eof = isinstance(exc, UnexpectedEOF) or getattr(getattr(exc, "token", None), "type", "") == "$END"
            cascade = blanked_opener and _is_block_word(exc)
            if not cascade:
                errors.append(err)
            if len(errors) >= max_errors or at_eof:
                break
            # Blank the offending line and parse again to find the next error.
            work_lines = work.split("\n")
            idx = min(err.line, len(work_lines)) - 1
            if not work_lines[idx].strip():
                break
            blanked_opener = bool(_OPENER_WORDS.search(work_lines[idx]))
            work_lines[idx] = ""
            work = "\n".join(work_lines)
            continue
        except LiteralError as exc:
            tok = exc.token
            errors.append(WLSyntaxError(exc.message, tok.line, tok.column, lines[tok.line - 1], path))
            if len(errors) >= max_errors:
                break
            # Put a valid number of the same width in its place and go on.
            work = work[:tok.start_pos] + "0".ljust(tok.end_pos - tok.start_pos) + work[tok.end_pos:]
            continue
        if errors:
            break
        return tree
    raise WLSyntaxErrors(errors)


_OPENER_WORDS = re.compile(
    r"^\s*(si|if|selon|switch|tant\s*que|while|boucle|loop|pour|for|quand|when|proc[eé]dure\s+interne|"
    r"internal|structure|constantes?|constants?)\b|\b(est|is)\s+(une?\s+)?(structure|classe?|[eé]num[eé]ration|"
    r"combinaison|combination)\b", re.I)


def _is_block_word(exc: UnexpectedInput) -> bool:
    tok = getattr(exc, "token", None)
    return tok is not None and getattr(tok, "type", "") in ("END", "ELSE", "ELSEIF", "OTHER_CASE", "CASE", "DO")


_TOKEN_WORDS = {
    "_NL": "end of line", "$END": "end of file", "END": "FIN", "THEN": "ALORS", "ELSE": "SINON",
    "RPAR": "')'", "LPAR": "'('", "RSQB": "']'", "COMMA": "','", "EQUAL": "'='", "COLON": "':'",
    "TO": "À", "IN_COLL": "DE", "DO": "FAIRE", "NAME": "a name", "STRING": "a string",
}

_CLOSING = {"fr": "FIN", "en": "END"}


def _token_label(kind: str) -> str:
    return _TOKEN_WORDS.get(kind, kind.lower().replace("_", " "))


def _describe(exc: UnexpectedInput, lines: list[str], path: str) -> WLSyntaxError:
    line = getattr(exc, "line", 1) or 1
    col = getattr(exc, "column", 1) or 1
    if isinstance(exc, UnexpectedCharacters):
        ch = lines[line - 1][col - 1: col] if line <= len(lines) else "?"
        message = f"unexpected character {ch!r}"
    elif isinstance(exc, (UnexpectedToken, UnexpectedEOF)):
        tok = getattr(exc, "token", None)
        expected = set(getattr(exc, "expected", ()) or ())
        opened = _lark().options.postlex.open_blocks
        at_eof = tok is None or tok.type == "$END"
        if at_eof and lines:
            line = max(1, len(lines) - 1)
            while line > 1 and not lines[line - 1].strip():
                line -= 1
            col = max(1, len(lines[line - 1].rstrip()) + 1)
        if opened and ("END" in expected or at_eof or (tok is not None and tok.type == "PROCEDURE")):
            opener = opened[-1]
            word = opener.value.split()[0].upper()
            closing = _CLOSING["en" if word in _ENGLISH_OPENERS else "fr"]
            message = f"expected {closing} to close the {word} opened at line {opener.line}"
        else:
            found = "end of file" if at_eof else (
                "end of line" if tok.type == "_NL" else f"{tok.value!r}")
            message = f"unexpected {found}"
            names = sorted({_token_label(k) for k in expected if not k.startswith("__")})
            if 0 < len(names) <= 6:
                message += f" (expected {', '.join(names)})"
    else:
        message = str(exc).splitlines()[0]
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    return WLSyntaxError(message, line, col, source_line, path)


_ENGLISH_OPENERS = {"IF", "SWITCH", "WHILE", "LOOP", "FOR", "WHEN", "INTERNAL", "STRUCTURE", "CONSTANT", "CONSTANTS",
                    "CLASS", "ENUMERATION", "COMBINATION"}


# ---- parse tree -> nodes ----------------------------------------------------------------

def _pos(children) -> dict:
    """The position of a node: that of its first token (positions are not propagated by
    Lark: the parser runs the transformer inline, which is twice as fast)."""
    for c in children:
        line = getattr(c, "line", None)
        if line is not None:
            return {"line": line, "col": getattr(c, "column", None) or getattr(c, "col", 0)}
        if isinstance(c, (list, tuple)):
            found = _pos(c)
            if found["line"]:
                return found
    return {"line": 0, "col": 0}


def _tpos(tok: Token) -> dict:
    return {"line": tok.line, "col": tok.column}


class LiteralError(Exception):
    """A token the grammar accepts but whose value is not a valid WLangage literal."""

    def __init__(self, message: str, token: Token):
        super().__init__(message)
        self.message, self.token = message, token


# WLangage's widest integer type (numérique) holds 38 digits.
_MAX_DIGITS = 38
_MAX_DURATION_MS = 10 ** 18         # far beyond any date WLangage can hold


def _number(tok: Token, digits: str, base: int) -> int:
    if not digits:
        raise LiteralError("hexadecimal number without digits", tok)
    if len(digits.lstrip("0")) > _MAX_DIGITS:
        raise LiteralError(f"this number has more than {_MAX_DIGITS} digits", tok)
    return int(digits, base)


_QUOTES = {'"': '""', "`": "``", "'": "''"}


def _string_value(text: str) -> str:
    """A quoted literal's text: the doubled delimiter stands for itself; a literal whose
    opening quote ends its line spans lines up to the closing quote that starts a line
    (neither of those two line breaks belongs to the text; indentation is kept)."""
    quote = text[0]
    body = text[1:-1]
    if body.rstrip(" \t").startswith("\n") and "\n" in body:
        body = body[body.index("\n") + 1: body.rindex("\n")]
        body = body.replace("\n", "\r\n")
    return body.replace(_QUOTES[quote], quote)


def _mlstring_value(tok: Token) -> str:
    """A [ ... ] block: the lines between the brackets, tabs at the start of each line
    dropped (PC SOFT help, "Chaîne littérale multiligne")."""
    body = tok.value[tok.value.index("\n") + 1:]
    body = body[: body.rindex("]")]
    body = body[: body.rfind("\n")] if "\n" in body else ""
    return "\r\n".join(line.lstrip("\t") for line in body.split("\n")) if body else ""


_INTERPOLATION = re.compile(r"\[%(.*?)%\]", re.S)


@functools.lru_cache(maxsize=1)
def _expr_lark() -> Lark:
    """A second parser for the expressions inside [% %]: the main parser may be mid-parse."""
    return Lark(grammar_text(), parser="lalr", lexer="contextual", start="expr",
                maybe_placeholders=True, transformer=ToAst(), cache=True)


def _interpolated(tok: Token, text: str) -> n.Node:
    """A backtick literal with [% expr %] parts: an Interpolation node, else a Literal."""
    pieces = _INTERPOLATION.split(text)
    if len(pieces) == 1:
        return n.Literal(value=text, **_tpos(tok))
    parts: list = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            if piece:
                parts.append(piece)
            continue
        before = tok.value[: tok.value.find("[%" + piece + "%]")]
        line = tok.line + before.count("\n")
        col = (len(before) - before.rfind("\n") if "\n" in before else tok.column + len(before)) + 2
        try:
            expr = _run(_expr_lark(), piece.strip())
        except UnexpectedInput as exc:
            raise WLSyntaxError(f"invalid expression in [% %]: {piece.strip()!r}", line, col) from exc
        _move(expr, line - 1, col - 1)
        parts.append(expr)
    return n.Interpolation(parts=parts, **_tpos(tok))


def _move(node, lines: int, cols: int):
    """Shift the positions of a tree parsed on its own to where it stands in the file."""
    if isinstance(node, n.Node):
        if node.line == 1:
            node.col += cols
        node.line += lines
        for value in vars(node).values():
            _move(value, lines, cols)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _move(item, lines, cols)


class ToAst(Transformer):
    # -- program structure
    def start(self, ch):
        stmts = ch[0]
        procs = [c for c in ch[1:] if isinstance(c, n.Procedure)]
        sections = [c for c in ch[1:] if isinstance(c, tuple)]
        prog = n.Program(body=stmts, procedures=procs, line=1, col=1)
        for kind, body in sections:
            setattr(prog, kind, body)
        return prog

    def stmts(self, ch):
        out = []
        for c in ch:
            if isinstance(c, list):          # a CONSTANTE block: its definitions
                out.extend(c)
            elif c is not None:
                out.append(c)
        for i, c in enumerate(out):
            if isinstance(c, _Handler):      # QUAND EXCEPTION ... FIN guards the code after it
                out[i:] = [n.Try(body=self.stmts(out[i + 1:]), handler=c.body, **c.pos)]
                break
            if isinstance(c, _EndLabel):     # FIN: the code after it runs whatever happens before
                out[:] = [n.Finally(body=out[:i], final=self.stmts(out[i + 1:]), **c.pos)]
                break
        return out

    def procedure(self, ch):
        name, class_name = next(c for c in ch if isinstance(c, tuple) and c[0] == "name")[1:]
        modifiers = [fold(c.value) for c in ch if isinstance(c, Token) and c.type in ("PROC_MOD", "GLOBAL")]
        rest = [c for c in ch if not isinstance(c, Token)]
        params = next((c[1] for c in rest if isinstance(c, tuple) and c[0] == "params"), [])
        rt = next((c for c in rest if isinstance(c, tuple) and c and c[0] == "returns"), None)
        body = next((c for c in reversed(rest) if isinstance(c, list)), [])
        proc = n.Procedure(name=name.value, params=params, return_type=rt[1] if rt else None,
                           body=body, class_name=class_name, modifiers=modifiers, **_pos(ch))
        for c in rest:
            if isinstance(c, tuple) and c[0] in ("on_error", "on_exception"):
                setattr(proc, c[0], c[1])
        return proc

    def proc_name(self, ch):
        return ("name", ch[0], None)

    def method_name(self, ch):
        return ("name", ch[1], ch[0].value)

    def internal_proc(self, ch):
        ch = [("name", c, None) if isinstance(c, Token) and c.type == "NAME" else c for c in ch]
        proc = self.procedure(ch)
        proc.internal = True
        return proc

    def params(self, ch):
        return ("params", [c for c in ch if c is not None])

    def param(self, ch):
        local = any(isinstance(c, Token) and c.type == "LOCAL" for c in ch)
        name = next(c for c in ch if isinstance(c, Token) and c.type == "NAME")
        ptype = next((c for c in ch if isinstance(c, n.TypeSpec)), None)
        default = ch[-1] if ch and isinstance(ch[-1], n.Node) and not isinstance(ch[-1], n.TypeSpec) else None
        return n.Param(name=name.value, type=ptype, default=default, local=local, **_pos(ch))

    def variadic_param(self, ch):
        return n.Param(name="*", type=None, default=None, local=True, variadic=True, **_pos(ch))

    def param_type(self, ch):
        return next(c for c in ch if isinstance(c, n.TypeSpec))

    def return_type(self, ch):
        return ("returns", [c for c in ch if isinstance(c, n.TypeSpec)])

    def case_error(self, ch):
        return ("on_error", self._inline_body(ch))

    def case_exception(self, ch):
        return ("on_exception", self._inline_body(ch))

    @staticmethod
    def _inline_body(ch):
        body = []
        for c in ch:
            if isinstance(c, list):
                body.extend(c)
            elif isinstance(c, n.Node):
                body.append(c)
        return body

    # -- declarations

    def type_spec(self, ch):
        words = []
        dims = None                          # tableau [4, 7] entiers -> tableau de 4 par 7 entiers
        glue = False                         # WL.XMLDocument, d'entiers, 8-octets: one word
        for tok in ch:
            kind = tok.type
            if kind in ("TYPE_ATTR", "STAR"):
                continue
            if kind == "LSQB":
                dims = []
            elif kind == "RSQB":
                words += ["de"] + " par ".join(dims).split() if dims else []
                dims = None
            elif dims is not None:
                if kind == "INT":
                    dims.append(tok.value)
            elif kind == "COMMA":                # allouer un tableau de 4,7 entiers: 4 par 7
                words.append("par")
            elif kind in ("APOS", "MINUS", "DOT") and words:
                words[-1] += tok.value
                glue = True
            elif glue and words:
                words[-1] += tok.value
                glue = False
            else:
                words.append(tok.value)
        return n.TypeSpec(words=words, **_pos(ch))

    new_type = type_spec

    def decl(self, ch):
        names = [c.value for c in ch if isinstance(c, Token) and c.type == "NAME"]
        specs = [c for c in ch if isinstance(c, n.TypeSpec)]
        tspec = specs[0]
        init = next((c for c in ch if isinstance(c, n.Node) and not isinstance(c, n.TypeSpec)), None)
        args = next((c[1] for c in ch if isinstance(c, tuple) and c[0] == "ctor_args"), None)
        if len(specs) > 1:          # the parentheses were the type's options: `tableau associatif (...) de T`
            tspec = n.TypeSpec(words=tspec.words + [w for more in specs[1:] for w in more.words], args=args or [],
                               line=tspec.line, col=tspec.col)
            args = None
        for c in ch:                         # , immuable = 5: the value is the initial value
            if isinstance(c, tuple) and c[0] == "option" and fold(c[1]) in ("immuable", "immutable") and c[2]:
                init = c[2]
        return n.Decl(names=names, type=tspec, init=init, args=args, **_pos(ch))

    def decl_option(self, ch):
        return ("option", ch[0].value, ch[1])

    def ctor_args(self, ch):
        return ("ctor_args", [c for c in ch if c is not None])

    # -- classes and enumerations
    def class_def(self, ch):
        name = ch[0].value
        base, members, constants = None, [], []
        access, is_global = "", False
        for item in ch:
            if isinstance(item, tuple) and item[0] == "base":
                base = item[1]
            elif isinstance(item, tuple) and item[0] == "section":
                _, mods, decl = item
                access = next((m for m in mods if not m.startswith("global")), "")
                is_global = any(m.startswith("global") for m in mods)
                if decl is not None:
                    decl.access, decl.is_global = access, is_global
                    members.append(decl)
            elif isinstance(item, n.Decl):
                item.access, item.is_global = access, is_global
                members.append(item)
            elif isinstance(item, list):
                constants.extend(item)
        return n.ClassDef(name=name, base=base, members=members, constants=constants, **_pos(ch))

    def class_item(self, ch):
        return ch[0]

    def inherit(self, ch):
        return ("base", ch[1].value)

    def class_section(self, ch):
        mods = [fold(c.value) for c in ch if isinstance(c, Token) and c.type in ("PROC_MOD", "GLOBAL")]
        return ("section", mods, next((c for c in ch if isinstance(c, n.Decl)), None))

    def enum_def(self, ch):
        values = [c for c in ch if isinstance(c, tuple) and c[0] == "value"]
        bases = [c[1] for c in ch if isinstance(c, tuple) and c[0] == "base"]
        kind = next(c for c in ch if isinstance(c, Token) and c.type == "ENUM")
        return n.EnumDef(name=ch[0].value, values=[(v[1], v[2]) for v in values], bases=bases,
                         combination=fold(kind.value).startswith("combi"), **_pos(ch))

    def enum_item(self, ch):
        return ("value", ch[0].value, ch[1])

    def enum_base(self, ch):
        return ("base", ch[0].value)

    def extern_stmt(self, ch):
        tok = ch[1]
        if tok.type == "STRING":
            return n.Extern(name="", file=_string_value(tok.value), **_pos(ch))
        return n.Extern(name=tok.value, **_pos(ch))

    def delete_stmt(self, ch):
        return n.Delete(target=ch[1], **_pos(ch))

    def base_ctor_call(self, ch):
        return n.BaseConstructor(name=ch[1].value, args=[c for c in ch[2:] if c is not None], **_pos(ch))

    def new_object(self, ch):
        tspec = next(c for c in ch if isinstance(c, n.TypeSpec))
        args = next((c[1] for c in ch if isinstance(c, tuple) and c[0] == "ctor_args"), [])
        return n.New(type=tspec, args=args, **_pos(ch))

    def with_member(self, ch):
        return n.WithMember(name=ch[0].value, **_tpos(ch[0]))

    def using_block(self, ch):
        return n.Using(subject=ch[1], body=next(c for c in ch if isinstance(c, list)), **_pos(ch))

    def is_instance(self, ch):
        return n.IsInstance(obj=ch[0], cls=ch[2].value, **_pos(ch))

    def with_block(self, ch):
        return n.With(subject=ch[1], body=ch[2], **_pos(ch))

    def end_label(self, ch):
        return _EndLabel(_pos(ch))

    def exception_handler(self, ch):
        return _Handler(next(c for c in ch if isinstance(c, list)), _pos(ch))

    def swap(self, ch):
        return n.Swap(left=ch[0], right=ch[1], **_pos(ch))

    def self_member(self, ch):
        tok = ch[-1]
        return n.SelfMember(name=tok.value, of_class=len(ch) == 1, **_tpos(tok))

    def decl_init(self, ch):
        return ch[-1]

    def let_decl(self, ch):
        names = [c.value for c in ch if isinstance(c, Token) and c.type == "NAME"]
        return n.Decl(names=names, type=None, init=ch[-1], **_pos(ch))

    def struct_def(self, ch):
        name = next(c for c in ch if isinstance(c, Token) and c.type == "NAME")
        fields = [c for c in ch if isinstance(c, n.Decl)]
        return n.StructDef(name=name.value, fields=fields, **_pos(ch))

    def const_block(self, ch):
        return [c for c in ch if isinstance(c, n.ConstDef)]

    def const_def(self, ch):
        return n.ConstDef(name=ch[0].value, value=ch[1], **_pos(ch))

    def scope_block(self, ch):
        scope = ch[0].type.lower()
        if ch[1] is None:
            return n.ScopeMarker(scope=scope, **_pos(ch))
        ch[1].scope = scope
        return ch[1]

    # -- simple statements
    def assign(self, ch):
        return n.Assign(target=ch[0], op=ch[1], value=ch[2], **_pos(ch))

    def assign_op(self, ch):
        return ch[0].value

    def call_stmt(self, ch):
        return n.ExprStmt(expr=ch[0], **_pos(ch))

    def incdec(self, ch):
        return n.IncDec(target=ch[0], op=ch[1].value, **_pos(ch))

    def return_stmt(self, ch):
        return n.Return(**_pos(ch))

    def result_stmt(self, ch):
        values = [c for c in ch[1:] if c is not None]
        return n.Result(values=values, **_pos(ch))

    def return_assign(self, ch):
        return n.ReturnAssign(value=ch[-1], **_pos(ch))

    def lambda_expr(self, ch):
        """x => expr, (a, b) => expr, x => {RENVOYER expr}, x => {Appel(x)}."""
        head, body = ch
        items = head.items if isinstance(head, n.Tuple) else [head]
        if not all(isinstance(i, n.Name) for i in items):
            raise WLSyntaxError("expected the parameter names before =>", head.line, head.col)
        if isinstance(body, n.Indirection) and body.second is None:
            body = body.expr                 # {Appel(x)}: a block of one call
        return n.Lambda(params=[i.name for i in items], body=body, **_pos([head]))

    def lambda_body(self, ch):
        return ch[-1]

    def abort_stmt(self, ch):
        return n.AbortTransaction(**_pos(ch))

    def break_stmt(self, ch):
        return n.Break(switch=ch[-1] is not None, **_pos(ch))

    def continue_stmt(self, ch):
        return n.Continue(**_pos(ch))

    # -- control flow
    def if_block(self, ch):
        cond = ch[1]
        body = next(c for c in ch[2:] if isinstance(c, list))
        branches = [(cond, body)]
        orelse = None
        for c in ch:
            if isinstance(c, tuple) and c[0] == "elif":
                branches.append((c[1], c[2]))
            elif isinstance(c, tuple) and c[0] == "else":
                orelse = c[1]
        return n.If(branches=branches, orelse=orelse, **_pos(ch))

    def elif_(self, ch):
        return ("elif", ch[1], next(c for c in ch[2:] if isinstance(c, list)))

    def else_part(self, ch):
        return ("else", next(c for c in ch if isinstance(c, list)))

    def if_line(self, ch):
        stmts = [c for c in ch if isinstance(c, n.Node)]
        cond, then = stmts[0], stmts[1]
        orelse = [stmts[2]] if len(stmts) > 2 else None
        return n.If(branches=[(cond, [then])], orelse=orelse, **_pos(ch))

    def switch(self, ch):
        cases = [c[1:] for c in ch if isinstance(c, tuple) and c[0] == "case"]
        other = next((c[1] for c in ch if isinstance(c, tuple) and c[0] == "other"), None)
        return n.Switch(subject=ch[1], cases=cases, other=other, **_pos(ch))

    def case(self, ch):
        items = [c for c in ch if isinstance(c, n.CaseItem)]
        return ("case", items, self._case_body(ch))

    def other_case(self, ch):
        return ("other", self._case_body(ch))

    @staticmethod
    def _case_body(ch):
        body = []
        for c in ch:
            if isinstance(c, n.CaseItem) or isinstance(c, Token):
                continue
            if isinstance(c, list):
                body.extend(c)
            elif isinstance(c, n.Node):
                body.append(c)
        return body

    def case_value(self, ch):
        return n.CaseItem(kind="value", a=ch[0], **_pos(ch))

    def case_range(self, ch):
        return n.CaseItem(kind="range", a=ch[0], b=ch[2], **_pos(ch))

    def case_upto(self, ch):
        return n.CaseItem(kind="upto", b=ch[1], **_pos(ch))

    def case_from(self, ch):
        return n.CaseItem(kind="from", a=ch[0], **_pos(ch))

    def case_compare(self, ch):
        return n.CaseItem(kind="compare", op=ch[0], b=ch[1], **_pos(ch))

    def case_between(self, ch):
        return n.CaseItem(kind="between", a=ch[0], op=ch[1], op2=ch[2], b=ch[3], **_pos(ch))

    def while_stmt(self, ch):
        return n.While(cond=ch[1], body=ch[2], **_pos(ch))

    def loop(self, ch):
        count = ch[1]
        body = ch[2]
        until = ch[-1] if len(ch) > 4 and isinstance(ch[-1], n.Node) else None
        return n.Loop(count=count, body=body, until=until, **_pos(ch))

    def for_range(self, ch):
        to_tok = ch[3]
        return n.ForRange(var=ch[1].value, start=ch[2], stop=ch[4], step=ch[6] if ch[5] is not None else None,
                          body=ch[7], stop_once=to_tok.value.startswith("_"), **_pos(ch))

    _FOR_KINDS = {"chaine": "string", "string": "string", "position": "position", "ligne": "row",
                  "row": "row", "line": "row"}

    def for_each(self, ch):
        names = [c.value for c in ch if isinstance(c, Token) and c.type == "NAME"]
        kind_word = next((c[1] for c in ch if isinstance(c, tuple) and c[0] == "kind"), None)
        kind = ""
        if kind_word is not None:
            kind = self._FOR_KINDS.get(fold(kind_word.value))
            if kind is None:
                raise WLSyntaxError(f"unknown loop POUR TOUT {kind_word.value} (expected CHAÎNE, POSITION or LIGNE)",
                                    kind_word.line, kind_word.column)
        unread = any(isinstance(c, Token) and c.type == "NON_LU" for c in ch)
        collection = next(c for c in ch if isinstance(c, n.Node))
        search = None
        if kind == "position":               # DE search DANS text: parsed as `search DANS text`
            if not isinstance(collection, n.InOp) or collection.negated or len(collection.choices) != 1:
                raise WLSyntaxError("expected POUR TOUTE POSITION p DE <searched> DANS <text>",
                                    collection.line, collection.col)
            search, collection = collection.left, collection.choices[0]
        loop = n.ForEach(var=names[0], key=names[1] if len(names) > 1 else None, unread=unread,
                         collection=collection, body=next(c for c in reversed(ch) if isinstance(c, list)),
                         kind=kind, counter=names[2] if len(names) > 2 else None, search=search, **_pos(ch))
        self._for_parts(loop, ch)
        return loop

    def for_each_file(self, ch):
        name = next(c for c in ch if isinstance(c, Token) and c.type == "NAME")
        loop = n.ForEach(var=name.value, key=None, unread=False, collection=n.Name(name=name.value, **_tpos(name)),
                         body=next(c for c in reversed(ch) if isinstance(c, list)), kind="file", **_pos(ch))
        self._for_parts(loop, ch)
        return loop

    @staticmethod
    def _for_parts(loop, ch):
        for c in ch:
            if not isinstance(c, tuple):
                continue
            if c[0] == "with":
                loop.condition = c[1]
            elif c[0] == "separator":
                loop.separator = c[1]
            elif c[0] == "flags":
                loop.reverse = any(fold(f.value).replace(" ", "") in ("depuisfin", "fromend") for f in c[1])

    def for_kind(self, ch):
        return ("kind", ch[0])

    def for_with(self, ch):
        return ("with", ch[1])

    def for_key(self, ch):
        return ("key", ch[1])

    def for_separator(self, ch):
        return ("separator", ch[1])

    def for_flag(self, ch):
        return ("flags", list(ch))

    def try_stmt(self, ch):
        bodies = [c for c in ch if isinstance(c, list)]
        return n.Try(body=bodies[0], handler=bodies[1], **_pos(ch))

    # -- expressions
    def ternary(self, ch):
        return n.Ternary(cond=ch[0], then=ch[1], other=ch[3], **_pos(ch))

    def or_op(self, ch):
        return n.BoolOp(op="or", left=ch[0], right=ch[2], **_pos(ch))

    def and_op(self, ch):
        return n.BoolOp(op="and", left=ch[0], right=ch[2], **_pos(ch))

    def not_op(self, ch):
        return n.Unary(op="pas", operand=ch[1], **_pos(ch))

    def _chain(self, left, op, right):
        if isinstance(left, n.Compare) and not getattr(left, "_parenthesized", False):
            return n.Compare(ops=left.ops + [op], operands=left.operands + [right], **_pos([left]))
        return n.Compare(ops=[op], operands=[left, right], **_pos([left]))

    def compare(self, ch):
        return self._chain(ch[0], ch[1], ch[2])

    def compare_eq(self, ch):
        return self._chain(ch[0], "=", ch[1])

    def cmp_op(self, ch):
        return ch[0].value

    def flex_compare(self, ch):
        return n.FlexCompare(op=ch[1].value, left=ch[0], right=ch[2], **_pos(ch))

    def in_op(self, ch):
        return self._in(ch, False)

    def not_in_op(self, ch):
        return self._in(ch, True)

    def _in(self, ch, negated):
        right = ch[2]
        choices = right.items if isinstance(right, n.Tuple) else [right]
        return n.InOp(left=ch[0], choices=choices, negated=negated, **_pos(ch))

    def binop(self, ch):
        return n.BinOp(op=ch[1], left=ch[0], right=ch[2], **_pos(ch))

    def add_op(self, ch):
        return ch[0].value

    mul_op = add_op

    def modulo_op(self, ch):
        return n.BinOp(op="%", left=ch[0], right=ch[2], **_pos(ch))

    def unary_op(self, ch):
        return n.Unary(op=ch[0], operand=ch[1], **_pos(ch))

    def power_op(self, ch):
        return n.BinOp(op="^", left=ch[0], right=ch[1], **_pos(ch))

    def call(self, ch):
        args = [a for a in ch[1:]] if ch[1:] != [None] else []
        others = [i for i, a in enumerate(args) if isinstance(a, _ElseArg)]
        if isinstance(ch[0], n.Name) and fold(ch[0].name) in ("selon", "switch") and args \
                and others in ([], [len(args) - 1]):
            other = args.pop().value if others else None
            return n.SwitchExpr(subject=args[0], results=args[1:], other=other, **_pos(ch))
        if others:
            arg = args[others[0]]
            raise WLSyntaxError("SINON inside parentheses belongs to SELON(valeur, r1, r2, SINON autre)",
                                arg.keyword.line, arg.keyword.column)
        return n.Call(func=ch[0], args=args, **_pos(ch))

    def else_arg(self, ch):
        return _ElseArg(ch[-1], ch[0])

    def named_arg(self, ch):
        return n.NamedArg(name=ch[0].value[1:-1].strip(), value=ch[-1], **_tpos(ch[0]))

    def cast(self, ch):
        type_name = ch[0].value.strip("() \t\u00a0")
        spec = n.TypeSpec(words=[type_name], **_tpos(ch[0]))
        return n.Cast(type=spec, operand=ch[1], **_tpos(ch[0]))

    def index_range(self, ch):
        return n.Slice(obj=ch[0], first=ch[1], last=ch[3], **_pos(ch))

    def default_arg(self, ch):
        return n.Literal(value=_DEFAULT, **_pos(ch))

    def member(self, ch):
        return n.Member(obj=ch[0], name=ch[-1].value, **_pos(ch))

    prop = member

    def index(self, ch):
        return n.Index(obj=ch[0], indexes=ch[1:], **_pos(ch))

    def substring(self, ch):
        kind, a, b = ch[2]
        return n.Substring(obj=ch[0], kind=kind, a=a, b=b, **_pos(ch))

    def sub_char(self, ch):
        return ("char", ch[0], None)

    def sub_range(self, ch):
        return ("range", ch[0], ch[2])

    def sub_from(self, ch):
        return ("from", ch[0], None)

    def sub_upto(self, ch):
        return ("upto", None, ch[1])

    def sub_length(self, ch):
        return ("length", ch[0], ch[2])

    def name(self, ch):
        return n.Name(name=ch[0].value, **_tpos(ch[0]))

    def int_lit(self, ch):
        digits = re.sub(r"[\s_]", "", ch[0].value)
        return n.Literal(value=_number(ch[0], digits, 10), **_tpos(ch[0]))

    def hex_lit(self, ch):
        return n.Literal(value=_number(ch[0], ch[0].value[2:].replace("_", ""), 16), **_tpos(ch[0]))

    def real_lit(self, ch):
        value = float(ch[0].value)
        if math.isinf(value):
            raise LiteralError("this real number is out of range", ch[0])
        return n.Literal(value=value, **_tpos(ch[0]))

    _UNIT_MS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "j": 86_400_000, "d": 86_400_000}

    def duration_lit(self, ch):
        total = sum(float(amount) * self._UNIT_MS[unit.lower()]
                    for amount, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", ch[0].value, re.I))
        if total > _MAX_DURATION_MS:
            raise LiteralError("this duration is out of range", ch[0])
        return n.Duration(milliseconds=round(total), **_tpos(ch[0]))

    def string_lit(self, ch):
        tok = ch[0]
        text = _string_value(tok.value)
        if tok.value.startswith("`"):
            return _interpolated(tok, text)
        return n.Literal(value=text, **_tpos(tok))

    def raw_string_lit(self, ch):
        """-%"..." : the text as written, [% %] included."""
        return n.Literal(value=_string_value(ch[1].value), **_tpos(ch[0]))

    def mlstring_lit(self, ch):
        return n.Literal(value=_mlstring_value(ch[0]), **_tpos(ch[0]))

    def indirection(self, ch):
        return n.Indirection(expr=ch[0], second=ch[1], **_pos(ch))

    def paren(self, ch):
        ch[0]._parenthesized = True
        return ch[0]

    def tuple(self, ch):
        return n.Tuple(items=list(ch), **_pos(ch))

    def array_lit(self, ch):
        return n.ArrayLit(items=[c for c in ch if c is not None], **_pos(ch))


# `elif` is a Python keyword: map the rule name.
setattr(ToAst, "elif", ToAst.elif_)


class _Handler:
    """A QUAND EXCEPTION block until `stmts` folds the statements after it into a Try."""

    def __init__(self, body, pos):
        self.body, self.pos = body, pos


class _EndLabel:
    """A `FIN:` label until `stmts` turns the block into a Finally."""

    def __init__(self, pos):
        self.pos = pos


class _ElseArg:
    """`SINON autre` among a call's arguments, until `call` makes it SELON(...)'s default."""

    def __init__(self, value, keyword: Token):
        self.value, self.keyword = value, keyword


class _DefaultMarker:
    """The `*` argument: keep the parameter's default value."""

    def __repr__(self):
        return "*"


_DEFAULT = _DefaultMarker()
DEFAULT_ARG = _DEFAULT
