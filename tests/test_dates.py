"""Date, Heure, DateHeure and Durée: the value types, their operators and the date
functions, written as WLangage (FR and EN) with the output PC SOFT's help gives, plus
the local time zone (Email.DateRéception, DateHeureLocaleVersUTC) under Europe/Paris."""
from __future__ import annotations

import time

import pytest

from conftest import seed_messages
from wltest import run_source
from wlmail.runtime import dates as D
from wlmail.runtime.errors import WLError


@pytest.fixture
def paris(monkeypatch):
    """The machine's time zone is Europe/Paris for this test (CET/CEST)."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def wl(source: str, tmp_path, *extra) -> list[str]:
    r = run_source(source, tmp_path, "dates.wl", *extra)
    assert r.code == 0, r.stderr
    return r.stdout.splitlines()


# --- conformance: (French source, English source, expected output) -----------------------

CASES = {
    "date_arithmetic": ('''
d est une Date = "20240315"
d = d + 20
Trace(d)
d += 1
Trace(d, d - 1, d - "20240101")
Trace(DateSys() - 30 < DateSys(), d > "20240101", d = "20240405")
''', '''
d is a Date = "20240315"
d = d + 20
Trace(d)
d += 1
Trace(d, d - 1, d - "20240101")
Trace(DateSys() - 30 < DateSys(), d > "20240101", d = "20240405")
''', ["20240404", "20240405 20240404 95000000000", "1 1 1"]),

    # examples of the Jour and Mois pages [D:2512043][D:2512052]
    "day_and_month_properties": ('''
DateDébut est une Date = "20201226"
DateDébut.Jour += 10
Trace(DateDébut)
MaDate est une Date = "20201126"
MaDate.Jour = 31
Trace(MaDate)
MaDate = "20201126"
MaDate.Jour += 90
MaDate.Jour = 31
Trace(MaDate)
D2 est une Date = "20201226"
D2.Mois += 5
Trace(D2, D2.Jour, D2..Mois, D2.Année)
DébutMois est une Date = "20201126"
soit FinMois = DébutMois
FinMois.Mois++
FinMois.Jour--
Trace(DébutMois, FinMois)
''', '''
StartDate is a Date = "20201226"
StartDate.Day += 10
Trace(StartDate)
MyDate is a Date = "20201126"
MyDate.Day = 31
Trace(MyDate)
MyDate = "20201126"
MyDate.Day += 90
MyDate.Day = 31
Trace(MyDate)
D2 is a Date = "20201226"
D2.Month += 5
Trace(D2, D2.Day, D2..Month, D2.Year)
MonthStart is a Date = "20201126"
let MonthEnd = MonthStart
MonthEnd.Month++
MonthEnd.Day--
Trace(MonthStart, MonthEnd)
''', ["20210105", "20201130", "20210228", "20210526 26 5 2021", "20201126 20201225"]),

    "leap_years_and_boundaries": ('''
d est une Date = "20240131"
d.Mois++
Trace(d)
d = "20230131"
d.Mois++
Trace(d)
d = "20240229"
d.Année += 1
Trace(d)
d = "20241231"
Trace(d + 1, Date("20240301") - 1, Date("19000301") - 1, Date("20000301") - 1)
d = "20240115"
d.Mois -= 1
Trace(d, DateVersJourEnLettre(d), DateVersEntier("18000101"), EntierVersDate(73773))
''', '''
d is a Date = "20240131"
d.Month++
Trace(d)
d = "20230131"
d.Month++
Trace(d)
d = "20240229"
d.Year += 1
Trace(d)
d = "20241231"
Trace(d + 1, Date("20240301") - 1, Date("19000301") - 1, Date("20000301") - 1)
d = "20240115"
d.Month -= 1
Trace(d, DateToDayInAlpha(d), DateToInteger("18000101"), IntegerToDate(73773))
''', ["20240229", "20230228", "20250228", "20250101 20240229 19000228 20000229",
      "20231215 vendredi 1 20011225"]),

    # examples of the Durée and DuréeVersChaîne pages [D:1514069][D:3027007]
    "durations": ('''
HeureDébut est une Heure = "1330"
HeureFin est une Heure = "1730"
DuréeCongrès est une Durée = HeureFin - HeureDébut
Info("Le congrès a duré : " + DuréeCongrès.Heure + " heures")
MaDurée est une Durée
CombienEnHeure est un réel
MaDurée.Jour = 5
CombienEnHeure = MaDurée.EnHeures
Info(MaDurée.Jour + " jours = " + CombienEnHeure + " heures.")
HD est une Heure = "125324"
HF est une Heure = "140852"
D3 est une Durée = HF - HD
Trace(DuréeVersChaîne(D3, duréeCentième), DuréeVersChaîne(D3, "J-HH:MM"), D3)
D4 est une Durée = HD - HF
SI D4 < 0 ALORS D4 = - D4
Trace(D4 = D3, D3.EnMinutes, D3.EnMillisecondes)
''', '''
StartTime is a Time = "1330"
EndTime is a Time = "1730"
Congress is a Duration = EndTime - StartTime
Info("The congress lasted: " + Congress.Hour + " hours")
MyDuration is a Duration
InHours is a real
MyDuration.Day = 5
InHours = MyDuration.InHours
Info(MyDuration.Day + " days = " + InHours + " hours.")
HD is a Time = "125324"
HF is a Time = "140852"
D3 is a Duration = HF - HD
Trace(DurationToString(D3, durationCentisecond), DurationToString(D3, "J-HH:MM"), D3)
D4 is a Duration = HD - HF
IF D4 < 0 THEN D4 = - D4
Trace(D4 = D3, D3.InMinutes, D3.InMilliseconds)
''', None),

    # the DateHeure page's example and [D:1514040]'s operations
    "datetime": ('''
DateDébut est une DateHeure = "200112011530"
DateDébut.Année += 5
DateDébut.Mois = 5
Info("Date " + DateDébut.PartieDate)
Info("Heure " + DateDébut.PartieHeure)
DHDébut est une DateHeure = "200112051530"
DHFin est une DateHeure = "200112071730"
DuréeSéminaire est une Durée = DHFin - DHDébut
Trace(DuréeSéminaire, DuréeSéminaire.Jour, DuréeSéminaire.Heure, DHFin > DHDébut)
DHFin.Minute += 45
Trace(DHFin, DHFin + DuréeSéminaire, DHFin.PartieDate = "20011207")
Trace(DateHeureDifférence("199801011215", "199801021316"), DateHeureValide("20240230"))
''', '''
StartDate is a DateTime = "200112011530"
StartDate.Year += 5
StartDate.Month = 5
Info("Date " + StartDate.DatePart)
Info("Time " + StartDate.TimePart)
DTStart is a DateTime = "200112051530"
DTEnd is a DateTime = "200112071730"
Seminar is a Duration = DTEnd - DTStart
Trace(Seminar, Seminar.Day, Seminar.Hour, DTEnd > DTStart)
DTEnd.Minute += 45
Trace(DTEnd, DTEnd + Seminar, DTEnd.DatePart = "20011207")
Trace(DateTimeDifference("199801011215", "199801021316"), DateTimeValid("20240230"))
''', None),
}

EXPECTED_FR = {
    "durations": ["Le congrès a duré : 4 heures", "5 jours = 120 heures.", "001152800 0-01:15 0011528000",
                  "1 75.4666666666667 4528000"],
    "datetime": ["Date 20060501", "Heure 153000000", "2020000000 2 2 1",
                 "20011207181500000 20011209201500000 1", "0000000101010000 0"],
}
EXPECTED_EN = {
    "durations": ["The congress lasted: 4 hours", "5 days = 120 hours."] + EXPECTED_FR["durations"][2:],
    "datetime": ["Date 20060501", "Time 153000000"] + EXPECTED_FR["datetime"][2:],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_conformance(case, lang, tmp_path):
    fr, en, expected = CASES[case]
    if expected is None:
        expected = (EXPECTED_FR if lang == "fr" else EXPECTED_EN)[case]
    assert wl(fr if lang == "fr" else en, tmp_path) == expected


def test_date_to_string_in_both_languages(tmp_path):
    assert wl('''
d est une Date = "20240315"
Trace(d.VersChaîne("JJJJ JJ MMMM AAAA"), d.VersJourEnLettre(), d.VersMoisEnLettre())
Trace(DateVersChaîne(d, "DD/MM/YYYY"), d.ToString("Dddd"), DateHeureSys() > DateSys(), DateHeureSys() = DateSys())
h est une Heure = "0905"
Trace(h.VersChaîne("HH:MM"), HeureVersChaîne(h), h)
''', tmp_path) == ["vendredi 15 mars 2024 vendredi mars", "15/03/2024 Vendredi 0 1", "09:05 09:05:00:00 090500000"]


# --- errors -------------------------------------------------------------------------------

@pytest.mark.parametrize("source, message", [
    ('MaDate est une Date = "20201126"\nMaDate.Jour = MaDate.Jour + 20\n', "Jour must be between 1 and 31"),
    ('d est une Date = "20241301"\n', 'Invalid date "20241301"'),
    ('h est une Heure = "2561"\n', 'Invalid time "2561"'),
    ('d est une Date = "20240101"\nh est une Heure = "1200"\nTrace(d - h)\n', "Cannot subtract"),
    ('d est une Date = "20240101"\nh est une Heure = "1200"\nSI d < h ALORS Trace(1)\n', "Cannot compare"),
    ('du est une Durée = "abc"\n', 'Invalid duration "abc"'),
])
def test_errors_are_wlangage_errors(source, message, tmp_path):
    r = run_source(source, tmp_path, "bad.wl")
    assert r.code == 1 and message in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.startswith(str(tmp_path / "bad.wl") + ":")


def test_error_is_catchable(tmp_path):
    assert wl('''
d est une Date = "20240131"
QUAND EXCEPTION DANS
    d.Mois = 13
FAIRE
    Trace("erreur :", ExceptionInfo())
FIN
''', tmp_path) == ["erreur : Mois must be between 1 and 12 (got 13); use += to add"]


# --- from Python --------------------------------------------------------------------------

def test_duration_literal_helper():
    d = D.wl_duration(210000)                      # 3 min 30 s
    assert isinstance(d, D.Durée) and d.Minute == 3 and d.Seconde == 30 and d.EnSecondes == 210.0
    assert str(D.wl_duration(90061001)) == "1010101001"             # 1 j 1 h 1 min 1 s 1 ms
    assert str(D.wl_duration(-500)) == "-0000000500"
    assert D.Heure("0900") + D.wl_duration(9 * 3600 * 1000) == "180000000"
    assert D.wl_duration(1000) < D.wl_duration(2000) and D.wl_duration(1000) == 1000


def test_values_are_copied_and_compared():
    a = D.Date("20240229")
    b = D.Date(a)
    b.Jour = 1
    assert str(a) == "20240229" and str(b) == "20240201"
    assert D.Date("20240229") == D.DateHeure("202402291230") and D.Heure("1230") == D.DateHeure("202402291230")
    assert sorted([D.Date("20240102"), D.Date("20231231")]) == ["20231231", "20240102"]
    assert str(D.Date("")) == "" and not D.DateValide(D.Date(""))
    with pytest.raises(WLError):
        D.Date("") + 1


def test_legacy_strings_still_work():
    assert D.DateVersChaîne("20191225") == "25/12/2019"
    assert D.DateDifférence("20231231", "20240101") == 1
    assert D.HeureVersChaîne("12005956") == "12:00:59:56"
    assert D.ChaîneVersDurée(D.DateHeureDifférence("199801011215", "199801021316"), D.duréeCentième).EnMinutes \
        == 24 * 60 + 61


# --- the local time zone ------------------------------------------------------------------

def test_local_and_utc_across_summer_time(paris, tmp_path):
    assert wl('''
Trace(DateHeureLocaleVersUTC("20240331013000000"), DateHeureLocaleVersUTC("20240331033000000"))
Trace(DateHeureLocaleVersUTC("20241027033000000"), DateHeureLocaleVersUTC("20240101003000"))
Trace(DateHeureUTCVersLocale("20240331010000000"), DateTimeUTCToLocal("20240701120000"))
''', tmp_path) == ["20240331003000000 20240331013000000", "20241027023000000 20231231233000000",
                   "20240331030000000 20240701140000000"]


def _dated(subject: str, date: str) -> bytes:
    return (f"From: a@example.test\r\nTo: b@example.test\r\nSubject: {subject}\r\nDate: {date}\r\n"
            "Message-ID: <%s@example.test>\r\n\r\ncorps\r\n" % subject).encode()


DATED = [_dated("hiver", "Mon, 04 Mar 2024 09:12:00 +0100"), _dated("ete", "Mon, 01 Jul 2024 07:12:00 +0000"),
         _dated("sans-zone", "Mon, 01 Jul 2024 07:12:00")]
PARIS_LINES = ["hiver 20240304091200000 9", "ete 20240701091200000 9", "sans-zone 20240701091200000 9"]


def test_received_date_on_imap_is_local_time(paris, tmp_path, mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, DATED)
    assert wl(f'''
s est un emailSessionIMAP
s.AdresseServeur = "{mailserver['host']}"
s.Port = {mailserver['imap']}
s.Nom = "{mailbox_user.user}"
s.MotDePasse = "{mailbox_user.password}"
SI PAS EmailOuvreSession(s) ALORS Erreur(ErreurInfo())
POUR TOUT m DE s
    Trace(m.Sujet, m.DateRéception, m.DateRéception.Heure)
FIN
''', tmp_path) == PARIS_LINES


def test_received_date_on_pop3_structure_is_local_time(paris, tmp_path, mailserver, mailbox_user):
    seed_messages(mailserver, mailbox_user.user, DATED)
    assert wl(f'''
u est une chaîne = "{mailbox_user.user}"
SI PAS EmailOuvreSessionPOP3(u, "{mailbox_user.password}", "{mailserver['host']}", {mailserver['pop3']}) ALORS
    Erreur(ErreurInfo())
FIN
EmailLitPremier(u)
TANTQUE PAS Email.EnDehors
    Trace(Email.Sujet, Email.DateRéception, Email.DateRéception..Heure)
    EmailLitSuivant(u)
FIN
''', tmp_path) == PARIS_LINES


def test_received_date_on_local_maildir(paris, tmp_path):
    from conftest import seed_maildir
    box = tmp_path / "box"
    seed_maildir(str(box), DATED)
    assert wl('''
s est un emailSessionIMAP
s.AdresseServeur = "local"
EmailOuvreSession(s)
POUR TOUT m DE s
    Trace(m.Sujet, m.DateRéception, m.DateRéception.Heure)
    SI m.DateRéception < "20240601" ALORS Trace("avant l'été")
FIN
''', tmp_path, "--mailbox", str(box)) == [PARIS_LINES[0], "avant l'été"] + PARIS_LINES[1:]
