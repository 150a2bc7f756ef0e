"""`wlmail report`: how ready a tree of .wl files is to run on wlmail.

Every .wl file (UTF-8 or Windows-1252) is parsed and compiled exactly as `wlmail run`
would; the report counts files, lines and statements, lists each syntax and compile
error with its position, every WLangage function, type and constant the code uses with
its status (supported by wlmail, a procedure of the project, or not supported and why),
and the share of statements wlmail can run: the statements of the files that compile
and call nothing wlmail lacks, over all statements.

Files are analysed independently, in parallel worker processes for large trees.
"""
from __future__ import annotations

import inspect
import json
import os
import sys
from collections import defaultdict

SUPPORTED = "supported"
PROCEDURE = "procedure"                  # a procedure defined in the same file
PROJECT_PROCEDURE = "project procedure"  # defined in another file of the tree: not runnable alone
STRUCTURE = "structure"
UNSUPPORTED = "unsupported"

_PARALLEL_THRESHOLD = 64                 # fewer files than this: analyse in-process


# ---- finding files --------------------------------------------------------------------

def find_files(paths) -> tuple[list[str], list[str]]:
    """(.wl files under `paths`, in a stable order; paths that do not exist)."""
    found, missing = [], []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                found.extend(os.path.join(root, f) for f in sorted(files) if f.lower().endswith(".wl"))
        elif os.path.isfile(p):
            found.append(p)
        else:
            missing.append(p)
    return found, missing


# ---- one file ----------------------------------------------------------------------------

def _code_lines(text: str) -> int:
    """Lines holding code (an estimate of the statements of a file that does not parse)."""
    count = 0
    for line in text.split("\n"):
        s = line.strip()
        if s and not s.startswith("//"):
            count += 1
    return count


def analyse_file(path: str) -> dict:
    """Everything the report needs from one file, as plain (picklable) data."""
    from .compiler import CompileErrors, Compiler
    from .runtime import names
    from .syntax import WLSyntaxErrors, read_source

    result = {"path": path, "lines": 0, "statements": 0, "estimated": False, "read_error": None,
              "syntax_errors": [], "compile_errors": [], "unsupported": [], "procedures": [],
              "functions": {}, "types": {}, "constants": {}, "runnable": False}
    try:
        text = read_source(path)
    except OSError as exc:
        result["read_error"] = exc.strerror or str(exc)
        return result
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    result["lines"] = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
    from .syntax import parse
    try:
        program = parse(text, path)
    except WLSyntaxErrors as exc:
        result["syntax_errors"] = [(e.line, e.col, e.message) for e in exc.errors]
    except RecursionError:
        result["syntax_errors"] = [(1, 1, "the code is nested too deeply to be parsed")]
    except Exception as exc:                           # a parser bug must not stop the report
        result["syntax_errors"] = [(1, 1, f"internal parser error: {type(exc).__name__}: {exc}")]
    else:
        compiler = Compiler(path)
        try:
            compiler.compile_program(program)
        except CompileErrors as exc:
            result["compile_errors"] = [(e.line, e.col, e.message) for e in exc.errors]
            # names unknown here may be procedures of another file of the project
            result["unknown_names"] = [names.fold(e.unknown) for e in exc.errors if e.unknown]
        except RecursionError:
            result["compile_errors"] = [(1, 1, "the code is nested too deeply to be compiled")]
        except Exception as exc:
            result["compile_errors"] = [(1, 1, f"internal compiler error: {type(exc).__name__}: {exc}")]
        result["unsupported"] = list(compiler.unsupported)
        try:
            _Walker(compiler, result).program(program)
        except RecursionError:
            pass                                       # names of a pathologically nested file: skipped
        result["runnable"] = not result["compile_errors"] and not result["unsupported"]
        return result
    result["statements"] = _code_lines(text)
    result["estimated"] = True
    return result


