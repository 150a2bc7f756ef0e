"""WLangage output and dialog functions for a console script runner.

WINDEV shows Trace in a trace window and Info/Erreur/OuiNon in message boxes.
wlmail runs scripts in a terminal, like PC SOFT's WDScriptConsole where "the
result of Trace is shown on the standard output":
  - Trace, Info, ConsoleEcrit write to standard output;
  - Erreur, Avertissement, ConsoleErreur write to standard error;
  - OuiNon and Confirmer print their question on standard error and take the
    answer given to `wlmail run --answer oui|non` (`set_answer`), else read it
    from standard input when it is a terminal; with neither they stop with a
    WLangage error: an unattended job never answers "yes" (or anything) silently.
The streams are looked up at each call (sys.stdout / sys.stderr), so redirections
and test captures work, and flushed so output interleaves correctly with the
mail layer's.  RC ("\\r\\n") is written as a plain "\\n".
`[D:nnn]` tags are page ids of PC SOFT's help mirrored in gcarcau/windev-react.
"""
from __future__ import annotations

import sys

from .errors import ErreurInfo, WLError
from .values import to_str

__all__ = [
    "Trace", "Info", "Erreur", "Error", "Avertissement", "Warning",
    "OuiNon", "YesNo", "Confirmer", "Confirm", "ConsoleEcrit", "ConsoleWrite",
    "ConsoleErreur", "ConsoleError", "Dialogue", "Dialog",
    "dlgIcôneErreur", "dlgIcôneInfo", "dlgIcôneQuestion", "dlgIconError", "dlgIconInfo", "dlgIconQuestion",
    "Oui", "Non", "Annuler", "Yes", "No", "Cancel",
]

# answers of OuiNon / Confirmer [D:3021005][D:3021007]
Non = 0
Oui = 1
Annuler = 2
Yes, No, Cancel = Oui, Non, Annuler

# Trace's page says the extra parameters are shown "on the same line" as the
# first one without naming a separator [D:3013050]; wlmail uses one space.
TRACE_SEPARATOR = " "


def _console(text: str) -> str:
    return text.replace("\r\n", "\n")


def _write(stream, text: str) -> None:
    stream.write(text)
    stream.flush()


def _lines(values) -> str:
    return "\n".join(_console(to_str(v)) for v in values)


def Trace(*values) -> None:
    """Writes its parameters (any type, converted to chaînes) on one line of the
    standard output [D:3013050]."""
    _write(sys.stdout, TRACE_SEPARATOR.join(_console(to_str(v)) for v in values) + "\n")


def Info(*lines) -> None:
    """Writes a message on the standard output, one line per parameter [D:3021011]."""
    _write(sys.stdout, _lines(lines) + "\n")


# how many times the script reported an error with Erreur(): `wlmail run` then exits with 3
reported = {"errors": 0}


def Erreur(*lines) -> None:
    """Writes an error message on the standard error, one line per parameter;
    without parameter, the message of the last WLangage function that failed
    (Erreur(ErreurInfo())) [D:3021013]."""
    reported["errors"] += 1
    if not lines:
        lines = (ErreurInfo(),)
    _write(sys.stderr, _lines(lines) + "\n")


def Avertissement(*lines) -> None:
    """Writes a warning on the standard error, one line per parameter [D:3021009]."""
    _write(sys.stderr, _lines(lines) + "\n")


def ConsoleEcrit(message) -> None:
    """Writes the chaîne on the standard output, as is (no line end added)
    [D:1000024022]."""
    _write(sys.stdout, _console(to_str(message)))


def ConsoleErreur(message) -> None:
    """Writes the chaîne on the standard error, as is [D:1000024023]."""
    _write(sys.stderr, _console(to_str(message)))


_YES = {"o", "oui", "y", "yes"}
_NO = {"n", "non", "no"}
_CANCEL = {"a", "annuler", "c", "cancel"}


_answer: str | None = None


def set_answer(answer: str | None) -> None:
    """The answer of every OuiNon/Confirmer when there is no terminal: "oui", "non" or None."""
    global _answer
    _answer = answer


