"""Conditional compilation: <COMPILE SI cond> ... <SINON SI cond> ... <SINON> ... <FIN>,
and the editor's folding blocks <BLOC [commentaire]> ... <FIN>, whose code always runs.

wlmail compiles for one documented configuration (see README): Configuration is
"wlmail", TypeConfiguration is ApplicationLinux64, Configuration64 and
ConfigurationUNICODE are true, `<élément> EXISTE` is false.  The lines of the branches
not taken are blanked, so every other line keeps its number."""
from __future__ import annotations

import re

from ..runtime.names import fold

CONFIGURATION = {
    "configuration": "wlmail", "typeconfiguration": "ApplicationLinux64",
    "configuration64": True, "configuration32": False, "configurationunicode": True, "configurationansi": False,
    "vrai": True, "true": True, "faux": False, "false": False,
}

_DIRECTIVE = re.compile(
    r"^[^\S\n]*<[^\S\n]*(?P<word>compile[^\S\n]+(?:si|if)|bloc|block|sinon[^\S\n]+si|else[^\S\n]+if|sinon|else|fin|end)\b"
    r"(?P<cond>[^\n]*?)>[^\S\n]*(?://[^\n]*)?$", re.I | re.M)


class DirectiveError(Exception):
    def __init__(self, message: str, line: int, col: int = 1):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


def apply_directives(text: str) -> str:
    if "<" not in text or not _DIRECTIVE.search(text):
        return text
    lines = text.split("\n")
    stack: list[list[bool]] = []         # per open <COMPILE SI> or <BLOC>: [this branch on, a branch was taken]
    blocks: set[int] = set()             # the depths of the open <BLOC>s
    for i, line in enumerate(lines):
        m = _DIRECTIVE.match(line)
        active = all(frame[0] for frame in stack)
        if m is None:
            if not active:
                lines[i] = ""
            continue
        word = fold(m.group("word")).split()[0]
        cond = m.group("cond").strip()
        if word == "compile":
            on = _evaluate(cond, i + 1)
            stack.append([on, on])
        elif word in ("bloc", "block"):
            blocks.add(len(stack))
            stack.append([True, True])
        elif not stack:
            raise DirectiveError(f"<{m.group('word').upper()}> without <COMPILE SI> or <BLOC>", i + 1)
        elif word in ("fin", "end"):
            stack.pop()
            blocks.discard(len(stack))
        elif len(stack) - 1 in blocks:
            raise DirectiveError(f"<{m.group('word').upper()}> inside a <BLOC>", i + 1)
        elif cond:                         # <SINON SI cond>
            frame = stack[-1]
            on = not frame[1] and _evaluate(cond[2:].strip() if fold(cond[:2]) in ("si", "if") else cond, i + 1)
            frame[0], frame[1] = on, frame[1] or on
        else:                              # <SINON>
            frame = stack[-1]
            frame[0], frame[1] = not frame[1], True
        lines[i] = ""
    if stack:
        raise DirectiveError("expected <FIN> to close <COMPILE SI>" if len(stack) - 1 not in blocks
                             else "expected <FIN> to close <BLOC>", len(lines))
    return "\n".join(lines)


_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"]|"")*")|(?P<num>\d+(?:\.\d+)?)|(?P<op><>|<=|>=|=|<|>|\(|\))|'
                    r'(?P<word>[^\W\d]\w*))', re.U)


def _evaluate(cond: str, line: int) -> bool:
    """A condition of literals, Configuration, TypeConfiguration, ET/OU/PAS, comparisons."""
    tokens = []
    pos = 0
    while pos < len(cond):
        m = _TOKEN.match(cond, pos)
        if m is None or m.end() == pos:
            if cond[pos:].strip() == "":
                break
            raise DirectiveError(f"cannot evaluate <COMPILE SI {cond}>", line)
        pos = m.end()
        if m.group("str"):
            tokens.append(("v", m.group("str")[1:-1].replace('""', '"')))
        elif m.group("num"):
            tokens.append(("v", float(m.group("num"))))
        elif m.group("op"):
            tokens.append(("op", m.group("op")))
        else:
            word = fold(m.group("word"))
            if word in ("et", "and", "_et_", "_and_", "ou", "or", "_ou_", "_or_", "pas", "not", "existe", "exists"):
                tokens.append(("op", word.strip("_")))
            else:
                tokens.append(("v", CONFIGURATION.get(word, m.group("word"))))
    try:
        value, rest = _or(tokens)
    except DirectiveError as exc:
        raise DirectiveError(exc.message, line) from None
    if rest:
        raise DirectiveError(f"cannot evaluate <COMPILE SI {cond}>", line)
    return bool(value)


def _or(t):
    left, t = _and(t)
    while t and t[0] == ("op", "ou") or t and t[0] == ("op", "or"):
        right, t = _and(t[1:])
        left = bool(left) or bool(right)
    return left, t


def _and(t):
    left, t = _not(t)
    while t and t[0][1] in ("et", "and") and t[0][0] == "op":
        right, t = _not(t[1:])
        left = bool(left) and bool(right)
    return left, t


def _not(t):
    if t and t[0] in (("op", "pas"), ("op", "not")):
        value, t = _not(t[1:])
        return not value, t
    return _compare(t)


def _compare(t):
    left, t = _atom(t)
    if t and t[0] in (("op", "existe"), ("op", "exists")):
        return False, t[1:]               # no project element exists outside WINDEV
    if t and t[0][0] == "op" and t[0][1] in ("=", "<>", "<", ">", "<=", ">="):
        op = t[0][1]
        right, t = _atom(t[1:])
        a, b = (fold(x) if isinstance(x, str) else x for x in (left, right))
        try:
            return {"=": a == b, "<>": a != b, "<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op], t
        except TypeError:
            return op == "<>", t
    return left, t


def _atom(t):
    if not t:
        raise DirectiveError("incomplete <COMPILE SI> condition", 0)
    if t[0] == ("op", "("):
        value, t = _or(t[1:])
        return value, t[1:] if t and t[0] == ("op", ")") else t
    if t[0][0] != "v":
        raise DirectiveError(f"unexpected {t[0][1]!r} in <COMPILE SI>", 0)
    return t[0][1], t[1:]
