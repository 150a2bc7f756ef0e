"""Parse rate on the help-mirror corpus: every WLangage block of PC SOFT's help pages.

    python benchmarks/bench_corpus.py               # summary, writes benchmarks/corpus/FAILURES.md
    python benchmarks/bench_corpus.py --constructs  # grammar gaps by syntax construct, 2 examples each
    python benchmarks/bench_corpus.py --compile     # also compile the blocks that parse
    python benchmarks/bench_corpus.py --json        # machine-readable figures and failures

The corpus (benchmarks/corpus/mirror/, one file per fenced block, INDEX.tsv naming the page id of
each) is built with benchmarks/corpus/extract_blocks.py; see benchmarks/corpus/README.md.
Each failure gets a cause. Blocks that are not complete code (syntax templates, `<...>` or `...`
placeholders, prose, UI-only syntax) are named as such; any other failure is a grammar gap, keyed
by the first error message with its variable parts removed.
"""
from __future__ import annotations

import argparse
import collections
import dataclasses
import json
import pathlib
import re
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from wlmail.syntax import parse  # noqa: E402

CORPUS = HERE / "corpus"
MIRROR = CORPUS / "mirror"
REPORT = CORPUS / "FAILURES.md"

# ---- causes of failure ----------------------------------------------------------------------

GLUED = "lines glued by the mirror"
EXPRESSION = "expression only (the help shows a value, not a statement)"
SHORTHAND = "doc shorthand (a word stands for code)"
NOT_CODE = ("placeholder", "prose", "UI-only syntax", "SQL, not WLangage", "incomplete fragment",
            "data (XML / INI), not WLangage", GLUED, EXPRESSION, SHORTHAND,
            "includes a file that is not in the corpus", "stray FIN (one FIN too many in the help)")

# Extension attributes and directives are real syntax in angle brackets: <thread>, <agrandissement=N>,
# <COMPILE SI ...>, <FIN>; they are removed before looking for documentation placeholders.
_ATTRIBUTE = re.compile(
    r"<\s*(/?(COMPILE|SINON|FIN|BLOC)\b[^\n]*?|thread( principal)?|comparaison|extension|zombie[^>]*|"
    r"automatique|sans pas à pas|asynchrone|agrandissement(=\w+)?|indétectable|utile[^>]*|immuable|"
    r"couleur[^>]*|section critique|copie\s*=\s*\w+|nom d[e'] ?\w+|description[^>]*|lecture|écriture|"
    r"serveur uniquement|synchronisé navigateur|redéfinition|multisyntaxe|type champ\s*=\s*\w+)\s*>"
    # a named argument in a call: MaProcédure(<p1>:1, <p2>:2)
    r"|<\s*\w+\s*>\s*:(?!\s*<)",
    re.I)
# `<Nom de variable>`, `<Chaîne initiale>`, `<x>`: a documentation placeholder, not a comparison.
_ANGLE = re.compile(r"<[A-Za-zÀ-ÿ_][^<>=\"\n]{0,60}(?<!\s)>")
# `...` standing for elided code: alone on its line, followed by more code, or ending the block
# (at the end of a line followed by code it is WLangage's line continuation).
_ELLIPSIS = re.compile(r"^\s*(\.\.\.|…)\s*(//.*)?$|(\.\.\.|…)\s*[^\s/]|(\.\.\.|…)\s*\Z", re.M)
# A block whose line breaks the mirror lost: several statements glued on one line.
_GLUED = re.compile(r"[a-zé0-9)\]\"](PROC[EÉ]DURE|FIN|TANTQUE|POUR|SINON|RENVOYER|HLit\w+)\b|FINFIN|\S//.*//")
# A sample XML document or INI file shown in a wlangage fence (<?xml ...>, </tag>, [Section]key = value).
_DATA = re.compile(r"\A\s*(<\s*\?xml|<\w[^>]*>[^\n]*</|\[[^\]\n]+\]\s*\w+\s*=)", re.I)
# Glued on one line: a comment then a directive, two declarations, a call right after a `)`.
_GLUED_DIRECTIVE = re.compile(r"//[^\n]*<\s*FIN\s*>", re.I)
_GLUED_LINE = re.compile(r"\best\s+une?\b.*\best\s+une?\b|\)[^\W\d]\w*\(", re.I)
# `Classe` standing for a class name (`o est une Classe (x)`, `pO1 est une Classe dynamique`),
# a class declaration shown without its FIN as the editor shows it, `[%expression%]` alone.
_SHORTHAND = re.compile(r"\best\s+une?\s+Classe\s*(dynamique\b|\()|\A\s*\[%[^%]*%\]\s*\Z", re.I)
# A statement cut short: a declaration without its type, `libérer` without its object.
_CUT = re.compile(r"(\b(est|sont)|^\s*lib[ée]rer)\s*$", re.I)
_SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE)\b", re.I)
_UI = re.compile(r"\b(Ma|Mon|Mes)(Fenêtre\w*|Champ\w*|Page\w*|Etat|Source|Fichier|Parent)\b|"
                 r"\b(SAI|EDT|BTN|COMBO|TABLE|ZR|LIB|FEN|INT|COL|IMG|LISTE|SEL|CASE|PAGE|CELL|"
                 r"ONG|MENU|OPT|SCR|GR|ETAT|RUPT|PLAN|POPUP|FI|ARBRE|ASC)_\w+", re.I)
