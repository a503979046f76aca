import datetime as dt

import pytest

from influence_tui.domain.rebalance import PlatformFunds, propose_rebalance
from influence_tui.domain.risk import (
    CheckKind,
    LevelDrop,
    RiskConfig,
    Shock,
    Slide,
    TooShort,
    assess_series,
    highest,
    mad,
    mann_kendall_p,
    sens_slope,
)
from influence_tui.domain.weeks import (
    signal_week_complete,
    signal_weeks,
    usual_last_weekday,
    weekly_points,
    weekly_signal,
)
from tests.conftest import REAL_DATA, needs_real_data

MONDAY = dt.date(2026, 1, 5)
# a calm series: ±2% around 5.0%, 20 weeks
CALM = [0.050, 0.051, 0.049, 0.050, 0.052, 0.048, 0.050, 0.051, 0.049, 0.050] * 2


def weeks(values, start=MONDAY):
    return [(start + dt.timedelta(weeks=i), v) for i, v in enumerate(values)]


def kinds(risk):
    return [c.kind for c in risk.checks]


def trading_days(first: dt.date, closes: list[float]) -> list[tuple[dt.date, float]]:
    """Closes on consecutive trading days (Monday–Friday) from `first`."""
    found, day = [], first
    for close in closes:
        while day.weekday() > 4:
            day += dt.timedelta(days=1)
        found.append((day, close))
        day += dt.timedelta(days=1)
    return found


