"""The Tiers pane (key 4): per tier × platform the creators, median ER, IR and ER by views, CPE,
median brands and share of spend, under the tier scheme in force (`t` switches seed/industry)
and for the chosen campaign; Enter shows the roster filtered to that tier (and platform)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from influence_tui.analysis.tiers import UNKNOWN_TIER, TierRow, tier_table
from influence_tui.analysis.view import ViewSettings
from influence_tui.report.numbers import fmt_count, fmt_rate, fmt_ratio_money
from influence_tui.tui.paged_table import ShownPane
from influence_tui.tui.panes import KeyTable
from influence_tui.tui.text import plain, right, safe
from influence_tui.tui.title import Part, TitleLine
from influence_tui.tui.workers import database_work, deliver

COLUMNS = (
    ("tier", 9),
    ("platform", 9),
    ("creators", 8),
    ("ER", 5),
    ("IR", 5),
    ("ER/v", 5),
    ("CPE", 6),
    ("brands", 6),
    ("spend", 5),
)


class TiersLoaded(Message, bubble=False):
    def __init__(self, rows: list[TierRow]) -> None:
        super().__init__()
        self.rows = rows


class TiersPane(ShownPane):
    BINDINGS: ClassVar = [
        Binding(
            "t",
            "switch_scheme",
            "Scheme",
            id="tiers.scheme",
            tooltip="switch the tier scheme (seed / industry) for every pane",
        ),
    ]

    class Selected(Message):
        """Enter on a row: show the roster of that tier (and platform)."""

        def __init__(self, row: TierRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[TierRow] = []

    def compose(self) -> ComposeResult:
        yield TitleLine(classes="pane-title")
        yield KeyTable(cursor_type="row", zebra_stripes=True, classes="pane-table")
        yield Static("", id="tiers-legend")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(KeyTable)

    def on_mount(self) -> None:
        for label, width in COLUMNS:
            self.table.add_column(label, key=label, width=width)
        self.query_one("#tiers-legend", Static).update(
            Text(
                "medians per creator; CPE = spend ÷ engagements; spend = share of creator spend; "
                "enter: the roster of that tier · t: switch the tier scheme",
                style="dim",
            )
        )
        self.reload()

    def load_now(self) -> None:
        self._load(self.explorer.settings)

    @database_work(exclusive=True, group="tiers")
    def _load(self, settings: ViewSettings) -> None:
        deliver(self, TiersLoaded(self.explorer.database.call(tier_table, settings)))

    @on(TiersLoaded)
    def _show(self, message: TiersLoaded) -> None:
        self.rows = message.rows
        cursor = self.table.cursor_row
        self.table.clear()
        for row in self.rows:
            every = row.platform is None
            style = "bold" if every else ""
            self.table.add_row(
                plain(row.tier, style=style),
                plain("all" if every else row.platform, style=style),
                right(fmt_count(row.creators), style),
                right(fmt_rate(row.engagement_rate), style),
                right(fmt_rate(row.impression_rate), style),
                right(fmt_rate(row.er_by_views), style),
                right(fmt_ratio_money(row.cpe), style),
                right("—" if row.brands is None else f"{row.brands:g}", style),
                right(fmt_rate(row.spend_share, 0), style),
            )
        if self.rows:
            self.table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1), animate=False)
        settings = self.explorer.settings
        scope = (
            f"campaign {safe(settings.campaign_name, 40)}"
            if settings.campaign_name
            else "all campaigns"
        )
        as_of = settings.as_of.isoformat() if settings.as_of else "no data"
        # at 80 columns the scheme's description goes first; the as-of date stays
        self.query_one(".pane-title", TitleLine).set_parts(
            [
                Part("tiers × platforms", rank=3, keep=True),
                Part(scope, rank=2, keep=True),
                Part(settings.scheme.description, short="", rank=0),
                Part(f"as of {as_of}", rank=4, keep=True),
                Part(f"tiers: {settings.tier_scheme}", rank=1),
            ]
        )

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.rows):
            row = self.rows[event.cursor_row]
            if row.tier == UNKNOWN_TIER:
                self.app.notify("followers unknown: no tier to filter by", markup=False)
                return
            self.post_message(self.Selected(row))

    def action_switch_scheme(self) -> None:
        settings = self.explorer.settings
        names = [scheme.name for scheme in settings.rules.schemes]
        following = names[(names.index(settings.tier_scheme) + 1) % len(names)]
        self.explorer.set_settings(replace(settings, tier_scheme=following))
