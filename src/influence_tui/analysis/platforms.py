"""The platform mix: spend and share per platform, each weekly series and its risk."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.metrics import cents, cost_per_engagement, spend_share
from influence_tui.domain.rebalance import PlatformFunds, Rebalance, propose_rebalance
from influence_tui.domain.risk import (
    SEVERITY_RANK,
    RiskCheck,
    RiskConfig,
    SeriesRisk,
    Severity,
    WeeklyPoint,
    assess_series,
    format_value,
    highest,
    series_words,
)
from influence_tui.domain.weeks import week_complete, week_start, weekly_points
from influence_tui.store import lookups, platform_series

RATE_SERIES = ("engagement_rate", "impression_rate", "er_by_views")
SPEND_SERIES = "spend"
HIDDEN_SERIES = ("post_cost", "post_engagements")  # rebalance inputs, not trends to show


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
    reasons: tuple[str, ...]  # plain words, with the week and the numbers
    series: tuple[WeeklySeries, ...]
    checks: tuple[RiskCheck, ...] = ()  # the checks that fired (or why a series is not rated)
    weekly_spend: float = 0.0  # recent weekly spend (the rebalance input)
    cpe: float | None = None  # recent cost per engagement (the rebalance input)

    def series_named(self, name: str) -> WeeklySeries | None:
        return next((s for s in self.series if s.name == name), None)

    @property
    def trend(self) -> WeeklySeries | None:
        """The series the risk verdict rests on: the worst-rated one, else engagement rate."""
        rated = [(s, s.risk) for s in self.series if s.risk is not None]
        rated = [(s, risk) for s, risk in rated if risk.severity != "none"]
        if rated:
            return max(rated, key=lambda pair: SEVERITY_RANK[pair[1].severity])[0]
        return (
            self.series_named("engagement_rate")
            or self.series_named("er_by_views")
            or (self.series[0] if self.series else None)
        )


@dataclass(frozen=True)
class PlatformMix:
    platforms: list[PlatformSummary]
    rebalance: Rebalance


def _unit(series: str) -> str:
    if series in RATE_SERIES:
        return "rate"
    if series == SPEND_SERIES:
        return "money"
    return "number"


def _points(weeks: tuple[str, ...], values: tuple[float | None, ...]) -> list[WeeklyPoint]:
    return weekly_points((dt.date.fromisoformat(w), v) for w, v in zip(weeks, values, strict=True))


def _known(values: tuple[float | None, ...]) -> int:
    return sum(v is not None for v in values)


def platform_mix(
    db: sqlite_utils.Database, settings: ViewSettings, config: RiskConfig | None = None
) -> list[PlatformSummary]:
    config = config or settings.risk
    spend = platform_series.spend_by_platform(db, settings.as_of)
    total = sum(spend.values())
    weekly = platform_series.weekly_series(db)
    summaries = []
    for platform in lookups.platform_names(db):
        found = weekly.get(platform, {})
        weekly_spend, cpe = _recent(found, settings.as_of, config)
        found = {k: v for k, v in found.items() if k not in HIDDEN_SERIES}
        er = found.get("engagement_rate", [])
        erv = found.get("er_by_views", [])
        # ER by views is the series of a platform whose posts have no follower counts
        if _known(tuple(v for _, v in er)) >= config.min_values or (
            _known(tuple(v for _, v in erv)) <= _known(tuple(v for _, v in er))
        ):
            found = {k: v for k, v in found.items() if k != "er_by_views"}
        else:
            found = {
                k: v for k, v in found.items() if k not in ("engagement_rate", "impression_rate")
            }
        series_list = []
        for name, points in sorted(found.items(), key=lambda item: _series_order(item[0])):
            weeks = tuple(w for w, _ in points)
            values = tuple(v for _, v in points)
            label = name.removeprefix("signal:")
            risk = None
            if name != SPEND_SERIES:
                risk = assess_series(label, _points(weeks, values), _unit(name), config)
            series_list.append(WeeklySeries(label, weeks, values, _unit(name), risk))
        risks = [s.risk for s in series_list if s.risk is not None]
        severity = highest([r.severity for r in risks])
        fired = [r for r in risks if r.severity != "none"]
        # the reasons of the series at risk; when nothing is, why a series is not rated
        shown = fired or [r for r in risks if not r.rated]
        checks = tuple(c for r in shown for c in r.checks)
        if not series_list and platform not in spend:
            continue
        summaries.append(
            PlatformSummary(
                platform=platform,
                spend=spend.get(platform, 0.0),
                spend_share=spend_share(spend.get(platform, 0.0), total),
                risk=severity,
                reasons=tuple(c.reason() for c in checks),
                series=tuple(series_list),
                checks=checks,
                weekly_spend=weekly_spend,
                cpe=cpe,
            )
        )
    return summaries


def _recent(
    weekly: dict[str, list[tuple[str, float | None]]], as_of: dt.date | None, config: RiskConfig
) -> tuple[float, float | None]:
    """(weekly spend, CPE) of one platform over the last `rebalance_weeks` complete weeks, from
    the weekly rollups."""
    if as_of is None:
        return 0.0, None
    latest = week_start(as_of)
    if not week_complete(latest, as_of):
        latest -= dt.timedelta(weeks=1)
    first = (latest - dt.timedelta(weeks=config.rebalance_weeks - 1)).isoformat()

    def total(series: str) -> float:
        return sum(v or 0.0 for w, v in weekly.get(series, []) if w >= first)

    engaged = total("post_engagements")
    cpe = cost_per_engagement(total("post_cost"), round(engaged)) if engaged else None
    return total(SPEND_SERIES) / config.rebalance_weeks, cpe


def rebalance_of(summaries: list[PlatformSummary], config: RiskConfig | None = None) -> Rebalance:
    """The rebalance proposal (DESIGN.md §4) for the platforms as rated."""
    return propose_rebalance(
        [PlatformFunds(s.platform, s.risk, s.weekly_spend, s.cpe) for s in summaries], config
    )


def platform_view(
    db: sqlite_utils.Database, settings: ViewSettings, config: RiskConfig | None = None
) -> PlatformMix:
    """The platforms and the rebalance proposal, as the platforms pane and the report show them."""
    config = config or settings.risk
    summaries = platform_mix(db, settings, config)
    return PlatformMix(summaries, rebalance_of(summaries, config))


def rebalance_details(plan: Rebalance) -> dict[str, Any]:
    """The proposal as data (JSON `rebalance`, the audit trail): money in cents."""
    return {
        "moves": [
            {
                "from": m.source,
                "to": m.target,
                "amount_per_week": cents(m.amount),
                "engagements_per_week": round(m.engagements),
            }
            for m in plan.moves
        ],
        "amount_per_week": cents(plan.amount),
        "engagements_per_week": round(plan.engagements),
        "left_out": [{"platform": p, "reason": why} for p, why in plan.left_out],
        "inputs": [
            {
                "platform": p.platform,
                "risk": p.risk,
                "weekly_spend": cents(p.weekly_spend),
                "cpe": round(p.cpe, 4) if p.cpe is not None else None,
            }
            for p in plan.inputs
        ],
    }


def statistics_line(risk: SeriesRisk) -> str:
    """The statistics behind a series' verdict, for the platform detail (never the headline)."""
    st, unit = risk.stats, risk.unit
    if not risk.rated or st.latest is None:
        return f"{series_words(risk.series)}: {st.weeks} weekly values, not rated"
    parts = [
        f"{series_words(risk.series)}: {st.weeks} weeks, latest {format_value(st.latest, unit)}"
    ]
    if st.baseline is not None:
        parts.append(f"8-wk median {format_value(st.baseline, unit)}")
    if st.band_low is not None and st.band_high is not None:
        parts.append(
            f"MAD band {format_value(st.band_low, unit)}–{format_value(st.band_high, unit)}"
        )
    if st.usual_move is not None:
        parts.append(f"usual weekly move ±{st.usual_move * 100:.1f}%")
    if st.slope is not None:
        slope = f"{st.slope * 100:+.2f} pp/wk" if unit == "rate" else f"{st.slope:+.3g}/wk"
        parts.append(f"Sen slope {slope.replace('-', '−')}")
    if st.p_value is not None:
        parts.append(f"Mann–Kendall p={st.p_value:.2f}")
    return " · ".join(parts)


def _series_order(name: str) -> tuple[int, str]:
    order = {"engagement_rate": 0, "impression_rate": 1, "er_by_views": 0, "spend": 2}
    return (order.get(name, 3), name)
