"""Add the WLangage code blocks of help-mirror pages to the corpus.

    python benchmarks/corpus/extract_blocks.py BATCH...

A batch file holds pages copied from the help mirror (gcarcau/windev-react,
windev-wlangage/pages/<id>.md), each introduced by a header line:

    === <page id> | <page title>
    <page text, verbatim or JSON-escaped as read_file returns it>

The text keeps the page's fenced blocks (```wlangage, ```wl or bare ```) and the
`## ` headings before them; a block under a `## Syntaxe` heading is a syntax
template, any other block is an example. Each block becomes
mirror/<page id>_<n>.wl, and INDEX.tsv gets one row per block. Feeding the same
page again (a later offset of a long page) continues its numbering.
"""
from __future__ import annotations

import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
MIRROR = HERE / "mirror"
INDEX = MIRROR / "INDEX.tsv"
COLUMNS = ("file", "page_id", "title", "block", "lines", "section")
CODE_LANGS = {"", "wl", "wlangage", "windev", "wlanguage"}
_HEADER = re.compile(r"^=== (\S+) \| (.*)$")
_FENCE = re.compile(r"^(\s*(?:>\s?)?)```\s*([\w+-]*)\s*$")


def read_batch(text: str) -> list[tuple[str, str, str]]:
    """(page id, title, page text) for each page of a batch file."""
    pages, current = [], None
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            current = [match.group(1), match.group(2).strip(), []]
            pages.append(current)
        elif current is not None:
            current[2].append(line)
    return [(pid, title, decode("\n".join(body))) for pid, title, body in pages]


def decode(body: str) -> str:
    """Undo read_file's JSON escaping when the text was pasted escaped."""
    if "\\n" not in body:
        return body
    try:
        return json.loads('"' + body.replace("\n", "") + '"')
    except json.JSONDecodeError:
        return body


def blocks(page: str) -> list[tuple[str, str]]:
    """(section, code) for each WLangage fenced block, blockquote markers removed."""
    found, section, code, prefix, other = [], "Exemple", None, "", False
    for line in page.splitlines():
        fence = _FENCE.match(line)
        if other:  # inside a block in another language (```json, ```sql...): skip to its end
            other = not fence
        elif code is None:
            if line.startswith("## "):
                section = line[3:].strip()
            elif fence:
                other = fence.group(2).lower() not in CODE_LANGS
                code, prefix = (None, "") if other else ([], fence.group(1))
        elif fence:
            found.append((section, "\n".join(code) + "\n"))
            code = None
        else:
            code.append(_unindent(line, prefix))
    return found


def _unindent(line: str, prefix: str) -> str:
    """A block line without the list indentation or blockquote marker its fence carries."""
    if ">" in prefix:
        return re.sub(r"^\s*>\s?", "", line)
    return line[len(prefix):] if line.startswith(prefix) else line.lstrip(" ")


def load_index() -> list[dict]:
    if not INDEX.exists():
        return []
    rows = INDEX.read_text("utf-8").splitlines()[1:]
    return [dict(zip(COLUMNS, row.split("\t"))) for row in rows if row]


def save_index(rows: list[dict]) -> None:
    rows.sort(key=lambda r: (r["page_id"], int(r["block"])))
    lines = ["\t".join(COLUMNS)] + ["\t".join(str(r[c]) for c in COLUMNS) for r in rows]
    INDEX.write_text("\n".join(lines) + "\n", "utf-8")


def add(batch: pathlib.Path, rows: list[dict]) -> int:
    added = 0
    for pid, title, text in read_batch(batch.read_text("utf-8")):
        count = sum(1 for r in rows if r["page_id"] == pid)
        for section, code in blocks(text):
            count += 1
            name = f"{pid}_{count}.wl"
            (MIRROR / name).write_text(code, "utf-8")
            kind = "syntax" if section.lower().startswith("syntax") else "example"
            rows.append({"file": name, "page_id": pid, "title": title.replace("\t", " "),
                         "block": count, "lines": code.count("\n"), "section": kind})
            added += 1
    return added


def main(argv: list[str]) -> None:
    MIRROR.mkdir(exist_ok=True)
    rows = load_index()
    for arg in argv:
        print(f"{arg}: {add(pathlib.Path(arg), rows)} blocks")
    save_index(rows)
    pages = len({r["page_id"] for r in rows})
    print(f"corpus: {pages} pages, {len(rows)} blocks, {sum(int(r['lines']) for r in rows)} lines")


if __name__ == "__main__":
    main(sys.argv[1:])
