"""The settings every view shares: as-of date, tier scheme, campaign."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from influence_tui.domain.tiers import SCHEMES, TierScheme


@dataclass(frozen=True)
class ViewSettings:
    as_of: dt.date | None = None
    tier_scheme: str = "seed"
    campaign_id: int | None = None
    campaign_name: str | None = None

    @property
    def scheme(self) -> TierScheme:
        return SCHEMES[self.tier_scheme]

    def with_campaign(self, campaign_id: int | None, name: str | None) -> ViewSettings:
        return replace(self, campaign_id=campaign_id, campaign_name=name)

    def describe(self) -> str:
        as_of = self.as_of.isoformat() if self.as_of else "no data"
        return f"as of {as_of} · tiers: {self.tier_scheme}"
