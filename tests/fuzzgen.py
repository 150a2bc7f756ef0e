"""WLangage scripts for fuzzing: grammar-generated programs and mutations of real ones.

Shared by the suite's quick fuzz test (tests/test_fuzz.py) and the long run
(benchmarks/fuzz.py).  Everything is driven by a `random.Random`, so a seed replays a run.
Generated programs use only the language core and `Trace`: they are safe to execute.
Mutated programs may call anything (mail, files), so they are only compiled."""
from __future__ import annotations

import random

_NAMES = ["n", "i", "total", "s", "Texte", "t", "x", "Résultat", "compteur", "élément"]
_KEYWORDS = ["SI", "ALORS", "SINON", "FIN", "POUR", "TOUT", "DE", "A", "TANTQUE", "BOUCLE", "SELON", "CAS",
             "AUTRE CAS", "PROCÉDURE", "RENVOYER", "RETOUR", "SORTIR", "CONTINUER", "QUAND EXCEPTION DANS",
             "FAIRE", "CAS ERREUR:", "CAS EXCEPTION:", "est un", "est une", "entier", "chaîne", "tableau de",
             "LOCAL", "GLOBAL", "CONSTANTE", "STRUCTURE", "PAS", "ET", "OU", "Vrai", "Faux", "Null", "IF",
             "THEN", "END", "FOR EACH", "WHILE", "LOOP", "SWITCH", "CASE", "OTHER CASE", "RESULT", "NON LU",
             "DANS", "SUR", "MODULO", "_ET_", "dynamique", "allouer", "libérer", "Classe", "EXTERNE"]
_PUNCT = ["(", ")", "[", "]", "[[", "]]", "{", "}", ",", ";", ":", "::", ".", "..", "...", "=", "<>", "+", "-",
          "*", "/", "^", "%", "~=", "~~", "+=", "++", "--", "<-", '"', "'", "`", "//", "/*", "*/", "[%", "%]",
          "\n", "\t"]
_ODD = ["0x_", "0x", "9" * 60, "1.0e999999", "1e5", "\u00a0", "\u2028", "\x00", "\ufeff", "\u00e9", "😀",
        "\r", "\\", "$", "@", "#", "?", "!", "&", "|"]


# ---- grammar-generated programs ---------------------------------------------------------

class ProgramGenerator:
    """Random but valid WLangage core programs: declarations, arithmetic and strings,
    SI/SELON/POUR/TANTQUE/BOUCLE, procedures, arrays and Trace.  Loops are bounded."""

    def __init__(self, rng: random.Random, max_depth: int = 3):
        self.rng, self.max_depth = rng, max_depth
        self.lines: list[str] = []

    def program(self) -> str:
        self.lines = ["n est un entier = 1", 's est une chaîne = "a"', "t est un tableau de entiers",
                      "TableauAjoute(t, 3)", "x est un réel = 2.5"]
        procs = []
        if self.rng.random() < 0.5:
            procs = ["PROCÉDURE Double(v)", "RENVOYER v * 2"]
        for _ in range(self.rng.randint(1, 8)):
            self.statement(0, procs)
        return "\n".join(self.lines + procs) + "\n"

    def emit(self, depth: int, text: str) -> None:
        self.lines.append("\t" * depth + text)

    def int_expr(self, depth: int = 0) -> str:
        r = self.rng.random()
        if depth > 2 or r < 0.3:
            return self.rng.choice(["n", "1", "2", "0", "-3", "Taille(s)", "t.Occurrence", "42"])
        op = self.rng.choice(["+", "-", "*"])
        return f"({self.int_expr(depth + 1)} {op} {self.int_expr(depth + 1)})"

    def str_expr(self, depth: int = 0) -> str:
        r = self.rng.random()
        if depth > 2 or r < 0.4:
            return self.rng.choice(['"b"', "s", '"été"', "Majuscule(s)", '""', "n", "Gauche(s, 1)"])
        return f"{self.str_expr(depth + 1)} + {self.str_expr(depth + 1)}"

    def cond(self) -> str:
        op = self.rng.choice(["=", "<>", "<", ">", "<=", ">="])
        c = f"{self.int_expr()} {op} {self.int_expr()}"
        if self.rng.random() < 0.3:
            c = f"{c} {self.rng.choice(['ET', 'OU', '_ET_', 'AND'])} PAS s = \"\""
        return c

    def statement(self, depth: int, procs: list[str]) -> None:
        rng = self.rng
        kinds = ["assign", "trace", "array", "concat"]
        if depth < self.max_depth:
            kinds += ["si", "selon", "pour", "tantque", "boucle", "try"]
        kind = rng.choice(kinds)
        if kind == "assign":
            self.emit(depth, f"n = {self.int_expr()}")
        elif kind == "concat":
            self.emit(depth, f"s = {self.str_expr()}")
            self.emit(depth, "SI Taille(s) > 50 ALORS s = Gauche(s, 10)")
        elif kind == "trace":
            arg = rng.choice([self.int_expr(), self.str_expr(), "t[1]"])
            if procs and rng.random() < 0.3:
                arg = f"Double({self.int_expr()})"
            self.emit(depth, f"Trace({arg})")
        elif kind == "array":
            self.emit(depth, f"TableauAjoute(t, {self.int_expr()})")
        elif kind == "si":
            self.emit(depth, f"SI {self.cond()} ALORS")
            self.block(depth + 1, procs)
            if rng.random() < 0.5:
                self.emit(depth, "SINON")
                self.block(depth + 1, procs)
            self.emit(depth, "FIN")
        elif kind == "selon":
            self.emit(depth, f"SELON {self.int_expr()}")
            for value in rng.sample(["1", "2", "3 A 5", "< 0", "6, 7"], 2):
                self.emit(depth + 1, f"CAS {value}")
                self.block(depth + 2, procs)
            self.emit(depth + 1, "AUTRE CAS")
            self.block(depth + 2, procs)
            self.emit(depth, "FIN")
        elif kind == "pour":
            var = f"i{depth}"
            self.emit(depth, f"POUR {var} = 1 A {rng.randint(0, 3)}")
            self.block(depth + 1, procs, in_loop=True)
            self.emit(depth, "FIN")
        elif kind == "tantque":
            var = f"k{depth}"
            self.emit(depth, f"{var} est un entier = 0")
            self.emit(depth, f"TANTQUE {var} < {rng.randint(0, 3)}")
            self.emit(depth + 1, f"{var}++")
            self.block(depth + 1, procs, in_loop=True)
            self.emit(depth, "FIN")
        elif kind == "boucle":
            self.emit(depth, f"BOUCLE ({rng.randint(0, 3)})")
            self.block(depth + 1, procs, in_loop=True)
            self.emit(depth, "FIN")
        elif kind == "try":
            self.emit(depth, "QUAND EXCEPTION DANS")
            self.emit(depth + 1, f"Trace(t[{rng.randint(1, 3)}])")
            self.emit(depth, "FAIRE")
            self.emit(depth + 1, "Trace(ExceptionInfo())")
            self.emit(depth, "FIN")

    def block(self, depth: int, procs: list[str], in_loop: bool = False) -> None:
        for _ in range(self.rng.randint(1, 3)):
            self.statement(depth, procs)
        if in_loop and self.rng.random() < 0.2:
            self.emit(depth, self.rng.choice(["SI n > 100 ALORS SORTIR", "SI n < -100 ALORS CONTINUER"]))


