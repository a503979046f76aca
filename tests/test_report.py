"""The JSON report is written while the roster is read (DESIGN.md §5 contract, §8 budget). These
tests hold it to the value the roster pane's own rows give, and to json.dumps for every kind of
value; speed is measured by benchmarks/run.py, not here."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influence_tui.analysis.budgets import view_pacing
from influence_tui.analysis.platforms import platform_mix, rebalance_details, rebalance_of
from influence_tui.analysis.report import INFLUENCER_FIELDS, build_report
from influence_tui.analysis.roster import RosterQuery, roster_after
from influence_tui.analysis.session import open_view
from influence_tui.analysis.triage import progress
from influence_tui.cli import main
from influence_tui.report.render import iter_json, render_json
from influence_tui.store.connection import open_database
from tests.tui_helpers import CAMPAIGN, review_first_rows


def _cents(value):
    return None if value is None else round(value, 2)


def _reference(path, **view) -> dict:
    """The report as it was built before it was streamed: the roster pane's rows (RosterRow,
    paged in handle order), one dict per influencer; money in cents."""
    session, view_settings = open_view(path, read_only=True, **view)
    db = session.db
    rows = roster_after(db, RosterQuery(view_settings, sort="handle"), None, 1_000_000)
    review = progress(db, view_settings)
    mix = platform_mix(db, view_settings)
    plan = rebalance_of(mix)
    found = {
        "as_of": view_settings.as_of.isoformat() if view_settings.as_of else None,
        "tier_scheme": view_settings.tier_scheme,
        "campaign": view_settings.campaign_name,
        "budget": _budget(db, view_settings),
        "platforms": [
            {
                "platform": p.platform,
                "spend": _cents(p.spend),
                "spend_share": p.spend_share,
                "risk": p.risk,
                "reasons": list(p.reasons),
                "risk_checks": [c.as_dict() for c in p.checks],
            }
            for p in mix
        ],
        "rebalance": {**rebalance_details(plan), "summary": plan.summary()},
        "influencers": [
            {
                "handle": r.handle,
                "platform": r.platform,
                "tier": r.tier,
                "followers": r.followers,
                "engagement_rate": r.engagement_rate,
                "impression_rate": r.impression_rate,
                "brands": r.brands,
                "spend": _cents(r.spend),
                "flags": list(r.flags),
                "decision": r.decision,
                "note": r.note,
                "reviewer": r.reviewer,
            }
            for r in rows
        ],
        "progress": review.as_dict() if review else None,
    }
    if view_settings.campaign_name is not None:
        found["rebalances_accepted"] = []
    return found


def _budget(db, view_settings) -> dict | None:
    pacing = view_pacing(db, view_settings)
    if pacing is None:
        return None
    return {
        "budget": _cents(pacing.budget),
        "spent": _cents(pacing.spent),
        "spent_share": pacing.spent_share,
        "time_share": pacing.time_share,
        "pace": pacing.verdict,
    }


def _report_json(path, *args) -> str:
    result = CliRunner().invoke(main, ["report", "--db", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_streamed_json_is_the_roster_in_handle_order(demo_db):
    streamed = _report_json(demo_db)
    assert json.loads(streamed) == _reference(demo_db)
    session, view = open_view(demo_db, read_only=True)
    db = session.db
    assert streamed == render_json(build_report(db, view))  # one encoder for both paths


def test_streamed_json_with_a_campaign_review_and_the_industry_tiers(demo_db):
    review_first_rows(demo_db)
    args = ("--campaign", CAMPAIGN, "--tiers", "industry", "--as-of", "2026-10-01")
    report = json.loads(_report_json(demo_db, *args))
    expected = _reference(
        demo_db, campaign=CAMPAIGN, tier_scheme="industry", as_of=dt.date(2026, 10, 1)
    )
    assert report == expected
    assert {e["decision"] for e in report["influencers"]} >= {"keep", "drop", "unreviewed"}
    assert any(e["note"] for e in report["influencers"])


def test_money_is_in_cents(demo_db):
    session, view = open_view(demo_db)
    db = session.db
    db.execute("UPDATE roster SET spend = 0.1 + 0.2 WHERE influencer_id = 1")  # 0.30000000000000004
    report = build_report(db, view)
    assert 0.3 in {e["spend"] for e in report["influencers"]}
    for entry in [*report["influencers"], *report["platforms"]]:
        assert entry["spend"] is None or entry["spend"] == round(entry["spend"], 2)


def test_an_empty_roster_is_an_empty_list(empty_db):
    open_database(empty_db).conn.close()
    report = json.loads(_report_json(empty_db))
    assert report["influencers"] == [] and report["as_of"] is None


_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
_float = st.floats(allow_nan=False) | st.none()
_row = st.tuples(
    _text,
    st.sampled_from(["instagram", "youtube", 'a "quoted" \\ platform']),
    st.sampled_from(["micro", "macro", None]),
    st.integers(min_value=0, max_value=2**62) | st.none(),
    _float,
    _float,
    st.integers(min_value=0, max_value=10_000),
    _float,
    st.lists(st.sampled_from(["saturated", "undisclosed", "low-engagement"]), max_size=3).map(
        tuple
    ),
    st.sampled_from(["keep", "unreviewed", None]),
    _text | st.none(),
    _text | st.none(),
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_row, max_size=5))
def test_every_value_is_written_as_json_dumps_would(rows):
    head = {"as_of": "2026-11-01", "platforms": [{"spend": 1.5, "reasons": ["a\u2028b"]}]}
    text = "".join(iter_json(head, rows))
    expected = {
        **head,
        "influencers": [
            {**dict(zip(INFLUENCER_FIELDS, row, strict=True)), "flags": list(row[8])}
            for row in rows
        ],
    }
    assert json.loads(text) == json.loads(json.dumps(expected, ensure_ascii=False))
    assert text.count('\n    {"handle": ') == len(rows)  # one influencer a line


def test_infinite_numbers_are_written_as_json_dumps_writes_them():
    row = ("h", "youtube", None, None, math.inf, -math.inf, 0, 1e300, (), None, None, None)
    text = "".join(iter_json({}, [row]))
    assert '"engagement_rate": Infinity, "impression_rate": -Infinity' in text
    assert json.loads(text)["influencers"][0]["spend"] == 1e300


def test_the_report_command_loads_neither_textual_nor_pydantic(demo_db):
    code = (
        "import sys\n"
        "from influence_tui.cli import main\n"
        "try:\n"
        f"    main(['report', '--db', {str(demo_db)!r}, '--format', 'json'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'pydantic'})\n"
        "print(heavy, file=sys.stderr)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr.strip().splitlines()[-1] == "[]"
    assert json.loads(run.stdout)["influencers"]


def test_json_platforms_carry_their_risk_checks_and_the_rebalance(demo_db):
    report = json.loads(_report_json(demo_db))
    snapchat = next(p for p in report["platforms"] if p["platform"] == "snapchat")
    assert snapchat["risk"] == "high"
    assert {c["check"] for c in snapchat["risk_checks"]} == {"level_drop", "slide"}
    level = next(c for c in snapchat["risk_checks"] if c["check"] == "level_drop")
    assert level["series"] == "engagement_rate" and level["sustained"] is True
    assert level["change"] < -0.2 and level["week"] == "2026-10-26"
    plan = report["rebalance"]
    assert {m["from"] for m in plan["moves"]} == {"snapchat", "youtube"}
    assert {m["to"] for m in plan["moves"]} == {"instagram"}
    for move in plan["moves"]:
        assert move["amount_per_week"] == round(move["amount_per_week"], 2)
    snap_in = next(i for i in plan["inputs"] if i["platform"] == "snapchat")
    moved = sum(m["amount_per_week"] for m in plan["moves"] if m["from"] == "snapchat")
    assert moved == pytest.approx(round(0.5 * snap_in["weekly_spend"], 2))
