"""Campaign review: decisions, notes, progress, audit history, several reviewers, read-only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from click.testing import CliRunner

from influence_tui.analysis.roster import RosterQuery, roster_after
from influence_tui.analysis.session import open_view
from influence_tui.analysis.triage import decide, next_unreviewed, progress
from influence_tui.cli import main
from influence_tui.store.connection import StoreError, open_database
from influence_tui.tui.choice import ChoiceScreen
from influence_tui.tui.detail_screen import DetailScreen
from influence_tui.tui.panes import RosterPane
from influence_tui.tui.review import NoteScreen
from tests.tui_helpers import AS_OF, CAMPAIGN, make_app, review_first_rows, settle
from tests.unprivileged import as_nobody, needs_root, shared_copy


def _roster(app) -> RosterPane:
    return app.screen.query_one(RosterPane)


# the status line ends with the campaign's budget pacing
GLOW_BUDGET = " · 95% of $60k spent · 100% of days"


def _status(app) -> str:
    return str(_roster(app).query_one(".pane-status").render())


def _audit(path) -> list[tuple]:
    db = open_database(path, read_only=True)
    rows = db.execute(
        "SELECT reviewer, influencer_id, old_decision, new_decision, old_note, new_note "
        "FROM decision_audit ORDER BY id"
    ).fetchall()
    db.conn.close()
    return rows


def _decisions(path) -> dict[int, tuple]:
    db = open_database(path, read_only=True)
    rows = db.execute("SELECT influencer_id, decision, note, reviewer FROM decisions").fetchall()
    db.conn.close()
    return {r[0]: r[1:] for r in rows}


def _notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# --- the triage keys ----------------------------------------------------------------------------
async def test_keys_decide_advance_and_count(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        assert roster.total == 20
        assert _status(app) == "reviewed 0/20 · keep 0 · watch 0 · drop 0" + GLOW_BUDGET
        first, second, third = roster.rows[:3]
        await pilot.press("K")
        await settle(pilot)
        assert roster.table.cursor_row == 1  # moved on to the next influencer
        await pilot.press("W", "D")
        await settle(pilot)
        assert [r.decision for r in roster.rows[:4]] == ["keep", "watch", "drop", "unreviewed"]
        assert _status(app) == "reviewed 3/20 · keep 1 · watch 1 · drop 1" + GLOW_BUDGET
        await pilot.press("up", "U")  # back to unreviewed
        await settle(pilot)
        assert roster.rows[2].decision == "unreviewed"
        assert _status(app) == "reviewed 2/20 · keep 1 · watch 1 · drop 0" + GLOW_BUDGET
    stored = _decisions(demo_db)
    assert stored[first.influencer_id] == ("keep", "", "tester")
    assert stored[second.influencer_id] == ("watch", "", "tester")
    assert stored[third.influencer_id][0] == "unreviewed"
    assert [a[2:4] for a in _audit(demo_db) if a[1] == third.influencer_id] == [
        ("unreviewed", "drop"),
        ("drop", "unreviewed"),
    ]


async def test_roster_cell_shows_decision_and_note_marker(demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        cells = [str(_roster(app).table.get_cell_at((i, 2))) for i in range(4)]
        assert cells == ["keep", "drop✎", "watch", "·"]


async def test_note_editor_saves_cancels_and_clears(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = _roster(app).rows[0]
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"[bold]21 brands[/]", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, NoteScreen)
        assert _roster(app).rows[0].note == "[bold]21 brands[/]"
        assert str(_roster(app).table.get_cell_at((0, 2))) == "·✎"
        await pilot.press("e", "x", "escape")  # cancelled: nothing changes
        await settle(pilot)
        await pilot.press("e", *["backspace"] * 40, "enter")  # empty: the note is removed
        await settle(pilot)
    assert _decisions(demo_db)[target.influencer_id] == ("unreviewed", "", "tester")
    notes = [(a[4], a[5]) for a in _audit(demo_db)]
    assert notes == [("", "[bold]21 brands[/]"), ("[bold]21 brands[/]", "")]


async def test_next_unreviewed_skips_reviewed_rows(demo_db):
    review_first_rows(demo_db)  # rows 0-2 reviewed
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert _roster(app).table.cursor_row == 3
        await pilot.press("G", "greater_than_sign")  # from the last row it wraps to the top
        await settle(pilot)
        roster = _roster(app)
        assert roster.current_row is not None
        assert roster.current_row.decision == "unreviewed"
        assert any("from the top" in n for n in _notes(app))


def test_next_unreviewed_pages_past_the_window(demo_db):
    review_first_rows(demo_db)
    db_session, settings = open_view(demo_db, as_of=AS_OF, campaign=CAMPAIGN)
    db = db_session.db
    query = RosterQuery(settings)
    first = roster_after(db, query, None, 1)[0]
    page, wrapped = next_unreviewed(db, query, first, 5)
    assert not wrapped and len(page) == 5 and page[0].decision == "unreviewed"
    every = roster_after(db, query, None, 100)
    for row in every:
        decide(db_session, settings, row.influencer_id, "x", decision="keep")
    assert next_unreviewed(db, query, first, 5) == ([], False)
    done = progress(db, settings)
    assert done is not None and done.line() == "reviewed 20/20 · keep 20 · watch 0 · drop 0"


async def test_decision_filter(demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "down", "down", "enter")  # watch
        await settle(pilot)
        roster = _roster(app)
        assert [r.decision for r in roster.rows] == ["watch"] and roster.total == 1
        assert "review watch" in str(roster.query_one(".pane-title").render())


async def test_a_decision_key_without_a_campaign_asks_for_one(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not _roster(app).query_one(".pane-status").display
        rows = _roster(app).rows
        index = next(i for i, r in enumerate(rows) if r.handle == "ada.cooks58")  # in Glow Summer
        target = rows[index]
        _roster(app).table.move_cursor(row=index)
        await pilot.press("K")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("enter")  # the first campaign: Glow Summer
        await settle(pilot)
        assert app.settings.campaign_name == CAMPAIGN
        assert _status(app).startswith("reviewed 1/20")
    assert _decisions(demo_db)[target.influencer_id][0] == "keep"


async def test_an_influencer_outside_the_campaign_is_not_recorded(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        db_session, settings = open_view(demo_db, as_of=AS_OF, campaign=CAMPAIGN)
        db = db_session.db
        members = {r.influencer_id for r in roster_after(db, RosterQuery(settings), None, 100)}
        db_session.close()
        index = next(i for i, r in enumerate(_roster(app).rows) if r.influencer_id not in members)
        _roster(app).table.move_cursor(row=index)
        await pilot.press("D", "enter")
        await settle(pilot)
        assert any("no posts in campaign" in n for n in _notes(app))
    assert _decisions(demo_db) == {}


async def test_detail_shows_review_and_history_and_takes_keys(demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        text = str(app.screen.query_one("#detail-text").render())
        assert "drop in Glow Summer by alice" in text
        assert "21 brands in a year; hides #ad" in text
        assert "2026-11-02 09:07 alice · Glow Summer · watch → drop" in text
        assert "2026-11-02 09:05 bob · Glow Summer · unreviewed → watch" in text
        await pilot.press("K")  # alice's drop: asked first (item 13), then replaced
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        text = str(app.screen.query_one("#detail-text").render())
        assert (
            "keep in Glow Summer by tester" in text and "tester · Glow Summer · drop → keep" in text
        )
        await pilot.press("escape")
        await settle(pilot)
        assert _roster(app).rows[1].decision == "keep"  # the roster shows it on return


# --- read-only ----------------------------------------------------------------------------------
async def test_read_only_refuses_every_write_key(demo_db):
    app = make_app(demo_db, read_only=True, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key in ("K", "W", "D", "U", "e"):
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, NoteScreen)
        await pilot.press("enter", "K")
        await settle(pilot)
        assert sum("read-only" in n for n in _notes(app)) == 6
    assert _decisions(demo_db) == {} and _audit(demo_db) == []


def test_read_only_is_enforced_by_sqlite(demo_db):
    db_session, settings = open_view(demo_db, read_only=True, as_of=AS_OF, campaign=CAMPAIGN)
    db = db_session.db
    row = roster_after(db, RosterQuery(settings), None, 1)[0]
    with pytest.raises(StoreError, match="read-only"):
        decide(db_session, settings, row.influencer_id, "mallory", decision="drop")
    db_session.close()
    assert _decisions(demo_db) == {}


def test_read_only_command_line_refuses_writing_commands(demo_db, tmp_path):
    source = tmp_path / "c.csv"
    source.write_text("name,brand\nNew,Acme\n")
    result = CliRunner().invoke(
        main, ["--read-only", "import", "campaigns", str(source), "--db", str(demo_db)]
    )
    assert result.exit_code == 1 and "read-only" in result.output


def _read_roster_and_poll(path):
    from influence_tui.tui.database import DatabaseThread

    db_session, _ = open_view(path, read_only=True, campaign=CAMPAIGN)
    db = db_session.db
    count = db.execute("SELECT count(*) FROM roster").fetchone()[0]
    snapshot = db_session.snapshot
    db_session.close()
    thread = DatabaseThread(path, read_only=True, as_of=AS_OF)
    thread.call(lambda db: None)
    unchanged = thread.poll()
    thread.close()
    return count, snapshot, unchanged


@needs_root
def test_read_only_opens_a_file_the_user_cannot_write(demo_db_master):
    with shared_copy(demo_db_master) as path:
        _read_roster_and_poll(demo_db_master)  # import everything while still root
        assert as_nobody(_read_roster_and_poll, path) == "(60, True, None)"
        assert not path.with_name("team.db-shm").exists()


# --- several reviewers --------------------------------------------------------------------------
def _child_env() -> dict[str, str]:
    """The environment for a child Python that imports what this test process imports."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