def generate(rng: random.Random) -> str:
    return ProgramGenerator(rng).program()


# ---- mutations --------------------------------------------------------------------------

def mutate(source: str, rng: random.Random, rounds: int | None = None) -> str:
    """Apply 1-4 random edits: lines deleted, duplicated, swapped, cut or nested; keywords,
    punctuation and odd characters inserted; literals made extreme; spans deleted."""
    text = source
    for _ in range(rounds or rng.randint(1, 4)):
        text = rng.choice(_MUTATIONS)(text, rng)
    return text


def _lines_op(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if not lines:
        return text
    i = rng.randrange(len(lines))
    op = rng.randrange(5)
    if op == 0:
        del lines[i]
    elif op == 1:
        lines.insert(i, lines[i])
    elif op == 2:
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3:
        lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
    else:
        depth = rng.choice([2, 25, 120])
        opener = rng.choice(["SI Vrai ALORS", "POUR z = 1 A 1", "TANTQUE Faux", "BOUCLE", "QUAND EXCEPTION DANS"])
        lines[i:i + 1] = [opener] * depth + [lines[i]] + ["FIN"] * depth
    return "\n".join(lines)


def _insert(text: str, rng: random.Random) -> str:
    pool = rng.choice([_KEYWORDS, _PUNCT, _ODD])
    word = rng.choice(pool)
    i = rng.randint(0, len(text))
    pad = " " if pool is _KEYWORDS else ""
    return text[:i] + pad + word + pad + text[i:]


def _delete_span(text: str, rng: random.Random) -> str:
    if not text:
        return text
    i = rng.randrange(len(text))
    return text[:i] + text[i + rng.randint(1, 12):]


def _extreme_literal(text: str, rng: random.Random) -> str:
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    if not digits:
        return _insert(text, rng)
    i = rng.choice(digits)
    return text[:i] + rng.choice(["0x_", "9" * 5000, "1.0e999999", "0.0", "-" * 50 + "1"]) + text[i + 1:]


_MUTATIONS = [_lines_op, _lines_op, _insert, _insert, _delete_span, _extreme_literal]


# ---- judging one script ---------------------------------------------------------------------

class Hang(Exception):
    """A script ran past its time budget."""


def compile_outcome(source: str, path: str = "fuzz.wl"):
    """("ok", code) or ("error", None) for a WLangage syntax/compile error.  Any other
    exception escapes: that is a traceback a user would have seen."""
    from wlmail.compiler import CompileErrors, compile_source
    from wlmail.syntax import WLSyntaxErrors
    try:
        _, compiler = compile_source(source, path)
    except (WLSyntaxErrors, CompileErrors) as exc:
        for e in getattr(exc, "errors", []):
            assert e.line >= 1 and e.message, "an error without position or message"
        return "error", None
    return "ok", compiler.code


_INTERNAL = __import__("re").compile(r"^[A-Z]\w*(Error|Exception|Warning): ")


def run_outcome(code, budget: float = 2.0) -> str:
    """Run a compiled program as `wlmail run` does, stdout discarded: "ok", "wl-error"
    (a WLangage run-time error), "loops" (over budget) or "internal: <message>" when a
    Python exception would reach the user in Python's words."""
    import contextlib
    import io
    import signal

    from wlmail.runtime.support import error_message

    def expire(signum, frame):
        raise Hang()

    namespace = {"__name__": "__wlfuzz__"}
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            exec(code, namespace)
            namespace["main"]()
        return "ok"
    except Hang:
        return "loops"
    except Exception as exc:                       # what run_main would print
        message = error_message(exc)
        return f"internal: {message}" if _INTERNAL.match(message) else "wl-error"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
