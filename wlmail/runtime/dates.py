"""WLangage dates, times and durations: the Date, Heure, DateHeure and Durée types
and the date and time functions.

The four types are mutable values, as in WLangage (`d.Jour = 31` changes `d`); the
compiler copies them on assignment (`d2 = d` converts through `Date(d)`), so two
variables never share one value.  As a chaîne they are [D:1514066][D:1514068]
[D:1514070][D:1514069]:

    Date       "AAAAMMJJ"                  Heure   "HHMMSSCCC" (CCC = milliseconds)
    DateHeure  "AAAAMMJJHHmmSSCCC"         Durée   "+JHHMMSSCCC" ("-" when negative)

and they are built from those strings (shorter forms too: "HHMM", "AAAAMMJJHH"...),
from each other and from integers (days since 31/12/1799 for a Date, hundredths of a
second since midnight for an Heure, milliseconds for a Durée).  Operators follow
[D:1514040]: Date ± entier = days, Date - Date = Durée, Heure/DateHeure ± Durée,
Durée ± Durée; `+` between two dates/times concatenates their chaînes; mixing what
the table marks "Erreur" raises a WLangage error.  A chaîne compared with a value is
read as a value of the same type.

Legacy code that stores dates in chaînes keeps working: every function accepts
chaînes ("AAAAMMJJ", "HHMMSSCC", "AAAAMMJJHHmmSSCC"), Python datetime objects and
the four types.  Day and month names are French, as on a French Windows.  Dates are
Gregorian throughout (PC SOFT documents its calculations as reliable from
1 January 1583 only).  The local time zone is the machine's (TZ).  `[D:nnn]` tags
are page ids of PC SOFT's help.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import re

from .errors import UnsupportedError, WLError
from .names import FoldedAttributes
from .values import Operand, to_int, to_number, to_str

__all__ = [
    # types
    "Date", "Heure", "DateHeure", "Durée", "Time", "DateTime", "Duration", "wl_duration", "wl_shift",
    # system clock
    "DateSys", "HeureSys", "TimeSys", "DateHeureSys", "SysDateTime", "DateDuJour", "Today",
    "Maintenant", "Now",
    # conversions and checks
    "DateVersChaîne", "DateToString", "HeureVersChaîne", "TimeToString",
    "DuréeVersChaîne", "DurationToString", "ChaîneVersDurée", "StringToDuration",
    "duréeCentième", "duréeMillième", "durationCentisecond", "durationMillisecond",
    "DateValide", "DateValid", "DateHeureValide", "DateTimeValid",
    "DateVersJour", "DateToDay",
    "DateVersJourEnLettre", "DateToDayInAlpha", "DateVersMoisEnLettre", "DateToMonthInAlpha",
    "DateVersEntier", "DateToInteger", "EntierVersDate", "IntegerToDate",
    "DateDifférence", "DateDifference", "DateHeureDifférence", "DateTimeDifference",
    "DateHeureLocaleVersUTC", "DateTimeLocalToUTC", "DateHeureUTCVersLocale", "DateTimeUTCToLocal",
]

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")
# abbreviations of a French Windows ("mar. 02 déc. 2003" in [D:3027025])
JOURS_ABREGES = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
MOIS_ABREGES = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                "sept.", "oct.", "nov.", "déc.")

_ORIGIN = _dt.date(1800, 1, 1).toordinal() - 1   # DateVersEntier("18000101") = 1 [D:3027014]
_MS = {"day": 86_400_000, "hour": 3_600_000, "minute": 60_000, "second": 1000, "ms": 1}
_DAY = _MS["day"]


# --- reading chaînes --------------------------------------------------------------------

def _digits(value, what: str) -> str:
    text = to_str(value).strip()
    if text and not text.isdigit():
        raise WLError(f'Invalid {what} "{text}"')
    return text


def _valid_ymd(year: int, month: int, day: int) -> bool:
    try:
        _dt.date(year, month, day)
    except ValueError:
        return False
    # the days skipped by the Gregorian reform are invalid [D:3027003]
    return not (year == 1582 and month == 10 and 5 <= day <= 14)


def _ordinal_of_text(text: str, what: str) -> int:
    """The day ordinal of "AAAAMMJJ..." (a WLangage error if invalid)."""
    if len(text) < 8 or not text[:8].isdigit() or not _valid_ymd(int(text[:4]), int(text[4:6]), int(text[6:8])):
        raise WLError(f'Invalid {what} "{text}" (expected AAAAMMJJ)')
    return _dt.date(int(text[:4]), int(text[4:6]), int(text[6:8])).toordinal()


def _ms_of_time_text(text: str, what: str) -> int:
    """Milliseconds since midnight of "HHMM", "HHMMSS", "HHMMSSCC" or "HHMMSSCCC"."""
    if len(text) not in (2, 4, 6, 8, 9) or not text.isdigit():
        raise WLError(f'Invalid {what} "{text}" (expected HHMMSSCC)')
    padded = text.ljust(8, "0")
    h, m, s = int(padded[:2]), int(padded[2:4]), int(padded[4:6])
    fraction = int(text[6:9]) if len(text) == 9 else int(padded[6:8]) * 10
    if h > 23 or m > 59 or s > 59:
        raise WLError(f'Invalid {what} "{text}"')
    return ((h * 60 + m) * 60 + s) * 1000 + fraction


def _split_datetime_text(text: str, what: str) -> tuple[int, int]:
    """(day ordinal, ms) of "AAAAMMJJ[HH[mm[SS[CC[C]]]]]"."""
    if len(text) not in (8, 10, 12, 14, 16, 17):
        raise WLError(f'Invalid {what} "{text}" (expected AAAAMMJJHHmmSSCC)')
    return _ordinal_of_text(text, what), (_ms_of_time_text(text[8:], what) if len(text) > 8 else 0)


def _from_python(value):
    """(ordinal, ms) of a Python datetime/date/time, or None."""
    if isinstance(value, _dt.datetime):
        return value.toordinal(), _ms_of_pytime(value)
    if isinstance(value, _dt.date):
        return value.toordinal(), None
    if isinstance(value, _dt.time):
        return None, _ms_of_pytime(value)
    return None


def _ms_of_pytime(t) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.microsecond // 1000


def _now() -> _dt.datetime:
    return _dt.datetime.now()


# --- the four types ----------------------------------------------------------------------

_TODAY = object()    # constructor default: the system date/time (as WINDEV initialises them)


class _Temporal(Operand, FoldedAttributes):
    """What Date, Heure, DateHeure and Durée share: equality/order through `_key`,
    the chaîne form through `__str__`, copying, and the operator entry points."""

    _what = ""

    def _key(self):
        raise NotImplementedError

    def __str__(self) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f'{type(self).__name__}("{self}")'

    def __copy__(self):
        return type(self)(self)

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __hash__(self):
        return hash((type(self).__name__, self._key()))

    # comparisons [D:1514040]
    def __eq__(self, other):
        if other is None:
            return False
        a, b = _comparison_keys(self, other)
        return a == b

    def __ne__(self, other):
        return not self.__eq__(other)

    def __lt__(self, other):
        a, b = _comparison_keys(self, other)
        return a < b

    def __le__(self, other):
        a, b = _comparison_keys(self, other)
        return a <= b

    def __gt__(self, other):
        a, b = _comparison_keys(self, other)
        return a > b

    def __ge__(self, other):
        a, b = _comparison_keys(self, other)
        return a >= b

    # arithmetic: one table for every combination (see _add / _sub below)
    def __add__(self, other):
        return _add(self, other)

    def __radd__(self, other):
        return _add(other, self)

    def __sub__(self, other):
        return _sub(self, other)

    def __rsub__(self, other):
        return _sub(other, self)

    def __mul__(self, other):
        return _scale(self, other, "*")

    __rmul__ = __mul__

    def __truediv__(self, other):
        return _scale(self, other, "/")

    def __neg__(self):
        return _scale(self, -1, "*")

    def _wl_number(self):
        raise WLError(f"A {self._what} cannot be used as a number")

    def _empty(self) -> bool:
        return False

    def _require(self):
        if self._empty():
            raise WLError(f"The {self._what} is empty")

    @classmethod
    def _of(cls, **fields):
        """A value from its internal fields (`_day` ordinal, `_ms`)."""
        value = cls.__new__(cls)
        for name, field in fields.items():
            object.__setattr__(value, name, field)
        return value

    def _shift(self, name: str, delta) -> None:
        """`x.Jour += n`, `x.Mois++`...: an operation that rolls over [D:2512043][D:2512052]."""
        raise WLError(f"{type(self).__name__}.{name} cannot be incremented")

    # prefixed syntax [D:1000023943]
    def VersChaîne(self, format_=None) -> str:
        return DateVersChaîne(self, format_)

    ToString = VersChaîne


def _clamped_ordinal(year: int, month: int, day: int) -> int:
    """The day ordinal of year-month-day, the day clamped to the month's last day
    (`Jour = 31` in November gives the 30th [D:2512043])."""
    if not 1 <= year <= 9999:
        raise WLError(f"Year {year} is outside 0001-9999")
    return _dt.date(year, month, min(day, calendar.monthrange(year, month)[1])).toordinal()


def _checked(value, low: int, high: int, what: str) -> int:
    n = to_int(value)
    if not low <= n <= high:
        raise WLError(f"{what} must be between {low} and {high} (got {n}); use += to add")
    return n


class _DateFields:
    """Jour/Mois/Année on `_day` (a day ordinal), shared by Date and DateHeure."""

    def _ymd(self):
        self._require()
        d = _dt.date.fromordinal(self._day)
        return d.year, d.month, d.day

    @property
    def Jour(self) -> int:
        return self._ymd()[2]

    @Jour.setter
    def Jour(self, value):
        y, m, _ = self._ymd()
        self._day = _clamped_ordinal(y, m, _checked(value, 1, 31, "Jour"))

    @property
    def Mois(self) -> int:
        return self._ymd()[1]

    @Mois.setter
    def Mois(self, value):
        y, _, d = self._ymd()
        self._day = _clamped_ordinal(y, _checked(value, 1, 12, "Mois"), d)

    @property
    def Année(self) -> int:
        return self._ymd()[0]

    @Année.setter
    def Année(self, value):
        _, m, d = self._ymd()
        self._day = _clamped_ordinal(_checked(value, 1, 9999, "Année"), m, d)

    def _shift_date(self, name: str, delta: int) -> bool:
        y, m, d = self._ymd()
        if name == "Jour":
            self._day = _checked_ordinal(self._day + delta)
        elif name == "Mois":
            months = y * 12 + (m - 1) + delta
            self._day = _clamped_ordinal(months // 12, months % 12 + 1, d)
        elif name == "Année":
            self._day = _clamped_ordinal(y + delta, m, d)
        else:
            return False
        return True

    # prefixed syntax [D:1000023943]
    def VersJourEnLettre(self) -> str:
        return DateVersJourEnLettre(self)

    def VersMoisEnLettre(self) -> str:
        return DateVersMoisEnLettre(self)

    def VersEntier(self) -> int:
        return DateVersEntier(self)

    def VersJour(self) -> int:
        return DateVersJour(self)

    ToDayInAlpha, ToMonthInAlpha, ToInteger, ToDay = VersJourEnLettre, VersMoisEnLettre, VersEntier, VersJour


def _checked_ordinal(ordinal: int) -> int:
    if not 1 <= ordinal <= _dt.date.max.toordinal():
        raise WLError("The date is outside 01/01/0001-31/12/9999")
    return ordinal


_DATE_ALIASES = {"Day": "Jour", "Month": "Mois", "Year": "Année", "ToString": "VersChaîne"}
_TIME_ALIASES = {"Hour": "Heure", "Second": "Seconde", "Millisecond": "Milliseconde"}


class Date(_DateFields, _Temporal):
    """The Date type [D:1514066]: `d est une Date = "20240315"`; `Date()` is today."""

    _what = "date"
    _aliases = dict(_DATE_ALIASES)

    def __init__(self, value=_TODAY):
        self._day = _today_ordinal() if value is _TODAY else _date_ordinal(value)

    def _key(self):
        return self._day or 0              # the empty date sorts first

    def _empty(self) -> bool:
        return self._day is None

    def __str__(self) -> str:
        return "" if self._day is None else _dt.date.fromordinal(self._day).strftime("%Y%m%d").zfill(8)

    def _wl_number(self) -> int:
        return DateVersEntier(self)

    def _shift(self, name, delta):
        if not self._shift_date(name, to_int(delta)):
            super()._shift(name, delta)


def _today_ordinal() -> int:
    return _dt.date.today().toordinal()


def _date_ordinal(value):
    """A day ordinal from any value a Date accepts (None: the empty date)."""
    if isinstance(value, (Date, DateHeure)):
        return value._day
    if isinstance(value, Durée):
        raise WLError("A Durée cannot be assigned to a Date")
    if isinstance(value, Heure):
        raise WLError("An Heure cannot be assigned to a Date")
    python = _from_python(value)
    if python is not None and python[0] is not None:
        return python[0]
    if isinstance(value, bool) or value is None:
        raise WLError(f"Invalid date {to_str(value)!r}")
    if isinstance(value, (int, float)):
        return _checked_ordinal(_ORIGIN + int(value))
    text = _digits(value, "date")
    if text in ("", "00000000"):
        return None
    return _ordinal_of_text(text, "date")


def _typed_property(getter, setter, returns: str = "int") -> property:
    """A property whose getter declares its WLangage type (the compiler reads it)."""
    getter.__annotations__ = {"return": returns}
    return property(getter, setter)


class _TimeFields:
    """Heure/Minute/Seconde/Milliseconde on `_ms` (milliseconds since midnight)."""

    def _hmsm(self):
        self._require()
        s, ms = divmod(self._ms, 1000)
        m, s = divmod(s, 60)
        h, m = divmod(m, 60)
        return h, m, s, ms

    def _set_part(self, index: int, value, high: int, what: str):
        parts = list(self._hmsm())
        parts[index] = _checked(value, 0, high, what)
        h, m, s, ms = parts
        self._ms = ((h * 60 + m) * 60 + s) * 1000 + ms

    Heure = _typed_property(lambda self: self._hmsm()[0], lambda self, v: self._set_part(0, v, 23, "Heure"))
    Minute = _typed_property(lambda self: self._hmsm()[1], lambda self, v: self._set_part(1, v, 59, "Minute"))
    Seconde = _typed_property(lambda self: self._hmsm()[2], lambda self, v: self._set_part(2, v, 59, "Seconde"))
    Milliseconde = _typed_property(lambda self: self._hmsm()[3],
                                   lambda self, v: self._set_part(3, v, 999, "Milliseconde"))


_UNIT_OF = {"Jour": _MS["day"], "Heure": _MS["hour"], "Minute": _MS["minute"], "Seconde": _MS["second"],
            "Milliseconde": 1}


class Heure(_TimeFields, _Temporal):
    """The Heure type [D:1514068]: `h est une Heure = "1330"`; `Heure()` is now."""

    _what = "time"
    _aliases = dict(_TIME_ALIASES, ToString="VersChaîne")

    def __init__(self, value=_TODAY):
        self._ms = _ms_of_pytime(_now()) if value is _TODAY else _time_ms(value)

    def _key(self):
        return self._ms

    def __str__(self) -> str:
        h, m, s, ms = self._hmsm()
        return f"{h:02d}{m:02d}{s:02d}{ms:03d}"

    def _wl_number(self) -> int:
        return self._ms // 10          # hundredths since midnight, as HeureVersEntier

    def _shift(self, name, delta):
        unit = _UNIT_OF.get(name)
        if unit is None or name == "Jour":
            super()._shift(name, delta)
        self._ms = (self._ms + round(to_number(delta) * unit)) % _DAY

    def VersChaîne(self, format_=None) -> str:
        return HeureVersChaîne(self, format_)

    ToString = VersChaîne


def _time_ms(value) -> int:
    if isinstance(value, Heure):
        return value._ms
    if isinstance(value, DateHeure):
        value._require()
        return value._ms
    if isinstance(value, (Date, Durée)):
        raise WLError(f"A {value._what} cannot be assigned to an Heure")
    python = _from_python(value)
    if python is not None and python[1] is not None:
        return python[1]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        n = int(value)
        if not 0 <= n <= 8_639_999:
            raise WLError(f"Invalid time {n} (hundredths of a second since midnight, 0 to 8639999)")
        return n * 10
    text = _digits(value, "time")
    if len(text) >= 10:             # a date-time chaîne: its time
        return _split_datetime_text(text, "time")[1]
    return _ms_of_time_text(text or "0000", "time")


class DateHeure(_DateFields, _TimeFields, _Temporal):
    """The DateHeure type [D:1514070]: `dh est une DateHeure = "202112311524"`;
    `DateHeure()` is now."""

    _what = "date-time"
    _aliases = dict(_DATE_ALIASES, **_TIME_ALIASES, DatePart="PartieDate", TimePart="PartieHeure")

    def __init__(self, value=_TODAY):
        if value is _TODAY:
            now = _now()
            self._day, self._ms = now.toordinal(), _ms_of_pytime(now)
        else:
            self._day, self._ms = _datetime_parts(value)

    def _key(self):
        return self._day or 0, self._ms

    def _empty(self) -> bool:
        return self._day is None

    def __str__(self) -> str:
        if self._day is None:
            return ""
        d = _dt.date.fromordinal(self._day)
        s, ms = divmod(self._ms, 1000)
        m, s = divmod(s, 60)
        h, m = divmod(m, 60)
        return f"{d.year:04d}{d.month:02d}{d.day:02d}{h:02d}{m:02d}{s:02d}{ms:03d}"   # Date + Heure

    def _shift(self, name, delta):
        if self._shift_date(name, to_int(delta)):
            return
        unit = _UNIT_OF.get(name)
        if unit is None:
            super()._shift(name, delta)
        self._day, self._ms = _split_ms(_instant(self) + round(to_number(delta) * unit))

    @property
    def PartieDate(self) -> Date:
        return Date(self)

    @PartieDate.setter
    def PartieDate(self, value):
        self._day = Date(value)._day

    @property
    def PartieHeure(self) -> Heure:
        return Heure(self)

    @PartieHeure.setter
    def PartieHeure(self, value):
        self._ms = Heure(value)._ms


def _datetime_parts(value) -> tuple:
    if isinstance(value, DateHeure):
        return value._day, value._ms
    if isinstance(value, Date):
        return value._day, 0
    if isinstance(value, (Heure, Durée)):
        raise WLError(f"A {value._what} cannot be assigned to a DateHeure")
    python = _from_python(value)
    if python is not None and python[0] is not None:
        return python[0], python[1] or 0
    if isinstance(value, (int, float)) and not isinstance(value, bool) or value is None:
        raise WLError(f"Invalid date-time {to_str(value)!r}")
    text = _digits(value, "date-time")
    if text == "":
        return None, 0
    return _split_datetime_text(text, "date-time")


def _instant(value) -> int:
    """Milliseconds since 01/01/0001 of a Date or DateHeure."""
    value._require()
    return value._day * _DAY + getattr(value, "_ms", 0)


def _split_ms(instant: int) -> tuple[int, int]:
    day, ms = divmod(instant, _DAY)
    return _checked_ordinal(day), ms


class Durée(_Temporal):
    """The Durée type [D:1514069]: `du est une Durée = HeureFin - HeureDébut`, `3 min 30 s`;
    an integer is a number of milliseconds."""

    _what = "duration"
    _aliases = dict(_TIME_ALIASES, Day="Jour", InDays="EnJours", InHours="EnHeures", InMinutes="EnMinutes",
                    InSeconds="EnSecondes", InMilliseconds="EnMillisecondes", ToString="VersChaîne")

    def __init__(self, value=0):
        self._ms = _duration_ms(value)

    def _key(self):
        return self._ms

    def __str__(self) -> str:
        return DuréeVersChaîne(self, duréeMillième)

    def _wl_number(self) -> int:
        return self._ms

    def _parts(self):
        sign = -1 if self._ms < 0 else 1
        days, rest = divmod(abs(self._ms), _DAY)
        h, rest = divmod(rest, _MS["hour"])
        m, rest = divmod(rest, _MS["minute"])
        s, ms = divmod(rest, 1000)
        return sign, {"Jour": days, "Heure": h, "Minute": m, "Seconde": s, "Milliseconde": ms}

    def _part(self, name):
        sign, parts = self._parts()
        return sign * parts[name]

    def _set(self, name, value):
        # replaces one component; a duration has no upper bound [D:2512043]
        self._ms += (to_int(value) - self._part(name)) * _UNIT_OF[name]

    def _shift(self, name, delta):
        unit = _UNIT_OF.get(name) or _IN_UNITS.get(name)
        if unit is None:
            super()._shift(name, delta)
        self._ms += round(to_number(delta) * unit)

    def VersChaîne(self, format_=None) -> str:
        return DuréeVersChaîne(self, format_)

    ToString = VersChaîne


for _name in ("Jour", "Heure", "Minute", "Seconde", "Milliseconde"):
    setattr(Durée, _name, _typed_property(lambda self, n=_name: self._part(n), lambda self, v, n=_name: self._set(n, v)))

_IN_UNITS = {"EnJours": _MS["day"], "EnHeures": _MS["hour"], "EnMinutes": _MS["minute"],
             "EnSecondes": _MS["second"], "EnMillisecondes": 1}


def _in_unit_property(unit: int):
    def get(self):
        return self._ms if unit == 1 else self._ms / unit      # réels except EnMillisecondes

    def put(self, value):
        self._ms = round(to_number(value) * unit)
    return _typed_property(get, put, "int" if unit == 1 else "float")


for _name, _unit in _IN_UNITS.items():
    setattr(Durée, _name, _in_unit_property(_unit))
del _name, _unit


_DURATION_TEXT = re.compile(r"([+-]?)(\d*)(\d{2})(\d{2})(\d{2})(\d{3})")


def _duration_ms(value) -> int:
    if isinstance(value, Durée):
        return value._ms
    if isinstance(value, _dt.timedelta):
        return round(value.total_seconds() * 1000)
    if isinstance(value, _Temporal):
        raise WLError(f"A {value._what} cannot be assigned to a Durée")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return round(value)
    text = to_str(value).strip()
    if text in ("", "0"):
        return 0
    m = _DURATION_TEXT.fullmatch(text)
    if not m:
        raise WLError(f'Invalid duration "{text}" (expected +JHHMMSSCCC)')
    sign, days, h, mi, s, ms = m.groups()
    total = (((int(days or 0) * 24 + int(h)) * 60 + int(mi)) * 60 + int(s)) * 1000 + int(ms)
    return -total if sign == "-" else total


def wl_duration(ms) -> Durée:
    """A duration literal (`3 min 30 s` compiles to `wl_duration(210000)`)."""
    return Durée(ms)


Time, DateTime, Duration = Heure, DateHeure, Durée


# --- operators [D:1514040] ------------------------------------------------------------

def _kind(value) -> str:
    if isinstance(value, DateHeure):
        return "datetime"
    if isinstance(value, Date):
        return "date"
    if isinstance(value, Heure):
        return "time"
    if isinstance(value, Durée):
        return "duration"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "number"
    if isinstance(value, str):
        return "str"
    return "other"


def _comparison_keys(left: _Temporal, right):
    """Comparable keys of `left` (a date, time or duration) and `right` [D:1514040]:
    a chaîne is read as a value of left's type; Date and DateHeure compare on the date
    (the time is ignored), Heure and DateHeure on the time; a Durée compares with a
    number of milliseconds (`SI du < 0` [D:3027020]); anything else is an error."""
    a, b = _kind(left), _kind(right)
    if b == "str":
        return left._key(), type(left)(right)._key()
    if a == b:
        return left._key(), right._key()
    pair = {a, b}
    if pair == {"date", "datetime"}:
        return left._day or 0, right._day or 0
    if pair == {"time", "datetime"}:
        return left._ms, right._ms
    if a == "duration" and b == "number":
        return left._ms, right
    raise WLError(f"Cannot compare {_describe(left)} with {_describe(right)}")


def _describe(value) -> str:
    return f"a {value._what}" if isinstance(value, _Temporal) else f"a {_kind(value)} value"


def _add(a, b):
    ka, kb = _kind(a), _kind(b)
    if ka == "str" or kb == "str":
        return to_str(a) + to_str(b)
    kinds = {ka, kb}
    if ka == "duration" and kb == "duration":
        return Durée(a._ms + b._ms)
    if "duration" in kinds or ("number" in kinds and "date" in kinds):
        value, delta = (a, b) if kb in ("duration", "number") else (b, a)
        return _moved(value, delta, +1)
    if kinds <= {"date", "time", "datetime"}:
        return to_str(a) + to_str(b)          # concatenation, e.g. DateSys() + HeureSys()
    raise WLError(f"Cannot add {_describe(a)} and {_describe(b)}")


def _sub(a, b):
    ka, kb = _kind(a), _kind(b)
    if ka == "str" and kb in ("date", "time", "datetime", "duration"):
        a, ka = type(b)(a), kb
    elif kb == "str" and ka in ("date", "time", "datetime", "duration"):
        b, kb = type(a)(b), ka
    if ka == kb == "duration":
        return Durée(a._ms - b._ms)
    if ka == kb and ka in ("date", "datetime"):
        return Durée(_instant(a) - _instant(b))
    if ka == kb == "time":
        return Durée(a._ms - b._ms)
    if ka in ("date", "time", "datetime") and (kb == "duration" or (kb == "number" and ka == "date")):
        return _moved(a, b, -1)
    raise WLError(f"Cannot subtract {_describe(b)} from {_describe(a)}")


def _moved(value, delta, sign: int):
    """`value ± delta`: a number added to a Date is a number of days."""
    kind = _kind(value)
    if kind == "date":
        days = to_int(delta) if _kind(delta) == "number" else int(delta._ms / _DAY)
        value._require()
        return Date._of(_day=_checked_ordinal(value._day + sign * days))
    if _kind(delta) != "duration":
        raise WLError(f"Use a Durée to move {_describe(value)} (for example 2 h)")
    if kind == "time":
        return Heure._of(_ms=(value._ms + sign * delta._ms) % _DAY)
    if kind == "datetime":
        day, ms = _split_ms(_instant(value) + sign * delta._ms)
        return DateHeure._of(_day=day, _ms=ms)
    raise WLError(f"Cannot add a duration to {_describe(value)}")


def _scale(value, factor, op: str):
    if not isinstance(value, Durée) or _kind(factor) != "number":
        raise WLError(f"Cannot multiply or divide {_describe(value)}")
    if op == "/" and factor == 0:
        raise WLError("Division by zero")
    return Durée(value._ms * factor if op == "*" else value._ms / factor)


def wl_shift(obj, name: str, delta):
    """`obj.P += delta` (and `++`, `-=`, `--`): on dates, times and durations the
    property rolls over (`d.Jour += 10` changes the month [D:2512043]); on anything
    else it is a plain read-add-write."""
    if isinstance(obj, _Temporal):
        canonical = type(obj)._resolve(name) or name
        obj._shift(canonical, delta)
        return
    from .values import add
    setattr(obj, name, add(getattr(obj, name), delta))


# --- system date and time ----------------------------------------------------------------

def _no_clock_change(function: str, value) -> None:
    if value is not None:
        raise UnsupportedError(f"{function}(<new value>)", "changing the system clock")


def DateSys(new_date=None) -> Date:
    """Today's date, a Date ("AAAAMMJJ" as a chaîne) [D:3027026].  Changing the system
    date (DateSys(<date>)) is not supported."""
    _no_clock_change("DateSys", new_date)
    return Date()


def DateDuJour(new_date=None) -> Date:
    """Today's date (same as DateSys) [D:3027016]."""
    _no_clock_change("DateDuJour", new_date)
    return Date()


