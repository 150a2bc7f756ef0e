"""docs/support.md is generated from the runtime and the catalogue, and kept up to date."""
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("make_support_doc", ROOT / "tools" / "make_support_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_support_doc_is_up_to_date():
    committed = (ROOT / "docs" / "support.md").read_text(encoding="utf-8")
    assert _generator().render() == committed, \
        "docs/support.md is out of date: regenerate it with `python tools/make_support_doc.py`"


def test_support_doc_gives_every_status_with_its_reason():
    doc = _generator().render()
    rows = {line.split(" | ")[0].lstrip("| "): line for line in doc.splitlines() if line.startswith("| ")}
    assert "| EmailLitPremier | EmailReadFirst | function | supported |" in doc
    assert "| EmailListeDossier | EmailListFolder | function | partial | " in doc and "is ignored" in rows["EmailListeDossier"]
    assert "| HeureSys | TimeSys | function | partial | Changing the system time is not supported. |" in doc
    assert "| Agrège | Reduce | function | unsupported | not implemented yet |" in doc
    assert "| emailSessionIMAP | emailIMAPSession | type | supported |" in doc
    assert "| Entier | Int | type | supported | a WLangage simple type |" in doc
    assert "## Constants and variables" in doc and "optionTLS" in doc
