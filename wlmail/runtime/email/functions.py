"""The WLangage e-mail functions (email-api.md §2), FR names with EN aliases.

Error model (email-api.md §5, §7.14):

* every function clears ErreurDétectée and `Email.Erreur` on entry;
* a failure of the mail server, the network or the data (a backend `MailError`, a
  missing attachment file...) returns Faux / -1 / "" with ErreurDétectée = Vrai,
  the message in ErreurInfo() and the code in `Email.Erreur`;
* misuse is a fatal WLError (catchable by QUAND EXCEPTION): reading through a session
  never opened or through an SMTP-only session, sending through a POP3-only session,
  NON LU / flags / folders on POP3, a wrong argument type;
* "no more messages" is not an error: Faux with ErreurDétectée = Faux and EnDehors = Vrai
  (ambiguity A1: the normative text; it also keeps `TANTQUE EmailLitSuivant(s)` finite);
* no other Python exception escapes, and a password never appears in a message.

Reading never marks mail \\Seen (see sessions.py); EmailChangeEtat does.
"""
from __future__ import annotations

import base64
import concurrent.futures
import contextlib
import functools
import os
import re
import urllib.parse
import uuid
from typing import Sequence

from ..errors import WLError, UnsupportedError, clear_error, set_error
from ..files import native_path, write_bytes
from ..arrays import WLArray
from ..values import identity, to_int, to_str
from . import gate, mime, sessions
from .backends.base import (ERR_ACCESS_DENIED, ERR_BAD_ADDRESS, ERR_CONNECT, ERR_INVALID_MESSAGE, ERR_NETWORK,
                            ERR_NO_MESSAGE, ERR_TIMEOUT, ERR_UNKNOWN, MailError)
from .sessions import SessionState, scrub
from .types import (WLEmail, WLEmailStructure, _SessionVar, current_structure, emailAdresseErreur,
                    emailAdresseSyntaxeIncorrecte, emailAdresseValide, emailAttache, emailCorps,
                    emailDestinataire, emailEtatLu, emailEtatMarqué, emailEtatNonLu, emailEtatNonMarqué,
                    emailExpéditeur, emailMessageID, emailNonLus,
                    emailOptionEncodeEntête, emailOptionEntêteCCi, emailOptionMessageID, emailOptionRéférence,
                    emailOptionSansCID,
                    emailSujet, emailTous,
                    emailSessionIMAP, emailSessionPOP3, emailSessionSMTP,
                    emailValideParServeur, emailValideSyntaxeStrict, ertComplet, ertEntête, ertNonLus,
                    is_email_value, LstDossierTrié, resolve_email)

ERR_ATTACH_NOT_FOUND = 11
ERR_ATTACH_OPEN = 12
ERR_ATTACH_WRITE = 13

__all__ = [
    "EmailOuvreSession", "EmailOuvreSessionIMAP", "EmailOuvreSessionPOP3", "EmailOuvreSessionSMTP",
    "EmailFermeSession", "EmailChangeTimeOut", "EmailLitTimeOut", "EmailParamètre",
    "EmailLitPremier", "EmailLitSuivant", "EmailLitDernier", "EmailLitPrécédent",
    "EmailLitEntêtePremier", "EmailLitEntêteSuivant", "EmailLitEntêteDernier", "EmailLitEntêtePrécédent",
    "EmailLitMessage", "EmailLitEntêteMessage", "EmailRécupèreTout", "EmailNbMessage", "EmailTailleMessage",
    "EmailCherchePremier", "EmailRécupèreIndicateur", "EmailSupprimeMessage", "EmailDétruit",
    "EmailChangeEtat", "EmailCopie", "EmailChangeDossier", "EmailDossierCourant", "EmailListeDossier",
    "EmailAjouteDossier", "EmailSupprimeDossier", "EmailEnvoieMessage", "EmailEnvoie",
    "EmailConstruitSource", "EmailImporteSource", "EmailImporteHTML", "EmailChargeFichierAttaché",
    "EmailSauveFichierAttaché", "EmailRAZ", "EmailVérifieAdresse", "EmailMsgErreur",
    # English
    "EmailStartSession", "EmailStartIMAPSession", "EmailStartPOP3Session", "EmailStartSMTPSession",
    "EmailCloseSession", "EmailSetTimeOut", "EmailGetTimeOut", "EmailConfigure",
    "EmailReadFirst", "EmailReadNext", "EmailReadLast", "EmailReadPrevious",
    "EmailReadFirstHeader", "EmailReadNextHeader", "EmailReadLastHeader", "EmailReadPreviousHeader",
    "EmailReadMessage", "EmailReadMessageHeader", "EmailGetAll", "EmailMessageLength",
    "EmailSeekFirst", "EmailGetIndicator", "EmailDeleteMessage", "EmailExpunge", "EmailChangeStatus",
    "EmailCopy", "EmailChangeFolder", "EmailCurrentFolder", "EmailListFolder", "EmailAddFolder",
    "EmailRemoveFolder", "EmailSendMessage", "EmailSend", "EmailBuildSource", "EmailImportSource",
    "EmailImportHTML", "EmailLoadAttachment", "EmailSaveAttachment", "EmailReset", "EmailCheckAddress",
    "EmailMsgError",
    # for the compiler
    "iterate_session",
]


# --------------------------------------------------------------------------- plumbing

def _fail(code: int, message: str) -> None:
    set_error(scrub(message), code)
    object.__setattr__(current_structure(), "_erreur", int(code))


def _credentials(*args, **kwargs):
    """A session's credentials; in a dry run (the gate's setting) the backend is read-only."""
    return sessions.make_credentials(*args, read_only=gate.settings.dry_run, **kwargs)


def _mailfunc(fail):
    """Wrap a WLangage mail function: clear the error state, turn backend failures into
    (fail value + ErreurDétectée), let WLError through, never leak another exception."""

    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            clear_error()
            object.__setattr__(current_structure(), "_erreur", 0)
            try:
                return fn(*args, **kwargs)
            except MailError as e:
                _fail(e.code, e.message)
            except mime.ComposeError as e:
                _fail(ERR_INVALID_MESSAGE, str(e))
            except WLError:
                raise
            except TimeoutError as e:
                _fail(ERR_TIMEOUT, f"{fn.__name__}: timed out ({e})")
            except (OSError, EOFError) as e:
                _fail(ERR_NETWORK, f"{fn.__name__}: {type(e).__name__}: {e}")
            except RecursionError:
                raise
            except Exception as e:
                raise WLError(scrub(f"{fn.__name__}: internal error: {type(e).__name__}: {e}")) from e
            return fail() if callable(fail) else fail

        wrapper.__wrapped__ = fn
        return wrapper

    return deco


def _state(session, what: str) -> SessionState:
    """The open session behind a session variable or a user name."""
    if isinstance(session, _SessionVar):
        st = session._state
        if st is None or not st.is_open:
            raise WLError(f"{what}: the session {type(session).__name__} ({session.Nom or session.AdresseServeur}) "
                          f"is not open; call EmailOuvreSession first")
        return st
    if isinstance(session, str):
        st = sessions.named(session)
        if st is None or not st.is_open:
            raise WLError(f"{what}: no e-mail session is open under the name {session!r}")
        return st
    raise WLError(f"{what}: a session (user name or emailSession variable) was expected, "
                  f"not {type(session).__name__}")


def _target(mail, what: str):
    if mail is None:
        return current_structure()
    if not is_email_value(mail):
        raise WLError(f"{what}: an Email variable was expected, not {type(mail).__name__}")
    return resolve_email(mail)