def HeureSys(new_time=None) -> Heure:
    """The current time, an Heure [D:3027019].  Changing the system time is not supported."""
    _no_clock_change("HeureSys", new_time)
    return Heure()


def Maintenant(new_time=None) -> Heure:
    """The current time (same as HeureSys) [D:3027024]."""
    _no_clock_change("Maintenant", new_time)
    return Heure()


def DateHeureSys(new_value=None) -> DateHeure:
    """The current date and time, a DateHeure ("AAAAMMJJHHmmSSCCC") [D:1000019398]."""
    _no_clock_change("DateHeureSys", new_value)
    return DateHeure()


# --- validity and conversions ----------------------------------------------------------

def _day_of(value, function: str) -> _dt.date:
    """The date of any date-like value; a WLangage error if it is not a valid date."""
    try:
        date = Date(value)
    except WLError as e:
        raise WLError(f"{function}: {e.message}") from None
    if date._empty():
        raise WLError(f"{function}: the date is empty")
    return _dt.date.fromordinal(date._day)


def DateValide(value) -> bool:
    """Vrai for a valid date ("AAAAMMJJ", the date of "AAAAMMJJHHmmSSCC", a Date...)
    between 01/01/0001 and 31/12/9999 [D:3027003]."""
    if isinstance(value, (Date, DateHeure)):
        return not value._empty()
    if isinstance(value, _dt.date):
        return True
    text = to_str(value).strip()
    if not (len(text) == 8 or 12 <= len(text) <= 17) or not text.isdigit():
        return False
    return _valid_ymd(int(text[:4]), int(text[4:6]), int(text[6:8]))


