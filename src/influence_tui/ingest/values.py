"""Parsing the value forms real exports use: 3.3k, 475.8m, 1.39%, 2.28E+11, 1,234,567, 1,23,45,678
(regional grouping), 1.234.567 and 12,5% (European), $1,200.50, 1.200,50 €, nan, N/A, … Every parser
returns None for missing and raises ValueError with a short reason for anything it cannot read.

A cell like `1.234` or `1,234` reads differently in English and European writing; the column decides
(`column_style`): parsers take `european=True` for a column whose other cells are written the
European way, and read the English way otherwise."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from influence_tui.domain.text import strip_controls

TEXT_MISSING = frozenset({"", "nan", "n/a", "null", "[none]"})
MISSING = frozenset({"", "nan", "nan%", "n/a", "na", "-", "--", "null", "none", "[none]", "#n/a"})
_SUFFIX = {"k": Decimal(10) ** 3, "m": Decimal(10) ** 6, "b": Decimal(10) ** 9}
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CURRENCY_CODE = re.compile(r"^([A-Za-z]{3})\s+|\s+([A-Za-z]{3})$")
# 1,234,567 and the regional 1,23,45,678 (groups of two above the thousands)
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$|^\d{1,2}(,\d{2})+,\d{3}(\.\d*)?$")
_DOT_GROUPED = re.compile(r"^\d{1,3}(\.\d{3}){2,}$")  # 1.234.567: only grouping has two dots
_EUROPEAN = re.compile(r"^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+(,\d+)?$")
# SQLite stores integers in 64 bits and reals up to about 1.8e308
MAX_INTEGER = 2**63 - 1
_MAX_REAL = Decimal("1e308")
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


def _decimal(text: str, european: bool = False) -> Decimal:
    """A plain or grouped decimal number with an optional k/m/b suffix; `european` reads dots as
    grouping and a comma as the decimal mark."""
    body = _SPACES.sub("", text)
    multiplier = Decimal(1)
    if body and body[-1].lower() in _SUFFIX and not body.lower().endswith(("e", "nan")):
        multiplier = _SUFFIX[body[-1].lower()]
        body = body[:-1]
    sign = ""
    if body[:1] in "+-" and body[1:2].isdigit():
        sign, body = body[0], body[1:]
    if european and _EUROPEAN.match(body):
        body = body.replace(".", "").replace(",", ".")
    elif _DOT_GROUPED.match(body):
        body = body.replace(".", "")
    elif "," in body and "." in body:
        if body.rfind(",") > body.rfind("."):  # 1.200,50
            body = body.replace(".", "").replace(",", ".")
        else:  # 1,200.50
            body = body.replace(",", "")
    elif "," in body:
        body = body.replace(",", "") if _GROUPED.match(body) else body.replace(",", ".")
    try:
        value = Decimal(sign + body) * multiplier
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{text!r} is not a finite number")
    if abs(value) > _MAX_REAL:
        raise ValueError(f"{text!r} is too big to store")
    return value


# cells that can only be European (1.234,5 · 1.234.567 · 12,5) or only English (1,234.5 ·
# 1,234,567 · 12.5 · 1,23,45,678); `1.234` and `1,234` are either
_EUROPEAN_ONLY = re.compile(
    r"^\d{1,3}(\.\d{3})+,\d+$|^\d{1,3}(\.\d{3}){2,}$|^\d+,(\d{1,2}|\d{4,})$"
)
_ENGLISH_ONLY = re.compile(
    r"^\d{1,3}(,\d{3})+\.\d+$|^\d{1,3}(,\d{3}){2,}$|^\d+\.(\d{1,2}|\d{4,})$|^\d{1,2}(,\d{2})+,\d{3}$"
)
_NOT_NUMERAL = re.compile(r"[^\d.,]")


def column_is_european(cells: Iterable[object]) -> bool:
    """Whether a column's numbers are written the European way: some cell can only be read so,
    and none only the English way."""
    european = False
    for cell in cells:
        if type(cell) is not str or ("," not in cell and "." not in cell):
            continue
        body = _NOT_NUMERAL.sub("", cell)
        if _ENGLISH_ONLY.match(body):
            return False
        european = european or bool(_EUROPEAN_ONLY.match(body))
    return european


def parse_number(text: object, european: bool = False) -> float | None:
    if type(text) is str and _PLAIN_DECIMAL.fullmatch(text):
        return float(text)
    if is_missing(text):
        return None
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a number")
    if isinstance(text, int | float):
        return float(_decimal(str(text))) if isinstance(text, int) else float(text)
    return float(_decimal(str(text).strip(), european))


def parse_count(text: object, european: bool = False) -> int | None:
    """A whole, non-negative count (likes, views, followers) that fits in 64 bits."""
    if type(text) is str and len(text) < 19 and text.isascii() and text.isdigit():
        return int(text)
    if is_missing(text):
        return None
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a count")
    value = Decimal(text) if isinstance(text, int) else _decimal(str(text).strip(), european)
    if value < 0:
        raise ValueError(f"{text!r} is negative")
    if value > MAX_INTEGER:
        raise ValueError(f"{text!r} is too big to store")
    if value != value.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number")
    return int(value)


def parse_rate(text: object, european: bool = False, percent: bool = False) -> float | None:
    """A fraction: '1.39%' -> 0.0139; a bare number is a fraction, or a percentage in a column
    written in percent (`percent`: its values go above 1)."""
    if is_missing(text):
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text) / 100 if percent else float(text)
    body = str(text).strip()
    if body.endswith("%"):
        return float(_decimal(body[:-1].strip(), european) / 100)
    value = _decimal(body, european)
    return float(value / 100) if percent else float(value)


def is_bare_number_above_one(text: object, european: bool = False) -> bool:
    """A rate cell written without a % sign whose value is above 1 (so its column is in
    percent)."""
    if isinstance(text, bool) or is_missing(text):
        return False
    if isinstance(text, int | float):
        return text > 1
    body = str(text).strip()
    if body.endswith("%"):
        return False
    try:
        return _decimal(body, european) > 1
    except ValueError:
        return False


def parse_money(text: object, european: bool = False) -> tuple[float | None, str | None]:
    """An amount and the currency it names, if any: '$1,200.50' -> (1200.5, 'USD')."""
    if type(text) is str and _PLAIN_DECIMAL.fullmatch(text):
        return float(text), None
    if is_missing(text):
        return None, None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(_decimal(str(text))), None
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
    return float(_decimal(body, european)), currency


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
            given = str(text).strip()
            if not _ISO_START.match(given):  # an ISO date is never ambiguous: read it as such
                raise ValueError(f"date {given!r} does not match {fmt!r}") from None
            value = _iso_date(given)
    else:
        value = _iso_date(body)
    if value in _PLACEHOLDER_DATES:
        raise ValueError(f"date {body!r} looks like a placeholder, not a real date")
    return value


_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")
# dates that name their month are never ambiguous: 'Aug 28, 2025' (YouTube Studio), '3-Jun-26'
_MONTH_NAMED = ("%b %d, %Y", "%b %d %Y", "%d %b %Y", "%d-%b-%Y", "%d-%b-%y", "%B %d, %Y",
                "%B %d %Y", "%d %B %Y", "%d %b, %Y")  # fmt: skip
_WORDS_OF_DATE = re.compile(r"[A-Za-z]{3,}")


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
    if _WORDS_OF_DATE.search(body):
        day = " ".join(body.replace(".", " ").split()[:4]).replace(" ,", ",")
        for fmt in _MONTH_NAMED:
            for candidate in (day, " ".join(day.split()[:3])):
                try:
                    return dt.datetime.strptime(candidate, fmt).date()
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
