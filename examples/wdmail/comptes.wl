// WD Mail: the mail accounts of comptes.ini, shared by releve.wl, envoie.wl and affiche.wl
// (EXTERNE "comptes.wl"). An account is a CCompte: its settings, its reception session
// (IMAP or POP3) and its SMTP session. Passwords come from the environment variable that the
// account's MotDePasse key names; the INI file never holds one. An account with an
// OAuthClientID key signs in with an OAuth 2.0 token instead (Microsoft 365, Gmail).

CONSTANTE
    PROTOCOLE_IMAP = "IMAP"
    PROTOCOLE_POP3 = "POP3"
FIN

CCompte est une Classe
    Nom est une chaîne                // the section of comptes.ini
    Adresse est une chaîne            // the account's e-mail address
    Réception est une chaîne          // PROTOCOLE_IMAP or PROTOCOLE_POP3
    Serveur est une chaîne
    Port est un entier
    TLS est une chaîne                // "1" implicit TLS, "STARTTLS", "0" neither
    Utilisateur est une chaîne
    VariableMotDePasse est une chaîne
    ServeurSMTP est une chaîne
    PortSMTP est un entier
    TLSSMTP est une chaîne
    UtilisateurSMTP est une chaîne
    OAuth est un OAuth2Paramètres         // ClientID "" = no OAuth: a password
    Jeton est un AuthToken                // obtained once, for every session of the account
    SessionIMAP est un emailSessionIMAP
    SessionPOP3 est un emailSessionPOP3
    SessionSMTP est un emailSessionSMTP
FIN

// The INI file of the accounts: /comptes=<file> on the command line, else comptes.ini next to the script
PROCÉDURE FichierComptes() : chaîne
RENVOYER LigneCommande("comptes", fRepExe() + "\comptes.ini")

// Every account of the INI file, in the file's order. Stops the program when the file is missing.
PROCÉDURE ChargeComptes(sFichierINI est une chaîne) : tableau de CCompte
tabComptes est un tableau de CCompte
SI PAS fFichierExiste(sFichierINI) ALORS FinProgramme("Fichier des comptes introuvable : " + sFichierINI)
POUR TOUTE CHAÎNE sSection DE INILit("", "", "", sFichierINI) SÉPARÉE PAR RC
    clCompte est un CCompte
    clCompte.Nom = sSection
    clCompte.Adresse = INILit(sSection, "Adresse", "", sFichierINI)
    clCompte.Réception = Majuscule(INILit(sSection, "Réception", PROTOCOLE_IMAP, sFichierINI))
    clCompte.Serveur = INILit(sSection, "Serveur", "", sFichierINI)
    clCompte.TLS = Majuscule(INILit(sSection, "TLS", "0", sFichierINI))
    clCompte.Port = Val(INILit(sSection, "Port", PortParDéfaut(clCompte.Réception, clCompte.TLS), sFichierINI))
    clCompte.Utilisateur = INILit(sSection, "Utilisateur", "", sFichierINI)
    clCompte.VariableMotDePasse = INILit(sSection, "MotDePasse", "", sFichierINI)
    clCompte.ServeurSMTP = INILit(sSection, "ServeurSMTP", "", sFichierINI)
    clCompte.TLSSMTP = Majuscule(INILit(sSection, "TLSSMTP", "0", sFichierINI))
    clCompte.PortSMTP = Val(INILit(sSection, "PortSMTP", PortParDéfaut("SMTP", clCompte.TLSSMTP), sFichierINI))
    clCompte.UtilisateurSMTP = INILit(sSection, "UtilisateurSMTP", clCompte.Utilisateur, sFichierINI)
    clCompte.OAuth.ClientID = INILit(sSection, "OAuthClientID", "", sFichierINI)
    SI clCompte.OAuth.ClientID <> "" ALORS
        clCompte.OAuth.URLAuth = INILit(sSection, "OAuthURLAuth", "", sFichierINI)
        clCompte.OAuth.URLToken = INILit(sSection, "OAuthURLToken", "", sFichierINI)
        clCompte.OAuth.URLCodeAppareil = INILit(sSection, "OAuthURLCodeAppareil", "", sFichierINI)
        clCompte.OAuth.Scope = INILit(sSection, "OAuthScope", "", sFichierINI)
        clCompte.OAuth.NomUtilisateur = clCompte.Utilisateur
        sSecret est une chaîne = INILit(sSection, "OAuthSecret", "", sFichierINI)     // a variable's name
        SI sSecret <> "" ALORS clCompte.OAuth.ClientSecret = ExtraitChaîne(SysEnvironnement(sSecret), 2, "=")
    FIN
    SI clCompte.Réception <> PROTOCOLE_IMAP ET clCompte.Réception <> PROTOCOLE_POP3 ALORS
        FinProgramme("Compte " + sSection + " : Réception doit valoir IMAP ou POP3, pas " + clCompte.Réception)
    FIN
    Ajoute(tabComptes, clCompte)
