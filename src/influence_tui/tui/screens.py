"""Screens on top of the panes: influencer detail, platform series, help, choices, spend form."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, Static

from influence_tui.analysis.platforms import PlatformSummary
from influence_tui.analysis.roster import InfluencerDetail, RosterRow, influencer_detail
from influence_tui.analysis.spend import record_spend
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.flags import FlagConfig, flag_definitions
from influence_tui.domain.metrics import METRIC_DEFINITIONS
from influence_tui.domain.models import SpendEntry, friendly_error
from influence_tui.domain.triage import UNREVIEWED
from influence_tui.report.numbers import fmt_count, fmt_money, fmt_rate, fmt_ratio_money
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.panes import PostsPane
from influence_tui.tui.review import TRIAGE_BINDINGS, ReviewKeys
from influence_tui.tui.text import plain, right, safe, sparkline


class DetailScreen(ReviewKeys):
    """An influencer: numbers with definitions, flags with reasons, brands, trend, review and
    its history, posts."""

    BINDINGS: ClassVar = [
        Binding("escape,q", "app.pop_screen", "Back", id="detail.back"),
        Binding("/", "filter", "Filter posts", id="detail.filter"),
        Binding("z", "zoom", "Zoom", id="detail.zoom"),
        *TRIAGE_BINDINGS,
    ]

    def action_zoom(self) -> None:
        """The summary takes the whole screen (and the arrows scroll it), or gives half back."""
        zoomed = self.toggle_class("zoomed").has_class("zoomed")
        if zoomed:
            self.query_one("#detail-summary").focus()
        else:
            self.query_one(PostsPane).table.focus()

    def __init__(self, row: RosterRow) -> None:
        super().__init__()
        self.row = row

    def review_target(self) -> RosterRow | None:
        return self.row

    def reviewed(self, row: RosterRow, result: dict[str, Any]) -> None:
        self.row = row
        self._load()
        self.explorer.review_stored(row)

    def data_changed(self) -> None:
        self._load()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-summary"):
            yield Static(
                Text(f"{safe(self.row.handle, 80)} · {self.row.platform} · loading…"),
                id="detail-text",
            )
        yield PostsPane(influencer=self.row, id="detail-posts")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        detail = self.explorer.database.call(
            influencer_detail, self.row.influencer_id, self.explorer.settings
        )
        self.app.call_from_thread(self._show, detail)

    def _show(self, detail: InfluencerDetail | None) -> None:
        widget = self.query_one("#detail-text", Static)
        if detail is None:
            widget.update(Text("this influencer is no longer in the database"))
            return
        widget.update(detail_text(detail, self.explorer.settings))

    def action_filter(self) -> None:
        self.query_one(PostsPane).open_filter()


def detail_text(detail: InfluencerDetail, settings: ViewSettings) -> Text:
    scheme = settings.tier_scheme
    row = detail.row
    text = Text()
    text.append(safe(row.handle, 80), style="bold")
    if row.name:
        text.append(f"  {safe(row.name, 60)}")
    text.append(f"  · {row.platform} · {row.tier or 'tier unknown'} ({scheme}) · ")
    text.append(f"{fmt_count(row.followers)} followers · {row.posts} posts\n")
    text.append_text(review_text(detail, settings))
    er_note = " (reported by the roster file)" if detail.er_reported else ""
    lines = [
        ("ER", fmt_rate(row.engagement_rate) + er_note, METRIC_DEFINITIONS["ER"]),
        ("IR", fmt_rate(row.impression_rate), METRIC_DEFINITIONS["IR"]),
        ("ER/views", fmt_rate(row.er_by_views), METRIC_DEFINITIONS["ER/views"]),
        ("CPE", fmt_ratio_money(row.cpe), METRIC_DEFINITIONS["CPE"]),
        ("CPM", fmt_ratio_money(row.cpm), METRIC_DEFINITIONS["CPM"]),
        ("spend", fmt_money(row.spend), "sum of post costs up to the as-of date"),
        ("brands", str(row.brands), METRIC_DEFINITIONS["brands"]),
        ("saturation", fmt_rate(row.saturation, 0), METRIC_DEFINITIONS["saturation"]),
    ]
    for name, value, definition in lines:
        text.append(f"{name:>10} {value:>8}  ", style="bold")
        text.append(f"{definition}\n", style="dim")
    ers = [er for _, er, _ in detail.weekly]
    irs = [ir for _, _, ir in detail.weekly]
    text.append(f"{'ER trend':>10} {sparkline(ers, 30)}\n{'IR trend':>10} {sparkline(irs, 30)}\n")
    if detail.flag_reasons:
        for flag, reason in detail.flag_reasons.items():
            text.append(f"{'flag':>10} ", style="bold")
            text.append(f"{flag}: ", style="bold magenta")
            text.append(f"{safe(reason, 200)}\n")
    else:
        text.append(f"{'flags':>10} none\n")
    brands = ", ".join(f"{safe(b, 40)} ({n})" for b, n in detail.brands[:25]) or "none"
    text.append(f"{'brands':>10} ", style="bold")
    text.append(f"{brands}\n")
    if detail.history or settings.campaign_id is not None:
        text.append_text(history_text(detail))
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def moment(timestamp: str) -> str:
    """2026-11-02T09:08:00Z → 2026-11-02 09:08 (audit times are UTC)."""
    return safe(timestamp[:16].replace("T", " "), 16)


def review_text(detail: InfluencerDetail, settings: ViewSettings) -> Text:
    """The decision in the chosen campaign, who made it, and its note."""
    text = Text()
    if settings.campaign_id is not None:
        text.append(f"{'review':>10} ", style="bold")
        review = detail.review or {"decision": UNREVIEWED, "note": "", "reviewer": None}
        text.append(f"{review['decision']} in {safe(settings.campaign_name, 40)}")
        if review.get("reviewer"):
            text.append(f" by {safe(review['reviewer'], 30)}, {moment(review['changed_at'])} UTC")
        text.append("\n")
        if review["note"]:
            text.append(f"{'note':>10} ", style="bold")
            text.append(f"{safe(review['note'], 300)}\n")
    return text


def history_text(detail: InfluencerDetail) -> Text:
    text = Text()
    if not detail.history:
        text.append(f"{'history':>10} ", style="bold")
        text.append("no decisions yet\n", style="dim")
    for index, change in enumerate(detail.history):
        text.append(f"{'history' if index == 0 else '':>10} ", style="bold")
        text.append(f"{moment(change['changed_at'])} ")
        text.append(f"{safe(change['reviewer'], 20)} · {safe(change['campaign'], 24)} · ")
        if change["old_decision"] != change["new_decision"]:
            text.append(f"{change['old_decision']} → {change['new_decision']}")
        if change["old_note"] != change["new_note"]:
            if change["old_decision"] != change["new_decision"]:
                text.append(" · ")
            new_note = safe(change["new_note"], 120) if change["new_note"] else "(removed)"
            text.append(f"note: {new_note}")
        text.append("\n")
    return text


class PlatformScreen(Screen[None]):
    """A platform's weekly series: ER, IR, spend and each signal, with each series' verdict."""

    BINDINGS: ClassVar = [Binding("escape,q", "app.pop_screen", "Back", id="platform.back")]

    def __init__(self, summary: PlatformSummary) -> None:
        super().__init__()
        self.summary = summary

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
            text.append(f"  {safe(reason, 300)}\n", style="dim")
        yield Static(text, id="platform-summary")
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


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q,question_mark,f1", "app.pop_screen", "Close", id="help.close")
    ]

    def __init__(self, flags: FlagConfig) -> None:
        super().__init__()
        self.flags = flags

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys\n", style="bold")
        for keys, what in HELP_KEYS:
            text.append(f"  {keys:<16}", style="bold cyan")
            text.append(f"{what}\n")
        text.append("\nMetrics\n", style="bold")
        for name, definition in METRIC_DEFINITIONS.items():
            text.append(f"  {name:<12}", style="bold cyan")
            text.append(f"{definition}\n")
        text.append("\nFlags\n", style="bold")
        for name, definition in flag_definitions(self.flags).items():
            text.append(f"  {name:<18}", style="bold magenta")
            text.append(f"{definition}\n")
        text.append(
            "\nPlatform risk: high = a 25% level drop and (a falling Sen slope or a run below the\n"
            "baseline band); medium = any one of them; weekly series, complete weeks only.\n",
            style="dim",
        )
        with VerticalScroll(id="help-body"):
            yield Static(text)


HELP_KEYS = [
    ("1 2 3, tab", "Roster / Posts / Platforms, cycle panes"),
    ("j k ↑ ↓", "move"),
    ("g G", "first / last page"),
    ("pgup pgdn", "page up / down (loads the next page at the edge)"),
    ("enter", "drill down: influencer detail, platform weeks"),
    ("z", "detail: the summary and review history take the whole screen"),
    ("esc", "back, or clear the filter"),
    ("/", "live filter (handle, name, country; posts: handle, title)"),
    ("s", "sort by the column under the cursor (again: flip)"),
    ("[ ]", "sort ascending / descending"),
    ("←  →", "move between columns"),
    ("c t p", "choose campaign, tier, platform filter"),
    ("K W D U", "review the highlighted row: keep / watch / drop / unreviewed"),
    ("e", "edit the review note"),
    (">", "jump to the next unreviewed influencer"),
    ("r", "filter the roster by review decision"),
    ("n", "new spend entry (Platforms pane)"),
    ("? f1", "this help"),
    ("ctrl+p :", "command palette"),
    ("q", "back, or quit at the top; ctrl+q quits"),
]


class SpendForm(ExplorerNode, ModalScreen[str | None]):
    """Record a spend entry; the domain model validates it and errors show inline."""

    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="spend.cancel"),
        Binding("ctrl+s", "save", "Save", id="spend.save"),
    ]
    FIELDS = (
        ("platform", "platform (instagram, youtube, …)"),
        ("date", "date YYYY-MM-DD"),
        ("amount", "amount"),
        ("campaign", "campaign (optional)"),
        ("note", "note (optional)"),
    )

    def __init__(self, platform: str = "", date: str = "") -> None:
        super().__init__()
        self.defaults = {"platform": platform, "date": date}

    def compose(self) -> ComposeResult:
        with Vertical(id="spend-box"):
            yield Label("New spend entry", id="spend-title")
            for name, placeholder in self.FIELDS:
                yield Input(
                    value=self.defaults.get(name, ""), placeholder=placeholder, id=f"spend-{name}"
                )
            yield Static("", id="spend-error", markup=False)
            with Horizontal(id="spend-buttons"):
                yield Button("Save", variant="primary", id="spend-save")
                yield Button("Cancel", id="spend-cancel")

    def on_mount(self) -> None:
        self.query_one(
            "#spend-amount" if self.defaults["platform"] else "#spend-platform", Input
        ).focus()

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#spend-{name}", Input).value for name, _ in self.FIELDS}

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#spend-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#spend-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        try:
            entry = SpendEntry.model_validate(self.values())
        except ValidationError as exc:
            self.show_error(friendly_error(exc))
            return
        self._write(entry)

    def show_error(self, message: str) -> None:
        self.query_one("#spend-error", Static).update(Text(message, style="bold red"))

    @work(thread=True, exclusive=True)
    def _write(self, entry: SpendEntry) -> None:
        try:
            message = self.explorer.database.call_session(record_spend, entry)
        except Exception as exc:
            self.app.call_from_thread(self.show_error, friendly_error(exc))
            return
        self.app.call_from_thread(self.dismiss, message)
