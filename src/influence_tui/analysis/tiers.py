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
    ers: list[float | None] = field(default_factory=list)
    irs: list[float | None] = field(default_factory=list)
    ervs: list[float | None] = field(default_factory=list)
    brands: list[float | None] = field(default_factory=list)
    spend: float = 0.0
    engagements: int = 0
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
        self.ers.append(er)
        self.irs.append(ir)
        self.ervs.append(erv)
        self.brands.append(brands)
        if spend is not None:
            self.spend += spend
            self.costed_engagements += engagements or 0

    def row(self, tier: str, platform: str | None, total_spend: float) -> TierRow:
        return TierRow(
            tier=tier,
            platform=platform,
            creators=len(self.ers),
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
    groups: dict[tuple[str, str | None], _Group] = defaultdict(_Group)
    total = 0.0
    for platform, followers, er, ir, erv, brands, spend, engaged in tier_facts(
        db, settings.campaign_id
    ):
        tier = tier_for(followers) or UNKNOWN_TIER
        for key in ((tier, None), (tier, platform)):
            groups[key].add(er, ir, erv, brands, spend, engaged)
        total += spend or 0.0
    order = [*settings.scheme.names, UNKNOWN_TIER]
    rows = []
    for tier in order:
        if (tier, None) not in groups:
            continue
        platforms = sorted(p for t, p in groups if t == tier and p is not None)
        for platform in [None, *platforms]:
            rows.append(groups[(tier, platform)].row(tier, platform, total))
    return rows
