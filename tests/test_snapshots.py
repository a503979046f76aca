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
    keys = ("l", "l", "l", "right_square_bracket", "enter")  # ER, descending
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


# --- review at 80 columns, flags, a post whole, review between colleagues (issue #14) ---------
def _long_post(path):
    """The newest post of the demo, with a long title and a YouTube video id (a link)."""
    import sqlite3

    open_database(path).conn.close()
    conn = sqlite3.connect(path)
    with conn:
        post_id = conn.execute(
            "SELECT id FROM posts WHERE posted_at <= '2026-11-01' AND platform = 'youtube' "
            "ORDER BY posted_at DESC, id DESC LIMIT 1"
        ).fetchone()[0]
        conn.execute(
            "UPDATE posts SET title = ?, external_id = 'dQw4w9WgXcQ' WHERE id = ?",
            [
                "A week with GlowCo's summer serum: morning routine, the beach, the gym and a "
                "long evening review of what worked and what did not [not markup] #ad",
                post_id,
            ],
        )
    conn.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_post_detail(snap_compare, demo_db, size):
    _long_post(demo_db)
    keys = ("2", "slash", *"evening", "enter", "enter")
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=_press_then_settle(*keys))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_roster_marked_and_flag_filtered_under_review(snap_compare, demo_db, size):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    keys = ("f", "down", "down", "enter", "space", "space")  # undisclosed; two marked
    assert snap_compare(app, terminal_size=size, run_before=_press_then_settle(*keys))


def test_posts_filtered_by_flag(snap_compare, demo_db):
    keys = ("2", "f", "down", "down", "enter")  # brand-unnamed
    assert snap_compare(
        make_app(demo_db), terminal_size=(80, 24), run_before=_press_then_settle(*keys)
    )


def test_column_chooser(snap_compare, demo_db):
    keys = ("o", "j", "j", "j", "space")  # tier hidden
    assert snap_compare(
        make_app(demo_db), terminal_size=(80, 24), run_before=_press_then_settle(*keys)
    )


def test_confirm_replacing_a_colleagues_decision(snap_compare, demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_press_then_settle("D"))


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
