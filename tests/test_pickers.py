"""Issue 14 items 3 and 12: the same moving keys in the platforms pane and every picker; pickers
filter as you type, mark the current choice, and esc clears the roster's tier/platform filter."""

from textual.widgets import OptionList

from influence_tui.tui.choice import ChoiceScreen
from influence_tui.tui.panes import PlatformsPane, RosterPane
from tests.tui_helpers import CAMPAIGN, make_app, press, settle


def _options(app) -> list[str]:
    options = app.screen.query_one("#choice-list")
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_j_k_g_G_move_in_the_platforms_pane(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "3")
        table = app.screen.query_one(PlatformsPane).table
        assert table.cursor_row == 0
        await press(pilot, "j")
        assert table.cursor_row == 1
        await press(pilot, "G")
        assert table.cursor_row == 2
        await press(pilot, "k")
        assert table.cursor_row == 1
        await press(pilot, "g")
        assert table.cursor_row == 0


async def test_j_in_the_tier_picker_moves_instead_of_choosing_all_tiers(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "t", "j", "enter")
        roster = app.screen.query_one(RosterPane)
        assert roster.tier == "micro"
        await press(pilot, "t", "j", "j", "k", "enter")
        assert roster.tier == "macro"  # the highlight started on the current choice (micro)
        await press(pilot, "t", "G", "enter")
        assert roster.tier == "celebrity"
        await press(pilot, "t", "g", "enter")
        assert roster.tier is None


async def test_the_picker_marks_the_current_choice(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, ChoiceScreen)
        marked = [o for o in _options(app) if o.startswith("● ")]
        assert [m.splitlines()[0] for m in marked] == [f"● {CAMPAIGN} (GlowCo)"]
        assert app.screen.query_one("#choice-list", OptionList).highlighted == _options(app).index(
            marked[0]
        )
        await press(pilot, "escape")
        await press(pilot, "p")
        assert _options(app)[0] == "● all platforms"


async def test_typing_in_a_picker_filters_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p", "s", "n")
        assert [o.strip() for o in _options(app)] == ["snapchat"]
        await press(pilot, "enter")
        assert app.screen.query_one(RosterPane).platform == "snapchat"
        # esc first clears what was typed, then closes
        await press(pilot, "p", "y", "escape")
        assert isinstance(app.screen, ChoiceScreen) and len(_options(app)) == 4
        await press(pilot, "escape")
        assert not isinstance(app.screen, ChoiceScreen)
        assert app.screen.query_one(RosterPane).platform == "snapchat"


async def test_esc_clears_the_tier_and_platform_filter(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "p", "j", "j", "enter", "t", "j", "enter")
        roster = app.screen.query_one(RosterPane)
        assert (roster.platform, roster.tier) == ("snapchat", "micro")
        assert roster.total is not None and roster.total < 60
        await press(pilot, "escape")
        assert (roster.platform, roster.tier) == (None, None)
        assert roster.total == 60
