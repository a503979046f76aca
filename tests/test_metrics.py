import pytest

from influence_tui.domain import metrics
from influence_tui.domain.tiers import INDUSTRY, SEED, scheme_named


def test_engagement_and_impression_rates_are_exact():
    assert metrics.engagements(500, 10) == 510
    assert metrics.engagement_rate(500, 10, 10_000) == pytest.approx(0.051)
    assert metrics.impression_rate(4_000, 10_000) == pytest.approx(0.4)
    assert metrics.engagement_rate_by_views(500, 10, 4_000) == pytest.approx(0.1275)
    assert metrics.cost_per_engagement(255.0, 510) == pytest.approx(0.5)
    assert metrics.cost_per_mille(20.0, 4_000) == pytest.approx(5.0)
    assert metrics.spend_share(31.0, 100.0) == pytest.approx(0.31)


@pytest.mark.parametrize(
    "call",
    [
        lambda: metrics.engagement_rate(None, 10, 1000),  # likes hidden
        lambda: metrics.engagement_rate(5, 10, None),  # followers unknown
        lambda: metrics.engagement_rate(5, 10, 0),  # never divide by zero followers
        lambda: metrics.impression_rate(None, 1000),
        lambda: metrics.cost_per_engagement(None, 10),
        lambda: metrics.cost_per_engagement(10.0, 0),
        lambda: metrics.cost_per_mille(10.0, None),
        lambda: metrics.spend_share(0.0, 0.0),
        lambda: metrics.median([None, None]),
        lambda: metrics.saturation_share(0, 0),  # no posts yet
    ],
)
def test_unknown_in_gives_unknown_out_never_zero(call):
    assert call() is None


def test_median_and_saturation():
    assert metrics.median([3, 1, 2]) == 2
    assert metrics.median([4, 1, 2, 3, None]) == 2.5
    assert metrics.saturation_share(2, 4) == 0.5


@pytest.mark.parametrize(
    ("followers", "seed", "industry"),
    [
        (None, None, None),
        (1, "micro", "nano"),
        (9_999, "micro", "nano"),
        (10_000, "macro", "micro"),
        (99_999, "macro", "micro"),
        (100_000, "macro", "mid"),
        (499_999, "macro", "mid"),
        (500_000, "macro", "macro"),
        (999_999, "macro", "macro"),
        (1_000_000, "celebrity", "mega"),
    ],
)
def test_tier_edges(followers, seed, industry):
    assert SEED.tier_for(followers) == seed
    assert INDUSTRY.tier_for(followers) == industry


def test_unknown_scheme_and_tier_are_explained():
    with pytest.raises(ValueError, match="unknown tier scheme 'x'"):
        scheme_named("x")
    with pytest.raises(ValueError, match="tiers: micro, macro, celebrity"):
        SEED.bounds("mega")
