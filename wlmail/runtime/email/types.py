"""The WLangage mail types: `Email` (WLEmail), `emailAttache`, `emailEntête`, the session
types `emailSessionIMAP/POP3/SMTP`, the per-thread global `Email` structure, and the
mail constants.

Property access ignores case and accents and accepts the English names
(`m.Sujet`, `m.sujet`, `m.Subject`), through `names.FoldedAttributes`.

A WLEmail read from a mailbox is lazy: it keeps the raw bytes in a
`mime.ParsedMessage` and decodes a field only when the script reads it.  When it
was filled from headers only with a deferred body fetch (EmailRécupèreTout with
ertEntête, POUR TOUT ... DE session), the first read of `Message`, `HTML`,
`Attache`, `TexteBrut` or `Source` fetches the body; writing any property before
that cancels the fetch (PC SOFT page 1000018727).  Hidden fields (`_session`,
`_id`, `_folder`) tie the value to its message so EmailSupprimeMessage(s, mail),
EmailCopie(mail, ...) and EmailChangeEtat(s, mail, ...) know which one.
"""
from __future__ import annotations

import copy as _copy
import threading

from ..errors import WLError
from ..dates import DateHeure, local_datetime
from ..names import FoldedAttributes
from ..arrays import WLArray
from ..values import Structure, copy_value, identity, to_bool, to_buffer, to_int, to_str
from . import mime

__all__ = [
    # types
    "Email", "emailAttache", "emailEntête", "emailSessionIMAP", "emailSessionPOP3", "emailSessionSMTP",
    "emailAttach", "emailHeader", "emailIMAPSession", "emailPOP3Session", "emailSMTPSession",
    # connection options
    "emailOptionDéfaut", "optionTLS", "optionSSL", "emailProtocoleSMTPS", "emailOptionSécuriséTLS",
    "emailOptionDefault", "emailProtocolSMTPS", "emailOptionSecuredTLS",
    # EmailRécupèreTout options
    "ertEntête", "ertComplet", "ertNonLus", "ertAsynchrone",
    "ertHeader", "ertFull", "ertNotRead", "ertAsynchronous",
    # read modes, states
    "emailNonLus", "emailTous", "emailUnread", "emailAll",
    "emailEtatLu", "emailEtatNonLu", "emailStatusRead", "emailStatusUnread",
    "emailEtatMarqué", "emailEtatNonMarqué", "emailStatusFlagged", "emailStatusUnflagged",
    # folders
    "LstDossierNormal", "LstDossierTous", "LstDossierTrié", "LstDossierType",
    "lstFolderNormal", "lstFolderAll", "lstFolderSorted", "lstFolderType",
    # search parts
    "emailCorps", "emailDestinataire", "emailExpéditeur", "emailSujet", "emailMessageID",
    "emailBody", "emailRecipient", "emailSender", "emailSubject",
    # sending options
    "emailOptionEncodeEntête", "emailOptionRéférence", "emailOptionEntêteCCi", "emailOptionSansCID",
    "emailOptionEncodeHeader", "emailOptionReference", "emailOptionBccHeader", "emailOptionWithoutCID",
    "emailAsynchrone", "emailSynchrone", "emailAsynchronous", "emailSynchronous",
    # priority, confidentiality
    "emailPrioritéBasse", "emailPrioritéNormale", "emailPrioritéHaute",
    "emailLowPriority", "emailNormalPriority", "emailHighPriority",
    "emailNormal", "emailPersonnel", "emailPrivé", "emailConfidentiel",
    "emailPersonal", "emailPrivate", "emailCompanyConfidential",
    "emailAucun", "emailNone",
    # deprecated English names wlmail invented before (see DEPRECATED_NAMES)
    "emailPriorityLow", "emailPriorityNormal", "emailPriorityHigh", "emailConfidential",
    # address check
    "emailValideSyntaxe", "emailValideSyntaxeStrict", "emailValideParServeur",
    "emailAdresseValide", "emailAdresseSyntaxeIncorrecte", "emailAdresseRefusée", "emailAdresseErreur",
    "emailValidateSyntax", "emailValidateStrictSyntax", "emailValidateByServer",
    "emailAddressValid", "emailAddressIncorrectSyntax", "emailAddressRefused", "emailAddressError",
    # EmailParamètre, IgnoreErreur
    "emailParamètreMode", "emailParamètreHTML", "emailParameterMode", "emailParameterHTML",
    "emailSessionIgnoreCertificatInvalide", "emailSessionIgnoreNomCertificatInvalide",
    "emailSessionIgnoreCertificatExpiré", "emailSessionIgnoreRévocation",
    "emailSessionIgnoreInvalidCertificate", "emailSessionIgnoreInvalidCertificateName",
    "emailSessionIgnoreExpiredCertificate", "emailSessionIgnoreRevocation",
]

