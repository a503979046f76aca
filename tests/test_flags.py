import pytest

from influence_tui.domain.flags import (
    FlagConfig,
    InfluencerFacts,
    has_disclosure,
    influencer_flags,
    names_brand,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Loving it #ad", True),
        ("#AD loving it", True),
        ("#Sponsored by them", True),
        ("#partnership with x", True),
        ("Paid Partnership with x", True),
        ("Ad: the new shoe", True),
        ("#adventure time", False),
        ("bad: not a marker", False),
        ("read my blog", False),
        ("", False),
        (None, False),
    ],
)
def test_disclosure_markers(text, expected):
    assert has_disclosure(text) is expected


def test_brand_named_ignores_case_space_and_punctuation():
    assert names_brand("New drop from @glowco!", "GlowCo") is True
    assert names_brand("My week with Nimbus-Audio", "Nimbus Audio") is True
    assert names_brand("The run that changed everything", "Stride") is False
    assert names_brand(None, "Stride") is False
    assert names_brand("anything", None) is None


def _facts(**overrides):
    base = dict(
        followers=5000,
        engagement_rate=0.05,
        brands=3,
        undisclosed_posts=0,
        brand_unnamed_posts=0,
        cpe=0.5,
        tier="micro",
        peer_median_cpe=0.5,
    )
    base.update(overrides)
    return InfluencerFacts(**base)  # type: ignore[arg-type]  # the overrides are the fields


def test_a_clean_influencer_has_no_flags():
    assert influencer_flags(_facts()) == {}


def test_each_flag_fires_with_a_reason():
    flags = influencer_flags(
        _facts(
            followers=None,
            engagement_rate=0.004,
            brands=21,
            undisclosed_posts=2,
            brand_unnamed_posts=1,
            cpe=2.0,
        )
    )
    assert list(flags) == [
        "saturated",
        "undisclosed",
        "brand-unnamed",
        "low-engagement",
        "cost-outlier",
        "followers-unknown",
    ]
    assert flags["saturated"] == "21 brands in the last 365 days (saturated at 10)"
    assert flags["undisclosed"] == "2 sponsored posts without #ad or similar"
    assert flags["brand-unnamed"] == "1 sponsored post never names the brand"
    assert flags["low-engagement"] == "ER 0.4% is below 1.0%"
    assert flags["cost-outlier"] == "CPE $2.00 is 4.0× the micro median $0.50"


def test_flag_thresholds_are_edges():
    assert "saturated" not in influencer_flags(_facts(brands=9))
    assert "saturated" in influencer_flags(_facts(brands=10))
    assert "low-engagement" not in influencer_flags(_facts(engagement_rate=0.01))
    assert "cost-outlier" not in influencer_flags(_facts(cpe=1.5))
    config = FlagConfig(low_engagement_by_tier={"celebrity": 0.005})
    assert "low-engagement" not in influencer_flags(
        _facts(engagement_rate=0.007, tier="celebrity"), config
    )
