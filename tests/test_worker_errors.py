"""Every database read and write of the explorer runs in a thread worker with one error path: a
database error is one line in a notification and the screen stays (DESIGN.md §1, §7)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from textual.widgets import Input

from influence_tui.analysis.session import StoreError
from influence_tui.tui.app import ExplorerApp, ExplorerScreen
from influence_tui.tui.detail_screen import DetailScreen
from influence_tui.tui.panes import PlatformsPane, RosterPane
from influence_tui.tui.post_screen import PostScreen
from influence_tui.tui.spend_form import SpendForm
from tests.tui_helpers import CAMPAIGN, make_app, press, settle

BROKEN = "the database broke\nin two lines"


def _break(app: ExplorerApp, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """From now on the analysis function called `name` fails on the database thread."""
    database = app.database
    for method in ("call", "call_session"):
        original = getattr(database, method)

        def call(function, *args, _original=original, **kwargs):
            if getattr(function, "__name__", "") == name:

                def broken(*_args, **_kwargs):
                    raise StoreError(BROKEN)

                function = broken
            return _original(function, *args, **kwargs)

        monkeypatch.setattr(database, method, call)


async def _sort(pilot) -> None:
    await press(pilot, "s")


async def _filter(pilot) -> None:
    await press(pilot, "slash", "a")


async def _last_row_then_next_unreviewed(pilot) -> None:
    roster = pilot.app.screen.query_one(RosterPane)
    roster.table.move_cursor(row=len(roster.rows) - 1)
    await press(pilot, "greater_than_sign")


async def _pick_campaign(pilot) -> None:
    pilot.app.lookups = None  # as if the lists were not read yet
    await press(pilot, "c")


async def _pick_platform(pilot) -> None:
    pilot.app.lookups = None
    await press(pilot, "p")


async def _note(pilot) -> None:
    await press(pilot, "e")
    pilot.app.screen.query_one(Input).value = "a note"
    await press(pilot, "enter")


async def _spend(pilot) -> None:
    await press(pilot, "3", "n")
    pilot.app.screen.query_one("#spend-amount", Input).value = "10"
    await press(pilot, "ctrl+s")


async def _platforms(pilot) -> None:
    await press(pilot, "3")
    pilot.app.screen.query_one(PlatformsPane).reload()  # as after a change or a spend entry
    await settle(pilot)


async def _export(pilot) -> None:
    pilot.app.export_report()
    await settle(pilot)
    await press(pilot, "enter")  # the default path


def _keys(*keys: str) -> Callable[..., Awaitable[None]]:
    async def run(pilot) -> None:
        await press(pilot, *keys)

    return run


# (worker, the analysis function that fails, what sets it off, the screen that stays)
WORKERS = [
    ("roster page", "roster_after", _sort, ExplorerScreen),
    ("roster page upwards", "roster_before", _keys("G"), ExplorerScreen),
    ("roster count", "roster_count", _filter, ExplorerScreen),
    ("review progress", "progress", _sort, ExplorerScreen),
    ("next unreviewed", "next_unreviewed", _last_row_then_next_unreviewed, ExplorerScreen),
    ("posts page", "posts_after", _keys("2"), ExplorerScreen),  # shown: its first page loads
    ("posts page upwards", "posts_before", _keys("2", "G"), ExplorerScreen),
    ("posts count", "posts_count", _keys("2", "slash", "a"), ExplorerScreen),
    ("platforms", "platform_view", _platforms, ExplorerScreen),
    ("rebalance accept", "accept_rebalance", _keys("3", "b"), ExplorerScreen),
    ("influencer detail", "influencer_detail", _keys("enter"), DetailScreen),
    ("detail posts", "posts_after", _keys("enter"), DetailScreen),
    ("campaign picker", "campaigns", _pick_campaign, ExplorerScreen),
    ("platform picker", "platform_names", _pick_platform, ExplorerScreen),
    ("decision", "decide_many", _keys("K"), ExplorerScreen),
    ("decision on the detail", "decide_many", _keys("enter", "W"), DetailScreen),
    ("marked decision", "decide_many", _keys("space", "space", "D"), ExplorerScreen),
    ("undo", "undo_changes", _keys("K", "u"), ExplorerScreen),
    ("post detail", "post_detail", _keys("2", "enter"), PostScreen),
    ("note", "decide", _note, ExplorerScreen),
    ("spend form save", "record_spend", _spend, SpendForm),
    ("report export", "build_report", _export, ExplorerScreen),
]


@pytest.mark.parametrize(
    ("name", "action", "screen"),
    [pytest.param(name, action, screen, id=worker) for worker, name, action, screen in WORKERS],
)
async def test_a_database_error_in_a_worker_is_a_notification(
    demo_db, tmp_path, monkeypatch, name, action, screen
):
    monkeypatch.chdir(tmp_path)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        _break(app, monkeypatch, name)
        await action(pilot)
        assert app.is_running
        assert isinstance(app.screen, screen)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert [n.message for n in errors] == ["the database broke in two lines"]
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, screen)
    assert not (tmp_path / "influence-report.md").exists()


async def test_the_ui_thread_cannot_wait_on_the_database(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        with pytest.raises(RuntimeError, match="never waits on SQLite"):
            app.database.call(lambda db: None)