# ------------------------------------------------------------------------------ constants
# Only emailOptionSécuriséTLS = 2 is attested (email-api.md §1.2, A8); the other values are
# ours, chosen to be distinct and combinable where the doc combines them.

emailOptionDéfaut = 0
optionTLS = optionSSL = 1                       # implicit TLS (IMAPS 993, POP3S 995, SMTPS 465)
emailProtocoleSMTPS = emailOptionSécuriséTLS = 2  # STARTTLS
emailOptionDefault = emailOptionDéfaut
emailProtocolSMTPS = emailOptionSecuredTLS = emailProtocoleSMTPS

ertEntête = 0
ertComplet = 1
ertNonLus = 2
ertAsynchrone = 4                               # treated as ertEntête (no background thread)
ertHeader, ertFull, ertNotRead, ertAsynchronous = ertEntête, ertComplet, ertNonLus, ertAsynchrone

emailTous = 0
emailNonLus = 1
emailAll, emailUnread = emailTous, emailNonLus

emailEtatNonLu = 0
emailEtatLu = 1
emailStatusRead, emailStatusUnread = emailEtatLu, emailEtatNonLu
# wlmail additions (the help documents only Lu/NonLu): set or clear the IMAP \Flagged flag,
# the "follow-up" flag of mail clients.
emailEtatMarqué = 2
emailEtatNonMarqué = 3
emailStatusFlagged, emailStatusUnflagged = emailEtatMarqué, emailEtatNonMarqué

LstDossierNormal = 0
LstDossierTous = 1
LstDossierTrié = 2
LstDossierType = 4
lstFolderNormal, lstFolderAll, lstFolderSorted, lstFolderType = (
    LstDossierNormal, LstDossierTous, LstDossierTrié, LstDossierType)

emailCorps = 1
emailDestinataire = 2
emailExpéditeur = 4
emailSujet = 8
emailMessageID = 16
emailBody, emailRecipient, emailSender, emailSubject = emailCorps, emailDestinataire, emailExpéditeur, emailSujet

emailOptionEncodeEntête = 1
emailOptionMessageID = 2          # also a search part name? no: search uses emailMessageID
emailOptionRéférence = 4
emailOptionEntêteCCi = 8
emailOptionSansCID = 16
emailOptionEncodeHeader, emailOptionReference = emailOptionEncodeEntête, emailOptionRéférence
emailOptionBccHeader, emailOptionWithoutCID = emailOptionEntêteCCi, emailOptionSansCID
__all__.append("emailOptionMessageID")

emailSynchrone = 0
emailAsynchrone = 1
emailSynchronous, emailAsynchronous = emailSynchrone, emailAsynchrone

# Outlook's OlImportance / OlSensitivity values
emailPrioritéBasse = 0
emailPrioritéNormale = 1
emailPrioritéHaute = 2
# English names: emailLowPriority, emailHighPriority and emailCompanyConfidential are on
# the English constants page (?3032138, email-api.md); emailNormalPriority, emailPersonal
# and emailPrivate follow the same pattern but are not confirmed.
emailLowPriority, emailNormalPriority, emailHighPriority = (
    emailPrioritéBasse, emailPrioritéNormale, emailPrioritéHaute)
emailNormal = 0
emailPersonnel = 1
emailPrivé = 2
emailConfidentiel = 3
emailPersonal, emailPrivate, emailCompanyConfidential = emailPersonnel, emailPrivé, emailConfidentiel
# search part of EmailCherchePremierNotes (a Lotus Notes formula) [D:3032138]; EN emailNone
emailAucun = emailNone = 0

# English names wlmail invented before checking the help: kept so old scripts run,
# reported by `wlmail check`, to be removed.
DEPRECATED_NAMES = {
    "emailPriorityLow": "emailLowPriority", "emailPriorityNormal": "emailNormalPriority",
    "emailPriorityHigh": "emailHighPriority", "emailConfidential": "emailCompanyConfidential",
}
emailPriorityLow, emailPriorityNormal, emailPriorityHigh = emailLowPriority, emailNormalPriority, emailHighPriority
emailConfidential = emailCompanyConfidential

emailValideSyntaxe = 0
emailValideSyntaxeStrict = 1
emailValideParServeur = 2
emailValidateSyntax, emailValidateStrictSyntax, emailValidateByServer = (
    emailValideSyntaxe, emailValideSyntaxeStrict, emailValideParServeur)
emailAdresseValide = 0
emailAdresseSyntaxeIncorrecte = 1
emailAdresseRefusée = 2
emailAdresseErreur = 3
emailAddressValid, emailAddressIncorrectSyntax, emailAddressRefused, emailAddressError = (
    emailAdresseValide, emailAdresseSyntaxeIncorrecte, emailAdresseRefusée, emailAdresseErreur)