_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")
_KEYWORDS = {w.lower() for w in """si alors sinon fin pour tout toute tant que tantque selon cas
    autre procédure procedure fonction renvoyer retour est un une des de dans sur et ou pas""".split()}


def _strip_strings_and_comments(code: str) -> str:
    code = re.sub(r'"(?:[^"\n]|"")*"', '""', code)
    return re.sub(r"//.*", "", code)


def has_placeholder(code: str) -> bool:
    return bool(_ANGLE.search(_ATTRIBUTE.sub("", _strip_strings_and_comments(code))))


def kind(code: str, section: str) -> str:
    """What a block is: a syntax template, a block the mirror flattened, or code."""
    if section == "syntax" and has_placeholder(code):
        return "syntax template"
    lines = [line for line in code.split("\n") if line.strip()]
    if len(lines) == 1 and len(lines[0]) > 60 and _GLUED.search(lines[0]):
        return "flattened by the mirror"
    return "code"


def is_prose(line: str) -> bool:
    """A line of natural language: several words, no operator, not a WLangage statement."""
    text = _strip_strings_and_comments(line).strip()
    words = _WORD.findall(text)
    if len(words) < 4 or re.search(r"[=()\[\]+*/<>{}]", text):
        return False
    return words[0].lower() not in _KEYWORDS and sum(w.islower() for w in words) >= 3


def is_expression(line: str) -> bool:
    """A line that is a value (`A1 > 10 ET B1 < 20`, `"Dupond" ~= "DUPOND"`): it parses on the right of `=`."""
    text = line.split("//")[0].strip() if '"' not in line else line.strip()
    if not text or line[:1].isspace():          # an indented line is inside a block: code, not an example value
        return False
    try:
        parse("x = " + text)
        return True
    except Exception:
        return False


def classify(code: str, line: int, message: str = "") -> str | None:
    """The reason a failing code block is not complete code, or None for a grammar gap."""
    if _DATA.search(code):
        return "data (XML / INI), not WLangage"
    if has_placeholder(code) or _ELLIPSIS.search(_strip_strings_and_comments(code)):
        return "placeholder"
    if _SQL.search(code):
        return "SQL, not WLangage"
    lines = code.split("\n")
    error_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if message.startswith("expected FIN to close") and not "".join(lines[line:]).strip():
        return "incomplete fragment"
    if message.startswith("EXTERNE: cannot read"):
        return "includes a file that is not in the corpus"
    if message.startswith("unexpected 'FIN'") and "end of file" in message:
        return "stray FIN (one FIN too many in the help)"
    bare_line = _strip_strings_and_comments(error_line)
    if _GLUED_LINE.search(bare_line) or _GLUED_DIRECTIVE.search(code):
        return GLUED
    if _SHORTHAND.search(code) or (message.startswith("expected FIN to close the CLASSE")
                                   and re.match(r"\s*PROC", error_line, re.I)):
        return SHORTHAND
    if _CUT.search(_strip_strings_and_comments(error_line)):
        return "incomplete fragment"
    if is_expression(error_line):
        return EXPRESSION
    if is_prose(error_line):
        return "prose"
    if _UI.search(_strip_strings_and_comments(error_line)):
        return "UI-only syntax"
    return None


