"""The rules the stored rollups are built with besides the data and the as-of date: the flag
thresholds and the tier schemes. They come from the settings; the rollups record which rules built
them, so a session whose settings differ never reads numbers made under other rules."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from influence_tui.domain.flags import FlagConfig
from influence_tui.domain.tiers import INDUSTRY, SEED, Tier, TierScheme


@dataclass(frozen=True)
class RollupRules:
    flags: FlagConfig = field(default_factory=FlagConfig)
    # the stored roster keeps one flags column per scheme, so the schemes are always these two
    # names; settings may move their tiers
    schemes: tuple[TierScheme, ...] = (SEED, INDUSTRY)

    def scheme(self, name: str) -> TierScheme:
        for scheme in self.schemes:
            if scheme.name == name:
                return scheme
        names = ", ".join(s.name for s in self.schemes)
        raise ValueError(f"unknown tier scheme {name!r} (choose {names})")

    def fingerprint(self) -> str:
        """The rules as canonical JSON: what the rollups record, and read back by `from_json`."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> RollupRules:
        data = json.loads(text)
        flags = data["flags"]
        return cls(
            flags=FlagConfig(
                **{**flags, "low_engagement_by_tier": dict(flags["low_engagement_by_tier"])}
            ),
            schemes=tuple(
                TierScheme(s["name"], s["description"], tuple(Tier(**tier) for tier in s["tiers"]))
                for s in data["schemes"]
            ),
        )


DEFAULT_RULES = RollupRules()