emailParamètreMode = 1
emailParamètreHTML = 2
emailParameterMode, emailParameterHTML = emailParamètreMode, emailParamètreHTML

emailSessionIgnoreCertificatInvalide = 1
emailSessionIgnoreNomCertificatInvalide = 2
emailSessionIgnoreCertificatExpiré = 4
emailSessionIgnoreRévocation = 8
emailSessionIgnoreInvalidCertificate = emailSessionIgnoreCertificatInvalide
emailSessionIgnoreInvalidCertificateName = emailSessionIgnoreNomCertificatInvalide
emailSessionIgnoreExpiredCertificate = emailSessionIgnoreCertificatExpiré
emailSessionIgnoreRevocation = emailSessionIgnoreRévocation

_PRIORITY_IN = {"high": emailPrioritéHaute, "low": emailPrioritéBasse}
_PRIORITY_OUT = {emailPrioritéHaute: "high", emailPrioritéBasse: "low"}
_SENSITIVITY_IN = {"personal": emailPersonnel, "private": emailPrivé,
                   "company-confidential": emailConfidentiel, "confidential": emailConfidentiel}
_SENSITIVITY_OUT = {emailPersonnel: "Personal", emailPrivé: "Private", emailConfidentiel: "Company-Confidential"}


# ------------------------------------------------------------------------------ arrays

class MailArray(WLArray):
    """A WLArray that grows on assignment past its end (`Email.Destinataire[1] = ...` on an
    empty array, as PC SOFT's examples do).  Reading past the end gives the default
    value; for structured elements (emailAttache) it creates them
    (`oEmail.Attache[1].Contenu = ...`)."""

    __slots__ = ()

    def _grow(self, size: int) -> None:
        while len(self) < size:
            list.append(self, self._new_default())

    def __getitem__(self, index):
        if isinstance(index, (tuple, slice)):
            return super().__getitem__(index)
        i = index if type(index) is int else to_int(index)
        if i > len(self):
            if isinstance(self.default, type):
                self._grow(i)
            else:
                return self._new_default()
        return super().__getitem__(i)

    def __setitem__(self, index, value):
        if not isinstance(index, (tuple, slice)):
            i = index if type(index) is int else to_int(index)
            if i > len(self):
                self._grow(i)
        super().__setitem__(index, value)

    def __copy__(self):
        return MailArray(list(self), self.convert, self.default)

    def __deepcopy__(self, memo):
        new = MailArray((), self.convert, self.default)
        for x in self:
            list.append(new, _copy.deepcopy(x, memo))
        return new


def _array(items, convert, default) -> MailArray:
    return MailArray(items, convert, default)


# ------------------------------------------------------------------------------ emailAttache, emailEntête

class emailAttache(Structure):
    """An attachment: Nom, Contenu (Buffer), ContentType, ContentDescription, Identifiant (Content-ID)."""

    _fields = {
        "Nom": (to_str, str),
        "Contenu": (to_buffer, bytes),
        "ContentType": (to_str, str),
        "ContentDescription": (to_str, str),
        "Identifiant": (to_str, str),
    }
    _aliases = {"Name": "Nom", "Content": "Contenu", "Identifier": "Identifiant"}
    Nom = Contenu = ContentType = ContentDescription = Identifiant = None

    def __repr__(self):
        return (f"emailAttache(Nom={self.Nom!r}, ContentType={self.ContentType!r}, "
                f"Contenu=<{len(self.Contenu)} bytes>, Identifiant={self.Identifiant!r})")


class emailEntête(Structure):
    """An extra header: Nom, Valeur."""

    _fields = {"Nom": (to_str, str), "Valeur": (to_str, str)}
    _aliases = {"Name": "Nom", "Value": "Valeur"}
    Nom = Valeur = None


emailAttach = emailAttache
emailHeader = emailEntête


def _to_attache(value) -> emailAttache:
    if isinstance(value, emailAttache):
        return copy_value(value)
    raise WLError(f"An element of Attache must be an emailAttache, not {type(value).__name__}")


def _to_entete(value) -> emailEntête:
    if isinstance(value, emailEntête):
        return copy_value(value)
    raise WLError(f"An element of Entête must be an emailEntête, not {type(value).__name__}")


def _assign_list(value, convert) -> list:
    """What assigning `value` to an array property stores: a string gives a one-element array."""
    if isinstance(value, (list, tuple)):
        return [convert(v) for v in value]
    if value is None or (isinstance(value, str) and value == ""):
        return []
    return [convert(value)]


# ------------------------------------------------------------------------------ the lazy mail value

def _prop(name: str):
    def fget(self):
        return self._get(name)

    def fset(self, value):
        self._set(name, value)

    return property(fget, fset, doc=name)


