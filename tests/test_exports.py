"""Issue 14 items 6 and 14: the palette's export writes what is on screen, asks where, never
replaces a file without a yes, and says where it wrote; `export roster` and `export audit`."""

import csv
import io
import json

from click.testing import CliRunner
from textual.widgets import Input

from influence_tui.cli import main
from influence_tui.tui.app import ExplorerScreen
from influence_tui.tui.confirm import ConfirmScreen
from influence_tui.tui.export_screen import ExportScreen
from influence_tui.tui.panes import RosterPane
from tests.tui_helpers import CAMPAIGN, make_app, press, review_first_rows, settle


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False)


async def test_the_palette_export_writes_what_is_on_screen(demo_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p", "j", "j", "enter")  # snapchat
        roster = app.screen.query_one(RosterPane)
        assert roster.platform == "snapchat" and roster.total == 20
        app.export_report()
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "influence-report-2026-11-01.md"
        assert app.screen.query_one(Input).value == str(target)
        await press(pilot, "enter")
        assert isinstance(app.screen, ExplorerScreen)
        message = str(list(app._notifications)[-1].message)
        assert message == f"report written to {target} (20 influencers)"
    text = target.read_text()
    assert "platform snapchat" in text.splitlines()[0] and "20 influencers" in text.splitlines()[0]
    assert (
        "instagram |" not in text.split("## Influencers")[-1] if "## Influencers" in text else True
    )


async def test_the_palette_export_never_replaces_a_file_without_a_yes(
    demo_db, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "influence-report-2026-11-01.md"
    target.write_text("my notes\n")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.export_report()
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, ExportScreen)
        assert "exists" in str(app.screen.query_one("#export-error").render())
        assert target.read_text() == "my notes\n"
        # another name writes there
        field = app.screen.query_one(Input)
        field.value = "elsewhere.md"
        await press(pilot, "enter")
        assert (tmp_path / "elsewhere.md").exists() and target.read_text() == "my notes\n"
        # a yes replaces
        app.export_report()
        await press(pilot, "enter", "y")
        assert target.read_text().startswith("# influence-tui report")


def test_export_roster_honours_the_filters(demo_db):
    review_first_rows(demo_db)
    result = run("export", "roster", "--db", demo_db, "--campaign", CAMPAIGN, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert 0 < len(rows) < 60
    assert list(rows[0]) == [
        "handle", "platform", "tier", "followers", "engagement_rate", "impression_rate",
        "er_by_views", "brands", "spend", "cpe", "cpm", "flags", "decision", "reviewer", "note",
    ]  # fmt: skip
    decided = {r["handle"]: (r["decision"], r["reviewer"], r["note"]) for r in rows}
    assert ("drop", "alice", "21 brands in a year; hides #ad") in decided.values()
    micro = run("export", "roster", "--db", demo_db, "--platform", "snapchat", "--tier", "micro")
    table = list(csv.DictReader(io.StringIO(micro.stdout)))
    assert len(table) == 10
    assert {(r["platform"], r["tier"]) for r in table} == {("snapchat", "micro")}
    flagged = run("export", "roster", "--db", demo_db, "--flag", "saturated", "--format", "json")
    assert all("saturated" in r["flags"] for r in json.loads(flagged.stdout))
    assert json.loads(flagged.stdout)
    industry = run("export", "roster", "--db", demo_db, "--tiers", "industry", "--tier", "nano")
    assert len(list(csv.DictReader(io.StringIO(industry.stdout)))) == 30
    wrong = run("export", "roster", "--db", demo_db, "--tier", "nano")
    assert wrong.exit_code == 2 and "'nano' is not a tier of seed" in wrong.stderr
    assert run("export", "spend", "--db", demo_db, "--platform", "x").exit_code == 2


def test_export_audit_lists_every_change(demo_db):
    review_first_rows(demo_db)
    run("spend", "delete", "1", "--db", demo_db, "--yes", "--by", "carol")
    rows = json.loads(run("export", "audit", "--db", demo_db, "--format", "json").stdout)
    assert [(r["actor"], r["action"]) for r in rows] == [
        ("alice", "review"), ("bob", "review"), ("alice", "review"), ("alice", "review"),
        ("bob", "review"), ("carol", "delete spend"),
    ]  # fmt: skip
    assert rows[2]["old"] == "watch" and rows[2]["new"] == "drop"
    assert rows[-1]["details"]["platform"] and rows[-1]["subject"] == "spend:1"
    lines = run("export", "audit", "--db", demo_db).stdout.splitlines()
    assert lines[0] == "changed_at,actor,action,subject,campaign,old,new,details"
    assert len(lines) == 7