def normalise(message: str) -> str:
    """The first error message without the text that varies from block to block."""
    message = re.sub(r"unexpected '[^']*'", lambda m: "unexpected " + _token_shape(m.group(0)[12:-1]),
                     message)
    message = re.sub(r"opened at line \d+", "opened at line N", message)
    return re.sub(r"\d+", "N", message) if "character" not in message else message


def _token_shape(token: str) -> str:
    if token.startswith('"'):
        return "string"
    if re.fullmatch(r"[\d.]+", token):
        return "number"
    if re.fullmatch(r"\w+", token) and not token.isupper():
        return "name"
    return repr(token)


# Constructs the grammar engineer can look up, recognised on the line of the first error.
CONSTRUCTS = [
    ("lambda =>", r"=>"),  # first: a lambda passed to POUR TOUT or a call is the construct that fails
    ("POUR TOUTE CHAÎNE / POSITION", r"\bPOUR\s+TOUTE?S?\s+(CHA[IÎ]NE|POSITION)\b|\bFOR\s+EACH\s+(STRING|POSITION)\b"),
    ("POUR TOUT ... AVEC / DepuisFin / ELEMENT", r"\bPOUR\s+(TOUT|TOUS|CHAQUE)\b.*(\bAVEC\b|DepuisFin|DepuisD[ée]but|\bELEMENT\b)"),
    ("POUR TOUT (other forms)", r"\bPOUR\s+(TOUT|TOUS|CHAQUE)\b|\bFOR\s+(EACH|ALL)\b"),
    ("compile directive <COMPILE SI> / <BLOC>", r"<\s*(COMPILE|SINON|FIN|BLOC)\b|\bCOMPILE\s+SI\b"),
    ("EXTERNE include", r"^\s*EXTERNE?\b"),
    ("AVEC block", r"^\s*AVEC\b"),
    ("class declaration / sections", r"\best\s+une?\s+classe\b|^\s*(PUBLIC|PRIV[ÉE]E?|PROT[ÉE]G[ÉE]E?|GLOBALE?)\b|\bh[ée]rite\b|^\s*Constructeur\b"),
    ("enumeration / combination", r"\best\s+une?\s+(enum[ée]ration|combinaison)\b"),
    ("procedure header", r"^\s*(PROC[ÉE]DURE|FONCTION|PROCEDURE)\b"),
    ("string interpolation [% %]", r"\[%"),
    ("optional concatenation + [ ]", r"\+=?\s*\[|\[\s*\w+\s*\]\s*\+"),
    ("indirection { }", r"\{"),
    ("duration literal", r"\b\d+\s*(ms|s|min|h|j)\b"),
    ("~~ / ~= comparison", r"~~|~="),
    ("dynamic objects allouer / libérer", r"\b(allouer|lib[ée]rer|dynamique)\b"),
    ("exceptions CAS ERREUR / EXCEPTION", r"\b(CAS\s+ERREUR|CAS\s+EXCEPTION|QUAND\s+EXCEPTION)\b"),
    ("SELON expression / CAS ranges / SORTIR SELON", r"\bSELON\s*\(|^\s*CAS\b|SORTIR\s+SELON"),
    ("DANS list", r"\bDANS\s*\("),
    ("conditional expression ? SINON", r"\?"),
    ("exchange <=>", r"<=>"),
    ("reference / copy assignment <- <=", r"\w\s*(<-|<=)\s*\w"),
    ("soit: multiple or reference inference", r"^\s*soit\b"),
    ("multiple assignment (a, b) = ...", r"^\s*\("),
    ("RETOUR assignment", r"^\s*RETOUR\s*="),
    ("member access ':' / '::'", r"\w\]?\s*::?\s*\w"),
    ("extension attribute <...> / declaration option", r"<\s*\w|\best\s+\w+\s*,\s*\w+|tableau\s+associatif\s*\("),
    ("multi-line string literal", r"^\s*\[\s*$|\"\s*$"),
    ("'..' property", r"\.\.\w"),
    ("typed declaration", r"\b(est|sont)\s+(une?|des)\b"),
    ("expression used as a statement", r"^[^=]*$"),
]
_CONSTRUCTS = [(name, re.compile(rx, re.I)) for name, rx in CONSTRUCTS]
# A FIN the grammar did not expect closes the declaration block the code opened.
_BLOCK_DECLARATION = [
    ("class declaration / sections", re.compile(r"\best\s+une?\s+(classe|interface)\b", re.I)),
    ("enumeration / combination", re.compile(r"\best\s+une?\s+(enum[ée]ration|combinaison)\b", re.I)),
]