class _MailValue(FoldedAttributes):
    """Shared machinery of the Email type and the Email structure.

    Subclasses list `_ARRAYS` {name: (convert, default)}, `_SCALARS` {name: (convert, default)},
    `_HEADER` {name: fn(ParsedMessage)} and `_BODY` {name: fn(ParsedMessage)}."""

    _ARRAYS: dict = {}
    _SCALARS: dict = {}
    _HEADER: dict = {}
    _BODY: dict = {}

    def __init__(self):
        object.__setattr__(self, "_vals", {})
        object.__setattr__(self, "_msg", None)
        object.__setattr__(self, "_lazy", None)
        object.__setattr__(self, "_session", None)
        object.__setattr__(self, "_id", None)
        object.__setattr__(self, "_folder", None)
        object.__setattr__(self, "_source_bytes", None)

    __setattr__ = FoldedAttributes.__setattr__

    # -- loading (runtime side) --------------------------------------------------------
    def _load(self, msg: mime.ParsedMessage | None, session=None, id=None, folder=None, lazy=None) -> None:
        """Replace the content by a received message (headers now, body maybe lazily)."""
        object.__setattr__(self, "_vals", {})
        object.__setattr__(self, "_msg", msg)
        object.__setattr__(self, "_lazy", lazy)
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_id", id)
        object.__setattr__(self, "_folder", folder)
        object.__setattr__(self, "_source_bytes", None)

    @classmethod
    def _received(cls, msg: mime.ParsedMessage, session, id, folder, lazy) -> _MailValue:
        """`v = cls(); v._load(msg, ...); v._put("EnDehors", False)` in one step (a loop makes
        one a message).  Only for classes whose __init__ is _MailValue's."""
        value = cls.__new__(cls)
        value.__dict__.update(_vals={"EnDehors": False}, _msg=msg, _lazy=lazy, _session=session, _id=id,
                              _folder=folder, _source_bytes=None)
        return value

    def _reset(self) -> None:
        self._load(None)

    def _put(self, name: str, value) -> None:
        """Runtime write: does not cancel a pending body fetch."""
        self._vals[name] = value

    # -- field access ----------------------------------------------------------------
    def _get(self, name: str):
        vals = self._vals
        try:
            return vals[name]
        except KeyError:
            pass
        value = self._compute(name)
        vals[name] = value
        return value

    def _compute(self, name: str):
        msg = self._msg
        if msg is not None:
            fn = self._HEADER.get(name)
            if fn is not None:
                try:
                    return self._wrap(name, fn(msg))
                except WLError:
                    raise
                except Exception:
                    pass
            fn = self._BODY.get(name)
            if fn is not None:
                full = self._complete(whole=name not in _TEXT_FIELDS)
                if full is not None:
                    try:
                        return self._wrap(name, fn(full))
                    except WLError:
                        raise
                    except Exception:
                        pass
                elif name == "Source":
                    return msg.source
        return self._default(name)

    def _complete(self, whole: bool = True) -> mime.ParsedMessage | None:
        """The whole message (whole=False: enough of it for Message and HTML), fetching it
        now if that was deferred; None if only headers exist."""
        msg = self._msg
        if msg is None:
            return None
        if msg.complete or (not whole and msg.has_texts):
            return msg
        fetch = self._lazy
        if fetch is None:
            return None
        got = fetch(whole)
        if got is None:
            object.__setattr__(self, "_lazy", None)
            return None
        if got.complete:
            object.__setattr__(self, "_lazy", None)
        object.__setattr__(self, "_msg", got)
        return got

    def _wrap(self, name: str, value):
        spec = self._ARRAYS.get(name)
        if spec is not None:
            convert, default = spec
            return _array(value, convert, default)
        return value

    def _default(self, name: str):
        spec = self._ARRAYS.get(name)
        if spec is not None:
            return _array((), spec[0], spec[1])
        spec = self._SCALARS.get(name)
        if spec is not None:
            d = spec[1]
            return d() if callable(d) else d
        return None

    def _set(self, name: str, value) -> None:
        if self._lazy is not None:            # a write before the deferred fetch cancels it
            object.__setattr__(self, "_lazy", None)
        spec = self._ARRAYS.get(name)
        if spec is not None:
            convert, default = spec
            self._vals[name] = _array(_assign_list(value, convert), convert, default)
            return
        convert = self._SCALARS[name][0]
        self._vals[name] = convert(value)

    # -- copying -------------------------------------------------------------------------
    def __deepcopy__(self, memo):
        new = type(self).__new__(type(self))
        _MailValue.__init__(new)
        for key in ("_msg", "_lazy", "_session", "_id", "_folder", "_source_bytes"):
            object.__setattr__(new, key, getattr(self, key))
        object.__setattr__(new, "_vals", {k: _copy.deepcopy(v, memo) for k, v in self._vals.items()})
        self._copy_extra(new, memo)
        return new

    def _copy_extra(self, new, memo) -> None:
        pass

    __copy__ = lambda self: self.__deepcopy__({})  # noqa: E731

    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __repr__(self):
        try:
            return f"{type(self).__name__}(Sujet={self.Sujet!r}, Expéditeur={self.Expéditeur!r})"
        except Exception:
            return f"{type(self).__name__}()"

    # -- compose support -------------------------------------------------------------------
    def _common_compose(self) -> mime.ComposeInput:
        return mime.ComposeInput(
            sender=to_str(self.Expéditeur),
            reply_to=to_str(self.AdresseExpéditeur),
            return_path=to_str(self.AdresseRetourErreur),
            subject=to_str(self.Sujet),
            text=to_str(self.Message),
            html=to_str(self.HTML),
            message_id=to_str(self.MessageID),
            references=to_str(self.Référence),
            priority=_PRIORITY_OUT.get(to_int(self.Priorité), "normal"),
            sensitivity=_SENSITIVITY_OUT.get(to_int(self.Confidentialité), ""),
            return_receipt=to_bool(self.AccuséRéception),
            disposition_notification=to_bool(self.ConfirmationLecture),
            keywords=to_str(self.Catégorie),
        )


