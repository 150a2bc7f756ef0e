"""Where a line of a compiled script comes from: the script itself, or a file it includes
with EXTERNE "f.wl".  The parser numbers the lines of the k-th included file from
k * INCLUDED_LINES, so one compiled program keeps one line space (Python's) and every
error can still name the included file and its own line."""
from __future__ import annotations

__all__: list[str] = []          # no WLangage names here

INCLUDED_LINES = 10_000_000
INCLUDES_NAME = "__wl_includes__"      # the compiled module's list of included files


def source_position(path: str, line: int, includes) -> tuple[str, int]:
    """(file, line) of a line of the program compiled from `path` that includes `includes`."""
    k, rest = divmod(line, INCLUDED_LINES)
    if k and includes and k <= len(includes):
        return includes[k - 1], rest
    return path, line
