"""The demo data tells the brief's story at its as-of date."""

from typing import Any

from influence_tui.analysis.platforms import platform_mix
from influence_tui.analysis.report import build_report
from influence_tui.analysis.session import open_view
from influence_tui.domain.metrics import median


def _report(path):
    db_session, settings = open_view(path, read_only=True)
    db = db_session.db
    return db, settings, build_report(db, settings)


def test_snapchat_slide_is_high_instagram_none(demo_db):
    db, settings, report = _report(demo_db)
    risk = {p["platform"]: p for p in report["platforms"]}
    assert risk["snapchat"]["risk"] == "high"
    assert risk["snapchat"]["reasons"][0].startswith("engagement rate has been more than 20% below")
    assert any("fell 9 weeks in a row" in r for r in risk["snapchat"]["reasons"])
    assert risk["instagram"]["risk"] == "none"
    # a one-week dip of 65%, not a slide: a shock, and ≥ 30% once is a sustained drop (§4)
    assert risk["youtube"]["risk"] == "high"
    assert risk["youtube"]["reasons"][0].startswith("impression rate fell 67% in the week of")
    assert [c["check"] for c in risk["youtube"]["risk_checks"]] == ["shock", "level_drop"]
    assert report["rebalance"]["moves"] and report["rebalance"]["moves"][0]["from"] == "snapchat"
    mix = {p.platform: p for p in platform_mix(db, settings)}
    trend = mix["snapchat"].trend
    assert trend is not None and trend.name == "engagement_rate"
    assert abs(sum(p["spend_share"] for p in report["platforms"]) - 1) < 1e-9


def _known(value: float | None) -> float:
    assert value is not None
    return value


def test_micro_influencers_have_the_best_rates_and_fewest_brands(demo_db):
    _, _, report = _report(demo_db)
    by_tier: dict[str, list[dict[str, Any]]] = {}
    for entry in report["influencers"]:
        by_tier.setdefault(entry["tier"], []).append(entry)
    med = {
        t: _known(median(e["engagement_rate"] for e in rows)) for t, rows in by_tier.items() if t
    }
    ir = {t: _known(median(e["impression_rate"] for e in rows)) for t, rows in by_tier.items() if t}
    brands = {t: _known(median(e["brands"] for e in rows)) for t, rows in by_tier.items() if t}
    assert med["micro"] > med["macro"] > med["celebrity"]
    assert ir["micro"] > ir["macro"] > ir["celebrity"]
    assert brands["micro"] <= 3 and brands["celebrity"] >= 20


def test_celebrity_deal_never_names_the_brand_and_some_posts_are_undisclosed(demo_db):
    db, _, report = _report(demo_db)
    unnamed = [e for e in report["influencers"] if "brand-unnamed" in e["flags"]]
    assert [(e["tier"], e["platform"]) for e in unnamed] == [("celebrity", "youtube")]
    deal = db.execute(
        "SELECT count(*), sum(cost) FROM posts p JOIN influencers i ON i.id = p.influencer_id "
        "WHERE i.handle = ? AND p.brand_named = 0",
        [unnamed[0]["handle"]],
    ).fetchone()
    assert deal == (5, 500_000)
    assert sum("undisclosed" in e["flags"] for e in report["influencers"]) >= 3
    assert any("saturated" in e["flags"] for e in report["influencers"])
