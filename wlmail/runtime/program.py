"""Starting and ending a compiled WLangage program, the same way whether `wlmail run` starts it
or a transpiled `.py` runs with `python3 lire.py`: the command-line options they share (one
table, OPTIONS), and the run that turns an uncaught error into `lire.wl:LINE: message`.

This is runtime code, because a transpiled program imports only the runtime."""
from __future__ import annotations

import argparse
import bisect
import collections
import os
import sys

from .errors import WLError, describe_python_error


class ProgramEnd(BaseException):
    """FinProgramme: unwinds the program (no WLangage handler catches it) to run_main, which
    prints `message` on standard error and exits with `status`."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


class Option(collections.namedtuple("Option", "flag help metavar env mail choices repeat",
                                     defaults=(None, None, False, None, False))):
    """One option of a program run.  `metavar` None makes it a switch; `env` names the
    environment variable that gives its default ("1" turns a switch on); `mail` options are
    settings of the mail runtime, passed by name to `wlmail.runtime.email.configure`; a `repeat`
    option may be given several times (its value is a list).
    (A named tuple, not a dataclass: every transpiled program starts with this module.)"""
    __slots__ = ()

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")

    def default(self):
        value = os.environ.get(self.env) if self.env else None
        if self.metavar is None:
            return value == "1"
        if self.repeat:
            return [value] if value else None
        return value or None


class _Repeated(argparse.Action):
    """A repeatable option: the values given on the command line replace its environment default."""

    def __call__(self, parser, namespace, value, option_string=None):
        current = getattr(namespace, self.dest)
        setattr(namespace, self.dest, [*(current if current is not self.default else []), value])


# Adding an option to `wlmail run`, `wlmail repl` and every transpiled program: one line here
# (and, for a mail option, the keyword of the same name in `email.configure`).
OPTIONS = (
    Option("--mailbox", "use the Maildir (or mbox) at DIR for every mail session instead of a server; "
           "a DIR holding one Maildir per account (user@host) gives each account its own; "
           "repeat ACCOUNT=DIR (ACCOUNT: user@host or user) to name each account's Maildir",
           "DIR", "WLMAIL_MAILBOX", mail=True, repeat=True),
    Option("--cafile", "extra trusted CA certificate(s) for TLS", "PEM", "WLMAIL_CAFILE", mail=True),
    Option("--debug", "show the Python traceback of run-time errors", env="WLMAIL_DEBUG"),
    Option("--answer", "the answer of OuiNon, Confirmer and Dialogue when there is no terminal "
           "(oui: Oui or the default button, non: Non or the cancel button)", "oui|non", "WLMAIL_ANSWER",
           choices=("oui", "non")),
    Option("--dry-run", "read the real mailboxes but change nothing: every delete, copy, flag change, folder "
           "change and send is printed as 'would ...' on stderr, and f* file writes as 'would write'",
           env="WLMAIL_DRY_RUN"),
    Option("--log", "append one JSON line per mailbox change or send to FILE (audit log)", "FILE", "WLMAIL_LOG"),
    Option("--create", "create the --mailbox Maildir when it does not exist (otherwise an error)",
           env="WLMAIL_CREATE"),
)

EXTERN_LINES = 1_000_000
"""The code of the k-th file included with EXTERNE "f.wl" is numbered k * EXTERN_LINES + its line,
so that one compiled program keeps every line's file (see `source_position`)."""


