"""Issue 14 item 17: the Tiers pane (key 4): per tier × platform under the scheme in force,
honouring the campaign; `t` switches the scheme; Enter opens the roster of that tier."""

from influence_tui.tui.app import ExplorerScreen
from influence_tui.tui.panes import RosterPane
from influence_tui.tui.tiers_pane import TiersPane
from tests.tui_helpers import CAMPAIGN, make_app, press, settle


def _cells(pane: TiersPane, index: int) -> list[str]:
    return [str(cell) for cell in pane.table.get_row_at(index)]


async def test_the_tiers_pane_compares_tiers_per_platform(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        pane = app.screen.query_one(TiersPane)
        assert [(r.tier, r.platform) for r in pane.rows][:4] == [
            ("micro", None),
            ("micro", "instagram"),
            ("micro", "snapchat"),
            ("micro", "youtube"),
        ]
        assert sum(r.creators for r in pane.rows if r.platform is None) == 60
        micro, celebrity = pane.rows[0], next(r for r in pane.rows if r.tier == "celebrity")
        assert (micro.engagement_rate or 0) > (celebrity.engagement_rate or 0)  # the thesis
        assert (micro.brands or 0) < (celebrity.brands or 0)
        shares = sum(r.spend_share or 0 for r in pane.rows if r.platform is None)
        assert abs(shares - 1.0) < 1e-9
        assert _cells(pane, 0)[:3] == ["micro", "all", "30"]
        # t switches the scheme for every pane
        await press(pilot, "t")
        assert app.settings.tier_scheme == "industry"
        assert [r.tier for r in pane.rows if r.platform is None][0] == "nano"
        await press(pilot, "t")
        assert app.settings.tier_scheme == "seed"
        # enter on a platform row: the roster of that tier and platform
        await press(pilot, "j", "j", "enter")
        roster = app.screen.query_one(RosterPane)
        assert isinstance(app.screen, ExplorerScreen) and app.screen.current == "roster"
        assert (roster.tier, roster.platform) == ("micro", "snapchat")
        assert roster.total == 10


async def test_the_tiers_pane_follows_the_campaign(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "4")
        pane = app.screen.query_one(TiersPane)
        in_campaign = sum(r.creators for r in pane.rows if r.platform is None)
        assert 0 < in_campaign < 60
        assert CAMPAIGN in str(pane.query_one(".pane-title").render())
        await press(pilot, "c", "g", "enter")  # all campaigns
        assert sum(r.creators for r in pane.rows if r.platform is None) == 60