class _Walker:
    """Collects the names a syntax tree uses: calls, declared types, runtime constants."""

    def __init__(self, compiler, result: dict):
        from .compiler import vocabulary as vocab
        from .compiler.families import UNKNOWN_FUNCTION, family_of
        from .runtime.names import fold
        self.compiler, self.result = compiler, result
        self.vocab, self.family_of, self.fold, self.unknown = vocab, family_of, fold, UNKNOWN_FUNCTION
        self.runtime = vocab.runtime_names()
        self.namespace = vocab.runtime_namespace()
        self.declared: set[str] = set()
        self.procs: set[str] = set()
        self.statements = 0

    def program(self, prog) -> None:
        from .syntax import nodes as n
        self.n = n
        self._stmt_types = (n.Decl, n.Assign, n.ExprStmt, n.IncDec, n.If, n.Switch, n.While, n.Loop,
                            n.ForRange, n.ForEach, n.Try, n.Return, n.Result, n.Break, n.Continue,
                            n.StructDef, n.ConstDef)
        self._collect_declarations(prog)
        self.result["procedures"] = sorted(self.procs)
        self._visit(prog, False)
        self.result["statements"] = self.statements

    # declared names: variables, parameters, loop variables, constants, procedures, structures
    def _collect_declarations(self, root) -> None:
        n, fold = self.n, self.fold
        stack = [root]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
                continue
            if isinstance(node, tuple):
                stack.extend(node)
                continue
            if not isinstance(node, n.Node):
                continue
            if isinstance(node, n.Decl):
                self.declared.update(fold(x) for x in node.names)
            elif isinstance(node, n.Param):
                self.declared.add(fold(node.name))
            elif isinstance(node, (n.ForRange, n.ForEach)):
                self.declared.add(fold(node.var))
                if isinstance(node, n.ForEach) and node.key:
                    self.declared.add(fold(node.key))
            elif isinstance(node, n.ConstDef):
                self.declared.add(fold(node.name))
            elif isinstance(node, n.Procedure):
                self.procs.add(fold(node.name))
            elif isinstance(node, n.StructDef):
                self.declared.add(fold(node.name))
            stack.extend(v for v in vars(node).values() if isinstance(v, (list, tuple, n.Node)))
        self.declared.add(fold("MesParamètres"))

    def _count(self, table: str, key: str, name: str, status: str, family: str = "") -> None:
        entry = self.result[table].get(key)
        if entry is None:
            self.result[table][key] = [name, 1, status, family]
        else:
            entry[1] += 1

    def _visit(self, node, quiet: bool) -> None:
        """`quiet`: inside the arguments of an unsupported call (files, items, controls)."""
        n = self.n
        if isinstance(node, (list, tuple)):
            for item in node:
                self._visit(item, quiet)
            return
        if not isinstance(node, n.Node):
            return
        if isinstance(node, self._stmt_types):
            self.statements += 1
        if isinstance(node, n.Call) and isinstance(node.func, n.Name):
            unsupported = self._call(node.func.name)
            self._visit(node.args, quiet or unsupported)
            return
        if isinstance(node, n.ExprStmt) and isinstance(node.expr, n.Name) \
                and self.fold(node.expr.name) not in self.declared:
            self._call(node.expr.name)                  # a procedure called without parentheses
            return
        if isinstance(node, n.Name):
            if not quiet:
                self._name(node.name)
            return
        if isinstance(node, n.TypeSpec):
            self._type(node)
            return
        for value in vars(node).values():
            if isinstance(value, (list, tuple, n.Node)):
                self._visit(value, quiet)

    def _call(self, name: str) -> bool:
        """Counts a call; True when wlmail does not implement it."""
        folded = self.fold(name)
        if folded in self.procs:
            self._count("functions", folded, name, PROCEDURE)
            return False
        if folded in self.declared:
            return False                                  # a variable holding a procedure
        canonical = self.runtime.get(folded)
        if canonical is not None and callable(self.namespace[canonical]):
            self._count("functions", folded, canonical, SUPPORTED)
            return False
        self._count("functions", folded, name, UNSUPPORTED, self.family_of(name))
        return True

    def _name(self, name: str) -> None:
        folded = self.fold(name)
        if folded in self.declared or folded in self.vocab.LITERALS or folded in self.procs:
            return
        canonical = self.runtime.get(folded)
        if canonical is None:
            family = self.family_of(name)
            if family == self.unknown:
                family = "name unknown to wlmail"
            self._count("constants", folded, name, UNSUPPORTED, family)
            return
        obj = self.namespace[canonical]
        if folded in self.vocab.PSEUDO_VARIABLES:
            self._count("functions", folded, canonical, SUPPORTED)
        elif isinstance(obj, type):
            self._count("types", folded, canonical, SUPPORTED)
        elif inspect.isroutine(obj):
            self._count("functions", folded, canonical, SUPPORTED)   # called without parentheses
        else:
            self._count("constants", folded, canonical, SUPPORTED)

    def _type(self, spec) -> None:
        words = spec.words
        if not words:
            return
        written = " ".join(words)
        key = self.fold(written)
        try:
            t = self.compiler._type(spec)
        except Exception:
            t = None
        if t is None or t.kind == "unsupported":
            family = (t.family if t is not None else "") or self.family_of(words[0])
            if family == self.unknown:
                family = "type unknown to wlmail"
            self._count("types", key, written, UNSUPPORTED, family)
        elif t.kind == "struct" or (t.elem is not None and t.elem.kind == "struct"):
            self._count("types", key, written, STRUCTURE)
        else:
            self._count("types", key, written, SUPPORTED)