def _received_date(moment) -> DateHeure:
    """DateRéception: a DateHeure in the machine's local time zone [D:1000018713]; empty
    when the message has no readable Date header."""
    return DateHeure("") if moment is None else local_datetime(moment)


def _str_list(items):
    return [to_str(x) for x in items]


_COMMON_HEADER = {
    "AccuséRéception": lambda p: p.return_receipt,
    "AdresseExpéditeur": lambda p: p.reply_to,
    "AdresseRetourErreur": lambda p: p.return_path,
    "Catégorie": lambda p: p.keywords,
    "Cc": lambda p: p.cc,
    "Confidentialité": lambda p: _SENSITIVITY_IN.get(p.sensitivity, emailNormal),
    "ConfirmationLecture": lambda p: p.disposition_notification,
    "DateRéception": lambda p: _received_date(p.date),
    "Destinataire": lambda p: p.to,
    "Entête": lambda p: [emailEntête(n, v) for n, v in p.all_headers()],
    "Expéditeur": lambda p: p.sender,
    "MessageID": lambda p: p.message_id,
    "Priorité": lambda p: _PRIORITY_IN.get(p.priority, emailPrioritéNormale),
    "Référence": lambda p: p.references,
    "Sujet": lambda p: p.subject,
}

_COMMON_BODY = {
    "HTML": lambda p: p.body.html,
    "Message": lambda p: p.body.text,
    "TexteBrut": lambda p: p.raw_body_text,
    "Source": lambda p: p.source,
}

_TEXT_FIELDS = ("Message", "HTML")    # what the text parts alone give (no attachment, no source)

_COMMON_SCALARS = {
    "AccuséRéception": (to_bool, False),
    "AdresseExpéditeur": (to_str, ""),
    "AdresseRetourErreur": (to_str, ""),
    "Catégorie": (to_str, ""),
    "Certificat": (identity, None),
    "Confidentialité": (to_int, emailNormal),
    "ConfirmationLecture": (to_bool, False),
    "DateRéception": (DateHeure, lambda: DateHeure("")),
    "EnDehors": (to_bool, False),
    "Expéditeur": (to_str, ""),
    "HTML": (to_str, ""),
    "ID": (to_str, ""),
    "Message": (to_str, ""),
    "MessageID": (to_str, ""),
    "Priorité": (to_int, emailPrioritéNormale),
    "Référence": (to_str, ""),
    "Signature": (to_int, 0),
    "Source": (to_str, ""),
    "Sujet": (to_str, ""),
    "TexteBrut": (to_str, ""),
}

_COMMON_ALIASES = {
    "ReturnReceipt": "AccuséRéception", "SenderAddress": "AdresseExpéditeur",
    "ErrorReturnAddress": "AdresseRetourErreur", "Attach": "Attache", "Category": "Catégorie",
    "Bcc": "Cci", "Certificate": "Certificat", "Confidentiality": "Confidentialité",
    "DispositionNotification": "ConfirmationLecture", "ReceiveDate": "DateRéception",
    "Recipient": "Destinataire", "Out": "EnDehors", "Header": "Entête", "Sender": "Expéditeur",
    "Priority": "Priorité", "Reference": "Référence", "Subject": "Sujet", "RawText": "TexteBrut",
    "NbAttach": "NbAttache", "NbRecipient": "NbDestinataire", "NbBcc": "NbCci",
}


# ------------------------------------------------------------------------------ the Email type

