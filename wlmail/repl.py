"""`wlmail repl`: WLangage one statement or block at a time.

Each input is parsed, compiled in REPL mode (variables live at module level) and run in
one persistent namespace, with one persistent compiler `Scope`, so variables, procedures,
structures and open mail sessions survive from one input to the next.

The parser decides when an input is complete: a block whose FIN is missing at the very
end of the text, or an unclosed bracket, asks for more lines (prompt `... `).  A global
procedure header (`PROCÉDURE X()`) has no FIN in WLangage: it takes the following
lines up to an empty one.

On a terminal the input is edited with prompt_toolkit (history, highlighting,
completion with Tab); otherwise lines are read plainly with the same logic, so
`echo 'Trace(1)' | wlmail repl` works.

A line that starts with `:` is a command wherever it is typed, even inside an unfinished
block (which is kept, to be finished or cancelled with Ctrl-C), and Ctrl-D always quits:
a broken block can never hold the session.
"""
from __future__ import annotations

import ast
import copy
import os
import re
import sys

from .compiler import CompileErrors, Compiler, Scope
from .compiler import vocabulary as vocab
from .runtime.names import fold
from .syntax import WLSyntaxErrors, parse, read_source
from .syntax import nodes as n

PROMPT = "wl> "
CONTINUATION = "... "

HELP = """\
Type WLangage statements; a block (SI, POUR, TANTQUE, SELON, BOUCLE, QUAND EXCEPTION,
STRUCTURE...) runs when its FIN is typed; a PROCÉDURE ends with an empty line.
An expression typed alone prints its value.  Tab completes names, keywords and
properties (after `variable.`).  Ctrl-C cancels the current input, Ctrl-D quits.
Commands (also inside an unfinished block, which stays to be finished):
  :help          this help
  :vars          declared variables, their type and current value
  :py            show / hide the Python each input compiles to
  :load FILE.wl  run a file's statements in this session
  :quit          quit (open mail sessions are closed)"""

COMMANDS = [":help", ":vars", ":py", ":load", ":quit"]

# Keywords and type words offered by completion, in their usual spelling (FR then EN).
KEYWORDS = """
SI ALORS SINON FIN SELON CAS AUTRE POUR TOUT TOUTE CHAQUE NON LU DE À PAS TANTQUE BOUCLE FAIRE
SORTIR CONTINUER RENVOYER RETOUR PROCÉDURE INTERNE LOCAL LOCALE GLOBAL GLOBALE STRUCTURE CONSTANTE
QUAND EXCEPTION DANS ERREUR ET OU _ET_ _OU_ est un une sont des soit Vrai Faux Null
entier chaîne réel booléen tableau associatif buffer variant date heure dateheure durée monétaire
IF THEN ELSE END SWITCH CASE OTHER FOR EACH ALL UNREAD TO STEP WHILE LOOP DO BREAK CONTINUE
RESULT RETURN PROCEDURE INTERNAL CONSTANT WHEN IN AND OR NOT is a an are let True False
int string real boolean array associative
""".split()

_PROC_HEADER = re.compile(r"^\s*(proc[eé]dure|fonction|function)\b(?!\s+(interne|internal)\b)", re.I)
_INCOMPLETE = re.compile(r"^(expected (FIN|END) to close |unexpected end of file)")

_KIND_NAMES = {"int": "entier", "real": "réel", "str": "chaîne", "bool": "booléen", "buffer": "buffer",
               "any": "variant"}


def type_name(t) -> str:
    """A compiler WLType in WLangage words."""
    if t is None:
        return "variant"
    if t.kind in _KIND_NAMES:
        return _KIND_NAMES[t.kind]
    if t.kind == "array":
        return "tableau de " + type_name(t.elem)
    if t.kind == "assoc":
        return "tableau associatif de " + type_name(t.elem)
    return t.name or t.kind