def construct(error_line: str, code: str = "", message: str = "") -> str:
    if message.startswith("unexpected 'FIN'"):
        for name, rx in _BLOCK_DECLARATION:
            if rx.search(code):
                return name
    bare = _strip_strings_and_comments(error_line) if "[%" not in error_line else error_line
    for name, rx in _CONSTRUCTS:
        if rx.search(bare):
            return name
    return "other"


# ---- measuring ------------------------------------------------------------------------------

@dataclasses.dataclass
class Failure:
    file: str
    page_id: str
    title: str
    kind: str
    line: int
    col: int
    message: str
    source_line: str
    cause: str
    construct: str

    @property
    def not_code(self) -> bool:
        return self.kind != "code" or self.cause in NOT_CODE


def load_index(mirror: pathlib.Path = MIRROR) -> list[dict]:
    rows = (mirror / "INDEX.tsv").read_text("utf-8").splitlines()
    header = rows[0].split("\t")
    return [dict(zip(header, row.split("\t"))) for row in rows[1:] if row]


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def measure(rows: list[dict], compile_too: bool = False, mirror: pathlib.Path = MIRROR) -> dict:
    """Parse every block; figures for all blocks and for the code blocks (templates and
    flattened blocks left out), failures with their causes."""
    failures: list[Failure] = []
    kinds: collections.Counter = collections.Counter()
    parsed_by_kind: collections.Counter = collections.Counter()
    compile_failures: collections.Counter = collections.Counter()
    compiled = lines = 0
    elapsed = 0.0
    for row in rows:
        code = (mirror / row["file"]).read_text("utf-8")
        block_kind = kind(code, row["section"])
        kinds[block_kind] += 1
        lines += code.count("\n")
        start = time.perf_counter()
        try:
            parse(code, row["file"])
        except Exception as exc:  # WLSyntaxErrors; anything else is a parser bug worth listing
            elapsed += time.perf_counter() - start
            failures.append(_failure(row, code, block_kind, exc))
            continue
        elapsed += time.perf_counter() - start
        parsed_by_kind[block_kind] += 1
        if compile_too and block_kind == "code":
            compiled += _compiles(code, row["file"], compile_failures)
    code_failures = [f for f in failures if f.kind == "code"]
    gaps = [f for f in code_failures if not f.not_code]
    code_blocks, code_parsed = kinds["code"], parsed_by_kind["code"]
    result = {
        "pages": len({r["page_id"] for r in rows}),
        "blocks": len(rows),
        "lines": lines,
        "parsed": sum(parsed_by_kind.values()),
        "parse_rate": _rate(sum(parsed_by_kind.values()), len(rows)),
        "kinds": {k: {"blocks": n, "parsed": parsed_by_kind[k]} for k, n in kinds.most_common()},
        "code_blocks": code_blocks,
        "code_parsed": code_parsed,
        "code_parse_rate": _rate(code_parsed, code_blocks),
        "not_code_failures": len(code_failures) - len(gaps),
        "grammar_gaps": len(gaps),
        "target_rate": _rate(code_parsed, code_parsed + len(gaps)),
        "lines_per_second": lines / elapsed if elapsed else 0.0,
        "causes": collections.Counter(f.cause for f in code_failures).most_common(),
        "constructs": collections.Counter(f.construct for f in gaps).most_common(),
        "failures": failures,
    }
    if compile_too:
        result["compiled"] = compiled
        result["compile_failures"] = compile_failures.most_common()
    return result


def _failure(row: dict, code: str, block_kind: str, exc: Exception) -> Failure:
    errors = getattr(exc, "errors", None)
    if errors:
        first = errors[0]
        line, col, message = first.line, first.col, first.message
    else:
        line, col, message = 1, 1, f"parser crash: {type(exc).__name__}: {exc}"
    lines = code.split("\n")
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if block_kind != "code":
        cause = block_kind
    else:
        cause = classify(code, line, message) or normalise(message)
    return Failure(row["file"], row["page_id"], row["title"], block_kind, line, col, message,
                   source_line.rstrip(), cause, construct(source_line, code, message))


