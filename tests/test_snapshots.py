"""Every screen as a picture, on the demo database at its fixed as-of date.

snap_compare works only in plain `def` tests. After a deliberate change, read the diff report, then
update with `pytest tests/test_snapshots.py --snapshot-update`."""

import pytest

from influence_tui.store.connection import open_database
from tests.tui_helpers import CAMPAIGN, make_app, review_first_rows, settle


async def _settled(pilot):
    await settle(pilot)


def _press_then_settle(*keys):
    async def run(pilot):
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_roster(snap_compare, demo_db, size):
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_posts(snap_compare, demo_db, size):
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_press_then_settle("2"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_platforms(snap_compare, demo_db, size):
    assert snap_compare(
        make_app(demo_db), terminal_size=size, run_before=_press_then_settle("3", "down")
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_influencer_detail(snap_compare, demo_db, size):
    keys = ("l", "l", "l", "l", "right_square_bracket", "enter")
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_press_then_settle(*keys))


def test_platform_weeks(snap_compare, demo_db):
    assert snap_compare(
        make_app(demo_db),
        terminal_size=(120, 40),
        run_before=_press_then_settle("3", "down", "enter"),
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_help(snap_compare, demo_db, size):
    assert snap_compare(
        make_app(demo_db), terminal_size=size, run_before=_press_then_settle("question_mark")
    )


def test_spend_form_with_error(snap_compare, demo_db):
    async def run(pilot):
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#spend-amount").value = "-5"
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=run)


def test_active_filter(snap_compare, demo_db):
    keys = ("slash", "s", "n", "a", "p")
    assert snap_compare(
        make_app(demo_db), terminal_size=(80, 24), run_before=_press_then_settle(*keys)
    )


def test_empty_roster(snap_compare, empty_db):
    open_database(empty_db).conn.close()
    assert snap_compare(make_app(empty_db), terminal_size=(80, 24), run_before=_settled)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_roster_under_review(snap_compare, demo_db, size):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    assert snap_compare(app, terminal_size=size, run_before=_settled)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_detail_with_review_history(snap_compare, demo_db, size):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    assert snap_compare(app, terminal_size=size, run_before=_press_then_settle("down", "enter"))


def test_note_editor(snap_compare, demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_press_then_settle("down", "e"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_spend_ledger(snap_compare, demo_db, size):
    assert snap_compare(
        make_app(demo_db), terminal_size=size, run_before=_press_then_settle("3", "j", "L")
    )


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_picker_with_a_mark(snap_compare, demo_db, size):
    app = make_app(demo_db, campaign=CAMPAIGN)
    assert snap_compare(app, terminal_size=size, run_before=_press_then_settle("c"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_tiers_pane(snap_compare, demo_db, size):
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_press_then_settle("4"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_influencer_detail_chart(snap_compare, demo_db, size):
    """Zoomed and scrolled to its end: the weekly ER and IR chart with its dated axis."""
    keys = ("enter", "z", "end")
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_press_then_settle(*keys))
