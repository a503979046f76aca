"""A platform's weekly series: ER, IR, spend and each signal, with each series' verdict."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from influence_tui.analysis.platforms import PlatformSummary, statistics_line
from influence_tui.report.numbers import fmt_money, fmt_rate
from influence_tui.tui.charts import platform_charts
from influence_tui.tui.text import plain, right, safe, sparkline


class PlatformScreen(Screen[None]):
    """A platform's weekly series: ER, IR, spend and each signal, with each series' verdict."""

    BINDINGS: ClassVar = [
        Binding(
            "escape,q", "app.pop_screen", "Back", id="platform.back", tooltip="back to the list"
        )
    ]

    def __init__(self, summary: PlatformSummary, rebalance: list[str] | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.rebalance = rebalance or []  # the proposal's lines that concern this platform

    def compose(self) -> ComposeResult:
        summary = self.summary
        text = Text()
        text.append(f"{summary.platform}", style="bold")
        text.append(
            f" · risk {summary.risk} · spend {fmt_money(summary.spend)} ({fmt_rate(summary.spend_share)})\n"
        )
        for series in summary.series:
            verdict = series.risk.severity if series.risk else "shown only"
            text.append(f"{series.name[:18]:<18} {sparkline(series.values, 40):<40} {verdict}\n")
        for reason in summary.reasons:
            text.append(f"  {safe(reason, 300)}\n")
        for line in self.rebalance:
            text.append(f"  rebalance: {safe(line, 300)}\n")
        for series in summary.series:
            if series.risk is not None:
                text.append(f"  {safe(statistics_line(series.risk), 300)}\n", style="dim")
        yield Static(text, id="platform-summary")
        yield platform_charts(summary)  # the charts: tui/charts.py, apart from the text above
        yield DataTable[Text](zebra_stripes=True, id="platform-weeks")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        series = self.summary.series
        table.add_column("week")
        for s in series:
            table.add_column(s.name[:16])
        weeks = sorted({w for s in series for w in s.weeks}, reverse=True)
        by_series = [dict(zip(s.weeks, s.values, strict=True)) for s in series]
        for week in weeks:
            cells = [plain(week)]
            for s, values in zip(series, by_series, strict=True):
                value = values.get(week)
                if s.unit == "rate":
                    cells.append(right(fmt_rate(value, 2)))
                elif s.unit == "money":
                    cells.append(right(fmt_money(value)))
                else:
                    cells.append(right("—" if value is None else f"{value:,.2f}"))
            table.add_row(*cells)
        table.focus()