def show_value(value) -> str:
    if isinstance(value, bool):
        return "Vrai" if value else "Faux"
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if value is None:
        return "Null"
    try:
        text = repr(value)
    except Exception as exc:                 # a property that fails must not break :vars
        text = f"<{type(value).__name__}: {exc}>"
    return text if len(text) <= 200 else text[:197] + "..."


def python_source(module: ast.Module) -> str:
    """The Python an input compiles to, without the runtime imports."""
    module = copy.copy(module)
    module.body = [s for s in module.body
                   if not (isinstance(s, ast.ImportFrom) and (s.module or "").startswith("wlmail.runtime"))]
    return ast.unparse(module)


def _strip_echo(module: ast.Module) -> None:
    """`:load` runs a file as a script would: calls typed alone do not print their result."""
    for stmt in module.body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) \
                and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "wl_echo":
            stmt.value = stmt.value.args[0]


class Repl:
    """The state of one REPL session and the logic shared by the terminal and piped modes."""

    def __init__(self, out=None, err=None):
        self.out = out
        self.err = err
        self.scope = Scope(None, "<module>", module=True)
        self.namespace: dict = {"__name__": "__wlrepl__"}
        exec("from wlmail.runtime import *\nfrom wlmail.runtime.support import *", self.namespace)
        self.show_python = False
        self.count = 0
        self.failures = 0
        self.quit = False

    # ---- output -------------------------------------------------------------------
    def _out(self):
        return self.out or sys.stdout

    def _err(self):
        return self.err or sys.stderr

    def say(self, text: str) -> None:
        stream = self._out()
        stream.write(text + "\n")
        stream.flush()

    def error(self, text: str) -> None:
        self.failures += 1
        sys.stdout.flush()
        stream = self._err()
        stream.write(f"error: {text}\n")
        stream.flush()

    # ---- completeness -------------------------------------------------------------
    def needs_more(self, text: str) -> bool:
        """True when `text` is the beginning of an input: an open block, bracket or procedure."""
        if not text.strip() or text.lstrip().startswith(":"):
            return False
        lines = text.split("\n")
        first = next(line for line in lines if line.strip())
        if _PROC_HEADER.match(first):
            return lines[-1].strip() != "" or len(lines) < 2
        try:
            parse(text, "<input>")
        except WLSyntaxErrors as exc:
            return self._incomplete(exc, text)
        return False

    @staticmethod
    def _incomplete(exc: WLSyntaxErrors, text: str) -> bool:
        # The parser stops at the end of the text, so an error there is the last one; an
        # earlier error inside the open block is reported once the block is complete.
        if not exc.errors:
            return False
        final = exc.errors[-1]
        if not _INCOMPLETE.match(final.message):
            return False
        lines = text.split("\n")
        last = len(lines)
        while last > 1 and not lines[last - 1].strip():
            last -= 1
        return final.line >= last and final.col > len(lines[last - 1].rstrip())

    # ---- one input ----------------------------------------------------------------
    def handle(self, text: str) -> None:
        """Run one complete input: a command or WLangage source."""
        stripped = text.strip()
        if not stripped:
            return
        if stripped.startswith(":"):
            self.command(stripped)
            return
        self.run_source(text.rstrip())

    def run_source(self, text: str, filename: str | None = None, echo: bool = True) -> bool:
        self.count += 1
        interactive = filename is None
        filename = filename or f"<input-{self.count}>"
        multiline = "\n" in text.strip()
        try:
            program = parse(text, filename)
        except WLSyntaxErrors as exc:
            program = self._as_expression(text, filename) if interactive and not multiline else None
            if program is None:
                for e in exc.errors:
                    self._syntax_error(e, multiline or not interactive, filename if not interactive else None)
                return False
        if interactive:
            program = self._echo_bare_expression(program)
        saved = self._snapshot()
        compiler = Compiler(filename, mode="repl", repl_scope=self.scope)
        try:
            module = compiler.compile_program(program)
        except CompileErrors as exc:
            self._restore(saved)
            lines = text.split("\n")
            for e in exc.errors:
                where = f"{filename}:{e.line}: " if not interactive else (f"line {e.line}: " if multiline else "")
                self.error(f"{where}{e.message}")
                src = lines[e.line - 1] if 0 < e.line <= len(lines) else ""
                if src.strip() and e.col:
                    self._caret(src, e.col)
            return False
        except Exception as exc:            # a compiler bug must not end the session
            self._restore(saved)
            self.error(f"internal compiler error: {type(exc).__name__}: {exc}")
            return False
        if not echo:
            _strip_echo(module)
        if self.show_python:
            self.say(python_source(module))
        try:
            code = compile(module, filename, "exec")
        except SyntaxError as exc:
            self._restore(saved)
            where = f"{filename}:{exc.lineno}: " if not interactive else (f"line {exc.lineno}: " if multiline else "")
            if "outside function" in str(exc.msg):
                self.error(f"{where}RETOUR/RENVOYER outside a procedure cannot run in the REPL")
            else:
                self.error(f"{where}internal compiler error: {exc.msg}")
            return False
        except Exception as exc:
            self._restore(saved)
            self.error(f"internal compiler error: {type(exc).__name__}: {exc}")
            return False
        return self._execute(code, filename, multiline or not interactive, interactive, saved)

    def _execute(self, code, filename, show_line, interactive, saved) -> bool:
        from .runtime.program import ProgramEnd, error_message, wl_line_of
        from .runtime.support import ScriptReturn
        try:
            exec(code, self.namespace)
        except ScriptReturn:                        # RETOUR at top level: the input ends there
            pass
        except ProgramEnd as end:                   # FinProgramme ends the session
            if end.message:
                self.error(end.message)
            self.quit = True
        except KeyboardInterrupt:
            sys.stdout.flush()
            self._forget_undefined(saved)
            self.error("interrupted")
            return False
        except Exception as exc:
            sys.stdout.flush()
            self._forget_undefined(saved)
            line = wl_line_of(exc, filename) if show_line else None
            where = ""
            if line:
                where = f"line {line}: " if interactive else f"{filename}:{line}: "
            self.error(where + error_message(exc))
            return False
        finally:
            sys.stdout.flush()
        return True

    def _syntax_error(self, e, show_position: bool, filename: str | None) -> None:
        if filename:
            self.error(f"{filename}:{e.line}:{e.col}: {e.message}")
        elif show_position:
            self.error(f"line {e.line}:{e.col}: {e.message}")
        else:
            self.error(e.message)
        if e.source_line.strip():
            self._caret(e.source_line, e.col)

    def _caret(self, source_line: str, col: int) -> None:
        shown = source_line.rstrip("\r\n").expandtabs(4)
        caret_col = len(source_line[: col - 1].expandtabs(4))
        stream = self._err()
        stream.write(f"    {shown}\n    {' ' * caret_col}^\n")
        stream.flush()

    def _as_expression(self, text: str, filename: str):
        """An input that is not a statement may be an expression: show its value."""
        try:
            return parse(f"Trace({text.strip()})", filename)
        except WLSyntaxErrors:
            return None

    def _echo_bare_expression(self, program: n.Program) -> n.Program:
        """`x`, `s.Nom`, `t[2]` typed alone: print the value with Trace."""
        if program.procedures or len(program.body) != 1 or not isinstance(program.body[0], n.ExprStmt):
            return program
        stmt = program.body[0]
        expr = stmt.expr
        if isinstance(expr, n.Call):
            return program                   # a call typed alone already echoes its result
        if isinstance(expr, n.Name) and not self._is_value_name(expr.name):
            return program                   # a procedure called without parentheses
        trace = n.Call(func=n.Name(name="Trace", line=stmt.line, col=stmt.col), args=[expr],
                       line=stmt.line, col=stmt.col)
        program.body = [n.ExprStmt(expr=trace, line=stmt.line, col=stmt.col)]
        return program

    def _is_value_name(self, name: str) -> bool:
        folded = fold(name)
        if self.scope.find(folded) is not None or folded in vocab.LITERALS:
            return True
        if self.scope.find_proc(folded) is not None:
            return False
        canonical, obj = vocab.lookup(name)
        return canonical is not None and (not callable(obj) or folded in vocab.PSEUDO_VARIABLES
                                          or canonical == "Email")

    # ---- keeping the scope in step with the namespace -------------------------------
    def _snapshot(self):
        s = self.scope
        return (dict(s.vars), dict(s.procs), dict(s.structs), {k: dict(v) for k, v in s.struct_fields.items()},
                set(s.globals), set(s.nonlocals), s.global_mode)

    def _restore(self, saved) -> None:
        s = self.scope
        vars_, procs, structs, fields, globs, nonlocs, gmode = saved
        s.vars.clear(); s.vars.update(vars_)               # noqa: E702
        s.procs.clear(); s.procs.update(procs)             # noqa: E702
        s.structs.clear(); s.structs.update(structs)       # noqa: E702
        s.struct_fields.clear(); s.struct_fields.update(fields)   # noqa: E702
        s.globals, s.nonlocals, s.global_mode = globs, nonlocs, gmode

    def _forget_undefined(self, saved) -> None:
        """After a run-time error, names declared by the failed input but never assigned are
        forgotten, so that using them later says `undeclared` rather than a Python NameError."""
        s = self.scope
        for key in [k for k, v in s.vars.items() if k not in saved[0] and v.pyname not in self.namespace]:
            del s.vars[key]
        for key in [k for k, p in s.procs.items() if k not in saved[1] and p.name not in self.namespace]:
            del s.procs[key]
        for key in [k for k, cls in s.structs.items() if k not in saved[2] and cls not in self.namespace]:
            del s.structs[key]
            s.struct_fields.pop(key, None)

    # ---- commands -----------------------------------------------------------------
    def command(self, line: str) -> None:
        name, _, arg = line.partition(" ")
        name = name.lower()
        arg = arg.strip()
        if name in (":q", ":quit", ":exit"):
            self.quit = True
        elif name in (":h", ":help", ":?"):
            self.say(HELP)
        elif name == ":py":
            self.show_python = not self.show_python
            self.say(f"showing the Python code: {'on' if self.show_python else 'off'}")
        elif name == ":vars":
            self.show_vars()
        elif name == ":load":
            self.load(arg)
        else:
            self.error(f"unknown command {name} (try :help)")

    def declared(self):
        """(name, Var) of the declared variables, in declaration order, temporaries excluded."""
        for var in self.scope.vars.values():
            if var.pyname.startswith("_"):
                continue
            yield display_name(var.pyname), var

    def show_vars(self) -> None:
        rows = list(self.declared())
        if not rows:
            self.say("no variables declared")
            return
        for name, var in rows:
            value = self.namespace.get(var.pyname, None)
            shown = show_value(value) if var.pyname in self.namespace else "(not set)"
            self.say(f"{name} : {type_name(var.type)} = {shown}")
        procs = [info.node.name for info in self.scope.procs.values() if info.name in self.namespace]
        if procs:
            self.say("procedures: " + ", ".join(procs))

    def load(self, path: str) -> None:
        if not path:
            self.error(":load needs a file name")
            return
        path = os.path.expanduser(path.strip('"'))
        try:
            text = read_source(path)
        except OSError as exc:
            self.error(f"cannot read {path}: {exc.strerror}")
            return
        self.run_source(text, filename=path, echo=False)

    def close(self) -> None:
        from .runtime.program import close_sessions
        close_sessions()