class WLEmail(_MailValue, Structure):
    """The `Email` type (PC SOFT page 1000018713): `MonMessage est un Email`."""

    _ARRAYS = {
        "Destinataire": (to_str, ""),
        "Cc": (to_str, ""),
        "Cci": (to_str, ""),
        "Attache": (_to_attache, emailAttache),
        "Entête": (_to_entete, emailEntête),
    }
    _SCALARS = dict(_COMMON_SCALARS, IdentifiantEmailAsynchrone=(to_str, ""))
    _HEADER = _COMMON_HEADER
    _BODY = dict(_COMMON_BODY, Attache=lambda p: [
        emailAttache(a.name, a.content, a.content_type, a.description, a.cid) for a in p.body.attachments])
    _aliases = dict(_COMMON_ALIASES)
    _fields: dict = {}

    def __init__(self):
        _MailValue.__init__(self)

    # counters: views of the array lengths (writing one resizes its array)
    def _nb(self, name):
        return len(self._get(name))

    def _set_nb(self, name, value):
        arr = self._get(name)
        if self._lazy is not None:
            object.__setattr__(self, "_lazy", None)
        n = max(0, to_int(value))
        if n < len(arr):
            del arr[n:]
        else:
            arr._grow(n)

    NbDestinataire = property(lambda self: self._nb("Destinataire"), lambda self, v: self._set_nb("Destinataire", v))
    NbCc = property(lambda self: self._nb("Cc"), lambda self, v: self._set_nb("Cc", v))
    NbCci = property(lambda self: self._nb("Cci"), lambda self, v: self._set_nb("Cci", v))
    NbAttache = property(lambda self: self._nb("Attache"), lambda self, v: self._set_nb("Attache", v))

    def _compose_input(self, include_bcc_header: bool = False) -> mime.ComposeInput:
        src = self._common_compose()
        src.to = _str_list(self.Destinataire)
        src.cc = _str_list(self.Cc)
        src.bcc = _str_list(self.Cci)
        atts = []
        for i, a in enumerate(self.Attache, 1):
            name = to_str(a.Nom)
            content = bytes(a.Contenu or b"")
            if not name and not content:
                continue
            ctype = to_str(a.ContentType) or mime.guess_content_type(name)
            if not name:
                import mimetypes
                name = f"piece{i}{mimetypes.guess_extension(ctype, strict=False) or '.bin'}"
            atts.append(mime.AttachmentData(name, content, ctype, to_str(a.ContentDescription),
                                            to_str(a.Identifiant)))
        src.attachments = atts
        src.headers = [(to_str(h.Nom), to_str(h.Valeur)) for h in self.Entête]
        return src


for _name in set(WLEmail._ARRAYS) | set(WLEmail._SCALARS):
    setattr(WLEmail, _name, _prop(_name))


# ------------------------------------------------------------------------------ the global structure

