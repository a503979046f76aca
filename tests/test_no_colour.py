"""NO_COLOR: risk, flags and decisions stay readable, by contrast and by words and bold, never
by colour alone (DESIGN §7)."""

import datetime as dt
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from rich.style import Style
from textual.color import Color
from textual.geometry import Region
from textual.widgets import DataTable

from influence_tui.tui.launch import explorer_app
from influence_tui.tui.no_colour import MIN_CONTRAST, contrast, readable_monochrome
from tests.pane_colours import hard_to_read, screen_cells, word_cells
from tests.test_terminal import _wait_for
from tests.tui_helpers import CAMPAIGN, make_app, press, review_first_rows, settle


@pytest.mark.parametrize("colour", ["red", "bold magenta", "yellow", "green", "#202020"])
@pytest.mark.parametrize("background", ["#1e1e1e", "#f0f0f0", "#3c3c3c"])
def test_every_colour_becomes_a_readable_grey(colour, background):
    behind = Color.parse(background)
    style = readable_monochrome(Style.parse(colour), behind)
    assert style.color is not None and style.color.triplet is not None
    r, g, b = style.color.triplet
    assert r == g == b  # a grey
    assert contrast(Color(r, g, b), behind.monochrome) >= MIN_CONTRAST


@pytest.mark.parametrize(
    ("as_of", "verdicts"),
    [
        (None, {"▲ HIGH", "· none"}),  # the fixed as-of: snapchat and youtube high
        (dt.date(2026, 9, 27), {"△ medium", "· none"}),  # snapchat's slide, four weeks earlier
    ],
)
async def test_no_color_risk_is_readable_in_the_platforms_pane(
    demo_db, monkeypatch, as_of, verdicts
):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_db)
    if as_of is not None:
        app = explorer_app(demo_db, as_of=as_of, blink=False, reviewer="tester", poll_seconds=None)
        app.animation_level = "none"
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        table = app.screen.query_one("#platforms").query_one(DataTable)
        seen = set()
        painted = table.render_lines(Region(0, 0, *table.size))  # with the app's line filters
        for strip in painted:
            for segment in strip:
                if segment.text.strip() in ("▲ HIGH", "△ medium", "· none"):
                    style = segment.style
                    assert style is not None and style.color and style.bgcolor
                    fore = Color.from_rich_color(style.color)
                    back = Color.from_rich_color(style.bgcolor)
                    assert contrast(fore, back) >= MIN_CONTRAST, segment
                    seen.add(segment.text.strip())
                    if "HIGH" in segment.text:
                        assert style.bold  # HIGH stands out without colour
        assert seen == verdicts


def _capture_with_colours(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-e", "-t", session],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_no_color_in_a_real_terminal_risk_flags_and_decisions_are_readable(demo_db):
    review_first_rows(demo_db)
    session = f"influence-{uuid.uuid4().hex[:8]}"
    command = (
        f"{sys.executable} -m influence_tui --db {demo_db} --as-of 2026-11-01 "
        f"--campaign '{CAMPAIGN}' --reviewer tester"
    )
    environment = ["-e", "NO_COLOR=1"]
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "170", "-y", "30", *environment,
         command],
        check=True,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    try:
        _wait_for(session, "20 influencers", "SAT", "UNDISC", "keep", "drop")
        roster = screen_cells(_capture_with_colours(session))
        assert hard_to_read(roster) == []
        for word in ("SAT", "UNDISC", "keep", "watch", "drop"):
            places = word_cells(roster, word)
            assert places, word
            for cells in places:  # flags and decisions are bold words, not a colour
                assert all(cell.bold or cell.reverse for cell in cells), word
        subprocess.run(["tmux", "send-keys", "-t", session, "3"], check=True)
        _wait_for(session, "HIGH", "none", "snapchat")
        platforms = screen_cells(_capture_with_colours(session))
        assert hard_to_read(platforms) == []
        highs = word_cells(platforms, "▲ HIGH")
        assert highs
        for high in highs:
            assert all(cell.bold or cell.reverse for cell in high)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