def _read_mode(mode, st: SessionState, what: str) -> bool | None:
    """None (keep the cursor's), True (unread only) or False (all)."""
    if mode is None:
        return None
    if isinstance(mode, str):
        key = " ".join(mode.upper().split())
        if key in ("NON LUS", "NON LU", "UNREAD"):
            unread = True
        elif key in ("TOUS", "ALL", ""):
            unread = False
        else:
            raise WLError(f"{what}: unknown read mode {mode!r} (emailNonLus or emailTous)")
    else:
        unread = to_int(mode) == emailNonLus
    if unread and not st.supports_flags:
        raise WLError(f"{what}: emailNonLus needs read/unread flags, which POP3 does not have")
    return unread


def _deliver(st: SessionState, target, fm, headers_only: bool) -> bool:
    """Fill the target (and the global EnDehors) from a fetched message, or mark the end."""
    glob = current_structure()
    if fm is None:
        target._put("EnDehors", True)
        glob._put("EnDehors", True)
        return False
    if headers_only:
        msg, lazy = mime.ParsedMessage(fm.data, complete=False), None
    else:
        msg, lazy = _parsed(fm), _body_loader(st.cursor.bodies, fm)
        st.delivered = target if lazy is not None else None
    target._load(msg, st, fm.id, st.folder, lazy)
    target._put("EnDehors", False)
    if target is not glob:
        glob._put("EnDehors", False)
    st.last_read = (fm.id, st.folder)
    st.last_message = msg
    return True


_CONNECTION_LOST = (ERR_NETWORK, ERR_TIMEOUT, ERR_CONNECT)


@contextlib.contextmanager
def _reading(st: SessionState, target=None):
    """Around every read: a failure ends the loop whatever its style (EnDehors = Vrai on the
    target and the global structure, the cursor at an end), and once the connection is lost
    every later read of the session fails at once with the same error instead of retrying."""
    try:
        if st.failed is not None:
            raise MailError(st.failed.code, st.failed.message)
        yield
    except (MailError, OSError, EOFError) as e:
        glob = current_structure()
        glob._put("EnDehors", True)
        if target is not None and target is not glob:
            target._put("EnDehors", True)
        st.cursor.ended = True
        if not isinstance(e, MailError):
            e = MailError(ERR_TIMEOUT if isinstance(e, TimeoutError) else ERR_NETWORK,
                          f"connection lost: {type(e).__name__}: {e}")
        if e.code in _CONNECTION_LOST:
            st.failed = e
        _fail(e.code, e.message)          # also for callers outside _mailfunc (POUR TOUT, lazy bodies)
        raise e from None


def _gated(st: SessionState, op: str, action, *, folder=None, uid=None, mail=None, target: str = "",
           fingerprint: str = ""):
    """Every mailbox change and every send goes through the gate (dry-run, audit log, no repeat)."""
    return gate.change(st.account, op, action, folder=folder, uid=uid, target=target, fingerprint=fingerprint,
                       message_id=lambda: _message_id_of(st, uid, folder, mail))


def _message_id_of(st: SessionState, uid, folder, mail) -> str:
    """The Message-ID of the message a change is about, for the dry-run report and the log."""
    if mail is not None:
        msg = resolve_email(mail)._msg
        return msg.message_id if msg is not None else to_str(resolve_email(mail).MessageID)
    if uid is None:
        return ""
    if st.last_read == (uid, folder) and st.last_message is not None:
        return st.last_message.message_id
    if st.reader is None:
        return ""
    with st.in_folder(folder):
        fm = next(iter(st.reader.fetch([uid], headers_only=True)), None)
    return mime.ParsedMessage(fm.data, complete=False).message_id if fm is not None else ""


def _email_id(st: SessionState, mail, what: str) -> tuple[int, str | None]:
    e = resolve_email(mail)
    if e._id is None:
        raise MailError(ERR_NO_MESSAGE, f"{what}: this Email was not read from a mailbox")
    if e._session is not None and e._session is not st:
        raise MailError(ERR_NO_MESSAGE, f"{what}: this Email was read through another session")
    return e._id, e._folder


# --------------------------------------------------------------------------- sessions

def _account(protocol: str, creds) -> str:
    """Who a change is made as, for people: never the password."""
    if sessions.config.mailbox is not None:
        return f"{creds.user or protocol}@{sessions.local_mailbox(creds)}"
    return f"{protocol}:{creds.user}@{creds.host}:{creds.port}"


def _open(backend, creds) -> None:
    try:
        backend.open()
    except MailError as e:
        if creds is not None and creds.token and e.code == ERR_ACCESS_DENIED:
            raise MailError(e.code, f"{e.message} (the OAuth 2.0 token was refused: expired or revoked; "
                                    f"renew it with AuthRenouvelleToken or authorise again)") from None
        raise


def _open_reader(st: SessionState, protocol: str, creds) -> None:
    backend = sessions.new_reader(protocol, creds)
    _open(backend, creds)
    st.set_reader(protocol, backend)
    st.account = _account(protocol, creds)


def _open_sender(st: SessionState, creds) -> None:
    backend = sessions.new_sender(creds)
    _open(backend, creds)
    st.set_sender(backend)
    if not st.account:
        st.account = _account("smtp", creds)


def _access_token(var) -> str | None:
    """The bearer token of a session whose AuthToken is set (renewed first when it has expired)."""
    if var.AuthToken is None or sessions.config.mailbox is not None:
        return None
    from ..auth import bearer_token
    from ..auth.flows import AuthFailure
    if not var.Nom:
        raise WLError("EmailOuvreSession: with AuthToken, Nom must be the mailbox's user name (its address)")
    try:
        return bearer_token(var.AuthToken)
    except AuthFailure as e:
        raise MailError(ERR_ACCESS_DENIED, f"OAuth 2.0 connection error: {e.message}") from None


@_mailfunc(False)
def EmailOuvreSession(*args) -> bool:
    """EmailOuvreSession(<session variable>) or, for compatibility,
    EmailOuvreSession(<user>, <password>, <POP3 server> [, <SMTP server> [, <POP3 port> [, <SMTP port> [, <async>]]]])."""
    if len(args) == 1 and isinstance(args[0], _SessionVar):
        var = args[0]
        protocol = var._protocol
        if var._state is not None:
            var._state.close()
            object.__setattr__(var, "_state", None)
        if not var.AdresseServeur and sessions.config.mailbox is None:
            raise MailError(3, "EmailOuvreSession: the session has no server address (AdresseServeur)")
        verify = not (protocol == "smtp" and to_int(var.IgnoreErreur))
        creds = _credentials(var.AdresseServeur, var.Port, var.Nom, var.MotDePasse, var.Option, verify,
                                          token=_access_token(var))
        st = SessionState(None)
        if protocol == "smtp":
            _open_sender(st, creds)
        else:
            _open_reader(st, protocol, creds)
        object.__setattr__(var, "_state", st)
        return True
    if len(args) in (1, 2) and isinstance(args[0], str):
        raise UnsupportedError("EmailOuvreSession with an MS Exchange profile", "MS Exchange / MAPI")
    if len(args) < 3:
        raise WLError("EmailOuvreSession: expected a session variable, or user name, password and POP3 server")
    user, password, pop_host = to_str(args[0]), to_str(args[1]), to_str(args[2])
    smtp_host = to_str(args[3]) if len(args) > 3 and to_str(args[3]) else pop_host
    pop_port = to_int(args[4]) if len(args) > 4 else 110
    smtp_port = to_int(args[5]) if len(args) > 5 else 25
    st = sessions.named_or_new(user)
    try:
        _open_reader(st, "pop3", _credentials(pop_host, pop_port, user, password, 0))
        # SMTP authentication is not possible in this form (PC SOFT page 3032028)
        _open_sender(st, _credentials(smtp_host, smtp_port, user, "", 0))
    except BaseException:
        st.close()
        sessions.drop_named(user)
        raise
    return True


