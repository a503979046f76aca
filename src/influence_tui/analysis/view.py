"""The settings every view shares: as-of date, tier scheme, campaign, and the rules in force."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from influence_tui.domain.risk import RiskConfig
from influence_tui.domain.rules import DEFAULT_RULES, RollupRules
from influence_tui.domain.tiers import TierScheme


@dataclass(frozen=True)
class ViewSettings:
    as_of: dt.date | None = None
    tier_scheme: str = "seed"
    campaign_id: int | None = None
    campaign_name: str | None = None
    rules: RollupRules = DEFAULT_RULES  # the session's: the rollups were built with them
    risk: RiskConfig = field(default_factory=RiskConfig)

    @property
    def scheme(self) -> TierScheme:
        return self.rules.scheme(self.tier_scheme)

    def with_campaign(self, campaign_id: int | None, name: str | None) -> ViewSettings:
        return replace(self, campaign_id=campaign_id, campaign_name=name)

    def describe(self) -> str:
        as_of = self.as_of.isoformat() if self.as_of else "no data"
        return f"as of {as_of} · tiers: {self.tier_scheme}"
