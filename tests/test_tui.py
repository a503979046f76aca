"""Pilot tests of every explorer flow."""

import pytest
from textual.widgets import Input

from influence_tui.ingest.importer import ImportOptions, run_import
from influence_tui.store.connection import open_database
from influence_tui.store.session import Session
from influence_tui.tui.app import ExplorerScreen
from influence_tui.tui.detail_screen import DetailScreen
from influence_tui.tui.help_screen import HelpScreen
from influence_tui.tui.panes import PlatformsPane, PostsPane, RosterPane
from influence_tui.tui.platform_screen import PlatformScreen
from influence_tui.tui.spend_form import SpendForm
from tests.tui_helpers import CAMPAIGN, make_app, settle

HOSTILE = "[bold]x[/] \x1b[31mred [link=http://e]y[/link]"


def _roster(app) -> RosterPane:
    return app.screen.query_one(RosterPane)


def _explorer(app) -> ExplorerScreen:
    assert isinstance(app.screen, ExplorerScreen)
    return app.screen


def _title(pane) -> str:
    return str(pane.query_one(".pane-title").render())


async def test_roster_opens_with_a_page_and_a_title(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        assert roster.total == 60 and len(roster.rows) == 60
        assert roster.table.row_count == 60
        assert "60 influencers" in _title(roster) and "as of 2026-11-01" in _title(roster)


async def test_switch_panes_with_numbers_and_tab(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert _explorer(app).current == "posts"
        assert app.screen.query_one(PostsPane).total == 1800
        await pilot.press("3")
        await settle(pilot)
        platforms = app.screen.query_one(PlatformsPane)
        assert [s.platform for s in platforms.summaries] == ["instagram", "snapchat", "youtube"]
        await pilot.press("tab")
        assert _explorer(app).current == "tiers"
        await pilot.press("tab")
        assert _explorer(app).current == "roster"


async def test_sort_both_ways_by_the_chosen_column(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l", "l", "l", "right_square_bracket")  # ER, descending
        await settle(pilot)
        rates = [r.engagement_rate for r in _roster(app).rows]
        known = [r for r in rates if r is not None]
        assert known == sorted(known, reverse=True) and rates[-1] is None  # unknown last
        await pilot.press("left_square_bracket")
        await settle(pilot)
        rates = [r.engagement_rate for r in _roster(app).rows]
        known = [r for r in rates if r is not None]
        assert known == sorted(known) and rates[-1] is None
        assert "sort ER ↑" in _title(_roster(app))


async def test_filter_and_clear(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "z", "o", "e")
        await settle(pilot)
        roster = _roster(app)
        assert {r.handle for r in roster.rows} == {"zoe.plays04", "zoe.plays24", "zoe.plays44"}
        assert "filter “zoe”" in _title(roster)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert roster.total == 60 and roster.filter_text == ""


async def test_filter_is_a_parameter_not_sql(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"%'; DROP TABLE roster; --")
        await settle(pilot)
        assert _roster(app).total == 0
        await pilot.press("escape")
        await settle(pilot)
        assert _roster(app).total == 60


async def test_drill_down_and_back(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"gus.reads37", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        text = str(app.screen.query_one("#detail-text").render())
        assert "brand-unnamed: 5 sponsored posts never name the brand" in text
        assert app.screen.query_one(PostsPane).total == 30
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)


async def test_paging_walks_past_the_first_page(tmp_path):
    from influence_tui.ingest.generate import generate_database

    path = tmp_path / "big.db"
    generate_database(path, influencers=250, posts=500, weeks=12, seed=2)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        assert len(roster.rows) == 100 and roster.total == 250
        first_page = [r.handle for r in roster.rows]
        await pilot.press("G")
        await settle(pilot)
        assert roster.rows[-1].handle == "creator0000249"
        await pilot.press("g")
        await settle(pilot)
        assert [r.handle for r in roster.rows] == first_page
        roster.table.move_cursor(row=99)
        await pilot.press("down")
        await settle(pilot)
        assert roster.rows[0].handle == "creator0000100"
        await pilot.press("up")
        await settle(pilot)
        assert roster.rows[-1].handle == "creator0000099"


async def test_spend_form_stores_a_valid_entry(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        before = app.screen.query_one(PlatformsPane).summaries[0].spend
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, SpendForm)
        app.screen.query_one("#spend-amount", Input).value = "1234.50"
        app.screen.query_one("#spend-note", Input).value = "test entry"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SpendForm)
        after = app.screen.query_one(PlatformsPane).summaries[0].spend
        assert after == pytest.approx(before + 1234.5)
    db = open_database(demo_db, read_only=True)
    assert db.execute("SELECT amount FROM spend WHERE note = 'test entry'").fetchone()[0] == 1234.5


async def _spend_form_error(path, amount: str, date: str) -> str:
    """Type an entry into the spend form, save it, and read the error the form shows."""
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#spend-amount", Input).value = amount
        app.screen.query_one("#spend-date", Input).value = date
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SpendForm)
        return str(app.screen.query_one("#spend-error").render())


async def test_spend_form_refuses_an_invalid_entry_and_stores_nothing(demo_db):
    error = await _spend_form_error(demo_db, "-5", "yesterday")
    assert "date: 'yesterday' is not a date; write it as YYYY-MM-DD" in error
    assert "amount: must be more than 0" in error
    db = open_database(demo_db, read_only=True)
    assert db.execute("SELECT count(*) FROM spend").fetchone()[0] == 227


async def test_spend_form_refuses_a_future_date_and_the_as_of_stays(demo_db):
    error = await _spend_form_error(demo_db, "100", "2099-01-05")
    assert "date: 2099-01-05 is in the future" in error
    db = open_database(demo_db, read_only=True)
    assert db.execute("SELECT count(*) FROM spend").fetchone()[0] == 227
    assert db.execute("SELECT value FROM meta WHERE key = 'rollup_as_of'").fetchone()[0] == (
        "2026-11-01"
    )


async def test_read_only_refuses_spend(demo_db):
    app = make_app(demo_db, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3", "n")
        await settle(pilot)
        assert not isinstance(app.screen, SpendForm)
        assert any("read-only" in str(n.message) for n in app._notifications)


async def test_platform_weeks_and_help(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PlatformScreen) and app.screen.summary.platform == "snapchat"
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_campaign_and_tier_choices_filter_the_roster(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t", "down", "enter")  # micro
        await settle(pilot)
        roster = _roster(app)
        assert roster.total == 30 and {r.tier for r in roster.rows} == {"micro"}
        await pilot.press("c", "down", "enter")  # the first campaign by name
        await settle(pilot)
        assert app.settings.campaign_name == "Glow Summer"
        assert "campaign Glow Summer" in _title(roster)
        assert 0 < roster.total < 30


async def test_markup_and_escapes_in_a_handle_show_literally(demo_db, tmp_path):
    source = tmp_path / "hostile.json"
    import json

    source.write_text(json.dumps([{"platform": "instagram", "handle": HOSTILE, "followers": 500}]))
    session = Session.open(demo_db)
    run_import(session, source, ImportOptions("influencers"))
    session.close()
    app = make_app(demo_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"[bold]")
        await settle(pilot)
        roster = _roster(app)
        stored = "[bold]x[/] red [link=http://e]y[/link]"  # the escape was removed on import
        assert [r.handle for r in roster.rows] == [stored]
        cell = roster.table.get_cell_at((0, 0))
        assert cell.plain.startswith("[bold]x[/] red [link=http://e]y")
        assert not cell.spans
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert "[bold]x[/]" in str(app.screen.query_one("#detail-text").render())


async def test_empty_database_and_tiny_terminal(empty_db):
    open_database(empty_db).conn.close()
    app = make_app(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert _roster(app).total == 0
        await pilot.press("down", "enter", "G", "2", "3", "enter")
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        await pilot.press("1", "s")
        await settle(pilot)
        assert app.is_running


async def test_b_accepts_the_rebalance_and_records_who_and_the_numbers(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN, reviewer="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        pane = app.screen.query_one(PlatformsPane)
        assert pane.rebalance and pane.rebalance[0].startswith("move $")
        await pilot.press("b")
        await settle(pilot)
        assert any("accepted by ana" in str(n.message) for n in app._notifications)
    db = open_database(demo_db, read_only=True)
    actor, subject, details = db.execute(
        "SELECT actor, subject, details FROM audit_log WHERE action = 'rebalance accepted'"
    ).fetchone()
    assert (actor, subject) == ("ana", CAMPAIGN) and '"from": "snapchat"' in details


async def test_read_only_refuses_to_accept_a_rebalance(demo_db):
    app = make_app(demo_db, read_only=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3", "b")
        await settle(pilot)
        assert any("read-only" in str(n.message) for n in app._notifications)
    db = open_database(demo_db, read_only=True)
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
