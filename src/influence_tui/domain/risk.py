"""The platform risk rule of DESIGN.md §4: three checks on a weekly series (shock, level drop,
slide), a severity, and reasons in plain words with the week and the numbers.

Each check that fires is a value (`Shock`, `LevelDrop`, `Slide`; `TooShort` when a series cannot
be rated) carrying its numbers: the reason text, the JSON `risk_checks` and the platform detail
are all made from it. Every threshold is in `RiskConfig`; the defaults were tuned on the
evaluation harness (benchmarks/risk_eval.py, results in benchmarks/RESULTS.md)."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from influence_tui.domain.metrics import median

Severity = Literal["none", "medium", "high"]
SEVERITY_RANK = {"none": 0, "medium": 1, "high": 2}
WeeklyPoint = tuple[dt.date, float | None]  # (Monday, value; None for a gap week)


@dataclass(frozen=True)
class RiskConfig:
    """Every threshold of the risk rule and of the rebalance proposal (DESIGN.md §4)."""

    min_values: int = 10  # weekly values needed to rate a series
    baseline_weeks: int = 8  # the level a week is compared with: the median of the weeks before
    # shock: the latest week fell this much from the week before (and from its baseline) …
    shock_fall: float = 0.15
    # … and the fall is this many times the series' usual weekly move (robust spread)
    shock_spread_factor: float = 2.5
    spread_weeks: int = 26  # weekly changes the usual move is measured over
    mad_scale: float = 1.4826  # MAD → standard deviation of a normal series
    shock_hold_weeks: int = 8  # a shock keeps the platform at medium up to this long …
    # level drop: the latest week this far below its baseline; sustained when held or deeper
    level_drop: float = 0.20
    sustained_weeks: int = 3
    deep_drop: float = 0.30
    # slide: this many weekly declines in a row, or a significant trend over the window
    consecutive_declines: int = 6
    slide_window: int = 10
    mk_p_threshold: float = 0.10
    slide_min_fall: float = 0.20  # the trend's fall over the window, of its starting level
    # rebalance: the share of an at-risk platform's recent weekly spend proposed to move
    rebalance_medium_share: float = 0.25
    rebalance_high_share: float = 0.50
    rebalance_weeks: int = 8  # "recent": the weeks of spend and of CPE the proposal reads


def describe_rule(config: RiskConfig) -> str:
    """The rule in a few plain sentences, with the thresholds in force (for the help screen)."""
    c = config
    return (
        f"Platform risk, on weekly values (a week counts once complete): a shock is a week down "
        f"≥ {c.shock_fall:.0%} and {c.shock_spread_factor:g}× the series' usual weekly move; a "
        f"level drop is a week ≥ {c.level_drop:.0%} below its {c.baseline_weeks}-week level; a "
        f"slide is {c.consecutive_declines} falls in a row or a significant falling trend. high = "
        f"a level drop held {c.sustained_weeks} weeks or ≥ {c.deep_drop:.0%} at once, or a slide "
        f"with a level drop; medium = any one check; none otherwise."
    )


class CheckKind(str, enum.Enum):
    SHOCK = "shock"
    LEVEL_DROP = "level_drop"
    SLIDE = "slide"
    TOO_SHORT = "too_short"


SERIES_WORDS = {
    "engagement_rate": "engagement rate",
    "impression_rate": "impression rate",
    "er_by_views": "engagement rate by views",
    "spend": "spend",
}


def series_words(series: str) -> str:
    """A series name as a campaign manager says it: share_price → share price."""
    return SERIES_WORDS.get(series, series.removeprefix("signal:").replace("_", " "))


def format_value(value: float, unit: str) -> str:
    if unit == "rate":
        return f"{value * 100:.1f}%"
    if unit == "money":
        return f"${value:,.0f}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def format_week(monday: dt.date) -> str:
    return f"{monday.day} {monday:%b %Y}"


def _pct(fraction: float) -> str:
    return f"{abs(fraction) * 100:.0f}%"


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    return value


@dataclass(frozen=True)
class _Check:
    kind: ClassVar[CheckKind]
    series: str
    unit: str

    def as_dict(self) -> dict[str, Any]:
        """The check and its numbers for scripts (JSON `risk_checks`): fractions, ISO dates."""
        found: dict[str, Any] = {"check": self.kind.value}
        for name, value in self.__dict__.items():
            found[name] = _jsonable(value)
        return found

    @property
    def words(self) -> str:
        return series_words(self.series)


@dataclass(frozen=True)
class Shock(_Check):
    """The week of `week` fell `change` from the week before, `spread_factor`× more than the
    series' usual weekly move; the latest level is still `below` under the level before it."""

    kind: ClassVar[CheckKind] = CheckKind.SHOCK
    week: dt.date
    before: float
    after: float
    change: float
    usual_move: float
    latest: float
    below: float
    weeks_since: int

    def reason(self) -> str:
        usual = f"±{_pct(self.usual_move)}" if self.usual_move >= 0.005 else "less than ±1%"
        text = (
            f"{self.words} fell {_pct(self.change)} in the week of {format_week(self.week)} "
            f"(a usual week moves {usual})"
        )
        if self.weeks_since:
            weeks = "week" if self.weeks_since == 1 else "weeks"
            text += f"; {self.weeks_since} {weeks} on, still {_pct(self.below)} below"
        return text


