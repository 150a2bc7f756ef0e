"""WLangage mathematical functions (Arrondi, PartieEntière, Hasard...).

`[D:nnn]` tags are page ids of PC SOFT's help mirrored in gcarcau/windev-react.
Reals are Python floats; where WLangage users expect decimal behaviour (Arrondi,
PartieDécimale) the computation goes through the float's shortest decimal
representation, so Arrondi(2.675, 2) is 2.68 as on paper.
"""
from __future__ import annotations

import math
import random
import threading
import time
from decimal import ROUND_HALF_UP, Decimal

from .errors import WLError
from .values import gt, lt, to_number

__all__ = [
    "Abs", "Arrondi", "Round", "PartieEntière", "IntegerPart", "PartieDécimale", "DecimalPart",
    "Racine", "Root", "Puissance", "Power", "Modulo", "Max", "Min",
    "Hasard", "Random", "InitHasard", "InitRandom", "EntierAléatoire", "Exp", "Ln",
]


def _num(value):
    number = to_number(value)
    return int(number) if isinstance(number, bool) else number


def _dec(number) -> Decimal:
    if isinstance(number, float):
        if not math.isfinite(number):
            raise WLError(f"{number} is not a finite number")
        return Decimal(repr(number))
    return Decimal(number)


def Abs(value):
    """Absolute value [D:3050050]."""
    return abs(_num(value))


def Arrondi(value, decimals=0):
    """Rounds half away from zero to `decimals` places (negative: tens, hundreds...);
    Arrondi(-16.238167, 2) = -16.24 [D:3050063].  With no decimal place the result
    is an entier."""
    number = _num(value)
    places = int(to_number(decimals))
    if isinstance(number, int) and places >= 0:
        return number
    rounded = _dec(number).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if places <= 0:
        return int(rounded)
    return float(rounded)


def PartieEntière(value) -> int:
    """The largest integer <= the number: 3.5 -> 3, -3.5 -> -4 [D:3050008]."""
    number = _num(value)
    return number if isinstance(number, int) else math.floor(number)


def PartieDécimale(value):
    """The decimal part: PartieDécimale(16.487) = 0.487 [D:3050002].  The page does
    not cover negative numbers; wlmail returns number - PartieEntière(number), the
    French mathematical definition that matches PartieEntière (-3.5 -> 0.5)."""
    number = _num(value)
    if isinstance(number, int):
        return 0
    d = _dec(number)
    return float(d - d.to_integral_value(rounding="ROUND_FLOOR"))


def Racine(value, order=2):
    """The `order`-th root (square root by default) [D:3050006].  An even root of a
    negative number is an error."""
    number = float(_num(value))
    n = _num(order)
    if n == 0:
        raise WLError("Racine: the order of the root cannot be 0")
    if number < 0:
        if float(n).is_integer() and int(n) % 2 == 1:
            return -Racine(-number, n)
        raise WLError(f"Racine: cannot take an even root of a negative number ({value})")
    result = number ** (1.0 / n)
    nearest = round(result)
    if nearest and nearest ** n == number:  # exact roots stay exact: Racine(27, 3) = 3
        return float(nearest)
    return result


def Puissance(value, exponent):
    """`value` to the power `exponent`, like the ^ operator: Puissance(8, 5) = 32768
    [D:3050007]."""
    x, y = _num(value), _num(exponent)
    if x == 0 and y < 0:
        raise WLError("Puissance: 0 cannot be raised to a negative power (division by zero)")
    try:
        result = x ** y
    except OverflowError:
        return float("inf")
    if isinstance(result, complex):
        raise WLError(f"Puissance: {value} ^ {exponent} is not a real number")
    return result


def Modulo(dividend, divisor):
    """Remainder of the division, with the dividend's sign (C-like, the same as the
    % operator): Modulo(21, 4) = 1 [D:1511002].  A divisor of 0 is an error."""
    x, y = _num(dividend), _num(divisor)
    if y == 0:
        raise WLError("Division by zero")
    if isinstance(x, int) and isinstance(y, int):
        remainder = abs(x) % abs(y)
        return remainder if x >= 0 else -remainder
    return math.fmod(x, y)


def _values(args):
    if len(args) == 1 and isinstance(args[0], (list, tuple)):
        args = tuple(args[0])
    if not args:
        raise WLError("Max/Min need at least one value")
    return args


def Max(*values):
    """The largest value (numbers or chaînes), or the largest element of an array
    [D:3050005]."""
    items = _values(values)
    best = items[0]
    for item in items[1:]:
        if gt(item, best):
            best = item
    return best


def Min(*values):
    """The smallest value (numbers or chaînes), or the smallest element of an array
    [D:3050004]."""
    items = _values(values)
    best = items[0]
    for item in items[1:]:
        if lt(item, best):
            best = item
    return best


def Exp(value) -> float:
    """e to the power `value` [D:3050029]."""
    try:
        return math.exp(float(_num(value)))
    except OverflowError:
        return float("inf")


def Ln(value) -> float:
    """Natural logarithm; the number must be > 0 [D:3050018]."""
    number = float(_num(value))
    if number <= 0:
        raise WLError(f"Ln: the number must be strictly positive (got {value})")
    return math.log(number)


# --- random numbers -----------------------------------------------------------------

class _Generator(threading.local):
    def __init__(self):
        # Without InitHasard, WLangage gives the same sequence at every run [D:3013037].
        self.rng = random.Random(0)


_generator = _Generator()


def Hasard(first=None, second=None):
    """Hasard() : a réel in [0, 1[; Hasard(max): an entier in 1..max;
    Hasard(min, max): an entier in min..max (bounds included) [D:3013037]."""
    rng = _generator.rng
    if first is None:
        return rng.random()
    if second is None:
        high = int(_num(first))
        if high < 1:
            raise WLError(f"Hasard: the maximum must be 1 or more (got {high})")
        return rng.randint(1, high)
    low, high = int(_num(first)), int(_num(second))
    if low > high:
        low, high = high, low
    return rng.randint(low, high)


def InitHasard(seed=None) -> int:
    """Seeds the generator with `seed`, or with the clock (hundredths of a second);
    returns the seed used [D:3013030]."""
    value = int(time.time() * 100) if seed is None else int(_num(seed))
    _generator.rng.seed(value)
    return value


# EntierAléatoire is not a WLangage function: PC SOFT's help has no page for it (the
# documented names are Hasard / Random and InitHasard / InitRandom).  wlmail accepts
# it as an alias of Hasard because the issue asked for it.
EntierAléatoire = Hasard

Round = Arrondi
IntegerPart = PartieEntière
DecimalPart = PartieDécimale
Root = Racine
Power = Puissance
Random = Hasard
InitRandom = InitHasard
# Abs, Modulo, Max, Min, Exp and Ln have the same name in English.
