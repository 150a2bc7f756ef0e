"""The `wlmail` command: run, check, transpile, repl, report, auth."""
from __future__ import annotations

import argparse
import os
import pathlib
import sys

from .syntax import WLSyntaxErrors, read_source

EXIT_RUNTIME_ERROR = 1      # an uncaught run-time error stopped the script (runtime.support.run_main)
EXIT_SYNTAX_ERROR = 2       # syntax or compile error, unreadable script, bad command line
EXIT_SCRIPT_ERROR = 3       # the script ran to its end but reported an error with Erreur() (run_main)


def wl_files(paths) -> list[pathlib.Path]:
    """The .wl files named, or found under the folders named, in a stable order."""
    found = []
    for p in map(pathlib.Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() == ".wl" and f.is_file()))
        else:
            found.append(p)
    return found


def cmd_run(args) -> int:
    from .compiler import CompileErrors, compile_source
    from .diagnostics import diagnostics
    from .runtime.program import apply_options, option_problem, run_main
    path = args.script
    problem = option_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_SYNTAX_ERROR
    try:
        text = read_source(path)
    except OSError as exc:
        print(f"wlmail: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return EXIT_SYNTAX_ERROR
    try:
        _, compiler = compile_source(text, path)
    except (WLSyntaxErrors, CompileErrors) as exc:
        for diag in diagnostics(exc, text, path):
            print(diag.format(), file=sys.stderr)
        return EXIT_SYNTAX_ERROR
    apply_options(args, script=path)
    namespace = {"__name__": "__wlmain__", "__file__": path}
    exec(compiler.code, namespace)
    return run_main(namespace["main"], filename=path, debug=args.debug, origins=compiler.origins)


def cmd_check(args) -> int:
    from .compiler import CompileErrors, compile_source
    from .diagnostics import diagnostics, located_warnings
    files = wl_files(args.paths)
    n_errors = n_warnings = 0
    for f in files:
        try:
            text = read_source(f)
        except OSError as exc:
            print(f"{f}: cannot read: {exc.strerror}")
            n_errors += 1
            continue
        try:
            _, warnings = compile_source(text, str(f))      # the compiler holds the warnings
        except (WLSyntaxErrors, CompileErrors) as exc:
            for diag in diagnostics(exc, text, str(f)):
                print(diag.format())
                n_errors += 1
            warnings = exc                                   # and so do its errors
        for warning in located_warnings(warnings, str(f)):
            print(warning)
            n_warnings += 1
    print(f"{len(files)} file(s) checked: {n_errors} error(s), {n_warnings} warning(s)")
    return EXIT_SYNTAX_ERROR if n_errors else 0


def cmd_transpile(args) -> int:
    from .transpile import transpile_paths
    return transpile_paths(args.source, args.output)


def cmd_repl(args) -> int:
    from .runtime.program import apply_options, option_problem
    problem = option_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_SYNTAX_ERROR
    apply_options(args)
    from .repl import run_repl
    return run_repl(history=args.history)


def cmd_report(args) -> int:
    from .report import report
    return report(args.paths, fmt=args.format)


def cmd_auth(args) -> int:
    """A first OAuth 2.0 authorisation for an unattended job: stores the account's refresh
    token where AuthIdentifie finds it (same token URL, client id, scope and user)."""
    from .runtime.auth import flows, providers
    preset = {k: v.format(tenant=args.tenant) for k, v in providers.PRESETS.get(args.provider, {}).items()}
    client = flows.Client(
        client_id=args.client_id, client_secret=os.environ.get(args.client_secret_env, ""),
        token_url=args.token_url or preset.get("token_url", ""), auth_url=args.auth_url or preset.get("auth_url", ""),
        device_url="" if args.browser else (args.device_url or preset.get("device_url", "")),
        scope=args.scope or preset.get("scope", ""), extra=args.extra or preset.get("extra", ""),
        redirect_uri=args.redirect_uri or preset.get("redirect_uri", ""), user=args.user)
    if not client.token_url:
        print("wlmail auth: give --provider or --token-url", file=sys.stderr)
        return EXIT_SYNTAX_ERROR
    try:
        if args.browser:
            flows.store.save(client.key, flows.code_flow(client, flows.notify_stderr, flows.read_stdin_line))
        else:
            flows.authorise(client)
    except flows.AuthFailure as e:
        print(f"wlmail auth: OAuth 2.0 connection error: {e.message}", file=sys.stderr)
        return EXIT_RUNTIME_ERROR
    print(f"wlmail auth: authorised; the refresh token of {client.key.describe()} is stored in "
          f"{flows.store.path_of(client.key)} (mode 0600)", file=sys.stderr)
    print(f"In the script: ClientID = {client.client_id!r}, URLToken = {client.token_url!r}, "
          f"Scope = {client.scope!r}, NomUtilisateur = {client.user!r}")
    return 0


def version() -> str:
    """The installed distribution's version; the package's own when it runs from a source tree."""
    import importlib.metadata
    try:
        return importlib.metadata.version("wlmail")
    except importlib.metadata.PackageNotFoundError:
        from . import __version__
        return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wlmail", description="Run, port and explore WLangage mail scripts.")
    parser.add_argument("--version", action="version", version=f"wlmail {version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    from .runtime.program import add_arguments, add_options

    run = sub.add_parser("run", help="run a .wl script", usage="wlmail run [OPTIONS] script.wl [ARG...]")
    add_options(run)                # the options a transpiled program takes too
    run.add_argument("script")
    add_arguments(run)
    run.set_defaults(func=cmd_run)

    check = sub.add_parser("check", help="report syntax errors and unsupported names without running")
    check.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    check.set_defaults(func=cmd_check)

    tr = sub.add_parser("transpile", help="write readable Python for a .wl file or a tree")
    tr.add_argument("source")
    tr.add_argument("-o", "--output", help="output .py file or folder (default: next to the source)")
    tr.set_defaults(func=cmd_transpile)

    repl = sub.add_parser("repl", help="interactive WLangage")
    repl.add_argument("--history", default=os.path.expanduser("~/.wlmail_history"))
    add_options(repl, mail_only=True)
    repl.set_defaults(func=cmd_repl)

    rep = sub.add_parser("report", help="porting readiness report for a tree of .wl files")
    rep.add_argument("paths", nargs="+", metavar="DIR")
    rep.add_argument("--format", choices=("text", "json"), default="text")
    rep.set_defaults(func=cmd_report)

    auth = sub.add_parser("auth", help="first OAuth 2.0 authorisation of a mail account (device code, or a "
                                       "browser on any machine); stores the refresh token for unattended runs")
    from .runtime.auth.providers import PRESETS
    auth.add_argument("--provider", choices=sorted(PRESETS),
                      help="fill in the URLs and mail scopes of a known provider")
    auth.add_argument("--tenant", default="common", help="Microsoft Entra tenant (default: common)")
    auth.add_argument("--client-id", required=True)
    auth.add_argument("--client-secret-env", default="WLMAIL_OAUTH_CLIENT_SECRET", metavar="VAR",
                      help="environment variable holding the client secret, if the app has one "
                           "(default: WLMAIL_OAUTH_CLIENT_SECRET); never on the command line")
    auth.add_argument("--user", default="", help="the mailbox (NomUtilisateur in the script)")
    auth.add_argument("--scope")
    auth.add_argument("--auth-url")
    auth.add_argument("--token-url")
    auth.add_argument("--device-url", help="RFC 8628 device authorization endpoint")
    auth.add_argument("--redirect-uri", help="the redirect URI registered for the app (browser flow)")
    auth.add_argument("--extra", help="extra authorization request parameters, URL-encoded")
    auth.add_argument("--browser", action="store_true", help="use the browser flow even if a device flow exists")
    auth.set_defaults(func=cmd_auth)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
