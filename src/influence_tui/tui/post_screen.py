"""One post, whole: its title, every number with its definition, its flags with their reasons and
its link (when the data has one). Everything from the data is plain text."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from influence_tui.analysis.posts import PostDetail, PostRow, post_detail
from influence_tui.domain.metrics import METRIC_DEFINITIONS
from influence_tui.report.numbers import fmt_count, fmt_money, fmt_rate, fmt_ratio_money
from influence_tui.tui.flags import FLAG_STYLE, POST_CODES, coded
from influence_tui.tui.messages import PostLoaded
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.text import safe
from influence_tui.tui.workers import database_work, deliver

TITLE_LIMIT = 5_000  # characters of a title or caption shown (the whole of any real one)

# what each count is, as the post's latest snapshot reported it
COUNT_DEFINITIONS = {
    "views": "views of the post, as its latest snapshot reported them",
    "likes": "likes, as its latest snapshot reported them",
    "comments": "comments, as its latest snapshot reported them",
    "shares": "shares (not part of engagements)",
    "saves": "saves (not part of engagements)",
    "followers": "the creator's followers, the denominator of ER and IR",
    "cost": "what the post cost (its share of the campaign's payment)",
}


class PostScreen(ExplorerNode, Screen[None]):
    BINDINGS: ClassVar = [
        Binding("escape,q", "app.pop_screen", "Back", id="post.back", tooltip="back to the list"),
        Binding("j", "scroll(1)", "Down", show=False, id="post.down", tooltip="scroll down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="post.up", tooltip="scroll up"),
    ]

    def __init__(self, post: PostRow) -> None:
        super().__init__()
        self.post = post

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="post-body"):
            yield Static(
                Text(f"{self.post.posted_at} · {safe(self.post.handle, 60)} · loading…"),
                id="post-text",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#post-body").focus()
        self._load(self.post.id)

    def data_changed(self) -> None:
        self._load(self.post.id)

    def action_scroll(self, step: int) -> None:
        self.query_one("#post-body", VerticalScroll).scroll_relative(y=step, animate=False)

    @database_work(exclusive=True, group="post")
    def _load(self, post_id: int) -> None:
        deliver(self, PostLoaded(self.explorer.database.call(post_detail, post_id)))

    @on(PostLoaded)
    def _show(self, message: PostLoaded) -> None:
        widget = self.query_one("#post-text", Static)
        if message.detail is None:
            widget.update(Text("this post is no longer in the database"))
            return
        widget.update(post_text(message.detail))


def post_numbers(detail: PostDetail) -> list[tuple[str, str, str]]:
    """(name, value, definition) of every number of the post."""
    row: dict[str, Any] = detail.row
    likes = "hidden" if row["likes_hidden"] else fmt_count(row["likes"])
    return [
        ("views", fmt_count(row["views"]), COUNT_DEFINITIONS["views"]),
        ("likes", likes, COUNT_DEFINITIONS["likes"]),
        ("comments", fmt_count(row["comments"]), COUNT_DEFINITIONS["comments"]),
        ("shares", fmt_count(row["shares"]), COUNT_DEFINITIONS["shares"]),
        ("saves", fmt_count(row["saves"]), COUNT_DEFINITIONS["saves"]),
        ("engagements", fmt_count(detail.engagements), METRIC_DEFINITIONS["engagements"]),
        ("followers", fmt_count(row["followers"]), COUNT_DEFINITIONS["followers"]),
        ("ER", fmt_rate(row["engagement_rate"]), "engagements ÷ followers (this post)"),
        ("IR", fmt_rate(row["impression_rate"]), "views ÷ followers (this post)"),
        ("ER/views", fmt_rate(detail.er_by_views), METRIC_DEFINITIONS["ER/views"]),
        ("cost", fmt_money(row["cost"]), COUNT_DEFINITIONS["cost"]),
        ("CPE", fmt_ratio_money(row["cpe"]), "cost per engagement = cost ÷ engagements"),
        ("CPM", fmt_ratio_money(row["cpm"]), METRIC_DEFINITIONS["CPM"]),
    ]


def post_text(detail: PostDetail) -> Group:
    """The post as plain text: a definition or reason too long for the line wraps under itself."""
    row: dict[str, Any] = detail.row
    head = Text()
    head.append(f"{safe(row['handle'], 80)}", style="bold")
    head.append(f" · {safe(row['platform'], 30)} · posted {safe(row['posted_at'], 20)}\n")
    campaign = safe(row["campaign"], 60) if row["campaign"] else "no campaign"
    brand = safe(row["brand"], 60) if row["brand"] else "no brand"
    head.append(f"{campaign} · {brand} · {'sponsored' if row['sponsored'] else 'not sponsored'}")
    if row["provenance"] == "estimated":
        head.append(" · estimated numbers")
    head.append("\n\n")
    head.append("title\n", style="bold")
    head.append(safe(row["title"], TITLE_LIMIT) if row["title"] else "(no title or caption)")
    head.append("\n\n")
    head.append("link ", style="bold")
    head.append(detail.link or "none: the data has no URL or platform id that makes one")
    head.append("\n")
    numbers = Table.grid(padding=(0, 1))
    numbers.add_column(justify="right", style="bold", no_wrap=True)
    numbers.add_column(justify="right", style="bold", no_wrap=True)
    numbers.add_column(overflow="fold")
    for name, value, definition in post_numbers(detail):
        numbers.add_row(Text(name), Text(value), Text(definition))
    flags = Table.grid(padding=(0, 1))
    flags.add_column(style=FLAG_STYLE, no_wrap=True)
    flags.add_column(overflow="fold")
    for flag, reason in detail.flag_reasons.items():
        flags.add_row(Text(coded(flag, POST_CODES)), Text(safe(reason, 300)))
    if not detail.flag_reasons:
        flags.add_row(Text("flags"), Text("none"))
    return Group(head, numbers, Text(""), flags)
