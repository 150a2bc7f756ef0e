"""WLangage date and time functions on legacy date strings.

A date is a chaîne "AAAAMMJJ", a time "HHMMSSCC" (CC = hundredths of a second),
a date-time "AAAAMMJJHHmmSSCC", as legacy code stores them.  Python datetime.date
/ datetime objects are accepted too.  Day and month names are French, as on a
French Windows with the project's default linguistic options.  Dates are
Gregorian throughout (PC SOFT documents its calculations as reliable from
1 January 1583 only).  `[D:nnn]` tags are page ids of PC SOFT's help.
"""
from __future__ import annotations

import datetime as _dt
import re

from .errors import UnsupportedError, WLError
from .values import to_int, to_str

__all__ = [
    "DateSys", "HeureSys", "TimeSys", "DateDuJour", "Today", "Maintenant", "Now",
    "DateVersChaîne", "DateToString", "HeureVersChaîne", "TimeToString",
    "DateValide", "DateValid", "DateVersJour", "DateToDay",
    "DateVersJourEnLettre", "DateToDayInAlpha", "DateVersMoisEnLettre", "DateToMonthInAlpha",
    "DateVersEntier", "DateToInteger", "EntierVersDate", "IntegerToDate",
    "DateDifférence", "DateDifference",
]

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")
# abbreviations of a French Windows ("mar. 02 déc. 2003" in [D:3027025])
JOURS_ABREGES = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MOIS_ABREGES = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                "sept.", "oct.", "nov.", "déc.")

_ORIGIN = _dt.date(1800, 1, 1)  # DateVersEntier("18000101") = 1 [D:3027014]


# --- parsing ------------------------------------------------------------------------