@dataclass(frozen=True)
class LevelDrop(_Check):
    """The latest week is `change` below the median of the weeks before it; `weeks_held` weeks in
    a row have been that far below their own baseline."""

    kind: ClassVar[CheckKind] = CheckKind.LEVEL_DROP
    week: dt.date
    latest: float
    baseline: float
    baseline_weeks: int
    change: float
    weeks_held: int
    sustained: bool
    threshold: float  # the level drop that counts (a fraction)

    def reason(self) -> str:
        numbers = (
            f"({format_value(self.baseline, self.unit)} → {format_value(self.latest, self.unit)})"
        )
        level = f"its {self.baseline_weeks}-week level"
        if self.weeks_held > 1:
            return (
                f"{self.words} has been more than {_pct(self.threshold)} below {level} for "
                f"{self.weeks_held} weeks; {_pct(self.change)} below in the week of "
                f"{format_week(self.week)} {numbers}"
            )
        return (
            f"{self.words} in the week of {format_week(self.week)} was {_pct(self.change)} "
            f"below {level} {numbers}"
        )


@dataclass(frozen=True)
class Slide(_Check):
    """Weekly declines in a row (`declines`), or a significant downward trend over the last
    `window` weeks (Sen's slope, Mann–Kendall p) amounting to `trend_fall` of its start."""

    kind: ClassVar[CheckKind] = CheckKind.SLIDE
    week: dt.date
    declines: int
    window: int
    slope: float
    p_value: float
    trend_fall: float
    start: float
    latest: float
    baseline: float
    baseline_weeks: int
    change: float
    held_change: float  # the median of the last `sustained_weeks` against the baseline
    by_declines: bool
    by_trend: bool

    def reason(self) -> str:
        if self.by_declines:
            text = f"{self.words} fell {self.declines} weeks in a row"
        else:
            text = f"{self.words} has been sliding for {self.window} weeks"
        if self.change < 0:
            text += (
                f"; now {_pct(self.change)} below its level before "
                f"({format_value(self.baseline, self.unit)} → {format_value(self.latest, self.unit)})"
            )
        else:
            text += (
                f", {_pct(self.trend_fall)} in all "
                f"({format_value(self.start, self.unit)} → {format_value(self.latest, self.unit)})"
            )
        return text


@dataclass(frozen=True)
class TooShort(_Check):
    kind: ClassVar[CheckKind] = CheckKind.TOO_SHORT
    weeks: int
    needed: int

    def reason(self) -> str:
        weeks = "week" if self.weeks == 1 else "weeks"
        return (
            f"{self.words} has only {self.weeks} {weeks} of data (needs {self.needed} to be rated)"
        )


RiskCheck = Shock | LevelDrop | Slide | TooShort


