import pytest

from influence_tui.domain.risk import (
    RiskConfig,
    evaluate_series,
    highest,
    mad,
    mann_kendall_p,
    sens_slope,
)

STEADY = [0.050, 0.051, 0.049, 0.050, 0.052, 0.048, 0.050, 0.051, 0.049, 0.050, 0.051, 0.050]


def test_statistics_helpers():
    assert sens_slope([(0, 1), (1, 2), (2, 3), (3, 4)]) == pytest.approx(1.0)
    assert mad([1, 2, 3, 4, 100]) == 1
    assert mann_kendall_p([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) < 0.001
    assert mann_kendall_p([5, 5, 5, 5, 5]) == 1.0


def test_steady_series_is_none():
    risk = evaluate_series("engagement_rate", STEADY, "rate")
    assert risk.severity == "none"
    assert not (risk.level_drop or risk.slope or risk.run)


def test_too_short_series_is_none_and_says_why():
    risk = evaluate_series("engagement_rate", STEADY[:9], "rate")
    assert risk.severity == "none"
    assert risk.reason == "engagement_rate: only 9 weeks of data (needs 10)"


def test_gap_weeks_do_not_count_as_values():
    risk = evaluate_series("engagement_rate", [*STEADY[:9], None, None], "rate")
    assert risk.reason is not None and "only 9 weeks" in risk.reason


def test_one_week_shock_is_medium_level_drop_only():
    values = [*STEADY[:-1], 0.020]  # mean(last 2) = 0.0355 ≤ 0.75 × 0.050
    risk = evaluate_series("engagement_rate", values, "rate")
    assert risk.level_drop and not risk.slope
    assert risk.severity == "medium"


def test_level_drop_just_above_threshold_does_not_fire():
    values = [*STEADY[:-2], 0.038, 0.0380]  # 0.038 > 0.75 × 0.050 = 0.0375
    assert not evaluate_series("x", values, "rate").level_drop


def test_sustained_slide_is_high_with_reason_text():
    values = [0.024, 0.024] + [0.024 - 0.0012 * i for i in range(12)]
    risk = evaluate_series("engagement_rate", values, "rate")
    assert risk.level_drop and risk.slope and risk.run
    assert risk.severity == "high"
    assert risk.reason == (
        "engagement_rate: last 2 wks 1.1% vs 8-wk median 1.7% (−34%); "
        "Sen slope −0.12 pp/wk, MK p=0.00; 6 weekly declines in a row"
    )


def test_gentle_decline_below_the_slope_threshold_is_not_b():
    values = [0.021] * 4 + [
        0.0210,
        0.0203,
        0.0196,
        0.0189,
        0.0182,
        0.0175,
        0.0168,
        0.0161,
        0.0150,
        0.0140,
    ]
    risk = evaluate_series("engagement_rate", values, "rate")
    assert not risk.slope  # −0.07 pp/wk is under 5% of the 1.9% baseline per week
    assert risk.run and not risk.level_drop
    assert risk.severity == "medium"


def test_slope_alone_is_medium():
    # a gentle, significant decline: no 25% level drop, no run below the MAD band
    values = [1.00, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.90, 0.895]
    risk = evaluate_series("share_price", values, "number", RiskConfig(slope_min_fraction=0.005))
    assert risk.slope and not risk.level_drop
    assert risk.severity == "medium"


def test_slope_needs_significance():
    zigzag = [1.0, 0.8, 1.1, 0.7, 1.2, 0.9, 1.0, 0.8, 1.1, 0.95, 1.0, 0.9]
    assert not evaluate_series("x", zigzag).slope


def test_run_of_values_below_band_fires_c():
    base = [1.0, 1.02, 0.98, 1.01, 0.99, 1.0, 1.01, 0.99]
    values = [*base, 1.0, 1.0, 0.93, 0.93, 0.93, 0.93]
    risk = evaluate_series("x", values)
    assert risk.run
    assert risk.reason is not None and "4 of last 5 below" in risk.reason


def test_increasing_series_never_fires():
    values = [0.01 * (i + 1) for i in range(12)]
    assert evaluate_series("x", values).severity == "none"


def test_highest_severity():
    assert highest(["none", "medium", "none"]) == "medium"
    assert highest(["medium", "high"]) == "high"
    assert highest([]) == "none"
