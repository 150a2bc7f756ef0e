"""Pygments lexer for WLangage (WINDEV / WEBDEV / WINDEV Mobile).

Registered as the ``wlangage`` Pygments lexer through the entry point declared in pyproject.toml.

WLangage is case- and accent-insensitive for keywords and built-in names (``SI``/``Si``/``si``,
``PROCÉDURE``/``procedure``, ``chaîne``/``chaine``), so single words are classified by looking up their
folded spelling (casefold + accents stripped) in word sets. Multi-word keywords whose parts are not keywords
on their own (``AUTRE CAS``, ``NON LU``, ``QUAND EXCEPTION``, ``is a``...) have dedicated regexes.

Strings are ``"..."`` with ``""`` as the only escape (a backslash is a literal character), plus the
multi-line bracket form: a ``[`` that ends its line, closed by a ``]`` alone on its line.

The short word ``A`` (FR "À", i.e. TO) and ``TO`` are contextual: they are keywords only when they follow a
value on the same line (``POUR i = 1 A 10``, ``t[1 a 3]``) or open a bracketed range (``s[[A 10]]``);
elsewhere (``a = 5``, ``SI a ALORS``) they are ordinary variable names.
"""

from __future__ import annotations

import re
import unicodedata

from pygments.lexer import RegexLexer, bygroups, default, include
from pygments.token import (
    Comment,
    Error,
    Keyword,
    Name,
    Number,
    Operator,
    Punctuation,
    String,
    Text,
    Token,
    Whitespace,
)

__all__ = ["WLangageLexer"]


def _fold(word: str) -> str:
    """Case- and accent-insensitive key: ``"PROCÉDURE"`` -> ``"procedure"``."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _folded(words: str) -> frozenset[str]:
    return frozenset(_fold(w) for w in words.split())


# --- word sets (any spelling; folded at import) -------------------------------------------------------------

# Declaration keywords (Keyword.Declaration).
_DECLARATION = _folded("""
    PROCÉDURE FONCTION PROCEDURE FUNCTION INTERNE INTERNAL LOCAL LOCALE GLOBAL GLOBALE
    STRUCTURE CONSTANTE CONSTANT CLASSE CLASS HÉRITE INHERITS HERITE
    est sont un une des is are an soit let EXTERNE EXTERN
    PRIVÉ PRIVÉE PRIVATE PUBLIC PUBLIQUE PROTÉGÉ PROTÉGÉE PROTECTED
    dynamique dynamic objet object allouer new libérer delete
""")

# Other reserved words (Keyword).
_KEYWORDS = _folded("""
    SI ALORS SINON FIN IF THEN ELSE END
    SELON CAS SWITCH CASE
    POUR TOUT CHAQUE FOR EACH
    TANTQUE WHILE BOUCLE LOOP FAIRE DO
    SORTIR BREAK CONTINUER CONTINUE RETOUR RETURN RENVOYER RESULT
    GOTO QUAND WHEN
    À _A_ _TO_ PAS STEP SUR ON DE OF DANS IN _DANS_ _IN_
    ET OU _ET_ _OU_ AND OR NOT _AND_ _OR_ UNREAD
""")

# Words that are keywords only in some positions (see the module docstring).
_CONTEXTUAL = frozenset({"a", "to"})

# Types (Keyword.Type), singular and plural (after "sont des" / "are").
_TYPES = _folded("""
    entier entiers int ints integer chaîne chaînes string strings réel réels real reals
    booléen booléens boolean booleans bool tableau tableaux array arrays
    monétaire monétaires currency numérique numériques numeric buffer buffers
    date dates heure heures time dateheure datetime durée durées duration
    variant variants caractère caractères character characters octet octets byte bytes
    associatif associative unsigned fixe fixed ANSI UNICODE ASCIIZ
    Email emails emailSessionIMAP emailSessionPOP3 emailSessionSMTP emailSessionOutlook emailSessionNotes
    emailIMAPSession emailPOP3Session emailSMTPSession emailOutlookSession emailNotesSession
    emailAttache emailAttach emailEntête emailHeader
    JSON xmlDocument xmlNoeud xmlNode httpRequête httpRequest httpRéponse httpResponse