def _compiles(code: str, path: str, failures: collections.Counter) -> int:
    from wlmail.compiler import compile_source
    try:
        compile_source(code, path)
        return 1
    except Exception as exc:
        errors = getattr(exc, "errors", None)
        message = errors[0].message if errors else f"{type(exc).__name__}: {exc}"
        failures[re.sub(r"(undeclared \w+|unknown \w+) \S+", r"\1 NAME", normalise(str(message)))] += 1
        return 0


# ---- reporting ------------------------------------------------------------------------------

def summary(result: dict) -> str:
    kinds = ", ".join(f"{n['blocks']} {k} ({n['parsed']} parse)" for k, n in result["kinds"].items())
    out = [
        f"corpus: {result['pages']} pages, {result['blocks']} blocks, {result['lines']} lines",
        f"blocks: {kinds}",
        f"parse rate, all blocks: {result['parse_rate']:.1%} ({result['parsed']}/{result['blocks']})",
        f"parse rate, code blocks: {result['code_parse_rate']:.1%} "
        f"({result['code_parsed']}/{result['code_blocks']})",
        f"code blocks that fail: {result['not_code_failures']} not complete code (cause named), "
        f"{result['grammar_gaps']} grammar gaps",
        f"parse rate, code blocks that are complete code: {result['target_rate']:.1%} (issue 8 target: 97%)",
        f"parse speed: {result['lines_per_second']:,.0f} lines/s",
    ]
    if "compiled" in result:
        out.append(f"compiled: {result['compiled']}/{result['code_parsed']} of the code blocks that parse; "
                   "compile errors:")
        out += [f"  {count:5d}  {message[:100]}" for message, count in result["compile_failures"][:15]]
    out.append("code-block failures by cause:")
    out += [f"  {count:5d}  {cause}" for cause, count in result["causes"]]
    return "\n".join(out)


def by_construct(result: dict, examples: int = 2) -> str:
    gaps = [f for f in result["failures"] if not f.not_code]
    out = ["grammar gaps by construct (line of the first error):"]
    for name, count in result["constructs"]:
        out.append(f"  {count:5d}  {name}")
        for f in [f for f in gaps if f.construct == name][:examples]:
            out.append(f"           {f.file}:{f.line}:{f.col}  {f.source_line.strip()[:90]}")
    return "\n".join(out)


def markdown(result: dict) -> str:
    out = ["# Help-mirror corpus: parse failures", "",
           "Generated by `python benchmarks/bench_corpus.py`; do not edit by hand.", "",
           "```", summary(result), "```", "",
           "## Grammar gaps by construct", "", "```", by_construct(result, examples=3), "```", "",
           "## Every failing block", "",
           "| file | page | line:col | cause | error line | message |", "|---|---|---|---|---|---|"]
    for f in sorted(result["failures"], key=lambda f: (f.kind != "code", f.not_code, f.cause, f.file)):
        cells = [f.file, f.page_id, f"{f.line}:{f.col}", f.cause, f"`{f.source_line.strip()[:80]}`",
                 f.message[:100]]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print figures and failures as JSON")
    ap.add_argument("--constructs", action="store_true", help="list grammar gaps by syntax construct")
    ap.add_argument("--compile", action="store_true", help="also compile the blocks that parse")
    ap.add_argument("--no-report", action="store_true", help=f"do not write {REPORT.name}")
    ap.add_argument("--mirror", type=pathlib.Path, default=MIRROR,
                    help="directory holding the .wl blocks and INDEX.tsv (default: corpus/mirror)")
    args = ap.parse_args(argv)
    if not any(args.mirror.glob("*.wl")):
        print(f"no corpus blocks in {args.mirror}: they are not committed (see benchmarks/corpus/README.md "
              f"to rebuild them from INDEX.tsv and PLAN.txt)")
        return 0
    result = measure(load_index(args.mirror), compile_too=args.compile, mirror=args.mirror)
    if not args.no_report:
        REPORT.write_text(markdown(result), "utf-8")
    if args.json:
        data = dict(result, failures=[dataclasses.asdict(f) for f in result["failures"]])
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(summary(result))
        if args.constructs:
            print(by_construct(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
