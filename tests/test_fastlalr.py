"""The fast LALR driver builds exactly the tree Lark's own parser builds, and leaves every
input it cannot parse to Lark (whose exception carries the diagnostics)."""
import pathlib
import random

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lark.exceptions import UnexpectedInput

from fuzzgen import generate, mutate
from wlmail.syntax.directives import apply_directives
from wlmail.syntax.fastlalr import Unparsed
from wlmail.syntax.parser import LiteralError, WLSyntaxError, _fast, _lark, _prepare

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCRIPTS = sorted(ROOT.glob("examples/**/*.wl")) + sorted(ROOT.glob("tests/**/*.wl"))
FUZZ = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def outcome(parse, text: str):
    """repr of the tree, or the kind of failure (Unparsed and Lark's errors are one kind)."""
    try:
        return repr(parse(text))
    except (Unparsed, UnexpectedInput):
        return "syntax error"
    except (WLSyntaxError, LiteralError) as exc:      # raised by the tree builder
        return f"{type(exc).__name__}: {exc}"


def assert_same(text: str):
    text = apply_directives(_prepare(text))
    lark = _lark()
    assert outcome(_fast(lark).parse, text) == outcome(lark.parse, text)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_tree_as_lark_on_shipped_scripts(path):
    assert_same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    "x est un entier = 1 + 2 * 3 - (4 / 5) ^ 2\n",
    "SI a ALORS Trace(1) SINON Trace(2)\n",
    "s est une chaîne = \"\"\"\nligne 1\n  ligne 2\n\"\n",
    "t = [\n  1,\n  2,\n]\n",
    "x = Gauche(s, ...\n 2)\n",
    "x = Gauche(s,\n 2) + 5 +\n 6 // a comment\n",        # line breaks joined: brackets, operator
    "x = 5 + // a comment\n 6\n",
    "/* bloc\n de commentaire */ x = 1 // fin\n",
    "x = 0xFF + 1 234 567 + 3 min 30 s\n",
    "x = `a [% 1 + 2 %] b`\n",
    "x = 0x\n",                                   # a literal error raised while building the tree
    "SI x ALORS\n",                               # missing FIN
    "x = = 1\n",
    "x = 1 §\n",
    "",
])
def test_same_outcome_on_edge_cases(text):
    assert_same(text)


@FUZZ
@given(st.randoms(use_true_random=False), st.booleans())
def test_same_outcome_on_generated_and_mutated_programs(rng: random.Random, mutated: bool):
    source = generate(rng)
    assert_same(mutate(source, rng) if mutated else source)
