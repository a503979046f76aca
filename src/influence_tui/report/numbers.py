"""How numbers read on screen and in the text report: fractions as percentages, unknown as —."""

from __future__ import annotations

UNKNOWN = "—"


def fmt_rate(value: float | None, digits: int = 1) -> str:
    return UNKNOWN if value is None else f"{value * 100:.{digits}f}%"


def fmt_count(value: int | float | None) -> str:
    if value is None:
        return UNKNOWN
    value = float(value)
    for limit, unit, suffix in ((1e9, 1e9, "B"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if abs(value) >= limit:
            return f"{value / unit:.1f}{suffix}"
    return f"{value:,.0f}"


def fmt_money(value: float | None) -> str:
    if value is None:
        return UNKNOWN
    if abs(value) >= 1e6:
        return f"${value / 1e6:.1f}M"
    if abs(value) >= 1e4:
        return f"${value / 1e3:.0f}k"
    return f"${value:,.0f}"


def fmt_ratio_money(value: float | None) -> str:
    """Small money amounts such as CPE and CPM, with cents."""
    return UNKNOWN if value is None else f"${value:,.2f}"