_REVIEWER = textwrap.dedent(
    """
    import sys
    from influence_tui.analysis.roster import RosterQuery, roster_after
    from influence_tui.analysis.triage import decide
    from influence_tui.analysis.session import open_view
    path, reviewer, decision = sys.argv[1:4]
    db_session, settings = open_view(path, campaign="Glow Summer")
    db = db_session.db
    rows = roster_after(db, RosterQuery(settings), None, 100)
    for round in range(5):
        for row in rows:
            decide(db_session, settings, row.influencer_id, reviewer, decision=decision,
                   note=f"{reviewer} {round}")
    print("done")
    """
)


def test_two_processes_writing_at_once_lose_nothing(demo_db):
    review_first_rows(demo_db)
    before = len(_audit(demo_db))
    env = _child_env()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _REVIEWER, str(demo_db), name, decision],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name, decision in (("alice", "keep"), ("bob", "drop"))
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0 and out.strip() == "done", err
    audit = _audit(demo_db)[before:]
    # each process changed each of the 20 rows 5 times; every change is in the audit
    assert sum(a[0] == "alice" for a in audit) == 100
    assert sum(a[0] == "bob" for a in audit) == 100
    # the chain is unbroken: each change starts from the value the previous one left
    by_row: dict[int, list[tuple]] = {}
    for a in audit:
        by_row.setdefault(a[1], []).append(a)
    for changes in by_row.values():
        for previous, current in zip(changes, changes[1:], strict=False):
            assert (current[2], current[4]) == (previous[3], previous[5])
    # the newest change wins
    stored = _decisions(demo_db)
    for influencer_id, changes in by_row.items():
        last = changes[-1]
        assert stored[influencer_id] == (last[3], last[5], last[0])