def DateHeureValide(value) -> bool:
    """Vrai for a valid date and time "AAAAMMJJHHmmSSCC" (or a shorter form) [D:1000020940]."""
    try:
        return not DateHeure(value)._empty()
    except WLError:
        return False


def DateVersJour(value) -> int:
    """Day of the week: 1 = Monday ... 7 = Sunday [D:3027004]."""
    return _day_of(value, "DateVersJour").isoweekday()


def DateVersJourEnLettre(value) -> str:
    """Day of the week in letters: "lundi" ... "dimanche" [D:3027010]."""
    return JOURS[_day_of(value, "DateVersJourEnLettre").weekday()]


def DateVersMoisEnLettre(value) -> str:
    """Month in letters: "janvier" ... "décembre" [D:3027012]."""
    return MOIS[_day_of(value, "DateVersMoisEnLettre").month - 1]


def DateVersEntier(value, from_start_of_year=False) -> int:
    """Days since 31/12/1799 (DateVersEntier("18000103") = 3), or since 1 January of
    the same year with Vrai (DateVersEntier("20040125", Vrai) = 25) [D:3027014]."""
    day = _day_of(value, "DateVersEntier")
    if from_start_of_year:
        return day.timetuple().tm_yday
    return day.toordinal() - _ORIGIN