def _open_named(protocol: str, user, password, host, port, option) -> bool:
    user = to_str(user)
    st = sessions.named_or_new(user)
    creds = _credentials(to_str(host), to_int(port), user, to_str(password), to_int(option))
    try:
        if protocol == "smtp":
            _open_sender(st, creds)
        else:
            _open_reader(st, protocol, creds)
    except BaseException:
        if not st.is_open:
            sessions.drop_named(user)
        raise
    return True


@_mailfunc(False)
def EmailOuvreSessionIMAP(user, password, host, port=143, option=0) -> bool:
    return _open_named("imap", user, password, host, port, option)


@_mailfunc(False)
def EmailOuvreSessionPOP3(user, password, host, port=110, option=0) -> bool:
    return _open_named("pop3", user, password, host, port, option)


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and value.strip().isdigit()


@_mailfunc(False)
def EmailOuvreSessionSMTP(user, *args) -> bool:
    """EmailOuvreSessionSMTP(<user> [, <password>], <server> [, <port> [, <async> [, <option>]]]).

    The password sits in the middle and is optional: with one argument after the user it
    is the server; otherwise the 2nd is the password unless the 3rd is a port number."""
    if not args:
        raise WLError("EmailOuvreSessionSMTP: the SMTP server address is missing")
    if len(args) == 1 or (len(args) < 5 and _is_number(args[1])):
        password, rest = "", list(args)
    else:
        password, rest = args[0], list(args[1:])
    host = rest[0]
    port = rest[1] if len(rest) > 1 else 25
    option = rest[3] if len(rest) > 3 else 0
    return _open_named("smtp", user, password, host, port, option)


@_mailfunc(None)
def EmailFermeSession(session) -> bool:
    """Close a session; with a user name, every session opened under it (POP3 deletions happen now)."""
    if isinstance(session, _SessionVar):
        st = session._state
        object.__setattr__(session, "_state", None)
        if st is not None:
            st.close()
            return True
        return False
    if isinstance(session, str):
        st = sessions.drop_named(session)
        if st is not None:
            st.close()
            return True
        return False
    raise WLError(f"EmailFermeSession: a session was expected, not {type(session).__name__}")


def _seconds(value) -> float:
    for attr in ("total_seconds", "EnSecondes", "InSeconds"):
        v = getattr(value, attr, None)
        if v is not None:
            return float(v() if callable(v) else v)
    return float(to_int(value))


def EmailChangeTimeOut(timeout) -> None:
    """Server no-response timeout in seconds (or a Durée), for the sessions opened afterwards."""
    clear_error()
    seconds = _seconds(timeout)
    if seconds <= 0:
        raise WLError("EmailChangeTimeOut: the timeout must be positive")
    sessions.config.timeout = seconds


def EmailLitTimeOut() -> int:
    clear_error()
    return int(round(sessions.config.timeout))


def EmailParamètre(parameter, value) -> bool:
    """EmailParamètre(emailParamètreMode | emailParamètreHTML, ...): wlmail has one
    cross-platform implementation and always honours the HTML charset, so both are accepted
    and have nothing to change."""
    clear_error()
    return True


# --------------------------------------------------------------------------- reading

def _cursor_read(move: str, headers_only: bool, what: str):
    @_mailfunc(False)
    def read(session, mail=None, mode=None, msg_type=None) -> bool:
        st = _state(session, what)
        st.require_reader(what)
        target = _target(mail, what)
        unread = _read_mode(mode, st, what)
        with st.lock, _reading(st, target):
            guard = functools.partial(_reading, st)
            if move == "first":
                fm = st.read_first(bool(unread), headers_only, guard)
            elif move == "last":
                fm = st.read_last(bool(unread), headers_only, guard)
            elif move == "next":
                fm = st.read_next(unread, headers_only, guard)
            else:
                fm = st.read_previous(unread, headers_only, guard)
            return _deliver(st, target, fm, headers_only)

    read.__name__ = read.__qualname__ = what
    read.__doc__ = (f"{what}(<session> [, <Email> [, <mode emailNonLus|emailTous>]]): Vrai if a message was "
                    f"read; Faux with EnDehors = Vrai (not an error) when there is none.")
    return read


EmailLitPremier = _cursor_read("first", False, "EmailLitPremier")
EmailLitSuivant = _cursor_read("next", False, "EmailLitSuivant")
EmailLitDernier = _cursor_read("last", False, "EmailLitDernier")
EmailLitPrécédent = _cursor_read("previous", False, "EmailLitPrécédent")
EmailLitEntêtePremier = _cursor_read("first", True, "EmailLitEntêtePremier")
EmailLitEntêteSuivant = _cursor_read("next", True, "EmailLitEntêteSuivant")
EmailLitEntêteDernier = _cursor_read("last", True, "EmailLitEntêteDernier")
EmailLitEntêtePrécédent = _cursor_read("previous", True, "EmailLitEntêtePrécédent")


def _read_message(headers_only: bool, what: str):
    @_mailfunc(False)
    def read(session, *args) -> bool:
        if len(args) == 1:
            mail, number = None, args[0]
        elif len(args) == 2:
            mail, number = args
        else:
            raise WLError(f"{what}(<session> [, <Email>], <message number>): wrong number of arguments")
        if is_email_value(number) or number is None:
            raise WLError(f"{what}: the message number is missing")
        st = _state(session, what)
        st.require_reader(what)
        target = _target(mail, what)
        with st.lock, _reading(st, target):
            fm = st.read_id(to_int(number), headers_only)
            return _deliver(st, target, fm, headers_only)

    read.__name__ = read.__qualname__ = what
    read.__doc__ = (f"{what}(<session> [, <Email>], <number>): POP3 message number or IMAP UID; "
                    f"the cursor does not move.")
    return read


EmailLitMessage = _read_message(False, "EmailLitMessage")
EmailLitEntêteMessage = _read_message(True, "EmailLitEntêteMessage")


def _parsed(fm, plan: mime.HeaderPlan | None = None, widen=None) -> mime.ParsedMessage | None:
    return None if fm is None else mime.ParsedMessage(fm.data, complete=fm.complete, text_parts=fm.text_parts,
                                                      plan=plan, partial=fm.fields, widen=widen)


def _body_loader(fetcher: sessions.BodyFetcher | None, fm, plan: mime.HeaderPlan | None = None):
    """What brings a message's missing parts (text parts, or the whole message) on first
    use: None when it is complete."""
    if fm.complete or fetcher is None:
        return None
    id = fm.id
    return lambda whole: _parsed(fetcher.get(id, whole), plan)


def _make_email(st: SessionState, fm, folder, fetcher, plan: mime.HeaderPlan | None = None) -> WLEmail:
    """An Email whose missing parts `fetcher` brings on first use.  `plan`: the header names
    read from the previous messages of the same loop or array."""
    id = fm.id
    widen = None if fm.fields is None else (lambda: fetcher.header(id))
    return WLEmail._received(_parsed(fm, plan, widen), st, id, folder, _body_loader(fetcher, fm, plan))