def display_name(pyname: str) -> str:
    """The WLangage spelling of a variable: the compiler appends `_` to names it reserves."""
    if pyname.endswith("_") and len(pyname) > 1:
        return pyname[:-1]
    return pyname


# ---- completion -----------------------------------------------------------------------

_WORD_BEFORE = re.compile(r"([\w.]*)$")


def member_names(obj) -> list[str]:
    """Public class attributes of a runtime object (its properties and methods), canonical
    names first then English aliases, and the fields of a structure."""
    names: list[str] = []
    aliases: list[str] = []
    cls = type(obj)
    for klass in cls.__mro__:
        if klass.__module__ == "builtins":
            continue
        for attr in vars(klass):
            if not attr.startswith("_") and attr not in names:
                names.append(attr)
        for alias in klass.__dict__.get("_aliases", {}) or {}:
            if alias not in aliases:
                aliases.append(alias)
        fields = klass.__dict__.get("_fields")
        if isinstance(fields, dict):
            names.extend(f for f in fields if f not in names)
    return sorted(names, key=fold) + sorted((a for a in aliases if a not in names), key=fold)


class _Candidates:
    """What completion offers: keywords, runtime names, declared variables and procedures."""

    def __init__(self, repl: Repl):
        self.repl = repl
        self._runtime = None

    def runtime(self) -> list[str]:
        if self._runtime is None:
            names = []
            for name in sorted(set(vocab.runtime_names().values()), key=fold):
                obj = vocab.runtime_namespace()[name]
                if "_" in name or (isinstance(obj, type) and issubclass(obj, BaseException)):
                    continue
                names.append(name)
            self._runtime = names
        return self._runtime

    def words(self):
        for name, _ in self.repl.declared():
            yield name, "variable"
        for info in self.repl.scope.procs.values():
            yield info.node.name, "procedure"
        for name in self.runtime():
            yield name, "wlangage"
        for word in KEYWORDS:
            yield word, "keyword"

    def resolve(self, path: str):
        """The object a dotted name designates in the session, or None."""
        parts = path.split(".")
        var = self.repl.scope.find(fold(parts[0]))
        if var is not None:
            if var.pyname not in self.repl.namespace:
                return None
            obj = self.repl.namespace[var.pyname]
        else:
            canonical, obj = vocab.lookup(parts[0])
            if canonical is None or callable(obj) and not hasattr(obj, "__dict__"):
                return None
        for part in parts[1:]:
            try:
                obj = getattr(obj, part)
            except Exception:
                return None
        return obj

    def complete(self, text_before_cursor: str):
        """(completion, start offset, meta) for the text before the cursor."""
        line = text_before_cursor.rsplit("\n", 1)[-1]
        if line.count('"') % 2 or "//" in line:
            return
        if line.lstrip().startswith(":"):
            word = line.strip()
            for cmd in COMMANDS:
                if cmd.startswith(word) and " " not in word:
                    yield cmd, -len(word), "command"
            return
        token = _WORD_BEFORE.search(line).group(1)
        if "." in token:
            path, _, prefix = token.rpartition(".")
            if not path:
                return
            obj = self.resolve(path)
            if obj is None:
                return
            folded = fold(prefix)
            for name in member_names(obj):
                if fold(name).startswith(folded):
                    yield name, -len(prefix), "property"
            return
        if not token or token[0].isdigit():
            return
        folded = fold(token)
        seen = set()
        for name, meta in self.words():
            key = fold(name)
            if key.startswith(folded) and name not in seen and name != token:
                seen.add(name)
                yield name, -len(token), meta