def EntierVersDate(value) -> Date:
    """The Date of a DateVersEntier number [D:3027009]."""
    try:
        return Date(to_int(value))
    except WLError:
        raise WLError(f"EntierVersDate: {to_int(value)} is out of the range of dates") from None


def DateDifférence(start, end) -> int:
    """Number of days from `start` to `end` (negative if `start` is later) [D:3027001]."""
    return (_day_of(end, "DateDifférence") - _day_of(start, "DateDifférence")).days


def _datetime_of(value, function: str) -> DateHeure:
    try:
        result = DateHeure(value)
    except WLError as e:
        raise WLError(f"{function}: {e.message}") from None
    if result._empty():
        raise WLError(f"{function}: the date-time is empty")
    return result


def DateHeureDifférence(start, end) -> str:
    """`end - start` as "JJJJJJJJHHMMSSCC": days on 8 digits, or "-" and 7 digits when
    `start` is later, then hours, minutes, seconds and hundredths [D:3027020].  (The
    page's own example reads the days with Gauche(Diff, 8) and the hours with
    Milieu(Diff, 9, 2): the days take 8 characters, sign included.)"""
    diff = _instant(_datetime_of(end, "DateHeureDifférence")) - _instant(_datetime_of(start, "DateHeureDifférence"))
    sign, hundredths = ("-" if diff < 0 else ""), abs(diff) // 10
    days, rest = divmod(hundredths, 8_640_000)
    h, rest = divmod(rest, 360_000)
    m, rest = divmod(rest, 6000)
    s, c = divmod(rest, 100)
    return f"{sign}{days:0{8 - len(sign)}d}{h:02d}{m:02d}{s:02d}{c:02d}"