def _date_text(value) -> str:
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y%m%d%H%M%S") + f"{value.microsecond // 10000:02d}"
    if isinstance(value, _dt.date):
        return value.strftime("%Y%m%d")
    return to_str(value).strip()


def _parse_date(value, function: str) -> _dt.date:
    """The date part of "AAAAMMJJ" or "AAAAMMJJHHmmSSCC"; a WLangage error if invalid
    (the documentation says an error is shown for an invalid date)."""
    text = _date_text(value)
    if not _valid_date_text(text):
        raise WLError(f'{function}: invalid date "{text}" (expected AAAAMMJJ)')
    return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def _valid_date_text(text: str) -> bool:
    if not (len(text) == 8 or 12 <= len(text) <= 17) or not text.isdigit():
        return False
    year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    # the days skipped by the Gregorian reform are invalid [D:3027003]
    return not (year == 1582 and month == 10 and 5 <= day <= 14)


def _parse_time(value, function: str) -> tuple[int, int, int, int]:
    """(hours, minutes, seconds, hundredths) of "HHMMSSCC" (shorter strings are
    completed with zeros: "1230" is 12:30) or of "AAAAMMJJHHmmSSCC"."""
    if isinstance(value, _dt.datetime):
        return value.hour, value.minute, value.second, value.microsecond // 10000
    if isinstance(value, _dt.time):
        return value.hour, value.minute, value.second, value.microsecond // 10000
    text = to_str(value).strip()
    if len(text) >= 14:
        text = text[8:]
    text = (text + "00000000")[:8]
    if not text.isdigit():
        raise WLError(f'{function}: invalid time "{to_str(value)}" (expected HHMMSSCC)')
    h, m, s, c = int(text[:2]), int(text[2:4]), int(text[4:6]), int(text[6:8])
    if h > 23 or m > 59 or s > 59:
        raise WLError(f'{function}: invalid time "{to_str(value)}"')
    return h, m, s, c


# --- system date and time -----------------------------------------------------------

def DateSys(new_date=None) -> str:
    """Today's date as "AAAAMMJJ" [D:3027026].  Changing the system date
    (DateSys(<date>)) is not supported."""
    if new_date is not None:
        raise UnsupportedError("DateSys(<new date>)", "changing the system clock")
    return _dt.date.today().strftime("%Y%m%d")


def DateDuJour() -> str:
    """Today's date as "AAAAMMJJ" (same as DateSys) [D:3027016]."""
    return DateSys()


def HeureSys(new_time=None) -> str:
    """The current time as "HHMMSSCC" [D:3027019].  Changing the system time is not
    supported."""
    if new_time is not None:
        raise UnsupportedError("HeureSys(<new time>)", "changing the system clock")
    now = _dt.datetime.now()
    return now.strftime("%H%M%S") + f"{now.microsecond // 10000:02d}"


def Maintenant(new_time=None) -> str:
    """The current time as "HHMMSSCC" (same as HeureSys) [D:3027024]."""
    if new_time is not None:
        raise UnsupportedError("Maintenant(<new time>)", "changing the system clock")
    return HeureSys()


# --- validity and conversions -------------------------------------------------------

def DateValide(value) -> bool:
    """Vrai for a valid "AAAAMMJJ" (or "AAAAMMJJHHmmSSCC") date between 01/01/0001 and
    31/12/9999 [D:3027003]."""
    if isinstance(value, _dt.date):
        return True
    return _valid_date_text(_date_text(value))


def DateVersJour(value) -> int:
    """Day of the week: 1 = Monday ... 7 = Sunday [D:3027004]."""
    return _parse_date(value, "DateVersJour").isoweekday()


def DateVersJourEnLettre(value) -> str:
    """Day of the week in letters: "lundi" ... "dimanche" [D:3027010]."""
    return JOURS[_parse_date(value, "DateVersJourEnLettre").weekday()]


def DateVersMoisEnLettre(value) -> str:
    """Month in letters: "janvier" ... "décembre" [D:3027012]."""
    return MOIS[_parse_date(value, "DateVersMoisEnLettre").month - 1]


def DateVersEntier(value, from_start_of_year=False) -> int:
    """Days since 01/01/1800 (DateVersEntier("18000103") = 3), or since 1 January of
    the same year with Vrai (DateVersEntier("20040125", Vrai) = 25) [D:3027014]."""
    day = _parse_date(value, "DateVersEntier")
    if from_start_of_year:
        return day.timetuple().tm_yday
    return (day - _ORIGIN).days + 1


def EntierVersDate(value) -> str:
    """The "AAAAMMJJ" date of a DateVersEntier number [D:3027009]."""
    n = to_int(value)
    try:
        return (_ORIGIN + _dt.timedelta(days=n - 1)).strftime("%Y%m%d")
    except OverflowError:
        raise WLError(f"EntierVersDate: {n} is out of the range of dates") from None


def DateDifférence(start, end) -> int:
    """Number of days from `start` to `end` (negative if `start` is later) [D:3027001]."""
    return (_parse_date(end, "DateDifférence") - _parse_date(start, "DateDifférence")).days


# --- formatting ---------------------------------------------------------------------

# longest tokens first; single letters only when they stand alone (see below)
_DATE_TOKENS = re.compile(
    r"AAAA|AA|MMMM|Mmmm|mmmm|MMM|Mmm|mmm|MM|JJJJ|Jjjj|jjjj|JJJ|Jjj|jjj|JJ|HH|mm|SS|CC|AP|M|J|L")
_TIME_TOKENS = re.compile(r"HH|MM|mm|SS|CC|AP")


def _standalone(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalpha()) and (end >= len(text) or not text[end].isalpha())


def _hour_text(token: str, hms, twelve: bool) -> str:
    h, m, s, c = hms
    if token == "HH":
        return f"{(h % 12 or 12) if twelve else h:02d}"
    if token in ("mm", "MM"):
        return f"{m:02d}"
    if token == "SS":
        return f"{s:02d}"
    if token == "CC":
        return f"{c:02d}"
    return "AM" if h < 12 else "PM"  # AP


def DateVersChaîne(value, format_=None) -> str:
    """A date ("AAAAMMJJ") or date-time ("AAAAMMJJHHmmSSCC") as a chaîne, "JJ/MM/AAAA"
    by default; "" gives "" [D:3027025].  Tokens: AAAA AA MMMM Mmmm mmmm MMM Mmm mmm
    MM M JJJJ Jjjj jjjj JJJ Jjj jjj JJ J L (first letter of the day), and for
    date-times HH mm SS CC AP.  Names are French, in lower case for MMMM/JJJJ.
    wlmail replaces the one-letter tokens M, J and L only when they are not part of
    a word, so "Le JJ" keeps its "Le"."""
    text = _date_text(value)
    if text == "":
        return ""
    day = _parse_date(text, "DateVersChaîne")
    with_time = len(text) > 8
    hms = _parse_time(text, "DateVersChaîne") if with_time else (0, 0, 0, 0)
    if format_ is None:
        fmt = "JJ/MM/AAAA HH:mm:SS:CC" if with_time else "JJ/MM/AAAA"
    else:
        fmt = to_str(format_)
    twelve = "AP" in fmt
    weekday, month = day.weekday(), day.month - 1

    def sub(m):
        token = m.group(0)
        if len(token) == 1 and not _standalone(fmt, m.start(), m.end()):
            return token
        if token == "AAAA":
            return f"{day.year:04d}"
        if token == "AA":
            return f"{day.year % 100:02d}"
        if token == "MM":
            return f"{day.month:02d}"
        if token == "M":
            return str(day.month)
        if token == "JJ":
            return f"{day.day:02d}"
        if token == "J":
            return str(day.day)
        if token == "L":
            return JOURS[weekday][0].upper()
        if token in ("MMMM", "mmmm", "Mmmm"):
            return _cased(MOIS[month], token)
        if token in ("MMM", "mmm", "Mmm"):
            return _cased(MOIS_ABREGES[month], token)
        if token in ("JJJJ", "jjjj", "Jjjj"):
            return _cased(JOURS[weekday], token)
        if token in ("JJJ", "jjj", "Jjj"):
            return _cased(JOURS_ABREGES[weekday], token)
        return _hour_text(token, hms, twelve) if with_time else token

    return _DATE_TOKENS.sub(sub, fmt)


def _cased(name: str, token: str) -> str:
    # upper-case token: the project's linguistic options, lower case on a French
    # Windows; "Mmmm"/"Jjjj": first letter forced to upper case [D:3027025]
    return name[:1].upper() + name[1:] if token[0].isupper() and token[1].islower() else name


def HeureVersChaîne(value, format_=None) -> str:
    """A time ("HHMMSSCC", or the time of "AAAAMMJJHHmmSSCC") as a chaîne,
    "HH:MM:SS:CC" by default; tokens HH, MM (minutes), SS, CC and AP (12-hour clock
    with AM/PM) [D:3027023]."""
    hms = _parse_time(value, "HeureVersChaîne")
    fmt = "HH:MM:SS:CC" if format_ is None else to_str(format_)
    twelve = "AP" in fmt
    return _TIME_TOKENS.sub(lambda m: _hour_text(m.group(0), hms, twelve), fmt)


TimeSys = HeureSys
Today = DateDuJour
Now = Maintenant
DateToString = DateVersChaîne
TimeToString = HeureVersChaîne
DateValid = DateValide
DateToDay = DateVersJour
DateToDayInAlpha = DateVersJourEnLettre
DateToMonthInAlpha = DateVersMoisEnLettre
DateToInteger = DateVersEntier
IntegerToDate = EntierVersDate
DateDifference = DateDifférence
# DateSys has the same name in English.