FIN
RENVOYER tabComptes

// The account named sNom (case ignored); stops the program when there is none
PROCÉDURE CompteNommé(tabComptes est un tableau de CCompte, sNom est une chaîne) : CCompte
POUR TOUT clCompte DE tabComptes
    SI clCompte.Nom ~= sNom ALORS RENVOYER clCompte
FIN
FinProgramme("Compte inconnu : " + sNom)

PROCÉDURE PortParDéfaut(sProtocole est une chaîne, sTLS est une chaîne) : chaîne
SELON sProtocole
    CAS PROTOCOLE_IMAP : RENVOYER (sTLS = "1" ? "993" SINON "143")
    CAS PROTOCOLE_POP3 : RENVOYER (sTLS = "1" ? "995" SINON "110")
    AUTRE CAS : RENVOYER (sTLS = "1" ? "465" SINON (sTLS = "STARTTLS" ? "587" SINON "25"))
FIN

// The option of a session for a TLS setting of the INI file
PROCÉDURE OptionSécurité(sTLS est une chaîne) : entier
SELON sTLS
    CAS "1", "OUI" : RENVOYER optionTLS
    CAS "STARTTLS" : RENVOYER emailProtocoleSMTPS
    AUTRE CAS : RENVOYER emailOptionDéfaut
FIN

// The password of an account: the environment variable named by its MotDePasse key ("" if unset)
PROCÉDURE MotDePasseDe(clCompte est un CCompte) : chaîne
SI clCompte.VariableMotDePasse = "" ALORS RENVOYER ""
RENVOYER ExtraitChaîne(SysEnvironnement(clCompte.VariableMotDePasse), 2, "=")

// The OAuth 2.0 token of an account, asked for once (AuthIdentifie renews a stored one by itself).
// Faux with ErreurInfo() when there is none.
PROCÉDURE JetonPrêt(clCompte est un CCompte) : booléen
SI clCompte.Jeton.Valide ALORS RENVOYER Vrai
clCompte.Jeton = AuthIdentifie(clCompte.OAuth)
RENVOYER clCompte.Jeton.Valide

// Opens the reception session of an account (IMAP or POP3); Faux with ErreurInfo() on failure
PROCÉDURE OuvreRéception(clCompte est un CCompte) : booléen
SI clCompte.Réception = PROTOCOLE_IMAP ALORS
    RENVOYER Ouvre(clCompte, clCompte.SessionIMAP, clCompte.Serveur, clCompte.Port, clCompte.TLS, clCompte.Utilisateur)
FIN
RENVOYER Ouvre(clCompte, clCompte.SessionPOP3, clCompte.Serveur, clCompte.Port, clCompte.TLS, clCompte.Utilisateur)

// Opens the SMTP session of an account; Faux with ErreurInfo() on failure
PROCÉDURE OuvreEnvoi(clCompte est un CCompte) : booléen
RENVOYER Ouvre(clCompte, clCompte.SessionSMTP, clCompte.ServeurSMTP, clCompte.PortSMTP, clCompte.TLSSMTP, ...
               clCompte.UtilisateurSMTP)

// Opens one session of an account: with its OAuth token when it has OAuth settings, else its password
PROCÉDURE Ouvre(clCompte est un CCompte, MaSession, sServeur est une chaîne, nPort est un entier, ...
                sTLS est une chaîne, sUtilisateur est une chaîne) : booléen
MaSession.AdresseServeur = sServeur
MaSession.Port = nPort
MaSession.Option = OptionSécurité(sTLS)
MaSession.Nom = sUtilisateur
SI clCompte.OAuth.ClientID <> "" ALORS
    SI PAS JetonPrêt(clCompte) ALORS RENVOYER Faux
    MaSession.AuthToken = clCompte.Jeton
SINON
    MaSession.MotDePasse = MotDePasseDe(clCompte)
FIN
RENVOYER EmailOuvreSession(MaSession)

// "Nom <adresse>" -> "adresse"
PROCÉDURE AdresseDe(sExpéditeur est une chaîne) : chaîne
SI Position(sExpéditeur, "<") = 0 ALORS RENVOYER SansEspace(sExpéditeur)
RENVOYER ExtraitChaîne(ExtraitChaîne(sExpéditeur, 2, "<"), 1, ">")
