"""The platform mix: spend and share per platform, each weekly series and its risk."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.metrics import spend_share
from influence_tui.domain.risk import RiskConfig, SeriesRisk, Severity, evaluate_series, highest
from influence_tui.store import lookups, platform_series

RATE_SERIES = ("engagement_rate", "impression_rate")
SPEND_SERIES = "spend"


@dataclass(frozen=True)
class WeeklySeries:
    name: str
    weeks: tuple[str, ...]
    values: tuple[float | None, ...]
    unit: str
    risk: SeriesRisk | None  # None for spend: shown, never a risk by itself


@dataclass(frozen=True)
class PlatformSummary:
    platform: str
    spend: float
    spend_share: float | None
    risk: Severity
    reasons: tuple[str, ...]
    series: tuple[WeeklySeries, ...]

    def series_named(self, name: str) -> WeeklySeries | None:
        return next((s for s in self.series if s.name == name), None)

    @property
    def trend(self) -> WeeklySeries | None:
        """The series the risk verdict rests on: the worst-rated one, else engagement rate."""
        rated = [(s, s.risk) for s in self.series if s.risk is not None]
        rated = [(s, risk) for s, risk in rated if risk.severity != "none"]
        if rated:
            order = ("none", "medium", "high")
            return max(rated, key=lambda pair: order.index(pair[1].severity))[0]
        return self.series_named("engagement_rate") or (self.series[0] if self.series else None)


def _unit(series: str) -> str:
    if series in RATE_SERIES:
        return "rate"
    if series == SPEND_SERIES:
        return "money"
    return "number"


def platform_mix(
    db: sqlite_utils.Database, settings: ViewSettings, config: RiskConfig | None = None
) -> list[PlatformSummary]:
    spend = platform_series.spend_by_platform(db, settings.as_of)
    total = sum(spend.values())
    weekly = platform_series.weekly_series(db)
    summaries = []
    for platform in lookups.platform_names(db):
        series_list = []
        for name, points in sorted(
            weekly.get(platform, {}).items(), key=lambda item: _series_order(item[0])
        ):
            weeks = tuple(w for w, _ in points)
            values = tuple(v for _, v in points)
            label = name.removeprefix("signal:")
            risk = None
            if name != SPEND_SERIES:
                risk = evaluate_series(label, list(values), _unit(name), config or settings.risk)
            series_list.append(WeeklySeries(label, weeks, values, _unit(name), risk))
        risks = [s.risk for s in series_list if s.risk is not None]
        severity = highest([r.severity for r in risks])
        reasons = tuple(r.reason for r in risks if r.severity != "none" and r.reason)
        if not reasons and severity == "none":
            reasons = tuple(r.reason for r in risks if r.reason and "only" in r.reason)
        has_data = bool(series_list) or platform in spend
        if not has_data:
            continue
        summaries.append(
            PlatformSummary(
                platform=platform,
                spend=spend.get(platform, 0.0),
                spend_share=spend_share(spend.get(platform, 0.0), total),
                risk=severity,
                reasons=reasons,
                series=tuple(series_list),
            )
        )
    return summaries


def _series_order(name: str) -> tuple[int, str]:
    order = {"engagement_rate": 0, "impression_rate": 1, "spend": 2}
    return (order.get(name, 3), name)