def make_completer(repl: Repl):
    from prompt_toolkit.completion import Completer, Completion

    class WLCompleter(Completer):
        def __init__(self):
            self.candidates = _Candidates(repl)

        def get_completions(self, document, complete_event):
            for text, start, meta in self.candidates.complete(document.text_before_cursor):
                yield Completion(text, start_position=start, display_meta=meta)

    return WLCompleter()


# ---- the two front ends -----------------------------------------------------------------

def run_repl(history: str, input=None, output=None) -> int:
    """Interactive WLangage.  `input`: a text stream (default stdin) or a prompt_toolkit Input;
    `output`: where results and errors go (default stdout / stderr)."""
    repl = Repl(out=output, err=output)
    stream = input if input is not None else sys.stdin
    try:
        from prompt_toolkit.input import Input as _PTInput
    except ImportError:                       # pragma: no cover - prompt_toolkit is a dependency
        _PTInput = ()
    if isinstance(stream, _PTInput) or _is_tty(stream) and _is_tty(output if output is not None else sys.stdout):
        return _run_terminal(repl, history, stream if isinstance(stream, _PTInput) else None, output)
    return _run_lines(repl, stream)


def is_command(line: str) -> bool:
    return line.lstrip().startswith(":")


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _run_lines(repl: Repl, stream) -> int:
    """Piped input: the same logic, one line at a time, no prompt."""
    from contextlib import nullcontext, redirect_stdout
    buffer: list[str] = []
    with redirect_stdout(repl.out) if repl.out is not None else nullcontext():
        try:
            for raw in stream:
                line = raw.rstrip("\r\n")
                if not buffer and not line.strip():
                    continue
                if buffer and is_command(line):
                    repl.handle(line)               # a command inside an open block
                    if repl.quit:
                        break
                    continue
                buffer.append(line)
                text = "\n".join(buffer)
                if repl.needs_more(text):
                    continue
                buffer = []
                repl.handle(text)
                if repl.quit:
                    break
            if buffer and not repl.quit:
                repl.handle("\n".join(buffer))     # incomplete at end of input: reports the error
        except KeyboardInterrupt:
            pass
        finally:
            repl.close()
    return 1 if repl.failures else 0


