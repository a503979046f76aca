"""The platform risk rule of DESIGN.md §4: level drop (A), sustained slope (B), run (C)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from influence_tui.domain.metrics import median

Severity = Literal["none", "medium", "high"]
SEVERITY_RANK = {"none": 0, "medium": 1, "high": 2}


@dataclass(frozen=True)
class RiskConfig:
    min_values: int = 10
    recent_weeks: int = 2
    baseline_weeks: int = 8
    level_drop_ratio: float = 0.75
    slope_window: int = 10
    slope_min_fraction: float = 0.05
    mk_p_threshold: float = 0.10
    run_window: int = 5
    run_min_below: int = 4
    mad_scale: float = 1.4826
    consecutive_declines: int = 6


@dataclass(frozen=True)
class SeriesRisk:
    series: str
    severity: Severity
    level_drop: bool
    slope: bool
    run: bool
    reason: str | None


def sens_slope(points: list[tuple[float, float]]) -> float | None:
    slopes = [
        (yj - yi) / (xj - xi)
        for i, (xi, yi) in enumerate(points)
        for xj, yj in points[i + 1 :]
        if xj != xi
    ]
    return median(slopes)


def mann_kendall_p(values: list[float]) -> float:
    """Two-sided p-value of the Mann–Kendall trend test (normal approximation, tie-corrected)."""
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


def mad(values: list[float]) -> float:
    centre = median(values) or 0.0
    return median([abs(v - centre) for v in values]) or 0.0


def _fmt(value: float, unit: str) -> str:
    if unit == "rate":
        return f"{value * 100:.1f}%"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _minus(text: str) -> str:
    """Typographic minus sign for numbers in reason text."""
    return text.replace("-", "−")


def _fmt_slope(value: float, unit: str) -> str:
    if unit == "rate":
        return _minus(f"{value * 100:+.2f} pp/wk")
    return _minus(f"{value:+.3g}/wk")


def evaluate_series(
    series: str,
    values: Sequence[float | None],
    unit: str = "number",
    config: RiskConfig | None = None,
) -> SeriesRisk:
    """Rate one weekly series (oldest first; None is a gap week)."""
    config = config or RiskConfig()
    points = [(float(i), v) for i, v in enumerate(values) if v is not None]
    if len(points) < config.min_values:
        return SeriesRisk(
            series,
            "none",
            False,
            False,
            False,
            f"{series}: only {len(points)} weeks of data (needs {config.min_values})",
        )
    ys = [y for _, y in points]
    recent = ys[-config.recent_weeks :]
    baseline = ys[-(config.recent_weeks + config.baseline_weeks) : -config.recent_weeks]
    base_median = median(baseline) or 0.0
    recent_mean = sum(recent) / len(recent)

    level_drop = base_median > 0 and recent_mean <= config.level_drop_ratio * base_median

    window = points[-config.slope_window :]
    slope = sens_slope(window) or 0.0
    p_value = mann_kendall_p([y for _, y in window])
    slope_hit = (
        slope < 0
        and abs(slope) >= config.slope_min_fraction * abs(base_median)
        and p_value < config.mk_p_threshold
    )

    floor = base_median - config.mad_scale * mad(baseline)
    below = sum(1 for y in ys[-config.run_window :] if y < floor)
    tail = ys[-(config.consecutive_declines + 1) :]
    declines = len(tail) == config.consecutive_declines + 1 and all(
        b < a for a, b in zip(tail, tail[1:], strict=False)
    )
    run_hit = below >= config.run_min_below or declines

    if level_drop and (slope_hit or run_hit):
        severity: Severity = "high"
    elif level_drop or slope_hit or run_hit:
        severity = "medium"
    else:
        severity = "none"

    change = (recent_mean / base_median - 1) if base_median else 0.0
    reason = (
        f"{series}: last {len(recent)} wks {_fmt(recent_mean, unit)} vs "
        f"{len(baseline)}-wk median {_fmt(base_median, unit)} ({_minus(f'{change * 100:+.0f}%')})"
    )
    reason += f"; Sen slope {_fmt_slope(slope, unit)}, MK p={p_value:.2f}"
    if run_hit:
        if below >= config.run_min_below:
            reason += f"; {below} of last {config.run_window} below {_fmt(floor, unit)}"
        else:
            reason += f"; {config.consecutive_declines} weekly declines in a row"
    return SeriesRisk(series, severity, level_drop, slope_hit, run_hit, reason)


def highest(severities: list[Severity]) -> Severity:
    return max(severities, key=SEVERITY_RANK.__getitem__, default="none")
