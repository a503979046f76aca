"""The three panes: roster, posts and the platform mix."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from influence_tui.analysis import posts as post_analysis
from influence_tui.analysis.platforms import PlatformSummary, platform_view
from influence_tui.analysis.risk_actions import accept_rebalance
from influence_tui.analysis.roster import (
    RosterQuery,
    RosterRow,
    roster_after,
    roster_before,
    roster_count,
    roster_cursor,
)
from influence_tui.analysis.triage import next_unreviewed, progress
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.text import counted
from influence_tui.domain.triage import UNREVIEWED, Progress
from influence_tui.report.numbers import (
    fmt_count,
    fmt_money,
    fmt_pacing_short,
    fmt_rate,
    fmt_ratio_money,
)
from influence_tui.tui.flags import INFLUENCER_CODES, POST_CODES, flag_codes
from influence_tui.tui.messages import Notice, PageLoaded, PlatformsLoaded, ProgressLoaded
from influence_tui.tui.paged_table import PAGE_ROWS, Column, ShownPane, TablePane
from influence_tui.tui.text import Line, bar, plain, right, risk_cell, safe, sparkline
from influence_tui.tui.title import Part
from influence_tui.tui.workers import database_work, deliver


def view_parts(settings: ViewSettings) -> list[Part]:
    """The as-of date (kept at any width: every number is as of it) and the tier scheme."""
    as_of = settings.as_of.isoformat() if settings.as_of else "no data"
    return [
        Part(f"as of {as_of}", as_of, rank=5, keep=True),
        Part(f"tiers: {settings.tier_scheme}", settings.tier_scheme, rank=0),
    ]


def filter_part(name: str, value: str) -> Part:
    return Part(f"{name} {safe(value, 40)}", safe(value, 16), rank=3)


MARK = "● "


DECISION_STYLES = {"keep": "bold green", "watch": "bold yellow", "drop": "bold red"}


def decision_cell(decision: str | None, note: str | None) -> Text:
    """keep / watch / drop in colour, · for unreviewed, ✎ when there is a note; blank with no
    campaign (decisions belong to one)."""
    if decision is None:
        return Text("")
    text = Text(
        decision if decision != UNREVIEWED else "·", style=DECISION_STYLES.get(decision, "dim")
    )
    if note:
        text.append("✎")
    return text


class RosterPane(TablePane):
    noun = "influencers"
    flag_names = INFLUENCER_CODES
    # the columns that decide a review come first, so they fit 80 columns; the rest are a
    # scroll or the column chooser away
    all_columns: ClassVar[tuple[Column, ...]] = (
        Column("handle", "handle", width=16),
        Column("flags", width=6),
        Column("review", width=6),
        Column("by", width=7),
        Column("tier", "tier", width=9),
        Column("ER", "engagement_rate", width=6),
        Column("IR", "impression_rate", width=6),
        Column("brands", "brands", width=6),
        Column("platform", "platform", width=9),
        Column("followers", "followers", width=9),
        Column("spend", "spend", width=7),
        Column("CPE", "cpe", width=7),
    )
    REVIEW_COLUMNS = ("review", "by")

    def view_columns(self) -> tuple[Column, ...]:
        """The review and reviewer columns show only when a campaign is chosen: decisions
        belong to one."""
        if self.explorer.settings.campaign_id is not None:
            return self.all_columns
        return tuple(c for c in self.all_columns if c.label not in self.REVIEW_COLUMNS)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sort_key = "handle"
        self.platform: str | None = None
        self.tier: str | None = None
        self.decision: str | None = None
        self.marked: dict[int, RosterRow] = {}  # influencer id -> row: decided together
        self._stored_while_loading: dict[int, RosterRow] = {}
        self._progress: Progress | None = None
        self._shown = False

    rows_after = staticmethod(roster_after)
    rows_before = staticmethod(roster_before)
    rows_count = staticmethod(roster_count)
    row_cursor = staticmethod(roster_cursor)

    def view_query(self) -> RosterQuery:
        settings = self.explorer.settings
        return RosterQuery(
            settings,
            text=self.filter_text,
            platform=self.platform,
            tier=self.tier,
            flag=self.flag,
            decision=self.decision if settings.campaign_id is not None else None,
            sort=self.sort_key or "handle",
            descending=self.descending,
        )

    def all_cells(self, row: RosterRow) -> dict[str, Text]:
        handle = plain(row.handle, limit=40)
        if row.influencer_id in self.marked:
            handle = Text(MARK, style="bold", no_wrap=True) + handle
        return {
            "handle": handle,
            "flags": flag_codes(row.flags, INFLUENCER_CODES),
            "review": decision_cell(row.decision, row.note),
            "by": plain(row.reviewer or "", limit=40) if row.decision is not None else Text(""),
            "tier": plain(row.tier),
            "ER": right(fmt_rate(row.engagement_rate)),
            "IR": right(fmt_rate(row.impression_rate)),
            "brands": right(str(row.brands)),
            "platform": plain(row.platform),
            "followers": right(fmt_count(row.followers)),
            "spend": right(fmt_money(row.spend)),
            "CPE": right(fmt_ratio_money(row.cpe)),
        }

    def describe(self) -> list[Part]:
        settings = self.explorer.settings
        parts = []
        if settings.campaign_name:
            parts.append(
                Part(
                    f"campaign {safe(settings.campaign_name, 40)}",
                    safe(settings.campaign_name, 16),
                    rank=4,
                )
            )
        if self.platform:
            parts.append(filter_part("platform", self.platform))
        if self.tier:
            parts.append(filter_part("tier", self.tier))
        if self.decision and settings.campaign_id is not None:
            parts.append(filter_part("review", self.decision))
        return parts + view_parts(settings)

    def marks_parts(self) -> list[Part]:
        if not self.marked:
            return []
        return [Part(f"{len(self.marked)} marked", rank=8, keep=True)]

    # --- marks: several rows decided at once ---------------------------------------------------
    def toggle_mark(self) -> None:
        """Mark the highlighted row (or unmark it) and move on."""
        row = self.current_row
        if row is None:
            return
        if self.marked.pop(row.influencer_id, None) is None:
            self.marked[row.influencer_id] = row
        self.replace_row(self.table.cursor_row, row)
        self.refresh_title()
        self.table.action_cursor_down()

    def unmark(self, influencer_ids: list[int]) -> None:
        """Decided: those rows are no longer marked."""
        dropped = [self.marked.pop(i, None) for i in influencer_ids]
        if any(row is not None for row in dropped):
            self.table.set_rows([self.cells(row) for row in self.rows])
            self.refresh_title()

    def clear_marks(self) -> bool:
        if not self.marked:
            return False
        self.marked.clear()
        self.table.set_rows([self.cells(row) for row in self.rows])
        self.refresh_title()
        return True

    def clear_filter(self) -> bool:
        """esc: the marks go first, then the filters."""
        if self.clear_marks():
            return True
        return super().clear_filter()

    def loaded(self) -> None:
        # a page read just before a write landed would show the old decision
        for row in self._stored_while_loading.values():
            self._patch(row)
        self._stored_while_loading.clear()
        self.refresh_progress()
        if not self._shown:
            self._shown = True
            self.explorer.roster_shown()

    def clear_choices(self) -> bool:
        """Clear the tier, platform and decision filters; returns whether any was set."""
        if not (self.tier or self.platform or self.decision):
            return False
        self.tier = self.platform = self.decision = None
        self.reload()
        return True

    def show_review(self, row: RosterRow) -> None:
        """A stored decision or note: redraw that row if it is on the page, then the progress."""
        if self._columns_match():
            self._patch(row)
        else:  # the campaign just changed and its first page is still loading
            self._stored_while_loading[row.influencer_id] = row
        self.refresh_progress()

    def _patch(self, row: RosterRow) -> None:
        for index, shown in enumerate(self.rows):
            if shown.influencer_id == row.influencer_id and shown.decision is not None:
                changed = replace(
                    shown, decision=row.decision, note=row.note, reviewer=row.reviewer
                )
                self.replace_row(index, changed)

    def jump_to_unreviewed(self) -> None:
        start = self.table.cursor_row if self.rows else -1
        for index in range(start + 1, len(self.rows)):
            if self.rows[index].decision == UNREVIEWED:
                self.table.move_cursor(row=index, animate=False)
                return
        self._jump(self.view_query(), self.current_row)

    @database_work(exclusive=True, group="page")
    def _jump(self, query: RosterQuery, after: RosterRow | None) -> None:
        rows, wrapped = self.explorer.database.call(next_unreviewed, query, after, PAGE_ROWS)
        if not rows:
            campaign = query.settings.campaign_name or ""
            self.app.post_message(Notice(f"every influencer here is reviewed in {campaign}"))
            return
        if wrapped:
            self.app.post_message(Notice("no more below; continued from the top"))
        deliver(self, PageLoaded(rows, 0, None))

    def refresh_progress(self) -> None:
        self._read_progress(self.explorer.settings)

    @database_work(exclusive=True, group="progress")
    def _read_progress(self, settings: ViewSettings) -> None:
        deliver(self, ProgressLoaded(self.explorer.database.call(progress, settings)))

    @on(ProgressLoaded)
    def _show_progress(self, message: ProgressLoaded) -> None:
        self._progress = message.counts
        self.show_status()

    def show_status(self) -> None:
        """Under a campaign: the review progress and the budget's pacing (as of the view)."""
        counts: Progress | None = self._progress
        status = self.query_one(".pane-status", Line)
        status.display = counts is not None
        if counts is not None:
            line = counts.line()
            if counts.unreviewed == 0 and counts.total:
                line += " · all reviewed"
            lookups = self.explorer.lookups
            campaign_id = self.explorer.settings.campaign_id
            pacing = lookups.pacings.get(campaign_id) if lookups and campaign_id else None
            if pacing is not None:
                line += f" · {fmt_pacing_short(pacing)}"
            status.update(Text(line, no_wrap=True, overflow="ellipsis"))