def _ask(arguments, choices: dict, labels: str, function: str) -> int:
    default = Oui
    if len(arguments) > 1 and isinstance(arguments[0], (int, bool)):
        default, arguments = int(arguments[0]), arguments[1:]
    question = _lines(arguments)
    names = {Oui: "Oui", Non: "Non", Annuler: "Annuler"}
    prompt = f"{question} [{labels}, défaut : {names.get(default, default)}] "
    if _answer is not None:
        _write(sys.stderr, f"{prompt}{_answer} (--answer)\n")
        return Oui if _answer == "oui" else Non
    interactive = sys.stdin is not None and hasattr(sys.stdin, "isatty") and sys.stdin.isatty()
    while interactive:
        _write(sys.stderr, prompt)
        line = sys.stdin.readline()
        if line == "":  # end of input: nobody answers
            _write(sys.stderr, "\n")
            break
        answer = line.strip().casefold()
        if answer == "":
            return default
        for value, words in choices.items():
            if answer in words:
                return value
    raise WLError(f"{function}: no terminal to answer \"{question}\": "
                  f"run the script with --answer oui or --answer non")


# Dialogue's icons [D:3021015]: a console shows none
dlgIcôneErreur, dlgIcôneInfo, dlgIcôneQuestion = 1, 2, 3
dlgIconError, dlgIconInfo, dlgIconQuestion = dlgIcôneErreur, dlgIcôneInfo, dlgIcôneQuestion


def Dialogue(question, buttons=None, default=1, cancel=None, icon=None) -> int:
    """Dialogue(<Question>, <Libellés des boutons> [, <Bouton par défaut> [, <Bouton
    d'annulation> [, <Icône>]]]): asks the question and returns the number of the button
    chosen (its number or its label typed on the terminal).  `--answer oui` chooses the
    default button, `--answer non` the cancel button (the last one unless given); with neither
    a terminal nor an answer it stops with a WLangage error [D:3021015]."""
    if not isinstance(buttons, list):
        raise WLError("Dialogue: the message-wizard syntax (a message number) is not supported by "
                      "wlmail: give the question and an array of button labels")
    labels = [to_str(b) for b in buttons]
    default = int(default or 1)
    cancel = len(labels) if cancel is None else int(cancel)
    choices = ", ".join(f"{i} {label}" for i, label in enumerate(labels, 1))
    prompt = f"{_console(to_str(question))} [{choices}, défaut : {default}] "
    if _answer is not None:
        chosen = default if _answer == "oui" else cancel
        _write(sys.stderr, f"{prompt}{chosen} (--answer {_answer})\n")
        return chosen
    interactive = sys.stdin is not None and hasattr(sys.stdin, "isatty") and sys.stdin.isatty()
    while interactive:
        _write(sys.stderr, prompt)
        line = sys.stdin.readline()
        if line == "":
            _write(sys.stderr, "\n")
            break
        answer = line.strip()
        if answer == "":
            return default
        if answer.isdigit() and 1 <= int(answer) <= len(labels):
            return int(answer)
        for i, label in enumerate(labels, 1):
            if answer.casefold() == label.casefold():
                return i
    raise WLError(f"Dialogue: no terminal to answer \"{to_str(question)}\": "
                  f"run the script with --answer oui or --answer non")


def OuiNon(*arguments) -> int:
    """Asks a yes/no question: OuiNon([<default button>,] <texte> [, <ligne 2>...]);
    returns Oui (1) or Non (0) [D:3021005]."""
    return _ask(arguments, {Oui: _YES, Non: _NO}, "o/n", "OuiNon")


def Confirmer(*arguments) -> int:
    """Asks a yes/no/cancel question; returns Oui (1), Non (0) or Annuler (2)
    [D:3021007]."""
    return _ask(arguments, {Oui: _YES, Non: _NO, Annuler: _CANCEL}, "o/n/a", "Confirmer")


Error = Erreur
Warning = Avertissement
YesNo = OuiNon
Confirm = Confirmer
Dialog = Dialogue
ConsoleWrite = ConsoleEcrit
ConsoleError = ConsoleErreur
# Trace and Info have the same name in English.
