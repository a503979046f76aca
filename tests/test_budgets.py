"""Issue 14 item 15: a campaign's budget, spend to date and pacing, one formula (domain.budget),
shown in the campaign picker, the roster title under a campaign, and the report."""

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from influence_tui.cli import main
from influence_tui.domain.budget import pacing
from influence_tui.tui.choice import ChoiceScreen
from influence_tui.tui.panes import RosterPane
from tests.tui_helpers import make_app, press, settle

D = dt.date


@pytest.mark.parametrize(
    ("budget", "spent", "as_of", "spent_share", "time_share", "verdict"),
    [
        (1000.0, 500.0, D(2026, 1, 5), 0.5, 0.5, "on pace"),  # day 5 of 10
        (1000.0, 900.0, D(2026, 1, 5), 0.9, 0.5, "ahead"),
        (1000.0, 100.0, D(2026, 1, 5), 0.1, 0.5, "behind"),
        (1000.0, 1500.0, D(2026, 1, 5), 1.5, 0.5, "over budget"),
        (1000.0, 0.0, D(2025, 12, 1), 0.0, 0.0, "on pace"),  # not started
        (1000.0, 1000.0, D(2026, 3, 1), 1.0, 1.0, "on pace"),  # over
        (None, 10.0, D(2026, 1, 5), None, 0.5, None),
    ],
)
def test_pacing_is_budget_spent_against_days_gone(
    budget, spent, as_of, spent_share, time_share, verdict
):
    result = pacing(budget, spent, D(2026, 1, 1), D(2026, 1, 10), as_of)
    assert (result.spent_share, result.time_share, result.verdict) == (
        spent_share,
        time_share,
        verdict,
    )


def test_pacing_without_dates_has_no_time_share():
    assert pacing(100.0, 10.0, None, D(2026, 1, 10), D(2026, 1, 5)).time_share is None


async def test_the_campaign_picker_and_roster_title_show_the_budget(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, ChoiceScreen)
        labels = [label for label, _ in app.screen.choices]
        glow = next(label for label in labels if label.startswith("Glow Summer"))
        assert glow == "Glow Summer (GlowCo)\n    95% of $60k spent · 100% of days · on pace"
        await press(pilot, "j", "enter")  # Glow Summer (campaigns come by name)
        roster = app.screen.query_one(RosterPane)
        status = str(roster.query_one(".pane-status").render())
        assert app.settings.campaign_name == "Glow Summer"
        assert status.startswith("reviewed 0/20")
        assert status.endswith(" · 95% of $60k spent · 100% of days")


def test_the_report_shows_the_budget(demo_db):
    runner = CliRunner()
    text = runner.invoke(main, ["report", "--db", str(demo_db), "--campaign", "Glow Summer"])
    assert text.stdout.splitlines()[1] == (
        "budget $60k · spent $57k (95%) · 100% of days gone · on pace"
    )
    data = json.loads(
        runner.invoke(
            main, ["report", "--db", str(demo_db), "--campaign", "Glow Summer", "--format", "json"]
        ).stdout
    )
    assert data["budget"] == {
        "budget": 60000.0,
        "spent": 57176.18,
        "spent_share": pytest.approx(57176.18 / 60000),
        "time_share": 1.0,
        "pace": "on pace",
    }
    plain = json.loads(
        runner.invoke(main, ["report", "--db", str(demo_db), "--format", "json"]).stdout
    )
    assert plain["budget"] is None
