"""CAS ERREUR / CAS EXCEPTION sections and the error functions, run as WLangage
(ErreurDéclenche [D:3034011], ErreurPropage [D:3034015], ExceptionDéclenche,
ExceptionPropage, ExceptionInfo)."""
from __future__ import annotations

from wltest import run_source


def run(source, tmp_path):
    result = run_source(source, tmp_path)
    return result.stdout, result.stderr, result.code


def test_cas_erreur_runs_only_on_an_error_of_the_procedure(tmp_path):
    out, err, code = run('''
        x est une chaîne = fChargeTexte("/nonexistent/wlmail/zz")
        Trace(ErreurDétectée)
        Trace(Sûre())
        Trace(Lit())
        PROCÉDURE Sûre()
        Trace("corps")
        RENVOYER 1
        CAS ERREUR:
        Trace("jamais")
        RENVOYER -1

        PROCÉDURE Lit()
        s est une chaîne = fChargeTexte("/nonexistent/wlmail/zz")
        Trace("jamais après l'erreur")
        RENVOYER 2
        CAS ERREUR:
        Trace("section : " + ErreurInfo())
        RENVOYER -2
        ''', tmp_path)
    assert code == 0, err
    assert out.splitlines() == [
        "1", "corps", "1", "section : fChargeTexte: No such file or directory: /nonexistent/wlmail/zz", "-2"]


def test_erreurdeclenche_reaches_the_callers_cas_erreur(tmp_path):
    out, err, code = run('''
        Trace(Appelant())
        Vérifie(-5)
        SI ErreurDétectée ALORS Trace("traité par programme", ErreurInfo(errCode), ErreurInfo(errMessage))
        PROCÉDURE Vérifie(n)
        SI n < 0 ALORS
            ErreurDéclenche(12, "nombre négatif")
            RETOUR
        FIN
        Trace("positif")

        PROCÉDURE Appelant()
        Vérifie(3)
        Vérifie(-1)
        Trace("jamais")
        RENVOYER "fini"
        CAS ERREUR:
        RENVOYER "erreur " + ErreurInfo(errCode) + " : " + ErreurInfo(errMessage)
        ''', tmp_path)
    assert code == 0, err
    assert out.splitlines() == ["positif", "erreur 12 : nombre négatif", "traité par programme 12 nombre négatif"]


def test_erreurpropage_page_example(tmp_path):
    out, err, code = run('''
        OuvreFichier("/nonexistent/wlmail/f.txt")
        SI ErreurDétectée = Vrai ALORS
            Trace(Remplace(ErreurInfo(), RC, " | "))
        FIN
        PROCÉDURE OuvreFichier(LOCAL sNomFichier est une chaîne)
        fOuvre(sNomFichier)
        SI ErreurDétectée = Vrai ALORS
            ErreurPropage("OuvreFichier a échoué")
            RETOUR
        FIN
        Trace("ouvert")
        ''', tmp_path)
    assert code == 0, err
    assert out == "OuvreFichier a échoué | fOuvre: No such file or directory: /nonexistent/wlmail/f.txt\n"


def test_cas_exception_and_exceptionpropage(tmp_path):
    out, err, code = run('''
        QUAND EXCEPTION DANS
            Trace(Calcule(0))
            Relance()
        FAIRE
            Trace("appelant :", ExceptionInfo(errCode), ExceptionInfo(errMessage))
        FIN
        PROCÉDURE Calcule(n)
        RENVOYER 10 / n
        CAS EXCEPTION:
        Trace("exception :", ExceptionInfo())
        RENVOYER -1
        CAS ERREUR:
        RENVOYER -2

        PROCÉDURE Relance()
        ExceptionDéclenche(42, "quota dépassé")
        Trace("jamais")
        CAS EXCEPTION:
        Trace("transmise")
        ExceptionPropage()
        ''', tmp_path)
    assert code == 0, err
    assert out.splitlines() == ["exception : Division by zero", "-1", "transmise", "appelant : 42 quota dépassé"]


def test_english_names(tmp_path):
    out, err, code = run('''
        PROCEDURE Check()
        ErrorThrow(7, "seven")
        RETURN
        CASE ERROR:
        Trace(ErrorInfo(errCode))
        ''', tmp_path)
    assert code == 0 and out == "", err
    out, err, code = run('''
        Check()
        PROCEDURE Check()
        ErrorThrow(7, "seven")
        RETURN
        CASE ERROR:
        Trace(ErrorInfo(errCode))
        ''', tmp_path)
    assert (out, code) == ("7\n", 0), err
