"""`influence-tui check` for cron, and accepting the rebalance proposal."""

import json

from click.testing import CliRunner

from influence_tui.analysis.report import build_report
from influence_tui.analysis.risk_actions import accept_rebalance
from influence_tui.analysis.session import open_view
from influence_tui.cli import main
from influence_tui.report.render import render_text
from tests.tui_helpers import CAMPAIGN


def _check(path, *args):
    return CliRunner().invoke(main, ["check", "--db", str(path), *args])


def test_check_reports_rises_once_then_stays_quiet(demo_db):
    first = _check(demo_db)
    assert first.exit_code == 4, first.output
    lines = first.output.splitlines()
    assert [line.split(":")[0] for line in lines] == ["snapchat", "youtube"]
    assert lines[0].startswith("snapchat: risk none → high: engagement rate has been more than")
    again = _check(demo_db)
    assert (again.exit_code, again.output) == (0, "")


def test_check_read_only_compares_without_remembering(demo_db):
    for _ in range(2):
        result = _check(demo_db, "--read-only")
        assert result.exit_code == 4 and "snapchat: risk none → high" in result.output
    result = CliRunner().invoke(main, ["--read-only", "check", "--db", str(demo_db)])
    assert result.exit_code == 4
    assert _check(demo_db).exit_code == 4  # remembered now
    assert _check(demo_db, "--read-only").exit_code == 0


def test_check_reports_a_rise_from_medium_to_high_but_not_a_fall(demo_db):
    session, _ = open_view(demo_db)
    session.db.execute(
        "INSERT INTO risk_verdicts (platform, risk, as_of, checked_at, reasons) VALUES "
        "('snapchat', 'medium', '2026-10-25', '2026-10-25T06:00:00Z', '[]'), "
        "('youtube', 'high', '2026-10-25', '2026-10-25T06:00:00Z', '[]'), "
        "('instagram', 'high', '2026-10-25', '2026-10-25T06:00:00Z', '[]')"
    )
    session.db.conn.commit()
    session.close()
    result = _check(demo_db)
    assert result.exit_code == 4
    assert [line.split(":")[0] for line in result.output.splitlines()] == ["snapchat"]
    assert "risk medium → high" in result.output


def test_accepting_the_rebalance_is_audited_and_in_the_campaign_review(demo_db):
    session, settings = open_view(demo_db, campaign=CAMPAIGN)
    message = accept_rebalance(session, settings, "ana", changed_at="2026-11-02T09:00:00Z")
    assert message.startswith("accepted by ana: move $")
    row = session.db.execute(
        "SELECT changed_at, actor, action, subject, details FROM audit_log "
        "WHERE action = 'rebalance accepted'"
    ).fetchone()
    assert row[:4] == ("2026-11-02T09:00:00Z", "ana", "rebalance accepted", CAMPAIGN)
    details = json.loads(row[4])
    assert details["as_of"] == "2026-11-01" and details["moves"][0]["from"] == "snapchat"
    report = build_report(session.db, settings)
    accepted = report["rebalances_accepted"]
    assert [(a["reviewer"], a["accepted_at"]) for a in accepted] == [
        ("ana", "2026-11-02T09:00:00Z")
    ]
    text = render_text(report)
    assert "Rebalances accepted" in text and "ana" in text
    assert "Rebalance (proposal)" in text


def test_check_uses_the_risk_settings(demo_db):
    result = CliRunner().invoke(
        main, ["check", "--db", str(demo_db), "--read-only"],
        env={"INFLUENCE_TUI_RISK__DEEP_DROP": "0.9"},
    )  # fmt: skip
    assert result.exit_code == 4
    assert "youtube: risk none → medium" in result.output  # one deep week is no longer high


def test_merging_platforms_keeps_one_remembered_verdict(tmp_path):
    path, spend = tmp_path / "m.db", tmp_path / "spend.csv"
    spend.write_text("platform,date,amount\ninstagram,2026-01-05,100\nyoutube,2026-01-06,50\n")
    imported = CliRunner().invoke(main, ["import", "spend", str(spend), "--db", str(path)])
    assert imported.exit_code == 0, imported.output
    session, _ = open_view(path)
    session.db.execute(
        "INSERT INTO risk_verdicts (platform, risk, as_of, checked_at, reasons) VALUES "
        "('instagram', 'none', '2026-01-06', 't', '[]'), ('youtube', 'high', '2026-01-06', 't', '[]')"
    )
    session.db.conn.commit()
    session.close()
    merged = CliRunner().invoke(
        main, ["platforms", "merge", "youtube", "instagram", "--db", str(path)]
    )
    assert merged.exit_code == 0, merged.output
    session, _ = open_view(path, read_only=True)
    verdicts = session.db.execute("SELECT platform, risk FROM risk_verdicts").fetchall()
    assert verdicts == [("instagram", "none")]  # the target's verdict stands