@dataclass(frozen=True)
class SeriesStats:
    """The statistics behind a verdict, for the platform detail (never the headline)."""

    weeks: int  # weekly values rated (gaps excluded)
    latest_week: dt.date | None = None
    latest: float | None = None
    baseline: float | None = None  # median of the baseline weeks before the latest
    band_low: float | None = None  # baseline − 1.4826 × MAD of those weeks
    band_high: float | None = None
    usual_move: float | None = None  # 1.4826 × MAD of the weekly changes (fraction)
    slope: float | None = None  # Sen's slope over the slide window, per week
    p_value: float | None = None  # Mann–Kendall, two-sided


@dataclass(frozen=True)
class SeriesRisk:
    series: str
    unit: str
    severity: Severity
    checks: tuple[RiskCheck, ...] = ()
    stats: SeriesStats = field(default_factory=lambda: SeriesStats(0))

    @property
    def rated(self) -> bool:
        return not any(isinstance(c, TooShort) for c in self.checks)

    @property
    def reasons(self) -> tuple[str, ...]:
        """One plain sentence per check that fired (or why the series is not rated)."""
        return tuple(check.reason() for check in self.checks)


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


def _change(new: float, old: float) -> float | None:
    return new / old - 1 if old > 0 else None


class _Weeks:
    """The rated values of one series (gaps dropped), with the look-backs the checks share."""

    def __init__(self, points: Sequence[WeeklyPoint], config: RiskConfig) -> None:
        known = [(monday, v) for monday, v in points if v is not None]
        self.mondays = [monday for monday, _ in known]
        self.values = [v for _, v in known]
        self.config = config

    def baseline(self, i: int) -> float | None:
        """The median of the `baseline_weeks` values before value i."""
        before = self.values[max(0, i - self.config.baseline_weeks) : i]
        return median(before) if len(before) >= self.config.baseline_weeks // 2 else None

    def usual_move(self, i: int) -> float | None:
        """1.4826 × MAD of the weekly changes before value i (the last `spread_weeks`)."""
        first = max(1, i - self.config.spread_weeks)
        changes = [
            c
            for j in range(first, i)
            if (c := _change(self.values[j], self.values[j - 1])) is not None
        ]
        return self.config.mad_scale * mad(changes) if len(changes) >= 8 else None

    def drop(self, i: int) -> float | None:
        base = self.baseline(i)
        return _change(self.values[i], base) if base else None

    def shock_at(self, i: int) -> tuple[float, float, float] | None:
        """(level before, change, usual move) if value i is a shock."""
        config = self.config
        if i < 1:
            return None
        before, now = self.values[i - 1], self.values[i]
        change = _change(now, before)
        base = self.baseline(i)
        usual = self.usual_move(i)
        if change is None or base is None or usual is None:
            return None
        # a fall back from a spike to the usual level is no shock: it must fall from both
        reference = min(before, base)
        if now > (1 - config.shock_fall) * reference:
            return None
        if -change < config.shock_spread_factor * usual:
            return None
        return reference, change, usual


def _shock(w: _Weeks, series: str, unit: str) -> Shock | None:
    config = w.config
    last = len(w.values) - 1
    for i in range(last, max(0, last - config.shock_hold_weeks + 1) - 1, -1):
        found = w.shock_at(i)
        if found is None:
            continue
        reference, change, usual = found
        below = _change(w.values[last], reference)
        if below is None or below > -config.shock_fall:
            return None  # the level recovered from the latest shock
        return Shock(
            series, unit, w.mondays[i], w.values[i - 1], w.values[i], change, usual,
            w.values[last], below, last - i,
        )  # fmt: skip
    return None


def _level_drop(w: _Weeks, series: str, unit: str) -> LevelDrop | None:
    """The latest week ≥ `level_drop` below its baseline; sustained when the median of the last
    `sustained_weeks` is that far below the baseline before them (so one week back up in noise
    does not undo it), or the latest is ≥ `deep_drop` below."""
    config = w.config
    last = len(w.values) - 1
    change = w.drop(last)
    stretch = config.sustained_weeks
    held_change: float | None = None
    if last - stretch + 1 >= 0:
        held_base = w.baseline(last - stretch + 1)
        held = median(w.values[last - stretch + 1 :])
        if held_base and held is not None:
            held_change = _change(held, held_base)
    sustained = held_change is not None and held_change <= -config.level_drop
    if change is None or (change > -config.level_drop and not sustained):
        return None
    weeks = 0
    for i in range(last, -1, -1):
        drop = w.drop(i)
        if drop is None or drop > -config.level_drop:
            break
        weeks += 1
    sustained = sustained or change <= -config.deep_drop
    base = w.baseline(last)
    assert base is not None
    return LevelDrop(
        series, unit, w.mondays[last], w.values[last], base, config.baseline_weeks, change,
        max(weeks, stretch if sustained and change > -config.deep_drop else weeks), sustained,
        config.level_drop,
    )  # fmt: skip