# DuréeVersChaîne / ChaîneVersDurée formats [D:3027007]
duréeCentième = "+JHHMMSSCC"
duréeMillième = "+JHHMMSSCCC"
durationCentisecond, durationMillisecond = duréeCentième, duréeMillième
_DURATION_TOKENS = re.compile(r"\+|CCC|CC|HH|MM|SS|J")


def DuréeVersChaîne(duration, format_=None) -> str:
    """A Durée as a chaîne: "+" is "-" for a negative duration (nothing otherwise), J the
    days, HH MM SS, CCC the milliseconds, CC the hundredths; duréeMillième
    ("+JHHMMSSCCC", the default chaîne form) or duréeCentième ("+JHHMMSSCC") [D:3027007]."""
    value = Durée(duration)
    sign, parts = value._parts()
    fmt = duréeMillième if format_ is None else to_str(format_)
    texts = {"+": "-" if sign < 0 else "", "J": str(parts["Jour"]), "HH": f"{parts['Heure']:02d}",
             "MM": f"{parts['Minute']:02d}", "SS": f"{parts['Seconde']:02d}",
             "CCC": f"{parts['Milliseconde']:03d}", "CC": f"{parts['Milliseconde'] // 10:02d}"}
    return _DURATION_TOKENS.sub(lambda m: texts[m.group(0)], fmt)