""")

# Predefined constants (Keyword.Constant).
_CONSTANTS = _folded("Vrai Faux True False Null RC CR TAB EOT")

# Predefined pseudo-variables (Name.Builtin.Pseudo).
_PSEUDO = _folded("""
    MoiMême MySelf MaFenêtre MyWindow MesParamètres MyParameters MaSource MySource MonParent MyParent
    ErreurDétectée ErrorOccurred ExceptionDétectée ExceptionOccurred
""")

# Named constants of the runtime library (Name.Constant).
_NAMED_CONSTANTS = _folded("""
    ertNonLus ertNotRead ertComplet ertFull ertEntête ertHeader ertAsynchrone ertAsynchronous
    emailNonLus emailUnread emailTous emailAll emailEtatLu emailStatusRead emailEtatNonLu emailStatusUnread
    emailOptionDéfaut emailOptionDefault emailProtocoleSMTPS emailProtocolSMTPS
    emailOptionSécuriséTLS emailOptionSecuredTLS optionTLS optionSSL
    emailOptionEncodeEntête emailOptionEncodeHeader emailOptionMessageID emailOptionRéférence
    emailOptionReference emailAsynchrone emailSynchrone emailAsynchronous emailSynchronous
    emailPrioritéBasse emailPrioritéHaute emailPrioritéNormale emailLowPriority emailHighPriority
    emailNormalPriority emailConfidentiel emailNormal emailPersonnel emailPrivé emailCompanyConfidential
    emailPersonal emailPrivate emailAucun emailNone duréeCentième duréeMillième
    durationCentisecond durationMillisecond emailCorps emailDestinataire emailExpéditeur emailSujet emailBody
    emailRecipient emailSender emailSubject emailParamètreMode emailParamètreHTML
    emailSessionIgnoreCertificatInvalide
    LstDossierNormal LstDossierTous LstDossierTrié LstDossierType
    lstFolderNormal lstFolderAll lstFolderSorted lstFolderType
    errMessage errCode errCodeSystème errComplet errPendant errNombreSousErreur
    errSystemCode errFull errNumberOfSubErrors
    sscExtérieur sscIntérieur sscTout Oui Non Yes No
