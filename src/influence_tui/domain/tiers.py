"""Follower tiers. The active scheme is always shown on screen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tier:
    name: str
    lower: int  # inclusive
    upper: int | None  # exclusive; None = no upper bound


@dataclass(frozen=True)
class TierScheme:
    name: str
    description: str
    tiers: tuple[Tier, ...]

    def tier_for(self, followers: int | None) -> str | None:
        if followers is None:
            return None
        for tier in self.tiers:
            if followers >= tier.lower and (tier.upper is None or followers < tier.upper):
                return tier.name
        return None

    def bounds(self, tier_name: str) -> Tier:
        for tier in self.tiers:
            if tier.name == tier_name:
                return tier
        names = ", ".join(t.name for t in self.tiers)
        raise ValueError(f"unknown tier {tier_name!r} in scheme {self.name} (tiers: {names})")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tiers)


SEED = TierScheme(
    "seed",
    "the brief: micro < 10k ≤ macro < 1M ≤ celebrity",
    (
        Tier("micro", 0, 10_000),
        Tier("macro", 10_000, 1_000_000),
        Tier("celebrity", 1_000_000, None),
    ),
)
INDUSTRY = TierScheme(
    "industry",
    "Later×Fohr 2021: nano < 10k ≤ micro < 100k ≤ mid < 500k ≤ macro < 1M ≤ mega",
    (
        Tier("nano", 0, 10_000),
        Tier("micro", 10_000, 100_000),
        Tier("mid", 100_000, 500_000),
        Tier("macro", 500_000, 1_000_000),
        Tier("mega", 1_000_000, None),
    ),
)
SCHEMES: dict[str, TierScheme] = {SEED.name: SEED, INDUSTRY.name: INDUSTRY}


def scheme_named(name: str) -> TierScheme:
    try:
        return SCHEMES[name]
    except KeyError:
        raise ValueError(f"unknown tier scheme {name!r} (choose {', '.join(SCHEMES)})") from None