def ChaîneVersDurée(text, format_=duréeMillième) -> Durée:
    """The Durée of a chaîne written "+JHHMMSSCCC" (duréeMillième) or "+JHHMMSSCC"
    (duréeCentième, the form DateHeureDifférence returns) [D:3027002]."""
    s = to_str(text).strip()
    if to_str(format_) == duréeCentième:
        m = re.fullmatch(r"([+-]?\d*\d{6})(\d{2})", s)
        if not m:
            raise WLError(f'ChaîneVersDurée: invalid duration "{s}" (expected +JHHMMSSCC)')
        s = m.group(1) + m.group(2) + "0"
    return Durée(s)


# --- local time and UTC --------------------------------------------------------------------

def _local_to_utc(value: DateHeure) -> DateHeure:
    local = _dt.datetime.fromordinal(value._day) + _dt.timedelta(milliseconds=value._ms)
    utc = local.astimezone(_dt.timezone.utc)           # naive = the machine's local time (TZ)
    return DateHeure(utc.replace(tzinfo=None))


def _utc_to_local(value: DateHeure) -> DateHeure:
    utc = (_dt.datetime.fromordinal(value._day) + _dt.timedelta(milliseconds=value._ms)).replace(
        tzinfo=_dt.timezone.utc)
    return DateHeure(utc.astimezone().replace(tzinfo=None))


