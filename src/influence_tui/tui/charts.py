"""Weekly series as charts with dated axes (textual-plotext), for the influencer and platform
details. The chart library is imported only when a chart is composed, never at start-up: this
module itself imports nothing heavy (every_binding imports every tui module)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widget import Widget

from influence_tui.report.numbers import fmt_money, fmt_rate

if TYPE_CHECKING:
    from textual_plotext import PlotextPlot

    from influence_tui.analysis.platforms import PlatformSummary

Unit = Literal["rate", "money", "count"]


@dataclass(frozen=True)
class ChartSeries:
    label: str
    weeks: Sequence[str]  # ISO dates of the Mondays, oldest first
    values: Sequence[float | None]
    unit: str = "rate"
    side: Literal["left", "right"] = "left"


def fmt_axis(value: float, unit: str, step: float) -> str:
    """A tick label with as many decimals as ticks `step` apart need to differ."""
    if unit == "rate":
        digits = 0 if step >= 0.05 else 1 if step >= 0.005 else 2
        return fmt_rate(value, digits)
    if unit == "money":
        return fmt_money(value)
    return f"{value:,.0f}" if step >= 1 else f"{value:,.2f}"


def date_ticks(first: dt.date, last: dt.date, room: int) -> list[tuple[float, str]]:
    """(week offset, label) for a dated x axis: as many evenly spaced dates as `room` cells hold
    (a label is 10 wide), at least the first and the last."""
    span = (last - first).days / 7
    count = max(2, min(6, room // 14))
    if span == 0:
        return [(0.0, first.isoformat())]
    ticks = []
    for i in range(count):
        weeks = round(span * i / (count - 1))
        ticks.append((float(weeks), (first + dt.timedelta(weeks=weeks)).isoformat()))
    return ticks


def value_ticks(values: Sequence[float], unit: str, count: int = 4) -> list[tuple[float, str]]:
    low, high = min(values), max(values)
    if high == low:
        return [(low, fmt_axis(low, unit, abs(low) / 10 or 1))]
    step = (high - low) / (count - 1)
    return [(low + step * i, fmt_axis(low + step * i, unit, step)) for i in range(count)]


class WeeklyChart(Widget):
    """One or two weekly series over dated weeks; a second series may use the right axis."""

    DEFAULT_CSS = """
    WeeklyChart { height: 12; }
    WeeklyChart PlotextPlot { height: 1fr; }
    """

    def __init__(self, title: str, series: Sequence[ChartSeries] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = title
        self.series = tuple(series)

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot  # the chart library: only when a chart shows

        yield PlotextPlot()

    def show(self, title: str, series: Sequence[ChartSeries]) -> None:
        self.title, self.series = title, tuple(series)
        self.draw()

    def on_mount(self) -> None:
        self.draw()

    def on_resize(self, event: events.Resize) -> None:
        self.draw()

    def _plot(self) -> PlotextPlot | None:
        from textual_plotext import PlotextPlot

        found = self.query(PlotextPlot)
        return found.first() if found else None

    def draw(self) -> None:
        plot = self._plot()
        if plot is None:
            return
        plt = plot.plt
        plt.clear_figure()
        known = [
            (
                series,
                [(w, v) for w, v in zip(series.weeks, series.values, strict=True) if v is not None],
            )
            for series in self.series
        ]
        weeks = sorted({dt.date.fromisoformat(w) for _, points in known for w, _ in points})
        plt.title(self.title)
        if not weeks:
            plt.xticks([], [])
            plt.yticks([], [])
            plot.refresh()
            return
        first = weeks[0]
        for series, points in known:
            if not points:
                continue
            xs = [(dt.date.fromisoformat(w) - first).days / 7 for w, _ in points]
            ys = [float(v) for _, v in points]
            plt.plot(xs, ys, label=series.label, yside=series.side, marker="braille")
            positions, labels = zip(*value_ticks(ys, series.unit), strict=True)
            plt.yticks(list(positions), list(labels), yside=series.side)  # type: ignore[arg-type]  # its stub says float
        positions, labels = zip(*date_ticks(first, weeks[-1], self.size.width - 12), strict=True)
        plt.xticks(list(positions), list(labels))
        plot.refresh()


class PlatformCharts(Grid):
    """Each of a platform's weekly series (ER, IR, spend, signals) as a chart, two to a row;
    hidden where the screen is too small (its sparklines stay in the summary)."""

    DEFAULT_CSS = """
    PlatformCharts { grid-size: 2; grid-gutter: 0 1; grid-rows: 9; }
    PlatformCharts WeeklyChart { height: 9; }
    """

    def on_resize(self, event: events.Resize) -> None:
        self.display = self.screen.size.height >= 30 and self.screen.size.width >= 80


def platform_charts(summary: PlatformSummary) -> PlatformCharts:
    charts = [
        WeeklyChart(s.name, [ChartSeries(s.name, s.weeks, s.values, s.unit)])
        for s in summary.series
    ]
    grid = PlatformCharts(*charts, id="platform-charts")
    grid.styles.height = 9 * ((len(charts) + 1) // 2)
    return grid
