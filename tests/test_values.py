import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from influence_tui.ingest import values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.3k", 3_300),
        ("475.8m", 475_800_000),
        ("409.8M", 409_800_000),
        ("29.0b", 29_000_000_000),
        ("2.28E+11", 228_000_000_000),
        ("1,234,567", 1_234_567),
        ("477900000.00", 477_900_000),
        ("0.89k", 890),
        ("12", 12),
        (" 7 ", 7),
        (1500, 1500),
    ],
)
def test_counts_in_every_real_form(text, expected):
    assert values.parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "nan", "NaN", "NaN%", "N/A", "-", None, float("nan")])
def test_missing_forms_are_unknown(text):
    assert values.parse_count(text) is None
    assert values.parse_rate(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-5", "negative"),
        ("3.5", "whole number"),
        ("abc", "not a number"),
        ("1.2.3", "not a number"),
    ],
)
def test_bad_counts_say_why(text, reason):
    with pytest.raises(ValueError, match=reason):
        values.parse_count(text)


def test_rates():
    assert values.parse_rate("1.39%") == pytest.approx(0.0139)
    assert values.parse_rate("0.051") == pytest.approx(0.051)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$1,200.50", (1200.5, "USD")),
        ("1.200,50 €", (1200.5, "EUR")),
        ("1200", (1200.0, None)),
        ("EUR 99", (99.0, "EUR")),
        ("£3k", (3000.0, "GBP")),
    ],
)
def test_money(text, expected):
    assert values.parse_money(text) == expected


def test_dates():
    assert values.parse_date("2026-11-01") == dt.date(2026, 11, 1)
    assert values.parse_date("2017-11-13T17:13:01.000Z") == dt.date(2017, 11, 13)
    assert values.parse_date("13.09", "%d.%m", 2017) == dt.date(2017, 9, 13)
    assert values.parse_date("29.02", "%d.%m", 2024) == dt.date(2024, 2, 29)
    with pytest.raises(ValueError, match="has no year"):
        values.parse_date("13.09", "%d.%m")
    with pytest.raises(ValueError, match="placeholder"):
        values.parse_date("1970-01-01")
    with pytest.raises(ValueError, match="not a date"):
        values.parse_date("next week")


def test_text_repairs_mojibake_and_keeps_the_rest():
    assert values.parse_text("CÃ´te d'Ivoire") == "Côte d'Ivoire"
    assert values.parse_text("  [bold]x[/]  ") == "[bold]x[/]"
    assert values.parse_text("Ã") == "Ã"
    assert values.parse_text("NaN") is None


@given(st.integers(min_value=0, max_value=10**15))
def test_any_grouped_or_plain_integer_round_trips(n):
    assert values.parse_count(str(n)) == n
    assert values.parse_count(f"{n:,}") == n


@given(st.text(max_size=20))
def test_the_number_parser_never_crashes_it_answers_or_explains(text):
    try:
        result = values.parse_number(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert result is None or result == result  # a number, never NaN