@_mailfunc(lambda: WLArray((), identity, WLEmail))
def EmailRécupèreTout(session, options=ertEntête):
    """All messages of the current folder as a `tableau de Email`.  ertEntête (default):
    headers now, bodies fetched on first use; ertComplet: everything now; ertNonLus:
    unread only (IMAP).  ertAsynchrone is treated as ertEntête."""
    what = "EmailRécupèreTout"
    st = _state(session, what)
    reader = st.require_reader(what)
    options = to_int(options)
    unread = bool(options & ertNonLus)
    full = bool(options & ertComplet)
    if unread and not st.supports_flags:
        raise WLError(f"{what}: ertNonLus is not available for POP3")
    result = WLArray((), identity, WLEmail)
    with st.lock, _reading(st):
        ids = reader.id_sequence(unseen_only=unread)
        folder = st.folder
        fetcher = sessions.BodyFetcher(st, ids, folder, guard=lambda: _reading(st))
        plan = mime.HeaderPlan()
        for batch in sessions.batched(ids, 50 if full else 500):
            for fm in reader.fetch(batch, headers_only=not full):
                if st.is_gone(fm):
                    continue
                list.append(result, _make_email(st, fm, folder, fetcher, plan))
    if isinstance(session, _SessionVar):
        object.__setattr__(session, "_by_index", result)
    return result


@_mailfunc(-1)
def EmailNbMessage(session) -> int:
    """POP3: the count at session opening (constant); IMAP: the live count of the current folder."""
    st = _state(session, "EmailNbMessage")
    return int(st.require_reader("EmailNbMessage").count())


@_mailfunc(-1)
def EmailTailleMessage(session, number=None) -> int:
    """Size in bytes of a message (default: the message read last), without fetching it.
    wlmail also takes an Email read through the session (as EmailSupprimeMessage does)."""
    st = _state(session, "EmailTailleMessage")
    reader = st.require_reader("EmailTailleMessage")
    if number is None:
        if st.last_read is None:
            raise MailError(ERR_NO_MESSAGE, "EmailTailleMessage: no message has been read")
        id, folder = st.last_read
    elif is_email_value(number):
        id, folder = _email_id(st, number, "EmailTailleMessage")
    else:
        id, folder = to_int(number), st.folder
    with st.lock, st.in_folder(folder):
        return int(reader.size(id))


_SEARCH_KEYS = ((emailSujet, ["SUBJECT"]), (emailCorps, ["BODY"]), (emailExpéditeur, ["FROM"]),
                (emailDestinataire, ["TO"]), (emailMessageID, ["HEADER", "Message-ID"]))


def _search_criteria(parts: int, value: str) -> list:
    keys = [k for bit, k in _SEARCH_KEYS if parts & bit]
    if not keys:
        raise WLError("EmailCherchePremier: <part> must combine emailSujet, emailCorps, emailExpéditeur, "
                      "emailDestinataire or emailMessageID")
    criteria: list = []
    for i, k in enumerate(keys):
        if i < len(keys) - 1:
            criteria.append("OR")
        criteria.extend(k + [value])
    return criteria


@_mailfunc(False)
def EmailCherchePremier(session, *args) -> bool:
    """EmailCherchePremier(<session>, [<Email>,] <parts>, <value> [, <mode>]): the first match is
    read; EmailLitSuivant(<session> [, <Email>]) walks the other matches."""
    what = "EmailCherchePremier"
    if args and is_email_value(args[0]):
        mail, rest = args[0], args[1:]
    else:
        mail, rest = None, args
    if len(rest) not in (2, 3):
        raise WLError(f"{what}(<session>, [<Email>,] <part>, <value> [, <mode>]): wrong number of arguments")
    st = _state(session, what)
    reader = st.require_reader(what)
    if st.reader_kind != "imap":
        raise WLError(f"{what}: searching needs an IMAP session")
    target = _target(mail, what)
    unread = bool(_read_mode(rest[2] if len(rest) > 2 else emailTous, st, what))
    criteria = _search_criteria(to_int(rest[0]), to_str(rest[1]))
    with st.lock, _reading(st, target):
        ids = sorted(reader.search(criteria, unseen_only=unread))
        fm = st.read_results(ids, unread, False, functools.partial(_reading, st))
        return _deliver(st, target, fm, False)


@_mailfunc(lambda: WLArray((), identity, ""))
def EmailRécupèreIndicateur(session, mail) -> WLArray:
    """The IMAP flags of a message: \\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft, \\Recent, keywords."""
    what = "EmailRécupèreIndicateur"
    st = _state(session, what)
    reader = st.require_flags(what)
    id, folder = _email_id(st, mail, what)
    with st.lock, st.in_folder(folder):
        return WLArray(reader.flags(id), to_str, "")


# --------------------------------------------------------------------------- changing

@_mailfunc(False)
def EmailSupprimeMessage(session, which=None) -> bool:
    """Delete the message read last, an Email's message, or message number/UID `which`.
    POP3: DELE (removed at EmailFermeSession); IMAP: \\Deleted (removed by EmailDétruit).
    Email.EnDehors becomes Vrai; the cursor goes on with the next message."""
    what = "EmailSupprimeMessage"
    st = _state(session, what)
    reader = st.require_reader(what)
    mail = None
    if which is None:
        if st.last_read is None:
            raise MailError(ERR_NO_MESSAGE, f"{what}: no message has been read")
        id, folder = st.last_read
    elif is_email_value(which):
        mail = resolve_email(which)
        id, folder = _email_id(st, which, what)
    else:
        id, folder = to_int(which), st.folder
    def delete():
        with st.in_folder(folder):
            reader.delete(id)

    with st.lock:
        _gated(st, "delete", delete, folder=folder, uid=id, mail=mail)
        st.deleted.add((folder, id))
        if folder == st.folder:
            st.forget(id)
    current_structure()._put("EnDehors", True)
    if mail is not None:
        mail._put("EnDehors", True)
    return True


@_mailfunc(False)
def EmailDétruit(session) -> bool:
    """EXPUNGE the current IMAP folder: messages flagged \\Deleted are removed."""
    st = _state(session, "EmailDétruit")
    reader = st.require_flags("EmailDétruit")
    with st.lock:
        _gated(st, "expunge", reader.expunge, folder=st.folder)
    return True


# EmailChangeEtat's states: the flag each one sets or clears
_STATES = {emailEtatLu: ("\\Seen", True, "mark read"), emailEtatNonLu: ("\\Seen", False, "mark unread"),
           emailEtatMarqué: ("\\Flagged", True, "flag"), emailEtatNonMarqué: ("\\Flagged", False, "unflag")}


@_mailfunc(False)
def EmailChangeEtat(session, mail, state) -> bool:
    """Mark a message read (emailEtatLu: \\Seen set) or unread (emailEtatNonLu); wlmail also
    flags it (emailEtatMarqué: \\Flagged set) or clears the flag (emailEtatNonMarqué)."""
    what = "EmailChangeEtat"
    st = _state(session, what)
    reader = st.require_flags(what)
    if isinstance(state, bool):
        state = emailEtatLu if state else emailEtatNonLu
    if to_int(state) not in _STATES:
        raise WLError(f"{what}: unknown state {state} (emailEtatLu, emailEtatNonLu, emailEtatMarqué, "
                      f"emailEtatNonMarqué)")
    flag, on, operation = _STATES[to_int(state)]
    id, folder = _email_id(st, mail, what)
    def store():
        with st.in_folder(folder):
            reader.set_flag([id], flag, on)

    with st.lock:
        _gated(st, operation, store, folder=folder, uid=id, mail=mail)
    return True