""")

# Built-in functions (Name.Builtin): a reasonable subset, FR and EN names.
_BUILTINS = _folded("""
    Trace Info Erreur Error Avertissement Warning OuiNon YesNo Confirmer Confirm
    ConsoleÉcrit ConsoleWrite ConsoleLit ConsoleRead
    Taille Length Gauche Left Droite Right Milieu Middle Majuscule Upper Minuscule Lower
    SansEspace NoSpace Remplace Replace Position ExtraitChaîne ExtractString
    ChaîneConstruit StringBuild Complète Complete Répète RepeatString Contient Contains
    ChaîneOccurrence StringCount ChaîneCommencePar StringStartsWith ChaîneFinitPar StringEndsWith
    ChaîneFormate StringFormat ChaîneVersTableau StringToArray TableauVersChaîne ArrayToString
    NumériqueVersChaîne NumToString Val Asc Caract Charact
    DateSys HeureSys TimeSys DateDuJour Today Maintenant Now DateHeureSys SysDateTime
    DateVersChaîne DateToString HeureVersChaîne TimeToString DuréeVersChaîne DurationToString
    ChaîneVersDurée StringToDuration DateValide DateValid DateHeureValide DateTimeValid
    DateVersJour DateToDay DateVersJourEnLettre DateToDayInAlpha DateVersMoisEnLettre DateToMonthInAlpha
    DateVersEntier DateToInteger EntierVersDate IntegerToDate DateDifférence DateDifference
    DateHeureDifférence DateTimeDifference DateHeureLocaleVersUTC DateTimeLocalToUTC
    DateHeureUTCVersLocale DateTimeUTCToLocal
    Hasard Random InitHasard InitRandom Arrondi Round Abs Racine Sqrt Puissance Power
    PartieEntière IntegerPart PartieDécimale DecimalPart Modulo Min Max
    TableauAjoute ArrayAdd TableauSupprime ArrayDelete TableauSupprimeTout ArrayDeleteAll
    TableauOccurrence ArrayCount TableauCherche ArraySeek TableauTrie ArraySort
    Ajoute Supprime SupprimeTout Occurrence
    TypeVar Compile ExécuteTraitement ExecuteProcess
    ExceptionDéclenche ExceptionThrow ExceptionInfo ExceptionPropage ExceptionPropagate
    ErreurInfo ErrorInfo ErreurDéclenche ErrorThrow ErreurPropage ErrorPropagate
    fLitLigne fReadLine fChargeTexte fLoadText fSauveTexte fSaveText fFichierExiste fFileExist
    fExtraitChemin fExtractPath fOuvre fOpen fFerme fClose fÉcritLigne fWriteLine fSupprime fDelete
    fRepCrée fMakeDir fListeFichier fListFile fRepExiste fDirectoryExist
    SysEnvironnement SysEnvironment Multitâche Multitask Temporisation Wait
    EmailOuvreSession EmailStartSession EmailOuvreSessionIMAP EmailStartIMAPSession
    EmailOuvreSessionPOP3 EmailStartPOP3Session EmailOuvreSessionSMTP EmailStartSMTPSession
    EmailFermeSession EmailCloseSession EmailRécupèreTout EmailGetAll
    EmailLitPremier EmailReadFirst EmailLitSuivant EmailReadNext EmailLitPrécédent EmailReadPrevious
    EmailLitDernier EmailReadLast EmailLitMessage EmailReadMessage
    EmailLitEntêtePremier EmailReadFirstHeader EmailLitEntêteSuivant EmailReadNextHeader
    EmailLitEntêteDernier EmailReadLastHeader EmailLitEntêtePrécédent EmailReadPreviousHeader
    EmailLitEntêteMessage EmailReadMessageHeader EmailLitTimeOut EmailGetTimeOut
    EmailChangeTimeOut EmailSetTimeOut EmailNbMessage EmailTailleMessage EmailMessageLength
    EmailSupprimeMessage EmailDeleteMessage EmailChangeEtat EmailChangeStatus EmailEtat EmailStatus
    EmailRécupèreIndicateur EmailGetIndicator EmailCopie EmailCopy EmailDéplaceMessage
    EmailDossierCourant EmailCurrentFolder EmailChangeDossier EmailChangeFolder
    EmailListeDossier EmailListFolder EmailAjouteDossier EmailAddFolder
    EmailSupprimeDossier EmailRemoveFolder EmailAbonneAuDossier EmailSubscribeToFolder
    EmailDésabonneDuDossier EmailUnsubscribeFromFolder EmailExpunge
    EmailExécuteCommande EmailExecuteCommand EmailCherchePremier EmailSeekFirst
    EmailEnvoieMessage EmailSendMessage EmailEnvoie EmailSend
    EmailConstruitSource EmailBuildSource EmailImporteSource EmailImportSource
    EmailImporteHTML EmailImportHTML EmailChargeFichierAttaché EmailLoadAttachment
    EmailSauveFichierAttaché EmailSaveAttachment EmailRAZ EmailReset
    EmailMsgErreur EmailMsgError EmailVérifieAdresse EmailCheckAddress
    EmailParamètre EmailConfigure EmailJauge EmailProgressBar EmailDétruit
