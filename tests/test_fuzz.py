"""A few seconds of fuzzing on every run of the suite (fixed seed): no input, generated or
mutated, may reach the user as a Python traceback.  The long run is benchmarks/fuzz.py."""
import pathlib
import random

from hypothesis import HealthCheck, given, settings, strategies as st

from fuzzgen import compile_outcome, generate, mutate, run_outcome

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").rglob("*.wl"))]
FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@FUZZ
@given(st.randoms(use_true_random=False))
def test_generated_programs_compile_and_run_cleanly(rng: random.Random):
    source = generate(rng)
    status, code = compile_outcome(source)
    assert status == "ok", source             # the generator writes valid WLangage
    assert not run_outcome(code).startswith("internal"), source


@FUZZ
@given(st.randoms(use_true_random=False), st.integers(0, len(SEEDS) - 1), st.booleans())
def test_mutated_programs_give_wlangage_errors_only(rng: random.Random, seed_index: int, generated: bool):
    source = generate(rng) if generated else SEEDS[seed_index]
    compile_outcome(mutate(source, rng))      # raises if anything but a WLangage error escapes