def source_position(path: str, line: int, origins: dict | None = None) -> tuple[str, int]:
    """The file and line of `line` of the program compiled from `path`: an included file's line
    when `origins` (k -> file) says the line comes from one."""
    if origins and line >= EXTERN_LINES and line // EXTERN_LINES in origins:
        return origins[line // EXTERN_LINES], line % EXTERN_LINES
    return path, line


EXIT_UNCAUGHT_ERROR = 1     # an error no QUAND EXCEPTION / CAS ERREUR caught stopped the script
EXIT_BAD_START = 2          # syntax or compile error, unreadable script, wrong command line
EXIT_SCRIPT_ERROR = 3       # the script ran to its end but reported an error with Erreur()
EXIT_BROKEN_PIPE = 141      # its output was closed (as a Unix tool killed by SIGPIPE)

arguments: list[str] = []
"""The script's own command-line arguments, those after the script (or after the options of a
transpiled program): what WLangage's LigneCommande reads."""


def add_options(parser: argparse.ArgumentParser, mail_only: bool = False) -> None:
    """Add the program options to a parser (`mail_only`: the mail settings, for the REPL)."""
    for option in OPTIONS:
        if mail_only and not option.mail:
            continue
        help_text = option.help + (f" (default: ${option.env})" if option.env else "")
        if option.metavar is None:
            parser.add_argument(option.flag, action="store_true", default=option.default(), help=help_text)
        elif option.repeat:
            parser.add_argument(option.flag, metavar=option.metavar, default=option.default(), help=help_text,
                                action=_Repeated)
        else:
            parser.add_argument(option.flag, metavar=option.metavar, default=option.default(), help=help_text,
                                choices=option.choices)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("arguments", nargs=argparse.REMAINDER, metavar="ARG",
                        help="arguments given to the script")


def option_problem(ns: argparse.Namespace) -> str | None:
    """Why the options cannot start a run: a --mailbox that does not exist is a typo until
    --create says otherwise (and a dry run creates nothing)."""
    entries = getattr(ns, "mailbox", None) or ()
    if entries:
        from .email.sessions import split_mailbox      # only then: no mail stack for other runs
    for entry in entries:
        mailbox = split_mailbox(entry)[1]
        if os.path.exists(mailbox):
            continue
        if getattr(ns, "dry_run", False):
            return f"wlmail: --mailbox {mailbox} does not exist (a dry run creates nothing)"
        if not getattr(ns, "create", False):
            return f"wlmail: --mailbox {mailbox} does not exist (add --create to start an empty Maildir there)"
    return None


def apply_options(ns: argparse.Namespace, script: str = "") -> None:
    """Every run starts from its command line's settings (also when several run in one process).
    --dry-run and --log go to the mail gate, which f* file changes ask too.
    Call it once the program's module is loaded: the mail stack is configured only when the
    program imported it (or the gate is asked for), so a script that sends no mail never loads it."""
    global arguments
    from . import files
    dry_run = bool(getattr(ns, "dry_run", False))
    log = getattr(ns, "log", None)
    files.change_hook = None
    if "wlmail.runtime.email" in sys.modules or dry_run or log:
        from .email import configure, gate
        configure(**{o.dest: getattr(ns, o.dest) for o in OPTIONS if o.mail and hasattr(ns, o.dest)})
        gate.configure_gate(dry_run=dry_run, log=log, script=script)
        files.change_hook = gate.file_change if dry_run else None
    given = list(getattr(ns, "arguments", None) or [])
    arguments = given[1:] if given[:1] == ["--"] else given     # `--` only ends the options
    from .output import set_answer
    set_answer(getattr(ns, "answer", None))


def run_program(main, source: str | None = None, lines: dict[int, int] | None = None,
                origins: dict | None = None, argv: list[str] | None = None) -> int:
    """The entry point of a transpiled program: `python3 lire.py [OPTIONS] [ARG...]`.
    `source` is the `.wl` file relative to the `.py` file, `lines` maps Python lines to its lines,
    `origins` names the files EXTERNE included (relative to the `.py` file too)."""
    filename = main.__code__.co_filename
    parser = argparse.ArgumentParser(prog=os.path.basename(filename), description=(
        f"WLangage program transpiled from {os.path.basename(source)}." if source else None))
    add_options(parser)
    add_arguments(parser)
    ns = parser.parse_args(argv)
    problem = option_problem(ns)
    if problem:
        print(problem, file=sys.stderr)
        sys.exit(EXIT_BAD_START)
    apply_options(ns, script=source or filename)
    return run_main(main, filename=filename, debug=ns.debug, source=source and _shown_path(filename, source),
                    lines=lines, origins={k: _shown_path(filename, f) for k, f in (origins or {}).items()})


def _shown_path(py_file: str, source: str) -> str:
    """The `.wl` file beside the `.py` one, named as `wlmail run` would be given it from here:
    relative to the current folder when it lies inside it."""
    path = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(py_file)), source))
    relative = os.path.relpath(path)
    return path if relative.startswith(os.pardir) else relative


def wl_line_of(exc: BaseException, filename: str, lines: dict[int, int] | None = None) -> int | None:
    """The `.wl` line where an error happened: the deepest frame compiled from `filename`,
    through `lines` (Python line -> `.wl` line from that line on) for a transpiled program."""
    import traceback
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == filename:
            line = lineno
    if line is not None and lines:
        starts = list(lines)
        i = bisect.bisect_right(starts, line) - 1
        line = lines[starts[i]] if i >= 0 else None
    return line


def error_message(exc: BaseException) -> str:
    if isinstance(exc, WLError):
        return exc.message
    return describe_python_error(exc)


def run_main(main, filename: str | None = None, debug: bool | None = None,
             source: str | None = None, lines: dict[int, int] | None = None, origins: dict | None = None) -> int:
    """Run a compiled program's `main` as `wlmail run` does: an uncaught error prints
    `file:LINE: message` and exits with status 1 (`--debug` or WLMAIL_DEBUG=1 add the traceback);
    a script that ended normally after reporting an error with Erreur() exits with status 3.
    `source` is the file named in messages when it is not `filename` (a transpiled program)."""
    from .output import reported
    reported["errors"] = 0
    if filename is None:
        filename = main.__code__.co_filename
    if debug is None:
        debug = os.environ.get("WLMAIL_DEBUG") == "1"
    from .files import close_all as close_files, set_script_path
    set_script_path(filename)                  # fRepExe(): the script's folder (the .py's when transpiled)
    try:
        main()
    except ProgramEnd as end:                  # FinProgramme
        sys.stdout.flush()
        if end.message:
            print(end.message, file=sys.stderr)
        code = end.status
    except KeyboardInterrupt:
        sys.stdout.flush()
        print("Interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:                 # `wlmail run x.wl | head`: the reader is gone, stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_BROKEN_PIPE
    except Exception as exc:                # every failure becomes a WLangage error report
        sys.stdout.flush()
        line = wl_line_of(exc, filename, lines)
        where = source or filename
        if line:
            where, line = source_position(where, line, origins)
        print(f"{where}:{line}: {error_message(exc)}" if line else f"{where}: {error_message(exc)}",
              file=sys.stderr)
        if debug:
            import traceback
            traceback.print_exception(exc)
        code = EXIT_UNCAUGHT_ERROR
    else:
        code = EXIT_SCRIPT_ERROR if reported["errors"] else 0
    finally:
        close_files()
        close_sessions()
    if main.__module__ == "__main__":       # a transpiled script run with `python3`
        sys.exit(code)
    return code


def close_sessions():
    """Mail sessions left open close at program end, as in WINDEV."""
    email = sys.modules.get("wlmail.runtime.email")
    closer = getattr(email, "close_all", None)
    if closer is not None:
        try:
            closer()
        except Exception:
            pass