""")

# Modifiers that may sit between PROCÉDURE and the procedure name.
_PROC_MODIFIERS = (
    r"(?:interne|internal|globale?|priv[ée]e?|private|publique?|prot[ée]g[ée]e?|protected"
    r"|virtuelle?|virtual|abstraite?|abstract)\b"
)

_IDENT = r"[^\W\d][\w\u0300-\u036f]*"

# Token used internally for "A"/"TO" until the context is known; never leaves the lexer.
_AMBIGUOUS = Token.Name.WLangageAmbiguous


def _classify(word: str):
    key = _fold(word)
    if key in _CONTEXTUAL:
        # "À" (with its accent) is always the TO keyword; "A"/"a"/"TO" depend on the context.
        return Keyword if word.casefold() == "à" else _AMBIGUOUS
    if key in _KEYWORDS:
        return Keyword
    if key in _DECLARATION:
        return Keyword.Declaration
    if key in _TYPES:
        return Keyword.Type
    if key in _CONSTANTS:
        return Keyword.Constant
    if key in _PSEUDO:
        return Name.Builtin.Pseudo
    if key in _BUILTINS:
        return Name.Builtin
    if key in _NAMED_CONSTANTS:
        return Name.Constant
    return Name


def _word_callback(lexer, match):
    word = match.group(0)
    yield match.start(), _classify(word), word


def _method_callback(lexer, match):
    # "x.Taille()": a built-in called in prefixed (method) form; other members are attributes.
    word = match.group(0)
    yield match.start(), Name.Builtin if _fold(word) in _BUILTINS else Name.Attribute, word


# Token types after which "A"/"TO" means TO (the previous token is a complete operand).
def _is_operand(ttype, value: str) -> bool:
    if ttype in Name or ttype in Number or ttype in String or ttype in Keyword.Constant:
        return ttype is not _AMBIGUOUS
    return ttype is Punctuation and value in (")", "]", "]]")


class WLangageLexer(RegexLexer):
    """Lexer for WINDEV WLangage source (``.wl`` scripts, code blocks), French or English keywords."""

    name = "WLangage"
    aliases = ["wlangage", "wl", "wlanguage", "windev"]
    filenames = ["*.wl"]
    mimetypes = ["text/x-wlangage"]
    url = "https://doc.pcsoft.fr/"
    version_added = ""

    flags = re.IGNORECASE | re.MULTILINE | re.UNICODE

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (r"[^\S\n]+", Whitespace),
            include("comments"),
            include("strings"),
            # multi-line keywords whose parts are not keywords on their own
            (r"\b(autres?|other)([^\S\n]+)(cas|case)\b", bygroups(Keyword, Whitespace, Keyword)),
            (r"\b(non)([^\S\n]+)(lus?)\b", bygroups(Keyword, Whitespace, Keyword)),
            (r"\b(quand|when)([^\S\n]+)(exception)\b", bygroups(Keyword, Whitespace, Keyword)),
            (r"\b(tout|chaque)([^\S\n]+)([ée]l[ée]ment)\b", bygroups(Keyword, Whitespace, Keyword)),
            (r"\b([aà])([^\S\n]+)(faire)([^\S\n]+)(tantque)\b",
             bygroups(Keyword, Whitespace, Keyword, Whitespace, Keyword)),
            (r"\b(is)([^\S\n]+)(an?)\b", bygroups(Keyword.Declaration, Whitespace, Keyword.Declaration)),
            (r"\b(sans)([^\S\n]+)(signe)\b", bygroups(Keyword.Type, Whitespace, Keyword.Type)),
            (r"\b(s[ée]par[ée]e?s?)([^\S\n]+)(par)\b", bygroups(Keyword, Whitespace, Keyword)),
            (r"\bd'(?=[^\W\d])", Keyword),  # elision: tableau d'entiers
            (r"\b(proc[ée]dure|fonction|function)\b", Keyword.Declaration, "procname"),
            include("numbers"),
            # member access: x.Prop, x..Prop, Classe::Membre
            (r"(?<=[\w\)\]])(?:\.\.?|::)(?=[^\W\d])", Operator, "member"),
            (_IDENT, _word_callback),
            include("operators"),
            (r".", Error),
        ],
        "comments": [
            (r"//[^\n]*", Comment.Single),
            (r"/\*[\s\S]*?\*/", Comment.Multiline),
            (r"/\*[\s\S]*", Comment.Multiline),  # unterminated (e.g. while typing in the REPL)
        ],
        "strings": [
            # bracket multi-line string: "[" ends its line, "]" alone on its line
            (r"\[[^\S\n]*\n(?:[^\n]*\n)*?[^\S\n]*\](?=[^\S\n]*(?://[^\n]*)?$)", String.Heredoc),
            (r'"(?:[^"\n]|"")*"', String.Double),
            (r'"[^"\n]*', String.Double),  # unterminated: up to the end of the line
            (r"`[^`\n]*`?", String.Backtick),
        ],
        "numbers": [
            (r"0x[0-9a-f_]+\b", Number.Hex),
            (r"0b[01_]+\b", Number.Bin),
            (r"\d+(?:_\d+)*\.\d+(?:e[+-]?\d+)?", Number.Float),
            (r"\d+(?:_\d+)*e[+-]?\d+", Number.Float),
            (r"\d+(?:_\d+)*", Number.Integer),
        ],
        "operators": [
            (r"\.\.\.", Punctuation),  # line continuation
            (r"<=>|\[~~\]|\[~\]|\[=\]|~~\]|\[~~|\[~|\[=|=\]|~\]|~~|~=", Operator),
            (r"<>|<=|>=|<-|\+\+|--|\+=|-=|\*=|/=|\?\?=?\*?|\?!|\?\.|\.\.|::", Operator),
            (r"[-+*/^%=<>&?!.:~]", Operator),
            (r"\[\[|\]\]", Punctuation),
            (r"[()\[\]{},;]", Punctuation),
        ],
        "procname": [
            (r"[^\S\n]+", Whitespace),
            (_PROC_MODIFIERS, Keyword.Declaration),
            (_IDENT, Name.Function, "#pop"),
            default("#pop"),
        ],
        "member": [
            (_IDENT + r"(?=[^\S\n]*\()", _method_callback, "#pop"),
            (_IDENT, Name.Attribute, "#pop"),
            default("#pop"),
        ],
    }

    def get_tokens_unprocessed(self, text, stack=("root",)):
        tokens = list(super().get_tokens_unprocessed(text, stack))
        for i, (pos, ttype, value) in enumerate(tokens):
            if ttype is _AMBIGUOUS:
                ttype = Keyword if self._is_range_keyword(tokens, i) else Name
            yield pos, ttype, value

    @staticmethod
    def _is_range_keyword(tokens, i) -> bool:
        """Is the ambiguous word at index i (A / TO) the range keyword rather than a variable name?"""

        def neighbour(step):
            j = i + step
            while 0 <= j < len(tokens):
                _, ttype, value = tokens[j]
                if ttype is Whitespace or ttype is Text:
                    if "\n" in value:
                        return None
                    j += step
                    continue
                return ttype, value
            return None

        before = neighbour(-1)
        if before is None:
            return False
        if _is_operand(*before):
            return True  # "1 A 10", "t[i a j]", "x A y": two operands never touch otherwise
        if before[0] is Punctuation and before[1] in ("[", "[["):
            after = neighbour(1)  # "[[A 10]]": open-start range
            return after is not None and (after[0] in Number or after[0] is Name)
        return False

    def analyse_text(text):
        score = 0.0
        if re.search(r"^[^\S\n]*proc[ée]dure\b", text, re.IGNORECASE | re.MULTILINE):
            score += 0.3
        if re.search(r"\b(?:est[^\S\n]+une?|sont[^\S\n]+des)[^\S\n]+[^\W\d]", text, re.IGNORECASE):
            score += 0.3
        if re.search(r"\bEmail(?:OuvreSession|R[ée]cup[èe]reTout|LitPremier|FermeSession)\b", text,
                     re.IGNORECASE):
            score += 0.3
        if re.search(r"^[^\S\n]*(?:SI\b.*\bALORS|TANTQUE|POUR[^\S\n]+TOUT|RENVOYER|FIN[^\S\n]*$)", text,
                     re.IGNORECASE | re.MULTILINE):
            score += 0.2
        return min(score, 1.0)
