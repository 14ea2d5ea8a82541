"""Chinese resident ID numbers (GB 11643-1999): check digit, birth date, gender, masking."""

from __future__ import annotations

import datetime as dt
import re
from operator import mul

from brandoffice.normalise import tidy_code

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_SEPARATORS = str.maketrans("", "", "-'")
_EARLIEST = dt.date(1900, 1, 1)
_ZERO_WEIGHT = ord("0") * sum(_WEIGHTS)


def check_digit(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != len(_WEIGHTS) or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"an ID number's check digit needs 17 digits, not {first17!r}")
    # The digits' bytes weighed as they are, less what the code of "0" adds to each.
    return _CHECK[(sum(map(mul, first17.encode(), _WEIGHTS)) - _ZERO_WEIGHT) % 11]


def normalise(number: str) -> str:
    """Return the number as half-width digits, without spaces, dashes or a leading ', and
    with an upper-case X (a Chinese input method types ３３０１０６… and a lower-case x)."""
    if _SHAPE.fullmatch(number):
        return number  # already so: the stored and the checked numbers, read again
    return tidy_code(number).translate(_SEPARATORS).upper()


def id_number_problem(number: str, today: dt.date | None = None) -> str | None:
    """Explain what is wrong with an ID number, or return None when it is valid."""
    return normalised_problem(normalise(number), today)


def normalised_problem(value: str, today: dt.date | None = None) -> str | None:
    """Like :func:`id_number_problem`, for a number :func:`normalise` already gave."""
    if not _SHAPE.match(value):
        return "身份证号应为18位：17位数字加1位数字或X"
    try:
        born = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号中的出生日期无效"
    if born < _EARLIEST or born > (today or dt.date.today()):
        return "身份证号中的出生日期不在合理范围内"
    expected = check_digit(value[:17])
    if expected != value[17]:
        return f"身份证号校验位错误（应为 {expected}）"
    return None


def birth_date(number: str) -> dt.date:
    """Return the birth date encoded in a valid ID number."""
    value = normalise(number)
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def gender(number: str) -> str:
    """Return 男 or 女 from the sequence digit of a valid ID number."""
    return "男" if int(normalise(number)[16]) % 2 else "女"


def make_id_number(region: str, born: dt.date, sequence: int) -> str:
    """Build a valid (fictitious) ID number; used by the demo and tests."""
    first17 = f"{region[:6]}{born:%Y%m%d}{sequence % 1000:03d}"
    return first17 + check_digit(first17)


def mask_id_number(number: str | None) -> str:
    """Mask an ID number as 110105********123X (region and last four kept)."""
    if not number:
        return ""
    value = normalise(number)
    if len(value) < 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(phone: str | None) -> str:
    """Mask a phone number as 138****5678."""
    if not phone:
        return ""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