# ---- the whole tree ----------------------------------------------------------------------

def analyse(paths) -> dict:
    files, missing = find_files(paths)
    results = _analyse_all(files)
    return summarise(results, missing)


def _analyse_all(files: list[str]) -> list[dict]:
    if len(files) < _PARALLEL_THRESHOLD or (os.cpu_count() or 1) < 2:
        return [analyse_file(f) for f in files]
    try:
        import concurrent.futures
        import multiprocessing
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        workers = min(os.cpu_count() or 2, 8)
        chunk = max(1, min(32, len(files) // (workers * 4)))
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            return list(pool.map(analyse_file, files, chunksize=chunk))
    except (OSError, ImportError, RuntimeError, NotImplementedError):
        return [analyse_file(f) for f in files]      # no processes here: one at a time


def summarise(results: list[dict], missing=()) -> dict:
    all_procs = set()
    for r in results:
        all_procs.update(r["procedures"])
    tables = {"functions": {}, "types": {}, "constants": {}}
    families: dict[str, dict] = defaultdict(lambda: {"names": set(), "uses": 0, "files": set()})
    total_statements = runnable_statements = estimated = 0
    syntax_errors, compile_errors, read_errors, details = [], [], [], []
    parsed_ok = compiled_ok = runnable_files = 0
    for r in results:
        path = r["path"]
        total_statements += r["statements"]
        if r["estimated"]:
            estimated += r["statements"]
        if r["read_error"]:
            read_errors.append({"path": path, "message": r["read_error"]})
        for line, col, msg in r["syntax_errors"]:
            syntax_errors.append({"path": path, "line": line, "col": col, "message": msg})
        elsewhere = [name in all_procs for name in r.get("unknown_names", ())]
        if elsewhere and all(elsewhere):          # it only calls procedures of other files
            r["compile_errors"] = []
            r["runnable"] = False
        for line, col, msg in r["compile_errors"]:
            compile_errors.append({"path": path, "line": line, "col": col, "message": msg})
        parsed = not r["read_error"] and not r["syntax_errors"]
        parsed_ok += parsed
        compiled_ok += parsed and not r["compile_errors"]
        if r["runnable"]:
            runnable_files += 1
            runnable_statements += r["statements"]
        for table in tables:
            for key, (name, count, status, family) in r[table].items():
                if table == "functions" and status == UNSUPPORTED and key in all_procs:
                    status, family = PROJECT_PROCEDURE, ""
                entry = tables[table].setdefault(key, {"name": name, "count": 0, "files": 0,
                                                       "status": status, "family": family})
                entry["count"] += count
                entry["files"] += 1
                if status == UNSUPPORTED:
                    fam = families[family]
                    fam["names"].add(entry["name"])
                    fam["uses"] += count
                    fam["files"].add(path)
        if r["read_error"]:
            state = "unreadable"
        elif r["syntax_errors"]:
            state = "syntax error"
        elif r["compile_errors"]:
            state = "compile error"
        elif r["unsupported"]:
            state = "unsupported calls"
        else:
            state = "runnable"
        details.append({"path": path, "lines": r["lines"], "statements": r["statements"], "status": state,
                        "unsupported": sorted({name for name, _, _ in r["unsupported"]})})

    def ordered(table):
        return sorted(tables[table].values(), key=lambda e: (-e["count"], e["name"].casefold()))

    return {
        "files": len(results),
        "lines": sum(r["lines"] for r in results),
        "missing_paths": list(missing),
        "parsed": {"ok": parsed_ok, "failed": len(results) - parsed_ok},
        "compiled": {"ok": compiled_ok, "failed": parsed_ok - compiled_ok},
        "runnable_files": runnable_files,
        "statements": {"total": total_statements, "runnable": runnable_statements,
                       "share": round(runnable_statements / total_statements, 4) if total_statements else 0.0,
                       "estimated": estimated},
        "read_errors": read_errors,
        "syntax_errors": syntax_errors,
        "compile_errors": compile_errors,
        "functions": ordered("functions"),
        "types": ordered("types"),
        "constants": ordered("constants"),
        "unsupported_families": sorted(
            ({"family": fam, "names": sorted(d["names"], key=str.casefold), "uses": d["uses"],
              "files": len(d["files"])} for fam, d in families.items()),
            key=lambda e: (-e["uses"], e["family"])),
        "file_details": details,
    }


# ---- output ---------------------------------------------------------------------------------

def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "-"


def format_text(data: dict) -> str:
    out = []
    add = out.append
    files = data["files"]
    st = data["statements"]
    add("wlmail porting readiness report")
    add("")
    add(f"files:       {files:,} ({data['lines']:,} lines)")
    add(f"parsed:      {data['parsed']['ok']:,} OK, {data['parsed']['failed']:,} failed")
    add(f"compiled:    {data['compiled']['ok']:,} OK, {data['compiled']['failed']:,} failed")
    add(f"runnable:    {data['runnable_files']:,} file(s) with no error and no unsupported call "
        f"({_pct(data['runnable_files'], files)})")
    note = f" ({st['estimated']:,} estimated from the code lines of files that do not parse)" \
        if st["estimated"] else ""
    add(f"statements:  {st['runnable']:,} of {st['total']:,} can run on wlmail: "
        f"{_pct(st['runnable'], st['total'])}{note}")
    for p in data["missing_paths"]:
        add(f"warning: {p}: no such file or folder")
    if data["read_errors"]:
        add("")
        add(f"unreadable files ({len(data['read_errors'])}):")
        for e in data["read_errors"]:
            add(f"  {e['path']}: {e['message']}")
    for title, key in (("syntax errors", "syntax_errors"), ("compile errors", "compile_errors")):
        errors = data[key]
        if errors:
            add("")
            add(f"{title} ({len(errors):,} in {len({e['path'] for e in errors}):,} file(s)):")
            for e in errors:
                add(f"  {e['path']}:{e['line']}:{e['col']}: {e['message']}")
    if data["unsupported_families"]:
        add("")
        add("not supported by wlmail, by family:")
        for fam in data["unsupported_families"]:
            names = ", ".join(fam["names"][:12]) + (", ..." if len(fam["names"]) > 12 else "")
            add(f"  {fam['family']}: {fam['uses']:,} use(s) in {fam['files']:,} file(s): {names}")
    for title, key in (("functions", "functions"), ("types", "types"),
                       ("constants and global variables", "constants")):
        entries = data[key]
        add("")
        add(f"{title} ({len(entries):,} distinct, {sum(e['count'] for e in entries):,} uses):")
        if not entries:
            add("  (none)")
            continue
        add(f"  {'uses':>7} {'files':>6}  {'status':<17} name")
        for e in entries:
            family = f" ({e['family']})" if e["family"] else ""
            add(f"  {e['count']:>7,} {e['files']:>6,}  {e['status']:<17} {e['name']}{family}")
    return "\n".join(out) + "\n"


def report(paths: list[str], fmt: str = "text") -> int:
    """Print the report of the .wl files under `paths`; 0, or 2 when a path does not exist
    or no .wl file was found.  Syntax errors do not change the status: they are reported."""
    data = analyse(paths)
    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_text(data))
    sys.stdout.flush()
    if data["missing_paths"]:
        for p in data["missing_paths"]:
            print(f"wlmail report: {p}: no such file or folder", file=sys.stderr)
        return 2
    if not data["files"]:
        print("wlmail report: no .wl file found", file=sys.stderr)
        return 2
    return 0
