"""The influencer detail: numbers with definitions, flags with reasons, brands, trend, the review
and its history, and the influencer's posts."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from influence_tui.analysis.roster import InfluencerDetail, RosterRow, influencer_detail
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.metrics import METRIC_DEFINITIONS
from influence_tui.domain.text import counted
from influence_tui.domain.triage import UNREVIEWED
from influence_tui.report.numbers import fmt_count, fmt_money, fmt_rate, fmt_ratio_money
from influence_tui.tui.messages import DetailLoaded
from influence_tui.tui.panes import PostsPane
from influence_tui.tui.review import TRIAGE_BINDINGS, ReviewKeys
from influence_tui.tui.text import safe, sparkline
from influence_tui.tui.workers import database_work, deliver


class DetailScreen(ReviewKeys):
    """An influencer: numbers with definitions, flags with reasons, brands, trend, review and
    its history, posts."""

    BINDINGS: ClassVar = [
        Binding("escape,q", "app.pop_screen", "Back", id="detail.back", tooltip="back to the list"),
        Binding(
            "/",
            "filter",
            "Filter posts",
            id="detail.filter",
            tooltip="filter the influencer's posts",
        ),
        Binding(
            "z",
            "zoom",
            "Zoom",
            id="detail.zoom",
            tooltip="the summary and review history take the whole screen",
        ),
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
        self.load()

    def data_changed(self) -> None:
        self.load()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-summary"):
            yield Static(
                Text(f"{safe(self.row.handle, 80)} · {self.row.platform} · loading…"),
                id="detail-text",
            )
        yield PostsPane(influencer=self.row, id="detail-posts")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self._load(self.row.influencer_id, self.explorer.settings)

    @database_work(exclusive=True, group="detail")
    def _load(self, influencer_id: int, settings: ViewSettings) -> None:
        detail = self.explorer.database.call(influencer_detail, influencer_id, settings)
        deliver(self, DetailLoaded(detail))

    @on(DetailLoaded)
    def _show(self, message: DetailLoaded) -> None:
        detail: InfluencerDetail | None = message.detail
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
    text.append(f"{fmt_count(row.followers)} followers · {counted(row.posts, 'posts')}\n")
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
