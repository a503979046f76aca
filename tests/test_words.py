"""Words and numbers a newcomer reads: counts in the right number, headers that keep their start,
help that wraps under itself, money with its dollar sign (issue 14, item 7)."""

import pytest
from textual.geometry import Region
from textual.widgets import Static

from influence_tui.domain.flags import FlagConfig, InfluencerFacts, influencer_flags
from influence_tui.domain.text import counted
from influence_tui.tui.help_screen import HelpScreen
from influence_tui.tui.paged_table import header_label
from influence_tui.tui.panes import PostsPane, RosterPane
from tests.tui_helpers import make_app, press, settle


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "influencers", "0 influencers"),
        (1, "influencers", "1 influencer"),
        (2, "posts", "2 posts"),
        (1, "entries", "1 entry"),
        (1_800, "posts", "1,800 posts"),
        (1, "sponsored posts", "1 sponsored post"),
    ],
)
def test_counted(count, noun, expected):
    assert counted(count, noun) == expected


async def test_one_influencer_is_not_one_influencers(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"ada.cooks18", "enter")
        title = str(app.screen.query_one(RosterPane).query_one(".pane-title").render())
        assert title.startswith("1 influencer ·"), title
        await press(pilot, "enter")
        text = str(app.screen.query_one("#detail-text").render())
        assert " posts\n" in text or " post\n" in text
        assert "1 posts" not in text


def test_flag_reasons_write_money_with_dollars_and_agree_in_number():
    facts = InfluencerFacts(
        followers=1000,
        tier="micro",
        brands=1,
        undisclosed_posts=1,
        brand_unnamed_posts=1,
        engagement_rate=0.5,
        cpe=2.5,
        peer_median_cpe=0.5,
    )
    flags = influencer_flags(facts, FlagConfig(saturated_brands=1))
    assert flags["saturated"].startswith("1 brand in the last 365 days")
    assert flags["undisclosed"] == "1 sponsored post without #ad or similar"
    assert flags["brand-unnamed"] == "1 sponsored post never names the brand"
    assert flags["cost-outlier"] == "CPE $2.50 is 5.0× the micro median $0.50"


def test_header_label_keeps_the_mark_the_arrow_and_the_start():
    assert header_label("▸", "ER", "↓", 6) == "▸ER↓"
    assert header_label("▸", "followers", "", 9) == "▸followe…"
    assert header_label("▸", "followers", "↓", 9) == "▸follow…↓"
    assert header_label("", "followers", "↑", 9) == "followe…↑"


def _header(table) -> str:
    (strip,) = table.render_lines(Region(0, 0, table.size.width, 1))
    return strip.text


@pytest.mark.parametrize("pane", ["1", "2"])
async def test_scrolling_sideways_never_cuts_a_header_from_the_left(demo_db, pane):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, pane)
        shown = app.screen.query_one(RosterPane if pane == "1" else PostsPane)
        labels = [column.label for column in shown.columns]
        for _ in range(len(labels)):
            await press(pilot, "l")
            words = _header(shown.table).split()
            for word in words[:-1]:  # the last one may be cut at the right edge: it keeps its start
                bare = word.strip("▸↑↓…")
                assert any(label.startswith(bare) for label in labels), (word, words)
            assert any(label.startswith(words[-1].strip("▸↑↓…")) for label in labels), words


async def test_help_lines_wrap_under_their_description(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        body = app.screen.query_one("#help-body").query_one(Static)
        lines = [strip.text.rstrip() for strip in body.render_lines(Region(0, 0, *body.size))]
        keys = lines[1 : lines.index("Metrics")]
        starts = {len(line) - len(line.lstrip()) for line in keys if line.strip()}
        description = min(line.index("move up") for line in keys if "move up" in line)
        assert starts <= {2, description}, "\n".join(keys)
        assert any(
            len(line) - len(line.lstrip()) == description for line in keys
        )  # at 80 columns some description wraps, and it wraps under itself