_PERSONAL = "dossierspersonnels"
_INBOX_NAMES = {"boitedereception", "inbox", "boiteauxlettres", "reception"}


def map_folder(path) -> str:
    """A WLangage folder path to the backend's native '/'-separated name.

    'Dossiers personnels\\Boîte de réception\\Travail' -> 'INBOX/Travail';
    'Inbox/Lu' -> 'INBOX/Lu'; 'Archives\\2024' -> 'Archives/2024'."""
    from ..names import fold
    text = to_str(path).replace("\\", "/").strip().strip("/")
    parts = [p.strip() for p in text.split("/") if p.strip()]
    if parts and "".join(fold(parts[0]).split()) == _PERSONAL:
        parts = parts[1:]
    if not parts:
        return "INBOX"
    if "".join(c for c in fold(parts[0]) if c.isalnum()) in _INBOX_NAMES:
        parts[0] = "INBOX"
    return "/".join(parts)


@_mailfunc(False)
def EmailCopie(*args) -> bool:
    """EmailCopie(<Email>, <folder>) or EmailCopie(<session IMAP>, <Email>, <folder>).  The folder must exist."""
    what = "EmailCopie"
    if len(args) == 2:
        mail, folder = args
        if not is_email_value(mail):
            raise WLError(f"{what}: an Email variable was expected, not {type(mail).__name__}")
        st = resolve_email(mail)._session
        if st is None:
            raise MailError(ERR_NO_MESSAGE, f"{what}: this Email was not read from a mailbox")
        if not st.is_open:
            raise WLError(f"{what}: the session this Email was read from is closed")
    elif len(args) == 3:
        session, mail, folder = args
        st = _state(session, what)
    else:
        raise WLError(f"{what}([<session>,] <Email>, <folder>): wrong number of arguments")
    reader = st.require_folders(what)
    id, from_folder = _email_id(st, mail, what)
    destination = map_folder(folder)

    def copy():
        with st.in_folder(from_folder):
            reader.copy(id, destination)

    with st.lock:
        _gated(st, "copy", copy, folder=from_folder, uid=id, mail=mail, target=f"to {destination}")
    return True


@_mailfunc(False)
def EmailChangeDossier(session, path) -> bool:
    """Select an IMAP folder; reads, EmailDétruit, searches and POUR TOUT then act on it."""
    st = _state(session, "EmailChangeDossier")
    reader = st.require_folders("EmailChangeDossier")
    with st.lock:
        reader.select_folder(map_folder(path))
        try:
            current = reader.current_folder()
        except MailError:
            current = map_folder(path)
        st.selected(current)
    return True


@_mailfunc("")
def EmailDossierCourant(session) -> str:
    st = _state(session, "EmailDossierCourant")
    reader = st.require_folders("EmailDossierCourant")
    with st.lock:
        return to_str(reader.current_folder())


@_mailfunc("")
def EmailListeDossier(session, option=0) -> str:
    """Folder names separated by RC (native names, '/'-separated).  LstDossierTrié sorts;
    LstDossierType is not supported for IMAP (PC SOFT page 3032133) and is ignored."""
    st = _state(session, "EmailListeDossier")
    reader = st.require_folders("EmailListeDossier")
    with st.lock:
        names = [to_str(n) for n in reader.list_folders()]
    if to_int(option) & LstDossierTrié:
        names.sort(key=str.casefold)
    return "\r\n".join(names)


@_mailfunc(False)
def EmailAjouteDossier(session, path) -> bool:
    """Create a folder, and its missing parent levels."""
    st = _state(session, "EmailAjouteDossier")
    reader = st.require_folders("EmailAjouteDossier")
    target = map_folder(path)
    with st.lock:
        existing = {n.casefold() for n in reader.list_folders()}
        parts = target.split("/")
        for i in range(1, len(parts) + 1):
            name = "/".join(parts[:i])
            if name.casefold() in existing or name == "INBOX":
                continue
            _gated(st, "create folder", lambda: reader.create_folder(name), target=name)
            existing.add(name.casefold())
    return True


@_mailfunc(False)
def EmailSupprimeDossier(session, path) -> bool:
    st = _state(session, "EmailSupprimeDossier")
    reader = st.require_folders("EmailSupprimeDossier")
    name = map_folder(path)
    with st.lock:
        _gated(st, "delete folder", lambda: reader.delete_folder(name), target=name)
    return True


# --------------------------------------------------------------------------- sending

def _composed(e, options: int, include_bcc: bool = False, *, for_send: bool = True,
              encode_headers: bool | None = None) -> mime.Composed:
    """The message to send or to show in `.Source`.  Headers are RFC 2047-encoded only
    with emailOptionEncodeEntête [D:3032138], unless `encode_headers` says otherwise."""
    src = e._compose_input()
    if for_send:
        if not options & emailOptionMessageID:
            src.message_id = ""
        if not options & emailOptionRéférence:
            src.references = ""
    if encode_headers is None:
        encode_headers = bool(options & emailOptionEncodeEntête)
    return mime.compose(src, include_bcc=include_bcc, encode_headers=encode_headers)


@_mailfunc(False)
def EmailEnvoieMessage(session, mail=None, options=0) -> bool:
    """Send the Email variable (or the global structure) through the session's SMTP server.

    Non-ASCII header text is RFC 2047-encoded with emailOptionEncodeEntête, as the help
    says; without it, it is sent as raw UTF-8 when the server announces SMTPUTF8 (or the
    session is a local Maildir), and encoded all the same otherwise, because a server
    without SMTPUTF8 may refuse or mangle 8-bit headers (README, "Accents in headers").
    MessageID and Référence are used only with
    emailOptionMessageID / emailOptionRéférence (otherwise a Message-ID is generated)."""
    what = "EmailEnvoieMessage"
    st = _state(session, what)
    sender = st.require_sender(what)
    e = _target(mail, what)
    options = to_int(options)
    composed = _composed(e, options, encode_headers=bool(options & emailOptionEncodeEntête)
                         or not sender.accepts_utf8_headers())
    if not composed.recipients:
        raise MailError(ERR_BAD_ADDRESS, f"{what}: the message has no recipient")
    if not composed.envelope_from:
        raise MailError(ERR_BAD_ADDRESS, f"{what}: the message has no sender (Expéditeur)")
    _send(st, sender, composed.envelope_from, composed.recipients, composed.data)
    return True


def _send(st: SessionState, sender, envelope_from: str, recipients: list, data: bytes) -> None:
    mid = mime.ParsedMessage(data, complete=False).message_id
    with st.lock:
        gate.change(st.account, "send", lambda: sender.send(envelope_from, recipients, data),
                    message_id=mid, target="to " + ", ".join(recipients),
                    fingerprint=gate.send_fingerprint(envelope_from, recipients, data))


_BCC_LINE = re.compile(rb"^Bcc:.*(?:\r?\n[ \t].*)*\r?\n", re.I | re.M)