def _history(path: str):
    from prompt_toolkit.history import FileHistory, InMemoryHistory
    try:
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        with open(path, "a", encoding="utf-8"):
            pass
        return FileHistory(path)
    except OSError:
        return InMemoryHistory()


def _run_terminal(repl: Repl, history: str, pt_input=None, pt_output=None) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.lexers import PygmentsLexer

    from .highlight import WLangageLexer

    bindings = KeyBindings()
    kept = [""]                                 # an unfinished block set aside by a command

    @bindings.add("enter")
    def _enter(event):
        buf = event.current_buffer
        if buf.complete_state is not None and buf.complete_state.current_completion is not None:
            buf.complete_state = None          # accept the selected completion, keep editing
            return
        buf.complete_state = None
        doc = buf.document
        if is_command(doc.current_line) and doc.line_count > 1:
            # a command typed inside an unfinished block runs at once; the block comes back
            lines = list(doc.lines)                # a copy: prompt_toolkit caches the list
            del lines[doc.cursor_position_row]
            kept[0] = "\n".join(lines) + "\n"        # the next line of the block is a new one
            buf.text = doc.current_line.strip()
            buf.validate_and_handle()
        elif repl.needs_more(doc.text):
            buf.insert_text("\n")
        else:
            buf.validate_and_handle()

    @bindings.add("c-d")
    def _quit(event):                           # Ctrl-D quits, whatever the input holds
        event.app.exit(exception=EOFError)

    @bindings.add("escape", "enter")
    def _newline(event):                        # Alt-Enter: a new line whatever the parser says
        event.current_buffer.insert_text("\n")

    kwargs = {}
    if pt_input is not None:
        kwargs["input"] = pt_input
    if pt_output is not None and not hasattr(pt_output, "write_raw"):
        pt_output = None
    if pt_output is not None:
        kwargs["output"] = pt_output
        repl.out = repl.err = None
    session = PromptSession(
        message=PROMPT, multiline=True, prompt_continuation=CONTINUATION, history=_history(history),
        lexer=PygmentsLexer(WLangageLexer), completer=make_completer(repl), complete_while_typing=False,
        key_bindings=bindings, enable_history_search=False, **kwargs)
    # A terminal that does not answer cursor position requests (a pipe, pexpect, some
    # emulators) works all the same; prompt_toolkit's warning about it would only puzzle.
    session.app.renderer.cpr_not_supported_callback = None
    try:
        while not repl.quit:
            default, kept[0] = kept[0], ""
            try:
                text = session.prompt(default=default)
            except KeyboardInterrupt:
                continue                      # Ctrl-C: cancel the current input
            except EOFError:
                break                         # Ctrl-D
            repl.handle(text)
    finally:
        repl.close()
    return 0