class PostsPane(TablePane):
    noun = "posts"
    flag_names = POST_CODES
    all_columns = (
        Column("date", "posted_at", width=10),
        Column("flags", "flags", width=5),
        Column("handle", width=14),
        Column("title", width=28),
        Column("views", "views", width=7),
        Column("likes", width=7),
        Column("comments", width=8),
        Column("ER", "engagement_rate", width=6),
        Column("IR", width=6),
        Column("cost", "cost", width=7),
        Column("CPE", "cpe", width=7),
        Column("CPM", width=8),
        Column("platform", width=9),
        Column("campaign", width=12),
    )

    def __init__(self, influencer: RosterRow | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.influencer = influencer
        self.sort_key = "posted_at"
        self.descending = True

    rows_after = staticmethod(post_analysis.posts_after)
    rows_before = staticmethod(post_analysis.posts_before)
    rows_count = staticmethod(post_analysis.posts_count)
    row_cursor = staticmethod(post_analysis.post_cursor)

    def view_query(self) -> post_analysis.PostQuery:
        settings = self.explorer.settings
        return post_analysis.PostQuery(
            settings=settings,
            text=self.filter_text,
            influencer_id=self.influencer.influencer_id if self.influencer else None,
            campaign_id=None if self.influencer else settings.campaign_id,
            flag=self.flag,
            sort=self.sort_key or "posted_at",
            descending=self.descending,
        )

    def all_cells(self, row: post_analysis.PostRow) -> dict[str, Text]:
        return {
            "date": plain(row.posted_at),
            "flags": flag_codes(row.flags, POST_CODES),
            "handle": plain(row.handle, limit=30),
            "title": plain(row.title, limit=80),
            "views": right(fmt_count(row.views)),
            "likes": right("hidden" if row.likes_hidden else fmt_count(row.likes)),
            "comments": right(fmt_count(row.comments)),
            "ER": right(fmt_rate(row.engagement_rate)),
            "IR": right(fmt_rate(row.impression_rate)),
            "cost": right(fmt_money(row.cost)),
            "CPE": right(fmt_ratio_money(row.cpe)),
            "CPM": right(fmt_ratio_money(row.cpm)),
            "platform": plain(row.platform),
            "campaign": plain(row.campaign or "", limit=20),
        }

    def describe(self) -> list[Part]:
        settings = self.explorer.settings
        if self.influencer:
            handle = self.influencer.handle
            scope = Part(f"of {safe(handle, 40)}", safe(handle, 16), rank=4)
        elif settings.campaign_name:
            name = settings.campaign_name
            scope = Part(f"campaign {safe(name, 40)}", safe(name, 16), rank=4)
        else:
            scope = Part("all campaigns", "", rank=1)
        return [scope, *view_parts(settings)]


class KeyTable(DataTable[Text]):
    """A short table (platforms, tiers) with the same moving keys as the paged tables."""

    BINDINGS: ClassVar = [
        Binding("j", "cursor_down", "Down", show=False, id="short.down", tooltip="move down"),
        Binding("k", "cursor_up", "Up", show=False, id="short.up", tooltip="move up"),
        Binding("g", "scroll_top", "Top", show=False, id="short.top", tooltip="first row"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="short.bottom", tooltip="last row"),
    ]


class PlatformsPane(ShownPane):
    """One row per platform: spend, share bar, weekly trend, risk and its reasons."""

    class Selected(Message):
        def __init__(self, summary: PlatformSummary, rebalance: list[str]) -> None:
            super().__init__()
            self.summary = summary
            self.rebalance = rebalance  # the proposal's lines that concern this platform

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.summaries: list[PlatformSummary] = []
        self.rebalance: list[str] = []

    def compose(self) -> ComposeResult:
        yield Line(classes="pane-title")
        yield KeyTable(cursor_type="row", zebra_stripes=True, classes="pane-table")
        yield Static("", id="platform-reasons")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        columns = (
            ("platform", 10),
            ("spend", 7),
            ("share", 6),
            ("", 10),
            ("trend (wks)", 23),
            ("risk", 9),
        )
        for label, width in columns:
            self.table.add_column(label, key=label or "bar", width=width)
        self.reload()

    def load_now(self) -> None:
        self._load(self.explorer.settings)

    @database_work(exclusive=True, group="platforms")
    def _load(self, settings: ViewSettings) -> None:
        view = self.explorer.database.call(platform_view, settings)
        deliver(self, PlatformsLoaded(view.platforms, view.rebalance.summary()))

    @database_work(exclusive=True, group="rebalance")
    def accept(self, settings: ViewSettings, reviewer: str) -> None:
        """Accept the rebalance proposal: recorded (who, when, the numbers) in the audit trail."""
        try:
            message = self.explorer.database.call_session(accept_rebalance, settings, reviewer)
        except ValueError as exc:  # nothing to accept
            self.app.post_message(Notice(str(exc), "warning"))
            return
        self.app.post_message(Notice(message))

    @on(PlatformsLoaded)
    def _show(self, message: PlatformsLoaded) -> None:
        summaries = self.summaries = message.summaries
        self.rebalance = message.rebalance
        row = self.table.cursor_row
        self.table.clear()
        for summary in summaries:
            trend = summary.trend
            self.table.add_row(
                plain(summary.platform),
                right(fmt_money(summary.spend)),
                right(fmt_rate(summary.spend_share)),
                Text(bar(summary.spend_share), style="cyan"),
                Text(
                    f"{short_series(trend.name):<6} {sparkline(trend.values)}" if trend else "",
                    no_wrap=True,
                ),
                risk_cell(summary.risk),
            )
        if summaries:
            self.table.move_cursor(row=min(max(row, 0), len(summaries) - 1), animate=False)
        title = f"{counted(len(summaries), 'platforms')} · spend share and weekly risk · {self.explorer.settings.describe()}"
        self.query_one(".pane-title", Line).update(Text(title, no_wrap=True, overflow="ellipsis"))
        self._show_reasons()

    def _show_reasons(self) -> None:
        row = self.table.cursor_row
        if not (0 <= row < len(self.summaries)):
            self.query_one("#platform-reasons", Static).update("")
            return
        summary = self.summaries[row]
        heading = (
            f"{summary.platform}: risk {summary.risk}, {fmt_rate(summary.spend_share)} of spend"
        )
        reasons = list(summary.reasons) or ["no series is falling"]
        parts: list[Text | Padding] = [Text(safe(heading, 400))]
        # a wrapped reason continues under itself, not under the heading
        parts += [Padding(Text(safe(reason, 400)), (0, 0, 0, 2)) for reason in reasons]
        if self.rebalance:
            parts.append(Text("rebalance (b accepts):"))
            parts += [Padding(Text(safe(line, 400)), (0, 0, 0, 2)) for line in self.rebalance]
        self.query_one("#platform-reasons", Static).update(Group(*parts))

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_reasons()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.summaries):
            summary = self.summaries[event.cursor_row]
            mine = [line for line in self.rebalance if f" {summary.platform}" in line]
            self.post_message(self.Selected(summary, mine))

    @property
    def current(self) -> PlatformSummary | None:
        row = self.table.cursor_row
        return self.summaries[row] if 0 <= row < len(self.summaries) else None


SERIES_SHORT = {"engagement_rate": "ER", "impression_rate": "IR", "er_by_views": "ER/vw"}


def short_series(name: str) -> str:
    return SERIES_SHORT.get(name, name[:6])