@_mailfunc(False)
def EmailEnvoie(session, filename) -> bool:
    """Send an .eml file as it is.  Envelope: the global structure's Expéditeur and
    Destinataire/Cc/Cci when filled, otherwise the file's From/To/Cc/Bcc headers.
    A Bcc header is removed from the data before sending."""
    what = "EmailEnvoie"
    st = _state(session, what)
    sender = st.require_sender(what)
    path = to_str(filename)
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise MailError(ERR_ATTACH_OPEN, f"{what}: cannot read {path}: {e.strerror or e}") from None
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    parsed = mime.ParsedMessage(data, complete=False)
    glob = current_structure()
    recipients = [mime.address_of(x) for x in glob._used("Destinataire") + glob._used("Cc") + glob._used("Cci")]
    recipients = [r for r in recipients if r]
    if not recipients:
        for name in ("To", "Cc", "Bcc"):
            for raw in parsed.raw_headers(name):
                recipients += [a for _n, a in mime.split_addresses(raw) if a]
    env_from = mime.address_of(to_str(glob.Expéditeur)) or mime.address_of(parsed.sender)
    if not recipients:
        raise MailError(ERR_BAD_ADDRESS, f"{what}: no recipient")
    end = data.find(b"\r\n\r\n")
    if end != -1:
        data = _BCC_LINE.sub(b"", data[:end + 2]) + data[end + 2:]
    _send(st, sender, env_from, list(dict.fromkeys(recipients)), data)
    return True


@_mailfunc(False)
def EmailConstruitSource(mail=None, options=0) -> bool:
    """Build the message source into `.Source` (RC line ends) [D:1000017225]: headers are
    left unencoded unless emailOptionEncodeEntête is given; emailOptionEntêteCCi keeps
    Bcc in the headers."""
    e = _target(mail, "EmailConstruitSource")
    composed = _composed(e, to_int(options), include_bcc=bool(to_int(options) & emailOptionEntêteCCi),
                         for_send=False)
    text = mime.bytes_to_source(composed.data)
    e._put("Source", text)
    object.__setattr__(e, "_source_bytes", (text, composed.data))
    return True


@_mailfunc(False)
def EmailImporteSource(mail=None) -> bool:
    """Fill the Email (or the structure) from its `.Source`."""
    e = _target(mail, "EmailImporteSource")
    text = to_str(e.Source)
    if not text.strip():
        raise MailError(ERR_INVALID_MESSAGE, "EmailImporteSource: Source is empty")
    cached = e._source_bytes
    data = cached[1] if cached and cached[0] == text else mime.source_to_bytes(text)
    e._load(mime.ParsedMessage(data, complete=True))
    object.__setattr__(e, "_source_bytes", (text, data))
    return True


_IMG_REF = re.compile(r"""(?P<pre>\b(?:src|background)\s*=\s*)(?P<q>["'])(?P<ref>[^"']*)(?P=q)"""
                      r"""|(?P<cpre>url\(\s*)(?P<cq>["']?)(?P<cref>[^"')]*)(?P=cq)(?P<cpost>\s*\))""", re.I)


def _local_ref(ref: str, directory: str) -> str | None:
    ref = ref.strip()
    low = ref.lower()
    if not ref or low.startswith(("cid:", "http:", "https:", "mailto:", "#", "javascript:", "about:")):
        return None
    if low.startswith("file:"):
        ref = urllib.parse.unquote(re.sub(r"^file:(//)?", "", ref, flags=re.I))
    path = ref.replace("\\", "/")
    if not os.path.isabs(path) and not re.match(r"^[A-Za-z]:/", path):
        path = os.path.join(native_path(directory), urllib.parse.unquote(path))
    path = native_path(path)                   # Windows paths mapped as the f* functions do
    return path if os.path.isfile(path) else None


@_mailfunc(False)
def EmailImporteHTML(*args) -> bool:
    """EmailImporteHTML([<Email>,] <HTML>, <directory> [, <options>]): the images the HTML
    refers to become inline attachments and their references `cid:` links."""
    what = "EmailImporteHTML"
    if args and is_email_value(args[0]):
        mail, rest = args[0], args[1:]
    else:
        mail, rest = None, args
    if len(rest) not in (2, 3):
        raise WLError(f"{what}([<Email>,] <HTML>, <directory> [, <options>]): wrong number of arguments")
    e = _target(mail, what)
    html, directory = to_str(rest[0]), to_str(rest[1])
    without_cid = bool(len(rest) > 2 and to_int(rest[2]) & emailOptionSansCID)
    structure = isinstance(e, WLEmailStructure)
    done: dict[str, str] = {}

    def new_id(rank: int) -> str:
        return f"wdcid{rank}" if without_cid else f"wdcid{rank}.{uuid.uuid4().hex[:16]}"

    def add(ref: str) -> str | None:
        if ref in done:
            return done[ref]
        if ref.lower().startswith("data:"):
            if structure:
                return None
            m = re.match(r"data:([\w.+-]+/[\w.+-]+)?(;[^,]*)?,(.*)$", ref, re.S)
            if not m or "base64" not in (m.group(2) or ""):
                return None
            try:
                content = base64.b64decode(m.group(3), validate=False)
            except Exception:
                return None
            ctype = m.group(1) or "application/octet-stream"
            import mimetypes
            rank = len(e.Attache) + 1
            cid = new_id(rank)
            e.Attache.Ajoute(emailAttache(f"image{rank}{mimetypes.guess_extension(ctype) or '.bin'}",
                                          content, ctype, "", cid))
            done[ref] = cid
            return cid
        path = _local_ref(ref, directory)
        if path is None:
            return None
        key = os.path.realpath(path)
        if key in done:
            done[ref] = done[key]
            return done[key]
        if structure:
            arr = e._get("Attache")
            rank = e._used("Attache").__len__() + 1
            arr[rank] = path
            cid = new_id(rank)
            e._get("IdentifiantAttache")[rank] = cid
            e._get("AttacheContentType")[rank] = mime.guess_content_type(path)
            e._put("NbAttache", rank)
        else:
            with open(path, "rb") as fh:
                content = fh.read()
            rank = len(e.Attache) + 1
            cid = new_id(rank)
            e.Attache.Ajoute(emailAttache(os.path.basename(path), content, mime.guess_content_type(path), "", cid))
        done[ref] = done[key] = cid
        return cid

    def replace(m: re.Match) -> str:
        if m.group("pre") is not None:
            cid = add(m.group("ref"))
            return m.group(0) if cid is None else f"{m.group('pre')}{m.group('q')}cid:{cid}{m.group('q')}"
        cid = add(m.group("cref"))
        return m.group(0) if cid is None else f"{m.group('cpre')}{m.group('cq')}cid:{cid}{m.group('cq')}{m.group('cpost')}"

    e.HTML = _IMG_REF.sub(replace, html)
    return True


@_mailfunc(-1)
def EmailChargeFichierAttaché(mail, path) -> int:
    """Attach a file to an Email; returns its rank in Attache (-1 on error)."""
    e = _target(mail, "EmailChargeFichierAttaché")
    path = native_path(path)                   # Windows paths mapped as the f* functions do
    if not os.path.isfile(path):
        raise MailError(ERR_ATTACH_NOT_FOUND, f"EmailChargeFichierAttaché: file not found: {path}")
    if isinstance(e, WLEmailStructure):
        rank = len(e._used("Attache")) + 1
        e._get("Attache")[rank] = path
        e._put("NbAttache", rank)
        return rank
    try:
        with open(path, "rb") as fh:
            content = fh.read()
    except OSError as err:
        raise MailError(ERR_ATTACH_OPEN, f"EmailChargeFichierAttaché: cannot open {path}: "
                                         f"{err.strerror or err}") from None
    return e.Attache.Ajoute(emailAttache(os.path.basename(path), content, mime.guess_content_type(path)))