def DateHeureLocaleVersUTC(value) -> DateHeure:
    """A local date and time (the machine's time zone, summer time included) in UTC,
    "AAAAMMJJHHmmSSCCC" as a chaîne [D:3027036]."""
    return _local_to_utc(_datetime_of(value, "DateHeureLocaleVersUTC"))


def DateHeureUTCVersLocale(value) -> DateHeure:
    """A UTC date and time in the machine's local time [D:3027037]."""
    return _utc_to_local(_datetime_of(value, "DateHeureUTCVersLocale"))


def local_datetime(moment: _dt.datetime) -> DateHeure:
    """An aware Python datetime as a DateHeure in the machine's local time (mail dates)."""
    local = moment.astimezone()
    value = DateHeure.__new__(DateHeure)
    value.__dict__.update(_day=local.toordinal(), _ms=_ms_of_pytime(local))
    return value


# --- formatting -----------------------------------------------------------------------------

def _date_text(value) -> str:
    if isinstance(value, _dt.datetime):
        return value.strftime("%Y%m%d%H%M%S") + f"{value.microsecond // 10000:02d}"
    if isinstance(value, _dt.date):
        return value.strftime("%Y%m%d")
    return to_str(value).strip()


def _parse_time(value, function: str) -> tuple[int, int, int, int]:
    """(hours, minutes, seconds, hundredths) of an Heure, a DateHeure or a chaîne
    "HHMMSSCC" (shorter strings are completed with zeros: "1230" is 12:30) or
    "AAAAMMJJHHmmSSCC"."""
    try:
        ms = Heure(value)._ms
    except WLError:
        raise WLError(f'{function}: invalid time "{to_str(value)}" (expected HHMMSSCC)') from None
    s, rest = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return h, m, s, rest // 10