class WLEmailStructure(_MailValue, Structure):
    """The legacy global `Email` structure (PC SOFT page 3032029), one per thread.

    Differences from the type: `Attache[i]` are attachment file names (paths when
    sending), with the parallel arrays `AttacheContentType`, `AttacheContentDescription`
    and `IdentifiantAttache`; `Nb*` are real counters, set by the runtime when it fills
    the structure and writable by the script; `Erreur` holds the Email.Erreur code of the
    last mail function.  When sending, `Destinataire[1..NbDestinataire]` etc. are used
    if the script wrote the counter, otherwise the whole array."""

    _ARRAYS = {
        "Destinataire": (to_str, ""),
        "Cc": (to_str, ""),
        "Cci": (to_str, ""),
        "Attache": (to_str, ""),
        "AttacheContentType": (to_str, ""),
        "AttacheContentDescription": (to_str, ""),
        "IdentifiantAttache": (to_str, ""),
        "Entête": (_to_entete, emailEntête),
    }
    _SCALARS = dict(_COMMON_SCALARS, IdentifiantMail=(to_str, ""),
                    NbDestinataire=(to_int, 0), NbCc=(to_int, 0), NbCci=(to_int, 0), NbAttache=(to_int, 0))
    _COUNTERS = {"NbDestinataire": "Destinataire", "NbCc": "Cc", "NbCci": "Cci", "NbAttache": "Attache"}
    _COUNTER_OF = {v: k for k, v in _COUNTERS.items()}
    _ATTACHMENT_ARRAYS = ("Attache", "AttacheContentType", "AttacheContentDescription", "IdentifiantAttache")
    _HEADER = _COMMON_HEADER
    _BODY = dict(_COMMON_BODY,
                 Attache=lambda p: [a.name for a in p.body.attachments],
                 AttacheContentType=lambda p: [a.content_type for a in p.body.attachments],
                 AttacheContentDescription=lambda p: [a.description for a in p.body.attachments],
                 IdentifiantAttache=lambda p: [a.cid for a in p.body.attachments])
    _aliases = dict(_COMMON_ALIASES, AttachContentType="AttacheContentType",
                    AttachContentDescription="AttacheContentDescription", AttachIdentifier="IdentifiantAttache",
                    Error="Erreur", CC="Cc")
    _fields: dict = {}

    def __init__(self):
        _MailValue.__init__(self)
        object.__setattr__(self, "_explicit", set())
        object.__setattr__(self, "_erreur", 0)

    def _load(self, msg, session=None, id=None, folder=None, lazy=None) -> None:
        _MailValue._load(self, msg, session, id, folder, lazy)
        object.__setattr__(self, "_explicit", set())
        if msg is None:                  # a reset structure: counters are plain zeros
            for nb in self._COUNTERS:
                self._vals[nb] = 0

    def _copy_extra(self, new, memo) -> None:
        object.__setattr__(new, "_explicit", set(self._explicit))
        object.__setattr__(new, "_erreur", self._erreur)

    @property
    def Erreur(self) -> int:
        return self._erreur

    @Erreur.setter
    def Erreur(self, value) -> None:
        object.__setattr__(self, "_erreur", to_int(value))

    def _compute(self, name: str):
        array = self._COUNTERS.get(name)
        if array is not None:                    # counters come with their array
            self._get(array)
            if name in self._vals:
                return self._vals[name]
            return len(self._vals[array])
        value = _MailValue._compute(self, name)
        nb = self._COUNTER_OF.get(name)
        if nb is not None and nb not in self._vals:
            self._vals[nb] = len(value)
        return value

    def _set(self, name: str, value) -> None:
        if name in self._COUNTERS:
            if self._lazy is not None:
                object.__setattr__(self, "_lazy", None)
            self._get(self._COUNTERS[name])
            self._vals[name] = to_int(value)
            self._explicit.add(name)
            return
        _MailValue._set(self, name, value)
        nb = self._COUNTER_OF.get(name)
        if nb is not None:
            self._vals[nb] = len(self._vals[name])
            self._explicit.discard(nb)

    def _used(self, array: str) -> list:
        """The entries a send uses: [1..Nb] when the script wrote Nb, else the whole array."""
        arr = self._get(array)
        nb = self._COUNTER_OF[array]
        n = self._get(nb) if nb in self._explicit else len(arr)
        return list(arr)[:max(0, n)]

    def _received_attachment(self, name: str) -> mime.AttachmentData | None:
        msg = self._msg
        if msg is None:
            return None
        full = msg if msg.complete else None
        if full is None:
            return None
        by_name = full._cache.get("attachments by name")
        if by_name is None:             # one index, not a scan per call: 10,000 parts stay linear
            by_name = full._cache["attachments by name"] = {}
            for a in full.body.attachments:
                by_name.setdefault(a.name, a)
        return by_name.get(name)

    def _compose_input(self, include_bcc_header: bool = False) -> mime.ComposeInput:
        import os
        from .backends.base import MailError
        src = self._common_compose()
        src.to = _str_list(self._used("Destinataire"))
        src.cc = _str_list(self._used("Cc"))
        src.bcc = _str_list(self._used("Cci"))
        ctypes = self._get("AttacheContentType")
        descs = self._get("AttacheContentDescription")
        cids = self._get("IdentifiantAttache")
        html = to_str(self.HTML).lower()
        atts = []
        for i, path in enumerate(self._used("Attache"), 1):
            path = to_str(path)
            if not path:
                continue
            name = os.path.basename(path.replace("\\", "/")) or path
            if os.path.isfile(path):
                try:
                    with open(path, "rb") as fh:
                        content = fh.read()
                except OSError as e:
                    raise MailError(12, f"cannot open the attached file {path}: {e.strerror or e}") from None
            else:
                received = self._received_attachment(path)
                if received is None:
                    raise MailError(11, f"attached file not found: {path}")
                content = received.content
            ctype = to_str(ctypes[i]) or mime.guess_content_type(name)
            cid = to_str(cids[i])
            if not cid and f"cid:wdcid{i}" in html:
                cid = f"wdcid{i}"
            atts.append(mime.AttachmentData(name, content, ctype, to_str(descs[i]), cid))
        src.attachments = atts
        src.headers = [(to_str(h.Nom), to_str(h.Valeur)) for h in self._get("Entête")]
        return src


for _name in set(WLEmailStructure._ARRAYS) | set(WLEmailStructure._SCALARS):
    setattr(WLEmailStructure, _name, _prop(_name))
del _name


class _PerThread(threading.local):
    structure: WLEmailStructure | None = None


_per_thread = _PerThread()


