"""How numbers read on screen and in the text report: fractions as percentages, unknown as —."""

from __future__ import annotations

from influence_tui.domain.budget import Pacing

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


def fmt_pacing(pacing: Pacing) -> str:
    """'budget $60k · spent $25k (42%) · 80% of days gone · behind': the budget's pace."""
    if pacing.budget is None:
        return f"no budget · spent {fmt_money(pacing.spent)}"
    parts = [f"budget {fmt_money(pacing.budget)}",
             f"spent {fmt_money(pacing.spent)} ({fmt_rate(pacing.spent_share, 0)})"]  # fmt: skip
    if pacing.time_share is not None:
        parts.append(f"{fmt_rate(pacing.time_share, 0)} of days gone")
    if pacing.verdict:
        parts.append(pacing.verdict)
    return " · ".join(parts)


def fmt_pacing_short(pacing: Pacing) -> str:
    """'95% of $60k spent · 80% of days': the pacing in a status line."""
    if pacing.budget is None:
        return f"{fmt_money(pacing.spent)} spent, no budget"
    text = f"{fmt_rate(pacing.spent_share, 0)} of {fmt_money(pacing.budget)} spent"
    if pacing.time_share is not None:
        text += f" · {fmt_rate(pacing.time_share, 0)} of days"
    return text
