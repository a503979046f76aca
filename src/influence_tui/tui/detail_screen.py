"""The influencer detail: numbers with definitions, flags with reasons, brands, trend, the review
and its history, and the influencer's posts."""

from __future__ import annotations

import textwrap
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
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
from influence_tui.tui.charts import ChartSeries, WeeklyChart
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
        self.detail: InfluencerDetail | None = None

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
            yield WeeklyChart(CHART_TITLE, id="detail-chart")
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
        self.detail = message.detail
        widget = self.query_one("#detail-text", Static)
        if self.detail is None:
            widget.update(Text("this influencer is no longer in the database"))
            return
        weeks = [week for week, _, _ in self.detail.weekly]
        self.query_one(WeeklyChart).show(
            CHART_TITLE,
            [
                ChartSeries("ER", weeks, [er for _, er, _ in self.detail.weekly]),
                ChartSeries("IR", weeks, [ir for _, _, ir in self.detail.weekly], side="right"),
            ],
        )
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """The text wraps to the width; a chart where there is room, else sparklines."""
        short = self.size.width < CHART_MIN_WIDTH or self.size.height < CHART_MIN_HEIGHT
        self.query_one(WeeklyChart).display = not short
        if self.detail is not None:
            # two cells spare: the scrollbar may appear once the text is longer than the box
            width = (
                self.query_one("#detail-text", Static).content_region.width or self.size.width
            ) - 2
            self.query_one("#detail-text", Static).update(
                detail_text(self.detail, self.explorer.settings, width=width, sparklines=short)
            )

    def action_filter(self) -> None:
        self.query_one(PostsPane).open_filter()


CHART_TITLE = "weekly median ER (left axis) and IR (right axis) of the posts"
CHART_MIN_WIDTH, CHART_MIN_HEIGHT = 60, 20  # smaller: sparklines with their dates and scale
LABEL_WIDTH = 21  # "        ER     0.9%  "
NARROW = 24


def hanging(text: str, width: int, indent: int = LABEL_WIDTH) -> str:
    """`text` wrapped to the `width - indent` cells right of a label, later lines indented under
    the first: a definition is read whole, never cut with "…"."""
    if width - indent < NARROW:  # too little room right of the label: the lines below it
        lines = textwrap.wrap(text, max(10, width - 4)) or [""]
        return "".join(f"\n    {line}" for line in lines)
    lines = textwrap.wrap(text, width - indent) or [""]
    return ("\n" + " " * indent).join(lines)


def trend_line(name: str, weeks: list[str], values: list[float | None], width: int) -> str:
    """A sparkline with what it needs to be read: its weeks and its scale."""
    known = [v for v in values if v is not None]
    if not known:
        return f"{name:>10} no weekly data\n"
    spark = sparkline(values, max(8, min(30, width - 50)))
    shown = weeks[-len(spark) :]
    scale = f"{fmt_rate(min(known))}–{fmt_rate(max(known))}"
    return f"{name:>10} {hanging(f'{spark} {scale} · weeks {shown[0]} → {shown[-1]}', width, 11)}\n"


def detail_text(
    detail: InfluencerDetail, settings: ViewSettings, *, width: int = 200, sparklines: bool = True
) -> Text:
    scheme = settings.tier_scheme
    row = detail.row
    text = Text()
    handle = safe(row.handle, 80)
    text.append(handle, style="bold")
    about = [
        *([safe(row.name, 60)] if row.name else []),
        row.platform,
        f"{row.tier or 'tier unknown'} ({scheme})",
        f"{fmt_count(row.followers)} followers",
        counted(row.posts, "posts"),
    ]
    heading = textwrap.wrap(
        "  " + " · ".join(about), max(20, width), initial_indent=" " * len(handle)
    )
    text.append(heading[0][len(handle) :] + "".join(f"\n{line}" for line in heading[1:]) + "\n")
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
        text.append(f"{hanging(definition, width)}\n", style="dim")
    if sparklines:
        weeks = [week for week, _, _ in detail.weekly]
        text.append(trend_line("ER trend", weeks, [er for _, er, _ in detail.weekly], width))
        text.append(trend_line("IR trend", weeks, [ir for _, _, ir in detail.weekly], width))
    if detail.flag_reasons:
        for flag, reason in detail.flag_reasons.items():
            text.append(f"{'flag':>10} ", style="bold")
            text.append(f"{flag}: ", style="bold magenta")
            text.append(f"{hanging(safe(reason, 200), width, 11 + len(flag) + 2)}\n")
    else:
        text.append(f"{'flags':>10} none\n")
    brands = ", ".join(f"{safe(b, 40)} ({n})" for b, n in detail.brands[:25]) or "none"
    text.append(f"{'brands':>10} ", style="bold")
    text.append(f"{hanging(brands, width, 11)}\n")
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
