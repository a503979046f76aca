"""Post-level checks (disclosure, brand named) and the influencer flags with their reasons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from influence_tui.domain.text import counted

_DISCLOSURE = re.compile(
    r"#ad(?![a-z0-9_])|#sponsored|#partner|paid partnership|(?<![a-z0-9])ad:",
    re.IGNORECASE,
)
_NOT_ALNUM = re.compile(r"[\W_]+", re.UNICODE)

FLAG_ORDER = (
    "saturated",
    "undisclosed",
    "brand-unnamed",
    "low-engagement",
    "cost-outlier",
    "followers-unknown",
)


def has_disclosure(text: str | None) -> bool:
    return text is not None and _DISCLOSURE.search(text) is not None


def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def names_brand(text: str | None, brand: str | None) -> bool | None:
    """Whether the text names the brand, ignoring case, spaces and punctuation (None: no brand)."""
    if not brand or not _squash(brand):
        return None
    return text is not None and _squash(brand) in _squash(text)


@dataclass(frozen=True)
class FlagConfig:
    saturated_brands: int = 10
    low_engagement_rate: float = 0.01
    low_engagement_by_tier: dict[str, float] = field(default_factory=dict)
    cost_outlier_factor: float = 3.0

    def __hash__(self) -> int:  # the per-tier table is a dict; views holding this are keys
        return hash(
            (
                self.saturated_brands,
                self.low_engagement_rate,
                tuple(sorted(self.low_engagement_by_tier.items())),
                self.cost_outlier_factor,
            )
        )

    def low_engagement_for(self, tier: str | None) -> float:
        return self.low_engagement_by_tier.get(tier or "", self.low_engagement_rate)


@dataclass(frozen=True)
class InfluencerFacts:
    """What the flag rules look at for one influencer."""

    followers: int | None
    engagement_rate: float | None
    brands: int
    undisclosed_posts: int
    brand_unnamed_posts: int
    cpe: float | None
    tier: str | None
    peer_median_cpe: float | None  # median CPE of the same tier and platform


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _money(value: float) -> str:
    """A small amount with cents, as report.numbers.fmt_ratio_money writes it."""
    return f"${value:,.2f}"


def influencer_flags(facts: InfluencerFacts, config: FlagConfig | None = None) -> dict[str, str]:
    """Flag name -> one-line reason, in FLAG_ORDER."""
    config = config or FlagConfig()
    flags: dict[str, str] = {}
    if facts.brands >= config.saturated_brands:
        flags["saturated"] = (
            f"{counted(facts.brands, 'brands')} in the last 365 days "
            f"(saturated at {config.saturated_brands})"
        )
    if facts.undisclosed_posts:
        n = facts.undisclosed_posts
        flags["undisclosed"] = f"{counted(n, 'sponsored posts')} without #ad or similar"
    if facts.brand_unnamed_posts:
        n = facts.brand_unnamed_posts
        verb = "names" if n == 1 else "name"
        flags["brand-unnamed"] = f"{counted(n, 'sponsored posts')} never {verb} the brand"
    threshold = config.low_engagement_for(facts.tier)
    if facts.engagement_rate is not None and facts.engagement_rate < threshold:
        flags["low-engagement"] = f"ER {_pct(facts.engagement_rate)} is below {_pct(threshold)}"
    if (
        facts.cpe is not None
        and facts.peer_median_cpe
        and facts.cpe > config.cost_outlier_factor * facts.peer_median_cpe
    ):
        flags["cost-outlier"] = (
            f"CPE {_money(facts.cpe)} is {facts.cpe / facts.peer_median_cpe:.1f}× the "
            f"{facts.tier} median {_money(facts.peer_median_cpe)}"
        )
    if facts.followers is None:
        flags["followers-unknown"] = "no follower count, so no rates"
    return flags


def flag_definitions(config: FlagConfig) -> dict[str, str]:
    """Each flag's definition under the thresholds in force, in FLAG_ORDER."""
    low = f"engagement rate below {_pct(config.low_engagement_rate)}"
    if config.low_engagement_by_tier:
        low += (
            " ("
            + ", ".join(
                f"{tier}: {_pct(rate)}"
                for tier, rate in sorted(config.low_engagement_by_tier.items())
            )
            + ")"
        )
    return {
        "saturated": f"works with {config.saturated_brands} or more brands in the last 365 days",
        "undisclosed": (
            "a sponsored post without #ad, #sponsored, #partner, 'paid partnership' or 'ad:'"
        ),
        "brand-unnamed": "a sponsored post whose title or caption never names its brand",
        "low-engagement": low,
        "cost-outlier": (
            f"cost per engagement above {config.cost_outlier_factor:g}× the median of its tier "
            "and platform"
        ),
        "followers-unknown": "no follower count, so no rates",
    }