async def test_a_read_only_session_sees_another_sessions_decision(demo_db):
    app = make_app(demo_db, read_only=True, campaign=CAMPAIGN, poll_seconds=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = _roster(app).rows[4]
        writer = subprocess.run(
            [sys.executable, "-c", _ONE_DECISION, str(demo_db), str(target.influencer_id)],
            capture_output=True,
            text=True,
            env=_child_env(),
        )
        assert writer.returncode == 0, writer.stderr
        deadline = time.monotonic() + 10
        while _roster(app).rows[4].decision != "drop" and time.monotonic() < deadline:
            await pilot.pause(0.1)
            await settle(pilot)
        assert _roster(app).rows[4].decision == "drop"
        assert _roster(app).table.cursor_row == 0  # the refresh kept the cursor where it was
        assert "drop 1" in _status(app)


_ONE_DECISION = textwrap.dedent(
    """
    import sys
    from influence_tui.analysis.triage import decide
    from influence_tui.analysis.session import open_view
    db_session, settings = open_view(sys.argv[1], campaign="Glow Summer")
    db = db_session.db
    decide(db_session, settings, int(sys.argv[2]), "other", decision="drop")
    """
)


def test_reviewer_defaults_to_the_login_name(demo_db, monkeypatch):
    import getpass

    from influence_tui.tui.app import ExplorerApp

    monkeypatch.setattr(getpass, "getuser", lambda: "dana")
    db_session, settings = open_view(demo_db, as_of=AS_OF)
    db_session.close()
    assert ExplorerApp(demo_db, settings).reviewer == "dana"
    assert ExplorerApp(demo_db, settings, reviewer="eve").reviewer == "eve"


# --- the report ---------------------------------------------------------------------------------
def test_report_carries_the_review(demo_db):
    review_first_rows(demo_db)
    runner = CliRunner()
    args = ["report", "--db", str(demo_db), "--campaign", CAMPAIGN]
    report = json.loads(runner.invoke(main, [*args, "--format", "json"]).output)
    assert report["progress"] == {
        "reviewed": 3, "total": 20, "unreviewed": 17, "keep": 1, "watch": 1, "drop": 1,
    }  # fmt: skip
    decided = {e["handle"]: e for e in report["influencers"] if e["decision"] != "unreviewed"}
    assert sorted((e["decision"], e["reviewer"]) for e in decided.values()) == [
        ("drop", "alice"), ("keep", "alice"), ("watch", "bob"),
    ]  # fmt: skip
    assert [e["note"] for e in decided.values() if e["decision"] == "drop"] == [
        "21 brands in a year; hides #ad"
    ]
    markdown = runner.invoke(main, [*args, "--format", "markdown"]).output
    assert "## Review: reviewed 3/20 · keep 1 · watch 1 · drop 1" in markdown
    assert "| drop |" in markdown and "21 brands in a year; hides \\#ad" in markdown
    text = runner.invoke(main, [*args, "--format", "text"]).output
    assert "Review: reviewed 3/20" in text and "not reviewed yet (17)" in text


async def test_a_decision_waits_out_another_writer(demo_db, monkeypatch):
    import influence_tui.store.connection as connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 100)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        target = _roster(app).rows[0]
        importer = open_database(demo_db)  # another process's long import holds the write lock
        importer.execute("BEGIN IMMEDIATE")
        await pilot.press("K")
        deadline = time.monotonic() + 5
        while not any("another session is writing" in n for n in _notes(app)):
            assert time.monotonic() < deadline, "no word about the other writer"
            await pilot.pause(0.05)
        importer.execute("COMMIT")
        importer.conn.close()
        await settle(pilot)
        assert _roster(app).rows[0].decision == "keep"
        assert not any("locked" in n for n in _notes(app))
    assert _decisions(demo_db)[target.influencer_id][0] == "keep"
