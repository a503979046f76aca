"""The platform risk rule as it was before issue #13, frozen here so the evaluation harness
(`risk_eval.py`) can keep measuring it next to the current one. Copied from
`domain/risk.py` and `domain/weeks.py` at commit 42fa638; not used by the app.

Weekly value of a daily signal = the mean of the week's observations; a week counts once its
Sunday is on or before the as-of date; a series is rated on: mean of the last 2 weeks ≤ 0.75 × the
median of the 8 weeks before (A), a significant Sen slope ≥ 5% of that median per week (B), 4 of
the last 5 weeks below median − 1.4826 × MAD or 6 declines in a row (C); high = A with B or C."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence


def _median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _sens_slope(points: list[tuple[float, float]]) -> float | None:
    slopes = [
        (yj - yi) / (xj - xi)
        for i, (xi, yi) in enumerate(points)
        for xj, yj in points[i + 1 :]
        if xj != xi
    ]
    return _median(slopes)


def _mann_kendall_p(values: list[float]) -> float:
    n = len(values)
    if n < 3:
        return 1.0
    s = 0
    for i in range(n - 1):
        for j in range(i + 1, n):
            diff = values[j] - values[i]
            s += (diff > 0) - (diff < 0)
    ties: dict[float, int] = {}
    for v in values:
        ties[v] = ties.get(v, 0) + 1
    variance = (
        n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties.values())
    ) / 18
    if variance <= 0 or s == 0:
        return 1.0
    z = (s - 1) / math.sqrt(variance) if s > 0 else (s + 1) / math.sqrt(variance)
    return 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))


def _mad(values: list[float]) -> float:
    centre = _median(values) or 0.0
    return _median([abs(v - centre) for v in values]) or 0.0


def old_severity(values: Sequence[float | None]) -> str:
    """The old `evaluate_series` with its default config, severity only."""
    min_values, recent_weeks, baseline_weeks = 10, 2, 8
    points = [(float(i), v) for i, v in enumerate(values) if v is not None]
    if len(points) < min_values:
        return "none"
    ys = [y for _, y in points]
    recent = ys[-recent_weeks:]
    baseline = ys[-(recent_weeks + baseline_weeks) : -recent_weeks]
    base_median = _median(baseline) or 0.0
    recent_mean = sum(recent) / len(recent)
    level_drop = base_median > 0 and recent_mean <= 0.75 * base_median
    window = points[-10:]
    slope = _sens_slope(window) or 0.0
    p_value = _mann_kendall_p([y for _, y in window])
    slope_hit = slope < 0 and abs(slope) >= 0.05 * abs(base_median) and p_value < 0.10
    floor = base_median - 1.4826 * _mad(baseline)
    below = sum(1 for y in ys[-5:] if y < floor)
    tail = ys[-7:]
    declines = len(tail) == 7 and all(b < a for a, b in zip(tail, tail[1:], strict=False))
    run_hit = below >= 4 or declines
    if level_drop and (slope_hit or run_hit):
        return "high"
    if level_drop or slope_hit or run_hit:
        return "medium"
    return "none"


def old_weekly_signal(
    observations: Sequence[tuple[dt.date, float]], as_of: dt.date
) -> list[float | None]:
    """Weekly means of the complete weeks (Sunday ≤ as-of), oldest first, as the old rollup
    stored them (weeks without observations are simply absent)."""
    weeks: dict[dt.date, list[float]] = {}
    for day, value in observations:
        if day > as_of:
            continue
        monday = day - dt.timedelta(days=day.weekday())
        if monday + dt.timedelta(days=6) <= as_of:
            weeks.setdefault(monday, []).append(value)
    return [sum(v) / len(v) for _, v in sorted(weeks.items())]
