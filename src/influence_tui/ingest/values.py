"""Parsing the value forms real exports use: 3.3k, 475.8m, 1.39%, 2.28E+11, 1,234,567, $1,200.50,
1.200,50 €, nan, N/A, … Every parser returns None for missing and raises ValueError with a short
reason for anything it cannot read."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from influence_tui.domain.text import strip_controls

TEXT_MISSING = frozenset({"", "nan", "n/a", "null", "[none]"})
MISSING = frozenset({"", "nan", "nan%", "n/a", "na", "-", "--", "null", "none", "[none]", "#n/a"})
_SUFFIX = {"k": Decimal(10) ** 3, "m": Decimal(10) ** 6, "b": Decimal(10) ** 9}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CURRENCY_CODE = re.compile(r"^([A-Za-z]{3})\s+|\s+([A-Za-z]{3})$")
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
# the common cell of a large export, read without the general path
_PLAIN_DECIMAL = re.compile(r"\d{1,15}(?:\.\d{1,15})?")
_MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u017d\u017e\u0178]"
)


def is_missing(text: object) -> bool:
    if isinstance(text, float):
        return text != text
    return text is None or (isinstance(text, str) and text.strip().lower() in MISSING)


def _decimal(text: str) -> Decimal:
    """A plain or grouped decimal number with an optional k/m/b suffix."""
    body = _SPACES.sub("", text)
    multiplier = Decimal(1)
    if body and body[-1].lower() in _SUFFIX and not body.lower().endswith(("e", "nan")):
        multiplier = _SUFFIX[body[-1].lower()]
        body = body[:-1]
    if "," in body and "." in body:
        if body.rfind(",") > body.rfind("."):  # 1.200,50
            body = body.replace(".", "").replace(",", ".")
        else:  # 1,200.50
            body = body.replace(",", "")
    elif "," in body:
        body = body.replace(",", "") if _GROUPED.match(body) else body.replace(",", ".")
    try:
        value = Decimal(body) * multiplier
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    return value


def parse_number(text: object) -> float | None:
    if type(text) is str and _PLAIN_DECIMAL.fullmatch(text):
        return float(text)
    if is_missing(text):
        return None
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    if isinstance(text, int | float):
        return float(text)
    return float(_decimal(str(text).strip()))


def parse_count(text: object) -> int | None:
    """A whole, non-negative count (likes, views, followers)."""
    if type(text) is str and text.isascii() and text.isdigit():
        return int(text)
    if is_missing(text):
        return None
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a count")
    value = Decimal(text) if isinstance(text, int) else _decimal(str(text).strip())
    if value < 0:
        raise ValueError(f"{text!r} is negative")
    if value != value.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)


def parse_rate(text: object) -> float | None:
    """A fraction: '1.39%' -> 0.0139; a bare number is taken as already a fraction."""
    if is_missing(text):
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    body = str(text).strip()
    if body.endswith("%"):
        return float(_decimal(body[:-1].strip()) / 100)
    return float(_decimal(body))


def parse_money(text: object) -> tuple[float | None, str | None]:
    """An amount and the currency it names, if any: '$1,200.50' -> (1200.5, 'USD')."""
    if type(text) is str and _PLAIN_DECIMAL.fullmatch(text):
        return float(text), None
    if is_missing(text):
        return None, None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text), None
    body = str(text).strip()
    currency = None
    for symbol, code in _CURRENCY_SYMBOLS.items():
        if symbol in body:
            body = body.replace(symbol, "").strip()
            currency = code
    match = _CURRENCY_CODE.search(body)
    if match:
        currency = (match.group(1) or match.group(2)).upper()
        body = _CURRENCY_CODE.sub("", body).strip()
    return float(_decimal(body)), currency


_TRUE = {"1", "true", "t", "yes", "y", "x"}
_FALSE = {"0", "false", "f", "no", "n"}


# exact cells that need no cleaning: the common spellings, and empty for unknown
_WORDS: dict[str, bool | None] = {
    **dict.fromkeys(_TRUE, True),
    **dict.fromkeys(_FALSE, False),
    **dict.fromkeys(("True", "TRUE", "Yes", "YES"), True),
    **dict.fromkeys(("False", "FALSE", "No", "NO"), False),
    "": None,
}


def parse_bool(text: object) -> bool | None:
    if type(text) is str and text in _WORDS:
        return _WORDS[text]
    if is_missing(text):
        return None
    if isinstance(text, bool):
        return text
    word = str(text).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{text!r} is not yes/no")


_PLACEHOLDER_DATES = {dt.date(1970, 1, 1), dt.date(1900, 1, 1)}
_HAS_YEAR = re.compile(r"%[YyGcx]")


def parse_date(text: object, fmt: str | None = None, year: int | None = None) -> dt.date | None:
    """ISO dates and date-times by default; `fmt` is a strptime format; `year` fills a format
    that has none (e.g. '%d.%m' with year 2017)."""
    if fmt is None and type(text) is str and len(text) == 10 and text[4] == "-":
        try:
            value = dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if value in _PLACEHOLDER_DATES:
                raise ValueError(f"date {text!r} looks like a placeholder, not a real date")
            return value
    if is_missing(text):
        return None
    body = str(text).strip()
    if fmt:
        if not _HAS_YEAR.search(fmt):
            if year is None:
                raise ValueError(f"date {body!r} has no year (pass --year)")
            body, fmt = f"{body} {year}", f"{fmt} %Y"
        try:
            value = dt.datetime.strptime(body, fmt).date()
        except ValueError:
            raise ValueError(f"date {str(text).strip()!r} does not match {fmt!r}") from None
    else:
        value = _iso_date(body)
    if value in _PLACEHOLDER_DATES:
        raise ValueError(f"date {body!r} looks like a placeholder, not a real date")
    return value


def _iso_date(body: str) -> dt.date:
    try:
        return dt.date.fromisoformat(body[:10])
    except ValueError:
        pass
    for fmt in ("%Y/%m/%d", "%Y.%m.%d"):
        try:
            return dt.datetime.strptime(body[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{body!r} is not a date (expected YYYY-MM-DD, or pass --date-format)")


def parse_text(text: object, removed: list[bool] | None = None) -> str | None:
    """Text as given, outer whitespace removed; UTF-8 read as Windows-1252 is repaired; terminal
    escapes and control characters are removed (noted in `removed` when given)."""
    if text is None:
        return None
    if type(text) is str and text.isascii() and text.isprintable():
        # no control characters, escapes or mis-decoded UTF-8 can hide in printable ASCII
        plain = text.strip()
        return None if plain.lower() in TEXT_MISSING else plain
    body, stripped = strip_controls(str(text))
    if stripped and removed is not None:
        removed.append(True)
    body = body.strip()
    if body.lower() in TEXT_MISSING:
        return None
    if _MOJIBAKE.search(body):
        try:
            return body.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return body
    return body