@_mailfunc(False)
def EmailSauveFichierAttaché(attachment, path) -> bool:
    """Write an attachment to a file: an emailAttache, or (structure form) the name found
    in Email.Attache[i] of the current thread's structure."""
    path = to_str(path)
    if isinstance(attachment, emailAttache):
        content = bytes(attachment.Contenu or b"")
    elif isinstance(attachment, str):
        found = current_structure()._received_attachment(attachment)
        if found is None:
            raise MailError(ERR_ATTACH_NOT_FOUND, f"EmailSauveFichierAttaché: no attachment named "
                                                  f"{attachment!r} in the message read last")
        content = found.content
    else:
        raise WLError(f"EmailSauveFichierAttaché: an emailAttache or an attachment name was expected, "
                      f"not {type(attachment).__name__}")
    try:
        write_bytes(path, content)             # Windows paths mapped, --dry-run honoured
    except OSError as err:
        raise MailError(ERR_ATTACH_WRITE, f"EmailSauveFichierAttaché: cannot write {path}: "
                                          f"{err.strerror or err}") from None
    except ValueError:                  # a NUL in the path the script built
        raise MailError(ERR_ATTACH_WRITE, f"EmailSauveFichierAttaché: cannot write {path!r}: "
                                          f"the file name contains a NUL character") from None
    return True


def EmailRAZ(mail=None) -> None:
    """Reset the Email variable (or the global structure) to its empty state."""
    clear_error()
    e = _target(mail, "EmailRAZ")
    e._reset()
    if isinstance(e, WLEmailStructure):
        object.__setattr__(e, "_erreur", 0)


# --------------------------------------------------------------------------- misc

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+)*"
_LABEL = r"(?:[A-Za-z0-9\u0080-\uffff](?:[A-Za-z0-9\u0080-\uffff-]{0,61}[A-Za-z0-9\u0080-\uffff])?)"
_ADDRESS = re.compile(rf"^{_LOCAL}@{_LABEL}(?:\.{_LABEL})*\.?$")
_STRICT = re.compile(rf"^{_LOCAL}@(?:{_LABEL}\.)+(?P<tld>[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}})$")
# generic TLDs most used in mail; any alphabetic 2-letter TLD counts as a country code
_GENERIC_TLDS = set("""com org net edu gov mil int info biz name pro aero coop museum mobi asia tel travel jobs
cat post xxx app dev io ai cloud online site store tech shop blog email agency company group solutions
services digital network systems center world today live news media club global paris bzh alsace corsica
eus quebec swiss berlin london nyc tokyo africa lat arpa""".split())


def EmailVérifieAdresse(address, level=0) -> int:
    """emailAdresseValide, emailAdresseSyntaxeIncorrecte, or emailAdresseErreur (server validation)."""
    clear_error()
    text = to_str(address).strip()
    level = to_int(level)
    if len(text) > 254 or not _ADDRESS.match(text) or ".." in text:
        return emailAdresseSyntaxeIncorrecte
    if level in (emailValideSyntaxeStrict, emailValideParServeur):
        m = _STRICT.match(text)
        if not m:
            return emailAdresseSyntaxeIncorrecte
        tld = m.group("tld").lower()
        if not (len(tld) == 2 or tld in _GENERIC_TLDS or tld.startswith("xn--")):
            return emailAdresseSyntaxeIncorrecte
    if level == emailValideParServeur:
        _fail(ERR_UNKNOWN, "EmailVérifieAdresse: checking an address with its mail server "
                           "(emailValideParServeur) is not supported by wlmail")
        return emailAdresseErreur
    return emailAdresseValide


_ERROR_TEXTS = {
    0: "Aucune erreur", 1: "Abandon demandé par l'utilisateur", 2: "Erreur inconnue",
    3: "Impossible de se connecter", 4: "Disque plein", 5: "Plus de mémoire disponible",
    6: "Accès interdit", 8: "Trop de sessions ouvertes", 9: "Trop de fichiers attachés",
    10: "Trop de destinataires", 11: "Fichier attaché non trouvé", 12: "Impossible d'ouvrir le fichier attaché",
    13: "Impossible d'écrire le fichier attaché", 14: "Destinataire inconnu",
    15: "Mauvais format de l'adresse destinataire", 16: "Pas de message", 17: "Message invalide",
    18: "Texte du message trop long", 19: "Session invalide", 21: "Adresse du destinataire ambiguë",
    23: "Erreur réseau", 26: "Le protocole n'est pas supporté par le serveur",
    10004: "Interruption système", 10009: "Mauvais numéro de fichier", 10013: "Permission refusée",
    10014: "Adresse non valide", 10022: "Argument non valide", 10035: "Opération non terminée",
    10036: "Une opération est en cours", 10037: "Une opération est en cours", 10038: "Socket non valide",
    10040: "Il faut spécifier une adresse destination", 10041: "Protocole TCP IP non supporté",
    10042: "Protocole TCP IP non supporté", 10043: "Protocole TCP IP non supporté",
    10044: "Type de socket non supporté", 10045: "Opération non supportée par la socket",
    10046: "Protocole TCP IP non supporté", 10047: "Protocole TCP IP non supporté",
    10048: "L'adresse est déjà utilisée", 10049: "Adresse non trouvée", 10050: "Le réseau est coupé",
    10051: "Réseau inaccessible", 10052: "Le réseau a coupé la connexion lors d'un reset",
    10053: "Le logiciel a provoqué un arrêt de la connexion", 10054: "Connexion coupée par l'hôte",
    10055: "Buffer trop petit", 10056: "La connexion est déjà établie", 10057: "Le socket n'est pas connecté",
    10058: "L'implémentation socket a échoué", 10060: "Time out", 10061: "Connexion refusée",
    10063: "Nom de fichier trop long", 10064: "L'hôte a coupé la connexion", 10065: "L'hôte est inaccessible",
    10091: "Réseau inaccessible", 10092: "Mauvaise version de la DLL Winsock",
    10093: "Implémentation réseau non initialisée", 10101: "Socket déconnecté", 11001: "Hôte non trouvé",
    11002: "Hôte non trouvé", 11003: "Erreur inconnue",
    11004: "Impossible de répondre à la demande, la donnée n'existe pas",
}


def EmailMsgErreur(code) -> str:
    """The text of an Email.Erreur code."""
    clear_error()
    return _ERROR_TEXTS.get(to_int(code), _ERROR_TEXTS[2])


# --------------------------------------------------------------------------- POUR TOUT ... DE session

def iterate_session(session, unread_only: bool = False):
    """`POUR TOUT m [NON LU] DE session`: the Email values of the current folder, oldest
    first, from one `ids()` call (UID SEARCH [UNSEEN]) and batched fetches.

    Headers are fetched 200 at a time; a body is fetched when the loop first reads
    `.Message`/`.HTML`/`.Attache`..., and from then on the loop fetches whole messages
    20 at a time.  The loop never changes flags.  Email.EnDehors is Faux inside the loop
    and Vrai after it.  NON LU on POP3 is a WLError; a server failure during the loop is
    a WLError too (a loop has no return value to report it)."""
    what = "POUR TOUT ... DE session"
    st = _state(session, what)
    reader = st.require_reader(what)
    if unread_only and not st.supports_flags:
        raise WLError("POUR TOUT ... NON LU DE session: POP3 has no read/unread flags; "
                      "NON LU needs an IMAP session")
    clear_error()
    try:
        with st.lock, _reading(st):
            ids = reader.id_sequence(unseen_only=bool(unread_only))
            folder = st.folder
    except MailError as e:
        _fail(e.code, e.message)
        raise WLError(scrub(f"{what}: {e.message}"), e.code) from None
    except Exception as e:
        _fail(ERR_NETWORK, f"{type(e).__name__}: {e}")
        raise WLError(scrub(f"{what}: {type(e).__name__}: {e}"), ERR_NETWORK) from e
    return _iterate(st, ids, folder)