def current_structure() -> WLEmailStructure:
    """The calling thread's global Email structure."""
    s = _per_thread.structure
    if s is None:
        s = _per_thread.structure = WLEmailStructure()
        s._reset()
    return s


class _EmailProxy:
    """`Email`: the current thread's global structure (`Email.Sujet`, `Email.EnDehors`...).

    Calling it makes a new value of the `Email` type, so `MonMessage est un Email` can
    compile to `MonMessage = Email()`."""

    __slots__ = ()

    def __getattr__(self, name):
        return getattr(current_structure(), name)

    def __setattr__(self, name, value):
        setattr(current_structure(), name, value)

    def __call__(self) -> WLEmail:
        return WLEmail()

    def __repr__(self):
        return "<global Email structure of the current thread>"

    def __dir__(self):
        return sorted(set(dir(WLEmailStructure)) - {"_MailValue"})


Email = _EmailProxy()


def is_email_value(value) -> bool:
    return value is Email or isinstance(value, _MailValue)


def resolve_email(value) -> _MailValue:
    """An Email argument as the object to fill: a WLEmail, or the thread's structure for `Email`."""
    if value is Email:
        return current_structure()
    if isinstance(value, _MailValue):
        return value
    raise WLError(f"An Email variable was expected, not {type(value).__name__}")


# ------------------------------------------------------------------------------ session types

class _Prop:
    """A typed session property stored in the instance."""

    def __init__(self, convert, default):
        self.convert = convert
        self.default = default

    def __set_name__(self, owner, name):
        self.key = "_p_" + name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj.__dict__.get(self.key, self.default)

    def __set__(self, obj, value):
        obj.__dict__[self.key] = self.convert(value)


def _secret(value) -> str:
    return to_str(value)


class _SessionVar(FoldedAttributes):
    """Base of emailSessionIMAP/POP3/SMTP.  `_state` is the open session (sessions.SessionState)."""

    _protocol = ""
    _aliases = {"ServerAddress": "AdresseServeur", "Name": "Nom", "Password": "MotDePasse",
                "EmailByIndex": "EmailParIndice",
                "StartSession": "OuvreSession", "CloseSession": "FermeSession"}

    AdresseServeur = _Prop(to_str, "")
    Nom = _Prop(to_str, "")
    MotDePasse = _Prop(_secret, "")
    Option = _Prop(to_int, emailOptionDéfaut)
    AuthToken = _Prop(identity, None)

    def __init__(self):
        object.__setattr__(self, "_state", None)
        object.__setattr__(self, "_by_index", WLArray())

    @property
    def EmailParIndice(self) -> WLArray:
        """The array of the last EmailRécupèreTout on this session (PC SOFT page 1000018759)."""
        return self._by_index

    def __repr__(self):
        state = "open" if self._state is not None and self._state.is_open else "closed"
        return (f"{type(self).__name__}(AdresseServeur={self.AdresseServeur!r}, Nom={self.Nom!r}, "
                f"Port={self.Port}, Option={self.Option}, {state})")

    __str__ = __repr__

    def __deepcopy__(self, memo):          # a session is a handle: copies share the connection
        return self

    def __copy__(self):
        return self


# The prefixed syntax (MaSession.OuvreSession(), Mail.ConstruitSource(), PC SOFT page 1000022311):
# email/functions binds each mail function to these types as a method, so types need not import it.


class emailSessionIMAP(_SessionVar):
    """`MaSession est une emailSessionIMAP` (PC SOFT page 1000018957); default port 143."""

    _protocol = "imap"
    _aliases = dict(_SessionVar._aliases, GetAll="RécupèreTout", ChangeFolder="ChangeDossier",
                    ListFolder="ListeDossier", CurrentFolder="DossierCourant", AddFolder="AjouteDossier",
                    RemoveFolder="SupprimeDossier", Expunge="Détruit", ChangeStatus="ChangeEtat")
    Port = _Prop(to_int, 143)


class emailSessionPOP3(_SessionVar):
    """`MaSession est une emailSessionPOP3` (PC SOFT page 1000018759); default port 110."""

    _protocol = "pop3"
    _aliases = dict(_SessionVar._aliases, GetAll="RécupèreTout")
    Port = _Prop(to_int, 110)


class emailSessionSMTP(_SessionVar):
    """`MaSession est une emailSessionSMTP` (PC SOFT page 1000018765); default port 25."""

    _protocol = "smtp"
    _aliases = dict(_SessionVar._aliases, SendMessage="EnvoieMessage", Asynchronous="Asynchrone",
                    IgnoreError="IgnoreErreur")
    Port = _Prop(to_int, 25)
    Asynchrone = _Prop(to_bool, False)
    IgnoreErreur = _Prop(to_int, 0)


emailIMAPSession = emailSessionIMAP
emailPOP3Session = emailSessionPOP3
emailSMTPSession = emailSessionSMTP