def _slide(w: _Weeks, series: str, unit: str) -> tuple[Slide | None, float | None, float | None]:
    """The slide check, and the trend's (slope, p) for the detail."""
    config = w.config
    last = len(w.values) - 1
    declines = 0
    for i in range(last, 0, -1):
        if w.values[i] >= w.values[i - 1]:
            break
        declines += 1
    window = list(range(max(0, last - config.slide_window + 1), last + 1))
    points = [(float(j), w.values[j]) for j in window]
    slope = sens_slope(points)
    p_value = mann_kendall_p([y for _, y in points])
    trend_fall = 0.0
    start = w.values[window[0]]
    if slope is not None:
        intercept = median([y - slope * x for x, y in points]) or 0.0
        start = intercept + slope * points[0][0]
        trend_fall = -slope * (len(points) - 1) / start if start > 0 else 0.0
    by_declines = declines >= config.consecutive_declines
    by_trend = (
        slope is not None
        and slope < 0
        and p_value < config.mk_p_threshold
        and trend_fall >= config.slide_min_fall
    )
    if not (by_declines or by_trend):
        return None, slope, p_value
    # the level the slide is measured against: the baseline before its window (an 8-week
    # median inside the slide would follow it down)
    base = w.baseline(window[0]) or w.baseline(last) or w.values[window[0]]
    change = _change(w.values[last], base) or 0.0
    # where the slide has taken the level: the median of the last weeks (one low week of noise
    # at the end of a trend made by a spike at its start is no fall)
    now = median(w.values[max(0, last - config.sustained_weeks + 1) :]) or w.values[last]
    held_change = _change(now, base) or 0.0
    return (
        Slide(
            series,
            unit,
            w.mondays[last],
            declines,
            len(window),
            slope or 0.0,
            p_value,
            trend_fall,
            start,
            w.values[last],
            base,
            config.baseline_weeks,
            change,
            held_change,
            by_declines,
            by_trend,
        ),  # fmt: skip
        slope,
        p_value,
    )


def assess_series(
    series: str,
    points: Sequence[WeeklyPoint],
    unit: str = "number",
    config: RiskConfig | None = None,
) -> SeriesRisk:
    """Rate one weekly series: (Monday, value) oldest first, None for a gap week."""
    config = config or RiskConfig()
    w = _Weeks(points, config)
    n = len(w.values)
    if n < config.min_values:
        return SeriesRisk(
            series, unit, "none", (TooShort(series, unit, n, config.min_values),), SeriesStats(n)
        )
    last = n - 1
    shock = _shock(w, series, unit)
    level = _level_drop(w, series, unit)
    slide, slope, p_value = _slide(w, series, unit)
    slid_far = slide is not None and slide.held_change <= -config.level_drop
    if (level is not None and level.sustained) or (slide is not None and (level or slid_far)):
        severity: Severity = "high"
    elif shock or level or slide:
        severity = "medium"
    else:
        severity = "none"
    base = w.baseline(last)
    before = w.values[max(0, last - config.baseline_weeks) : last]
    spread = config.mad_scale * mad(before)
    stats = SeriesStats(
        weeks=n,
        latest_week=w.mondays[last],
        latest=w.values[last],
        baseline=base,
        band_low=base - spread if base is not None else None,
        band_high=base + spread if base is not None else None,
        usual_move=w.usual_move(n),
        slope=slope,
        p_value=p_value,
    )
    checks = tuple(c for c in (shock, level, slide) if c is not None)
    return SeriesRisk(series, unit, severity, checks, stats)


def highest(severities: list[Severity]) -> Severity:
    return max(severities, key=SEVERITY_RANK.__getitem__, default="none")
