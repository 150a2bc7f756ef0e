"""Inputs that once reached the user as Python tracebacks: each is now a positioned
WLangage error (or simply works), from `check` and from `run`."""

import pytest

from wltest import run_cli, run_subprocess


def _nested(opener: str, depth: int, closer: str = "FIN") -> str:
    return "".join(f"{opener.format(k=k)}\n" for k in range(depth)) + "Trace(\"fond\")\n" + f"{closer}\n" * depth


CASES = [
    # name, source, expected stderr part (None: it runs and prints `output`), output
    ("empty hex", "x est un entier = 0x_\n", "1:19: hexadecimal number without digits", None),
    ("5,000 digits", "x est un entier = " + "7" * 5000 + "\n", "1:19: this number has more than 38 digits", None),
    ("real out of range", "x est un entier = 1.0e999999\n", "1:19: this real number is out of range", None),
    ("CONTINUER outside a loop", "Trace(1)\nCONTINUER\n", "2:1: CONTINUER outside a loop", None),
    ("SORTIR outside a loop", "SORTIR\n", "1:1: SORTIR outside a loop", None),
    ("21 nested POUR", _nested("POUR i{k} = 1 A 1", 21), "21:1: more than 20 nested loops", None),
    ("undeclared name in a default, then CAS ERREUR",
     "P()\nPROCEDURE P(x = Inconnu)\nTrace(x)\nCAS ERREUR:\nTrace(\"e\")\n", "2:17: undeclared variable Inconnu", None),
    ("500 nested SI", _nested("SI Vrai ALORS", 500), None, "fond\n"),
    ("500 unary minus", "x est un entier = " + "-" * 500 + "1\nTrace(x)\n", None, "1\n"),
    ("5,000 terms", "x est un entier = " + "+".join(["1"] * 5000) + "\nTrace(x)\n", None, "5000\n"),
    ("20,000 nested SI", _nested("SI Vrai ALORS", 20000), "nested too deeply", None),
    ("20,000 unary minus", "x est un entier = " + "-" * 20000 + "1\n", "nested too deeply", None),
    ("a skipped value in an expression", "x est un entier = (1, , 3)\n",
     "1:20: a value is missing in this list of values", None),
    ("an internal procedure inside a loop", "POUR i = 1 A 2\n\tPROCÉDURE INTERNE P(x)\n\t\tTrace(x * 10)\n"
     "\tFIN\n\tP(i)\nFIN\n", None, "10\n20\n"),
    ("a chaîne out of range for an entier", 'x est un entier = "91.0e9999993"\n',
     "test.wl:1: 91.0e9999993 is out of range for an entier", None),
    (".Jour on a chaîne", "s est une chaîne = \"x\"\nTrace(s.Jour)\n", "test.wl:2: Jour is not a property or method "
                                                                      "of a chaîne", None),
    (".Truc = 3 on an entier", "x est un entier\nx.Truc = 3\n", "test.wl:2: Truc is not a property or method "
                                                                 "of an entier", None),
]


@pytest.mark.parametrize("name, source, error, output", CASES, ids=[c[0] for c in CASES])
def test_no_traceback(tmp_path, name, source, error, output):
    path = tmp_path / "test.wl"
    path.write_text(source, encoding="utf-8")
    for command in ("check", "run"):
        r = run_cli(command, str(path))
        assert "Traceback" not in r.stderr + r.stdout
        if error is None:
            if command == "run":
                assert (r.code, r.stdout, r.stderr) == (0, output, "")
            continue
        at_run_time = error.startswith("test.wl:")        # `file:LINE: message`, no column
        if command == "check" and at_run_time:
            continue                     # a run-time error: `check` cannot know the value
        assert error in r.stderr + r.stdout, (command, r.stderr, r.stdout)
        assert r.code == (1 if at_run_time else 2)


def test_long_lines_are_shown_around_the_caret(tmp_path):
    path = tmp_path / "test.wl"
    path.write_text("x est un entier = " + "1 + " * 100 + "0x_\n", encoding="utf-8")
    r = run_cli("check", str(path))
    shown, caret = r.stdout.splitlines()[1:3]
    assert len(shown) < 120 and shown.rstrip().endswith("0x_")
    assert shown[caret.index("^"):].startswith("0x_")


def test_a_folder_named_wlmail_in_the_current_directory(tmp_path):
    (tmp_path / "wlmail").mkdir()              # e.g. the output of `wlmail transpile src -o wlmail`
    (tmp_path / "hello.wl").write_text('Trace("bonjour")\n', encoding="utf-8")
    r = run_subprocess("run", "hello.wl", cwd=tmp_path)
    assert (r.code, r.stdout, r.stderr) == (0, "bonjour\n", "")


def test_output_closed_early_stops_quietly(tmp_path):
    """`wlmail run x.wl | head -1`: no Python message once the reader is gone."""
    import subprocess
    import sys
    (tmp_path / "long.wl").write_text("POUR i = 1 A 200000\n\tTrace(i)\nFIN\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "wlmail", "run", "long.wl"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline() == b"1\n"
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert stderr == ""
