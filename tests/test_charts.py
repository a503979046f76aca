"""Weekly series as charts with dated axes in the details; sparklines with their dates and scale
where the screen is small; definitions read whole; the chart library loaded only for a chart."""

import datetime as dt
import subprocess
import sys

from textual.geometry import Region

from influence_tui.tui.charts import PlatformCharts, WeeklyChart, date_ticks, value_ticks
from influence_tui.tui.detail_screen import DetailScreen
from influence_tui.tui.platform_screen import PlatformScreen
from tests.tui_helpers import make_app, press, settle


def _painted(widget) -> str:
    if isinstance(widget, WeeklyChart):
        widget = widget.query_one("PlotextPlot")
    return "\n".join(s.text for s in widget.render_lines(Region(0, 0, *widget.size)))


def test_ticks_are_dated_and_distinct():
    ticks = date_ticks(dt.date(2026, 4, 6), dt.date(2026, 10, 26), 60)
    assert ticks[0] == (0.0, "2026-04-06") and ticks[-1] == (29.0, "2026-10-26")
    labels = [label for _, label in value_ticks([0.0086, 0.0098], "rate")]
    assert len(set(labels)) == len(labels) and all(label.endswith("%") for label in labels)


async def test_influencer_detail_charts_er_and_ir_over_dated_weeks(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "z")
        assert isinstance(app.screen, DetailScreen)
        chart = app.screen.query_one(WeeklyChart)
        assert chart.display and chart.size.height >= 10
        await press(pilot, "end")
        painted = _painted(chart)
        assert "2026-10-26" in painted and "%" in painted and "ER" in painted and "IR" in painted
        text = str(app.screen.query_one("#detail-text").render())
        assert "ER trend" not in text  # the chart, not a sparkline, where there is room


async def test_zoomed_definitions_are_read_whole_at_80_columns(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "z")
        summary = app.screen.query_one("#detail-text")
        painted = _painted(summary)
        assert "…" not in painted
        assert "ER is the median of its last 12 posts" in " ".join(painted.split())


async def test_a_small_screen_gets_sparklines_with_dates_and_scale(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert not app.screen.query_one(WeeklyChart).display
        text = " ".join(str(app.screen.query_one("#detail-text").render()).split())
        assert "ER trend" in text and "weeks 2026-" in text and "–" in text
        assert "…" not in _painted(app.screen.query_one("#detail-text"))


async def test_platform_detail_charts_every_series(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "3", "down", "enter")
        assert isinstance(app.screen, PlatformScreen)
        charts = list(app.screen.query_one(PlatformCharts).query(WeeklyChart))
        assert [c.title for c in charts] == [s.name for s in app.screen.summary.series]
        for chart in charts:
            assert "2026-10-26" in _painted(chart)


def test_the_chart_library_is_not_loaded_at_start_up():
    probe = (
        "import sys\n"
        "from influence_tui.cli import main\n"
        "from influence_tui.tui.launch import every_binding, explorer_app\n"
        "import influence_tui.tui.app, influence_tui.tui.detail_screen\n"
        "every_binding()\n"
        "print(sorted(m for m in sys.modules if 'plotext' in m))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