def _iterate(st: SessionState, ids: Sequence[int], folder):
    """POUR TOUT: batches of headers, or of what the script reads (text parts, whole messages);
    the next batch is fetched in a worker thread while the script works on the current one."""
    fetcher = sessions.BodyFetcher(st, ids, folder, guard=lambda: _reading(st))
    names = mime.HeaderPlan()        # the header names the loop body reads
    glob = current_structure()

    def fetch(batch, wanted):
        with st.lock, st.in_folder(folder):
            if isinstance(wanted, frozenset):
                return list(st.reader.fetch_fields(batch, wanted))
            if wanted:
                return fetcher.fetch(batch, whole=wanted == fetcher.WHOLE)
            return list(st.reader.fetch(batch, headers_only=True))

    def plan(i):
        """The next batch and what to fetch of it: what the script has read so far decides
        (bodies, or the headers it has read, or whole header blocks until it has read some)."""
        wanted = fetcher.wanted
        if not wanted and names.state[0] and not names.every:
            wanted = names.state[0]
        size = sessions.full_batch() if isinstance(wanted, str) else sessions.HEADER_BATCH
        return list(ids[i:i + size]), wanted

    pool = None
    pending = None                   # the next batch, on its way
    i = 0

    def start(planned):
        nonlocal pool, i
        if pool is None:
            pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="wlmail-prefetch")
        i += len(planned[0])
        return pool.submit(fetch, *planned)

    try:
        while pending is not None or i < len(ids):
            if st.reader is None:
                raise WLError("POUR TOUT ... DE session: the session was closed during the loop")
            if pending is None:
                batch, wanted = plan(i)
                i += len(batch)
                job = functools.partial(fetch, batch, wanted)
            else:
                job, pending = pending.result, None
            try:
                with _reading(st):
                    fetched = job()
            except MailError as e:
                _fail(e.code, e.message)
                raise WLError(scrub(f"POUR TOUT ... DE session: {e.message}"), e.code) from None
            except WLError:
                raise
            except Exception as e:
                _fail(ERR_NETWORK, f"{type(e).__name__}: {e}")
                raise WLError(scrub(f"POUR TOUT ... DE session: {type(e).__name__}: {e}"), ERR_NETWORK) from e
            # The next batch travels while the script works on this one.  A batch of headers
            # starts once the script has read the first message of this one: the plan then
            # knows which headers it reads.  (Not bodies learnt that way: the body fetcher is
            # already bringing this batch's, and two batches of whole messages at once would
            # double the memory a loop holds.)
            ahead = plan(i) if i < len(ids) else None
            if ahead is not None and ahead[1]:
                pending, ahead = start(ahead), None
            for fm in fetched:
                if (folder, fm.id) in st.deleted or any(f.lower() == "\\deleted" for f in fm.flags):
                    continue
                m = _make_email(st, fm, folder, fetcher, names)
                glob._put("EnDehors", False)
                st.last_read = (fm.id, folder)
                st.last_message = m._msg
                yield m
                if ahead is not None and st.reader is not None:
                    later = plan(i)
                    pending, ahead = start(ahead if isinstance(later[1], str) else later), None
            if ahead is not None and pending is None and st.reader is not None:
                pending = start(ahead)       # no message read in this batch
            del fetched
    finally:
        glob._put("EnDehors", True)
        if pool is not None:         # a loop left early: the fetch on its way ends before anything else
            pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- English names

EmailStartSession = EmailOuvreSession
EmailStartIMAPSession = EmailOuvreSessionIMAP
EmailStartPOP3Session = EmailOuvreSessionPOP3
EmailStartSMTPSession = EmailOuvreSessionSMTP
EmailCloseSession = EmailFermeSession
EmailSetTimeOut = EmailChangeTimeOut
EmailGetTimeOut = EmailLitTimeOut
EmailConfigure = EmailParamètre
EmailReadFirst = EmailLitPremier
EmailReadNext = EmailLitSuivant
EmailReadLast = EmailLitDernier
EmailReadPrevious = EmailLitPrécédent
EmailReadFirstHeader = EmailLitEntêtePremier
EmailReadNextHeader = EmailLitEntêteSuivant
EmailReadLastHeader = EmailLitEntêteDernier
EmailReadPreviousHeader = EmailLitEntêtePrécédent
EmailReadMessage = EmailLitMessage
EmailReadMessageHeader = EmailLitEntêteMessage
EmailGetAll = EmailRécupèreTout
EmailMessageLength = EmailTailleMessage
EmailSeekFirst = EmailCherchePremier
EmailGetIndicator = EmailRécupèreIndicateur
EmailDeleteMessage = EmailSupprimeMessage
EmailExpunge = EmailDétruit
EmailChangeStatus = EmailChangeEtat
EmailCopy = EmailCopie
EmailChangeFolder = EmailChangeDossier
EmailCurrentFolder = EmailDossierCourant
EmailListFolder = EmailListeDossier
EmailAddFolder = EmailAjouteDossier
EmailRemoveFolder = EmailSupprimeDossier
EmailSendMessage = EmailEnvoieMessage
EmailSend = EmailEnvoie
EmailBuildSource = EmailConstruitSource
EmailImportSource = EmailImporteSource
EmailImportHTML = EmailImporteHTML
EmailLoadAttachment = EmailChargeFichierAttaché
EmailSaveAttachment = EmailSauveFichierAttaché
EmailReset = EmailRAZ
EmailCheckAddress = EmailVérifieAdresse
EmailMsgError = EmailMsgErreur


# The prefixed syntax (PC SOFT page 1000022311): `MaSession.OuvreSession()` is
# `EmailOuvreSession(MaSession)`; each function is bound as a method of the types it takes first.
_METHODS = {
    (emailAttache,): {("SauveFichierAttaché", "SaveAttachment"): EmailSauveFichierAttaché},
    (WLEmail,): {("ChargeFichierAttaché", "LoadAttachment"): EmailChargeFichierAttaché,
                 ("ConstruitSource", "BuildSource"): EmailConstruitSource,
                 ("ImporteHTML", "ImportHTML"): EmailImporteHTML,
                 ("ImporteSource", "ImportSource"): EmailImporteSource},
    (_SessionVar,): {("OuvreSession",): EmailOuvreSession, ("FermeSession",): EmailFermeSession},
    (emailSessionIMAP, emailSessionPOP3): {("NbMessage",): EmailNbMessage,
                                           ("RécupèreTout", "GetAll"): EmailRécupèreTout},
    (emailSessionIMAP,): {("ChangeDossier",): EmailChangeDossier, ("ListeDossier",): EmailListeDossier,
                          ("DossierCourant",): EmailDossierCourant, ("AjouteDossier",): EmailAjouteDossier,
                          ("SupprimeDossier",): EmailSupprimeDossier, ("Détruit",): EmailDétruit,
                          ("ChangeEtat",): EmailChangeEtat},
    (emailSessionSMTP,): {("EnvoieMessage",): EmailEnvoieMessage},
}


def _bind_methods():
    for classes, methods in _METHODS.items():
        for cls in classes:
            for names, function in methods.items():
                for name in names:
                    setattr(cls, name, function)


_bind_methods()
