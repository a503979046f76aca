"""The Tiers pane: per tier × platform (and per tier over every platform) the number of creators,
median ER, IR and ER by views, CPE (spend ÷ engagements), median brands and the share of spend,
under the tier scheme in force and for the chosen campaign. The brief's thesis on the user's own
data: do micro creators beat celebrities here?"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.metrics import cost_per_engagement, median, spend_share
from influence_tui.store.tier_facts import tier_facts

UNKNOWN_TIER = "unknown"


@dataclass(frozen=True)
class TierRow:
    tier: str
    platform: str | None  # None: every platform
    creators: int
    engagement_rate: float | None
    impression_rate: float | None
    er_by_views: float | None
    cpe: float | None
    brands: float | None
    spend: float
    spend_share: float | None


@dataclass
class _Group:
    creators: int = 0
    # known values only (a median ignores the unknown ones anyway): fewer objects to hold
    ers: list[float] = field(default_factory=list)
    irs: list[float] = field(default_factory=list)
    ervs: list[float] = field(default_factory=list)
    brands: list[float] = field(default_factory=list)
    spend: float = 0.0
    costed_engagements: int = 0  # engagements of creators with a known spend

    def add(
        self,
        er: float | None,
        ir: float | None,
        erv: float | None,
        brands: float | None,
        spend: float | None,
        engagements: int | None,
    ) -> None:
        self.creators += 1
        for values, value in (
            (self.ers, er),
            (self.irs, ir),
            (self.ervs, erv),
            (self.brands, brands),
        ):
            if value is not None:
                values.append(value)
        if spend is not None:
            self.spend += spend
            self.costed_engagements += engagements or 0

    def merge(self, other: _Group) -> None:
        self.creators += other.creators
        self.ers += other.ers
        self.irs += other.irs
        self.ervs += other.ervs
        self.brands += other.brands
        self.spend += other.spend
        self.costed_engagements += other.costed_engagements

    def row(self, tier: str, platform: str | None, total_spend: float) -> TierRow:
        return TierRow(
            tier=tier,
            platform=platform,
            creators=self.creators,
            engagement_rate=median(self.ers),
            impression_rate=median(self.irs),
            er_by_views=median(self.ervs),
            cpe=cost_per_engagement(self.spend, self.costed_engagements) if self.spend else None,
            brands=median(self.brands),
            spend=self.spend,
            spend_share=spend_share(self.spend, total_spend),
        )


def tier_table(db: sqlite_utils.Database, settings: ViewSettings) -> list[TierRow]:
    """Tiers in the scheme's order (unknown followers last), each a row over every platform
    followed by one row per platform."""
    tier_for = settings.scheme.tier_for
    groups: dict[tuple[str, str], _Group] = defaultdict(_Group)
    total = 0.0
    for platform, followers, er, ir, erv, brands, spend, engaged in tier_facts(
        db, settings.campaign_id
    ):
        groups[(tier_for(followers) or UNKNOWN_TIER, platform)].add(
            er, ir, erv, brands, spend, engaged
        )
        total += spend or 0.0
    rows = []
    for tier in [*settings.scheme.names, UNKNOWN_TIER]:
        platforms = sorted(p for t, p in groups if t == tier)
        if not platforms:
            continue
        every = _Group()  # the tier over every platform, made from its platforms' groups
        for platform in platforms:
            every.merge(groups[(tier, platform)])
        rows.append(every.row(tier, None, total))
        rows += [groups[(tier, platform)].row(tier, platform, total) for platform in platforms]
    return rows