def test_statistics_helpers():
    assert sens_slope([(0, 1), (1, 2), (2, 3), (3, 4)]) == pytest.approx(1.0)
    assert mad([1, 2, 3, 4, 100]) == 1
    assert mann_kendall_p([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) < 0.001
    assert mann_kendall_p([5, 5, 5, 5, 5]) == 1.0


def test_calm_series_is_none_with_its_statistics():
    risk = assess_series("engagement_rate", weeks(CALM), "rate")
    assert risk.severity == "none" and risk.checks == () and risk.reasons == ()
    assert risk.stats.weeks == 20 and risk.stats.baseline == pytest.approx(0.0500)
    assert risk.stats.p_value is not None and risk.stats.usual_move is not None


def test_too_short_series_is_not_rated_and_says_why_in_words():
    risk = assess_series("engagement_rate", weeks(CALM[:9]), "rate")
    assert risk.severity == "none" and not risk.rated
    assert risk.checks == (TooShort("engagement_rate", "rate", 9, 10),)
    assert risk.reasons == ("engagement rate has only 9 weeks of data (needs 10 to be rated)",)


def test_gap_weeks_do_not_count_as_values():
    risk = assess_series("engagement_rate", weeks([*CALM[:9], None, None]), "rate")
    assert not risk.rated and "only 9 weeks" in risk.reasons[0]


def test_one_week_shock_is_medium_at_once_with_a_plain_reason():
    values = [*CALM, 0.040]  # −20% from 5.0% in one week; a usual week moves ~±3%
    risk = assess_series("engagement_rate", weeks(values), "rate")
    assert risk.severity == "medium"
    shock = risk.checks[0]
    assert isinstance(shock, Shock) and shock.week == MONDAY + dt.timedelta(weeks=20)
    assert shock.change == pytest.approx(-0.2)
    assert risk.reasons[0].startswith("engagement rate fell 20% in the week of 25 May 2026")
    assert "(a usual week moves ±" in risk.reasons[0]
    assert CheckKind.LEVEL_DROP in kinds(risk)  # 20% below its 8-week level too


def test_a_fall_within_the_usual_moves_is_no_shock():
    noisy = [1.0, 1.2, 0.9, 1.15, 0.85, 1.1, 0.95, 1.2, 0.9, 1.1] * 2
    values = [*noisy, 0.93]  # −15.5% from the week before, as usual for this series
    risk = assess_series("share_price", weeks(values))
    assert CheckKind.SHOCK not in kinds(risk)


def test_a_spike_that_recovers_is_no_shock():
    values = [*CALM[:-2], 0.065, 0.050]  # +30% one week, back the next (−23% from the spike)
    risk = assess_series("engagement_rate", weeks(values), "rate")
    assert risk.severity == "none"


def test_a_shock_keeps_medium_while_the_level_stays_down_then_lets_go():
    down = [*CALM, 0.040, 0.041, 0.0405]
    risk = assess_series("engagement_rate", weeks(down), "rate")
    shock = next(c for c in risk.checks if isinstance(c, Shock))
    assert shock.weeks_since == 2 and "2 weeks on, still 19% below" in shock.reason()
    recovered = [*CALM, 0.040, 0.049, 0.050]
    assert assess_series("engagement_rate", weeks(recovered), "rate").severity == "none"


def test_level_drop_alone_is_medium_and_just_above_the_threshold_does_not_fire():
    gentle = [*CALM, 0.047, 0.046, 0.039]  # −21% from the 8-week level, but no shock
    risk = assess_series("engagement_rate", weeks(gentle), "rate")
    drop = next(c for c in risk.checks if isinstance(c, LevelDrop))
    assert not drop.sustained and risk.severity == "medium"
    assert drop.reason() == (
        "engagement rate in the week of 8 Jun 2026 was 21% below its 8-week level (5.0% → 3.9%)"
    )
    above = [*CALM, 0.047, 0.046, 0.0405]  # −19%
    assert CheckKind.LEVEL_DROP not in kinds(assess_series("x", weeks(above), "rate"))


def test_a_fall_of_20_percent_held_three_weeks_is_high():
    values = [*CALM, 0.039, 0.040, 0.038]
    risk = assess_series("engagement_rate", weeks(values), "rate")
    drop = next(c for c in risk.checks if isinstance(c, LevelDrop))
    assert drop.sustained and drop.weeks_held == 3
    assert risk.severity == "high"
    assert "for 3 weeks" in drop.reason()


def test_a_deep_drop_once_is_high():
    risk = assess_series("engagement_rate", weeks([*CALM, 0.034]), "rate")  # −32%
    assert risk.severity == "high"


def test_six_declines_in_a_row_is_a_slide_and_with_a_level_drop_high():
    values = [*CALM, 0.048, 0.046, 0.044, 0.041, 0.038, 0.036]
    risk = assess_series("engagement_rate", weeks(values), "rate")
    slide = next(c for c in risk.checks if isinstance(c, Slide))
    assert slide.by_declines and slide.declines == 6
    assert risk.severity == "high"
    assert slide.reason().startswith("engagement rate fell 6 weeks in a row; now ")


def test_a_gentle_significant_trend_is_a_slide_alone():
    values = [1.0] * 10 + [1.0, 0.99, 0.97, 0.96, 0.93, 0.94, 0.91, 0.9, 0.88, 0.87, 0.85]
    risk = assess_series("share_price", weeks(values), config=RiskConfig(slide_min_fall=0.10))
    slide = next(c for c in risk.checks if isinstance(c, Slide))
    assert slide.by_trend and not slide.by_declines
    assert risk.severity == "medium"
    assert slide.reason().startswith("share price has been sliding for 10 weeks")


def test_a_zigzag_is_no_slide():
    zigzag = [1.0, 0.8, 1.1, 0.7, 1.2, 0.9, 1.0, 0.8, 1.1, 0.95, 1.0, 0.9]
    assert CheckKind.SLIDE not in kinds(assess_series("x", weeks(zigzag)))


def test_increasing_series_never_fires():
    values = [0.01 * (i + 1) for i in range(20)]
    assert assess_series("x", weeks(values)).severity == "none"


def test_series_with_gaps_is_rated_on_its_values():
    values = [*CALM[:6], None, *CALM[6:12], None, None, *CALM[12:], 0.039, 0.040, 0.038]
    risk = assess_series("engagement_rate", weeks(values), "rate")
    assert risk.rated and risk.severity == "high"


def test_risk_checks_are_data_for_scripts():
    risk = assess_series("engagement_rate", weeks([*CALM, 0.040]), "rate")
    shock = risk.checks[0].as_dict()
    assert shock["check"] == "shock" and shock["week"] == "2026-05-25"
    assert shock["change"] == pytest.approx(-0.2) and shock["series"] == "engagement_rate"


def test_highest_severity():
    assert highest(["none", "medium", "none"]) == "medium"
    assert highest(["medium", "high"]) == "high"
    assert highest([]) == "none"


# --- the series ------------------------------------------------------------------------------------


def test_weekly_value_of_a_daily_signal_is_its_last_observation():
    assert weekly_signal([(dt.date(2026, 1, 6), 10.0), (dt.date(2026, 1, 9), 7.0),
                          (dt.date(2026, 1, 7), 12.0)]) == 7.0  # fmt: skip
    assert weekly_signal([]) is None


def test_a_thursday_crash_shows_in_the_weekly_close_and_is_rated_that_friday():
    # 12 calm trading weeks: weekly closes move a few percent
    offsets = [0, 1.2, -0.8, 0.5, -1.5, 0.9, -0.3, 1.6, -1.1, 0.2, 0.7, -0.6]
    closes = [50 + offsets[i // 5] + (i % 5) * 0.1 for i in range(60)]
    closes += [50.0, 50.5, 50.0, 37.0, 37.5]  # the 13th week: −26% on Thursday
    observations = trading_days(MONDAY, closes)
    friday = observations[-1][0]
    assert friday.weekday() == 4
    series = signal_weeks(observations, friday)
    assert series[-1] == (dt.date(2026, 3, 30), 37.5)  # the week counts on its Friday close
    risk = assess_series("share_price", series)
    assert risk.severity == "medium"  # −25% in one week: a shock and a level drop
    assert risk.reasons[0].startswith("share price fell 25% in the week of 30 Mar 2026")
    assert "(a usual week moves ±" in risk.reasons[0]
    # on Thursday the week is not complete yet: the rule still sees last week's close
    thursday = signal_weeks(observations[:-1], friday - dt.timedelta(days=1))
    assert thursday[-1][0] == dt.date(2026, 3, 23)


def test_a_trading_week_is_complete_on_friday_and_a_holiday_week_once_over():
    fridays = [MONDAY + dt.timedelta(weeks=i, days=4) for i in range(5)]
    assert usual_last_weekday(fridays) == 4
    monday = MONDAY + dt.timedelta(weeks=5)
    thursday = monday + dt.timedelta(days=3)
    assert not signal_week_complete(monday, thursday, thursday, 4)  # Friday is a holiday?
    assert signal_week_complete(
        monday, thursday + dt.timedelta(days=1), thursday + dt.timedelta(days=1), 4
    )
    assert signal_week_complete(monday, monday + dt.timedelta(days=6), thursday, 4)


def test_weekly_points_fill_missing_weeks_with_gaps():
    found = weekly_points([(MONDAY, 1.0), (MONDAY + dt.timedelta(weeks=2), 2.0)])
    assert found == [(MONDAY, 1.0), (MONDAY + dt.timedelta(weeks=1), None),
                     (MONDAY + dt.timedelta(weeks=2), 2.0)]  # fmt: skip


# --- rebalance --------------------------------------------------------------------------------------

MIX = [
    PlatformFunds("snapchat", "high", 8400.0, 0.50),
    PlatformFunds("instagram", "none", 10000.0, 0.10),
    PlatformFunds("youtube", "none", 6000.0, 0.20),
]


def test_rebalance_moves_half_of_a_high_platform_by_engagements_per_dollar():
    plan = propose_rebalance(MIX)
    assert [(m.source, m.target, m.amount) for m in plan.moves] == [
        ("snapchat", "instagram", 2800.0),
        ("snapchat", "youtube", 1400.0),
    ]
    assert plan.amount == pytest.approx(4200.0)
    # +2800/0.10 + 1400/0.20 − 4200/0.50 = 28,000 + 7,000 − 8,400
    assert plan.engagements == pytest.approx(26600.0)
    assert plan.summary() == [
        "move $4,200/wk from snapchat: $2,800 to instagram, $1,400 to youtube; "
        "about +26,600 engagements/wk at current CPE"
    ]


def test_rebalance_preserves_the_sum_to_the_cent_and_medium_moves_a_quarter():
    mix = [
        PlatformFunds("snapchat", "medium", 1000.01, 0.3),
        PlatformFunds("a", "none", 1.0, 0.3),
        PlatformFunds("b", "none", 1.0, 0.7),
        PlatformFunds("c", "none", 1.0, 0.11),
    ]
    plan = propose_rebalance(mix)
    assert round(sum(m.amount for m in plan.moves), 2) == round(0.25 * 1000.01, 2)
    assert all(round(m.amount, 2) == m.amount for m in plan.moves)


def test_rebalance_sends_no_money_to_a_platform_at_risk_nor_without_cpe():
    mix = [*MIX, PlatformFunds("tiktok", "medium", 500.0, 0.05),
           PlatformFunds("twitch", "none", 300.0, None)]  # fmt: skip
    plan = propose_rebalance(mix)
    assert {m.target for m in plan.moves} == {"instagram", "youtube"}
    assert {m.source for m in plan.moves} == {"snapchat", "tiktok"}
    assert ("twitch", "no cost per engagement yet, so it gets no share") in plan.left_out


def test_rebalance_is_empty_when_nothing_is_at_risk_or_nowhere_to_go():
    calm = [PlatformFunds("instagram", "none", 100.0, 0.1)]
    assert propose_rebalance(calm).moves == () and propose_rebalance(calm).summary() == []
    stuck = propose_rebalance([PlatformFunds("snapchat", "high", 100.0, 0.1)])
    assert stuck.moves == () and "no platform not at risk" in stuck.left_out[0][1]
    no_cpe = propose_rebalance([PlatformFunds("snapchat", "high", 100.0, None), MIX[1]])
    assert no_cpe.moves == () and no_cpe.left_out[0][0] == "snapchat"


# --- the labelled real series ----------------------------------------------------------------------


@needs_real_data
def test_every_real_label_agrees():
    import csv

    closes = [
        (dt.date.fromisoformat(r["Date"]), float(r["Close"]))
        for r in csv.DictReader((REAL_DATA / "PINS_2021.csv").open(encoding="utf-8"))
    ]
    labels = list(csv.DictReader((REAL_DATA / "PINS_2021.labels.csv").open(encoding="utf-8")))
    assert len(labels) >= 5
    for label in labels:
        as_of = dt.date.fromisoformat(label["as_of"])
        seen = [c for c in closes if c[0] <= as_of]
        risk = assess_series("share_price", signal_weeks(seen, as_of))
        assert risk.severity in label["expected"].split(" or "), (label, risk.reasons)


def test_the_rule_is_described_with_the_thresholds_in_force():
    from influence_tui.domain.risk import RiskConfig, describe_rule

    text = describe_rule(RiskConfig(level_drop=0.25, sustained_weeks=4))
    assert "a week ≥ 25% below its 8-week level" in text
    assert "held 4 weeks" in text
    assert "Sen slope" not in text  # the statistics live in the platform detail, not here