# longest tokens first; single letters only when they stand alone (see below)
_DATE_TOKENS = re.compile(
    r"AAAA|YYYY|AA|YY|MMMM|Mmmm|mmmm|MMM|Mmm|mmm|MM|JJJJ|DDDD|Jjjj|Dddd|jjjj|dddd|JJJ|DDD|Jjj|Ddd|jjj|ddd|"
    r"JJ|DD|HH|mm|SS|CC|AP|M|J|L")
# the English help writes years and days with Y and D ("DD/MM/YYYY")
_ENGLISH_TOKENS = {"YYYY": "AAAA", "YY": "AA", "DDDD": "JJJJ", "Dddd": "Jjjj", "dddd": "jjjj",
                   "DDD": "JJJ", "Ddd": "Jjj", "ddd": "jjj", "DD": "JJ"}
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
    day = _day_of(text, "DateVersChaîne")
    with_time = len(text) > 8
    hms = _parse_time(text, "DateVersChaîne") if with_time else (0, 0, 0, 0)
    if format_ is None:
        fmt = "JJ/MM/AAAA HH:mm:SS:CC" if with_time else "JJ/MM/AAAA"
    else:
        fmt = to_str(format_)
    twelve = "AP" in fmt
    weekday, month = day.weekday(), day.month - 1

    def sub(m):
        token = _ENGLISH_TOKENS.get(m.group(0), m.group(0))
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
SysDateTime = DateHeureSys
DateToString = DateVersChaîne
TimeToString = HeureVersChaîne
DurationToString = DuréeVersChaîne
StringToDuration = ChaîneVersDurée
DateValid = DateValide
DateTimeValid = DateHeureValide
DateToDay = DateVersJour
DateToDayInAlpha = DateVersJourEnLettre
DateToMonthInAlpha = DateVersMoisEnLettre
DateToInteger = DateVersEntier
IntegerToDate = EntierVersDate
DateDifference = DateDifférence
DateTimeDifference = DateHeureDifférence
DateTimeLocalToUTC = DateHeureLocaleVersUTC
DateTimeUTCToLocal = DateHeureUTCVersLocale
# DateSys has the same name in English.
