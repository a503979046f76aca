"""The explorer app: the main screen with its three panes, the keys and the command palette."""

from __future__ import annotations

import datetime as dt
import getpass
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter, Monochrome
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Input, Static

from influence_tui.analysis import session as session_analysis
from influence_tui.analysis.roster import RosterQuery, RosterRow
from influence_tui.analysis.view import ViewSettings
from influence_tui.domain.triage import DECISIONS
from influence_tui.tui.choice import ChoiceScreen, campaign_options, campaign_picked
from influence_tui.tui.database import DatabaseThread
from influence_tui.tui.messages import (
    DataChanged,
    Lookups,
    LookupsLoaded,
    Notice,
    ReviewStored,
    UndoFailed,
    UndoStep,
)
from influence_tui.tui.no_colour import READABLE_MONOCHROME
from influence_tui.tui.paged_table import ShownPane, TablePane
from influence_tui.tui.panes import PlatformsPane, PostsPane, RosterPane
from influence_tui.tui.review import TRIAGE_BINDINGS, ReviewKeys
from influence_tui.tui.table_keys import TABLE_BINDINGS, TableKeys
from influence_tui.tui.text import safe
from influence_tui.tui.tiers_pane import TiersPane
from influence_tui.tui.workers import database_work, problem

PANES = ("roster", "posts", "platforms", "tiers")
POLL_SECONDS = 1.0
READY_AT_THE_LATEST = 5.0  # seconds: on_ready runs by then even if the roster never loads


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


PANE_TITLES = {
    "roster": "1 Roster",
    "posts": "2 Posts",
    "platforms": "3 Platforms",
    "tiers": "4 Tiers",
}


REVIEW_FILTERS = [("all decisions", None)] + [(decision, decision) for decision in DECISIONS]
# (title, help, ExplorerScreen action) for the command palette
SCREEN_COMMANDS = (
    ("Filter", "Filter the current table", "filter"),
    ("Clear filter", "Show every row again", "back"),
    ("Sort ascending", "Sort by the column under the cursor", "sort_ascending"),
    ("Sort descending", "Sort by the column under the cursor", "sort_descending"),
    ("Choose campaign", "Focus on one campaign", "choose_campaign"),
    ("Choose tier", "Filter the roster by tier", "choose_tier"),
    ("Choose platform", "Filter the roster by platform", "choose_platform"),
    ("Review filter", "Show influencers with one decision", "choose_review"),
    ("Next unreviewed", "Jump to the next influencer to review", "next_unreviewed"),
)
ROSTER_ONLY = {"decide", "edit_note", "next_unreviewed", "choose_review", "mark"}


class ExplorerScreen(TableKeys, ReviewKeys):
    BINDINGS: ClassVar = [
        Binding(
            "1",
            "show('roster')",
            "Roster",
            show=False,
            id="pane.roster",
            tooltip="show the Roster pane",
        ),
        Binding(
            "2",
            "show('posts')",
            "Posts",
            show=False,
            id="pane.posts",
            tooltip="show the Posts pane",
        ),
        Binding(
            "3",
            "show('platforms')",
            "Platforms",
            show=False,
            id="pane.platforms",
            tooltip="show the Platforms pane",
        ),
        Binding(
            "4",
            "show('tiers')",
            "Tiers",
            show=False,
            id="pane.tiers",
            tooltip="show the Tiers pane",
        ),
        Binding(
            "tab",
            "cycle",
            "Next pane",
            show=False,
            priority=True,
            id="pane.cycle",
            tooltip="next pane",
        ),
        Binding(
            "slash",
            "filter",
            "Filter",
            id="filter",
            tooltip="live filter (roster: handle, name, country; posts: words of the title or brand, handle)",
        ),
        Binding(
            "s",
            "sort",
            "Sort",
            id="sort",
            tooltip="sort by the column under the cursor (again: flip)",
        ),
        Binding(
            "left_square_bracket",
            "sort_ascending",
            "Sort ↑",
            show=False,
            id="sort.ascending",
            tooltip="sort ascending by the column under the cursor",
        ),
        Binding(
            "right_square_bracket",
            "sort_descending",
            "Sort ↓",
            show=False,
            id="sort.descending",
            tooltip="sort descending by the column under the cursor",
        ),
        Binding(
            "c", "choose_campaign", "Campaign", id="choose.campaign", tooltip="choose the campaign"
        ),
        Binding("t", "choose_tier", "Tier", show=False, id="choose.tier", tooltip="filter by tier"),
        Binding(
            "p",
            "choose_platform",
            "Platform",
            show=False,
            id="choose.platform",
            tooltip="filter by platform",
        ),
        Binding(
            "n",
            "new_entry",
            "New spend",
            id="spend.new",
            tooltip="record a spend entry",
        ),
        *TABLE_BINDINGS,
        Binding(
            "L",
            "ledger",
            "Ledger",
            id="spend.ledger",
            tooltip="the spend ledger: list, fix and delete spend entries",
        ),
        Binding(
            "b",
            "accept_rebalance",
            "Accept rebalance",
            show=False,
            id="rebalance.accept",
            tooltip="accept the rebalance proposal (Platforms pane; recorded in the audit trail)",
        ),
        *TRIAGE_BINDINGS,
        Binding(
            "space,v",
            "mark",
            "Mark",
            show=False,
            id="triage.mark",
            tooltip="mark the highlighted influencer (again: unmark); K W D U decide every marked one",
        ),
        Binding(
            "greater_than_sign",
            "next_unreviewed",
            "Next",
            id="triage.next",
            tooltip="jump to the next unreviewed influencer",
        ),
        Binding(
            "r",
            "choose_review",
            "Review filter",
            show=False,
            id="choose.review",
            tooltip="filter the roster by review decision",
        ),
        Binding(
            "escape", "back", "Clear", show=False, id="back", tooltip="back, or clear the filter"
        ),
        Binding("question_mark,f1", "app.help", "Help", id="help", tooltip="this help"),
        Binding(
            "colon",
            "app.command_palette",
            "Commands",
            show=False,
            id="palette",
            tooltip="command palette",
        ),
        Binding("q", "app.quit", "Quit", id="quit", tooltip="quit (ctrl+q quits from anywhere)"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="top-bar", markup=False)
        with ContentSwitcher(initial="roster"):
            yield RosterPane(id="roster")
            yield PostsPane(id="posts")
            yield PlatformsPane(id="platforms")
            yield TiersPane(id="tiers")
        # the top bar shows the pane keys and help lists the palette, so the footer fits 80 columns
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self.explorer.blink
        self.show_pane("roster")

    @property
    def current(self) -> str:
        return self.query_one(ContentSwitcher).current or "roster"

    def show_pane(self, name: str) -> None:
        self.query_one(ContentSwitcher).current = name
        pane = self.query_one(f"#{name}")
        if isinstance(pane, ShownPane):
            pane.reload_if_stale()
        pane.query_one(".pane-table").focus()
        self.refresh_top_bar()
        self.refresh_bindings()

    TOP_BAR_START = len("influence-tui  ") + 1  # the bar's left padding, then its name

    def refresh_top_bar(self) -> None:
        tabs = "  ".join(
            f"[{PANE_TITLES[p]}]" if p == self.current else f" {PANE_TITLES[p]} " for p in PANES
        )
        # where each tab is drawn, for the mouse
        x, self._tab_spans = self.TOP_BAR_START, []
        for pane in PANES:
            width = len(PANE_TITLES[pane]) + 2
            self._tab_spans.append((x, x + width, pane))
            x += width + 2
        read_only = " · read-only" if self.explorer.read_only else ""
        self.query_one("#top-bar", Static).update(
            Text(
                f"influence-tui  {tabs}  {safe(self.explorer.db_path.name, 30)}{read_only}",
                no_wrap=True,
            )
        )

    @on(events.Click, "#top-bar")
    def _tab_clicked(self, event: events.Click) -> None:
        """A click on a pane's tab shows that pane."""
        for start, end, pane in getattr(self, "_tab_spans", []):
            if start <= event.x < end:
                self.show_pane(pane)
                return

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new_entry", "ledger"):
            return self.current == "platforms"
        if action in (
            "sort",
            "sort_ascending",
            "sort_descending",
            "filter",
            "choose_tier",
            "choose_flag",
            "choose_columns",
        ):
            return self.current not in ("platforms", "tiers")
        if action in ROSTER_ONLY:
            return self.current == "roster"
        return True

    # --- triage ------------------------------------------------------------------------------------
    def review_target(self) -> RosterRow | None:
        return self.query_one(RosterPane).current_row

    def review_targets(self) -> list[RosterRow]:
        roster = self.query_one(RosterPane)
        if roster.marked:
            return list(roster.marked.values())
        return super().review_targets()

    def action_mark(self) -> None:
        self.query_one(RosterPane).toggle_mark()

    def review_moved_on(self, row: RosterRow) -> None:
        roster = self.query_one(RosterPane)
        if roster.current_row is row:
            roster.table.action_cursor_down()

    def action_next_unreviewed(self) -> None:
        roster = self.query_one(RosterPane)
        self.with_campaign(roster.jump_to_unreviewed)

    def action_choose_review(self) -> None:
        self.with_campaign(
            lambda: self.choose_roster_filter("decision", "Review decision", REVIEW_FILTERS)
        )

    def data_changed(self) -> None:
        self.query_one(RosterPane).refresh_rows()
        self.query_one(PostsPane).refresh_rows()
        self.query_one(PlatformsPane).reload()
        self.query_one(TiersPane).reload()

    def table_pane(self) -> TablePane | None:
        pane = self.query_one(f"#{self.current}")
        return pane if isinstance(pane, TablePane) else None

    def action_show(self, name: str) -> None:
        self.show_pane(name)

    def action_cycle(self) -> None:
        focused = self.app.focused
        if isinstance(focused, Input):
            self.focus_next()
            return
        self.show_pane(PANES[(PANES.index(self.current) + 1) % len(PANES)])

    def action_filter(self) -> None:
        pane = self.table_pane()
        if pane:
            pane.open_filter()

    def action_sort(self) -> None:
        if pane := self.table_pane():
            pane.sort_current_column()

    def action_sort_ascending(self) -> None:
        if pane := self.table_pane():
            pane.sort_current_column(descending=False)

    def action_sort_descending(self) -> None:
        if pane := self.table_pane():
            pane.sort_current_column(descending=True)

    def action_back(self) -> None:
        """esc: close or clear the typed filter; with none, clear the roster's tier, platform
        and decision filters."""
        pane = self.table_pane()
        if pane is None or pane.clear_filter():
            return
        if isinstance(pane, RosterPane) and pane.clear_choices():
            self.app.notify("tier, platform and review filters cleared", markup=False)

    def action_choose_campaign(self) -> None:
        self.explorer.with_lookups(self._choose_campaign)

    def _choose_campaign(self, lookups: Lookups) -> None:
        campaigns = lookups.campaigns
        options = [("all campaigns", None), *campaign_options(campaigns, lookups.pacings)]

        def chosen(value: str | None) -> None:
            if value is None:
                return
            match = campaign_picked(campaigns, value)
            self.explorer.set_campaign(
                match["id"] if match else None, match["name"] if match else None
            )

        current = self.explorer.settings.campaign_id
        self.app.push_screen(
            ChoiceScreen("Campaign", options, None if current is None else str(current)), chosen
        )

    def choose_roster_filter(
        self, attribute: str, title: str, options: Sequence[tuple[str, str | None]]
    ) -> None:
        """Ask for one value of a roster filter (tier, platform, decision) and show the roster."""
        roster = self.query_one(RosterPane)

        def chosen(value: str | None) -> None:
            if value is not None:
                setattr(roster, attribute, value or None)
                roster.reload()
                self.show_pane("roster")

        current = getattr(roster, attribute)
        self.app.push_screen(ChoiceScreen(title, options, current), chosen)

    def action_choose_tier(self) -> None:
        scheme = self.explorer.settings.scheme
        options = [("all tiers", None)] + [(name, name) for name in scheme.names]
        self.choose_roster_filter("tier", f"Tier ({scheme.name}: {scheme.description})", options)

    def action_choose_platform(self) -> None:
        self.explorer.with_lookups(self._choose_platform)

    def _choose_platform(self, lookups: Lookups) -> None:
        options = [("all platforms", None)] + [(name, name) for name in lookups.platforms]
        self.choose_roster_filter("platform", "Platform", options)

    def action_new_entry(self) -> None:
        if self.explorer.read_only:
            self.app.notify("read-only: this session cannot record spend", severity="warning")
            return
        platforms = self.query_one(PlatformsPane)
        current = platforms.current
        as_of = self.explorer.settings.as_of

        def done(message: str | None) -> None:
            if message:
                self.app.notify(message, markup=False)
                platforms.reload()
                self.explorer.load_lookups()  # the entry may name a new platform

        from influence_tui.tui.spend_form import SpendForm

        form = SpendForm(current.platform if current else "", as_of.isoformat() if as_of else "")
        self.app.push_screen(form, done)

    def action_ledger(self) -> None:
        from influence_tui.tui.ledger_screen import LedgerScreen

        current = self.query_one(PlatformsPane).current
        self.app.push_screen(LedgerScreen(current.platform if current else None))

    def action_accept_rebalance(self) -> None:
        if self.explorer.read_only:
            self.app.notify("read-only: this session cannot accept a rebalance", severity="warning")
            return
        self.query_one(PlatformsPane).accept(self.explorer.settings, self.explorer.reviewer)

    def reload_tables(self) -> None:
        self.query_one(RosterPane).reload()
        self.query_one(PostsPane).reload()
        self.query_one(TiersPane).reload()

    @on(TablePane.Selected)
    def _drill_down(self, event: TablePane.Selected) -> None:
        if isinstance(event.pane, RosterPane):
            from influence_tui.tui.detail_screen import DetailScreen

            self.app.push_screen(DetailScreen(event.row))
        elif isinstance(event.pane, PostsPane):
            from influence_tui.tui.post_screen import PostScreen

            self.app.push_screen(PostScreen(event.row))

    @on(TiersPane.Selected)
    def _tier(self, event: TiersPane.Selected) -> None:
        roster = self.query_one(RosterPane)
        roster.tier, roster.platform = event.row.tier, event.row.platform
        roster.reload()
        self.show_pane("roster")

    @on(PlatformsPane.Selected)
    def _platform(self, event: PlatformsPane.Selected) -> None:
        from influence_tui.tui.platform_screen import PlatformScreen

        self.app.push_screen(PlatformScreen(event.summary, event.rebalance))


class ExplorerApp(App[None]):
    TITLE = "influence-tui"
    CSS_PATH = "explorer.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar = [
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="app.quit",
            tooltip="quit from anywhere",
        )
    ]

    def __init__(
        self,
        db_path: Path,
        settings: ViewSettings,
        *,
        read_only: bool = False,
        blink: bool = True,
        reviewer: str | None = None,
        poll_seconds: float | None = POLL_SECONDS,
        database: DatabaseThread | None = None,
        on_ready: Callable[[], None] | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        """`database`: a database thread whose session is already open (the command line opens
        it before the screen, so a bad file is one line on stderr). `on_ready`: called once,
        when the first roster page has been painted (at the latest when the app closes)."""
        super().__init__()
        self._ready_callback = on_ready
        self.db_path = Path(db_path)
        self.settings = settings
        self._errors_shown: dict[str, float] = {}  # error line -> when it was last shown
        self._keymap_in_settings = dict(keymap or {})
        self.read_only = read_only
        self.blink = blink
        self.reviewer = reviewer or login_name()
        self.poll_seconds = poll_seconds
        self._poll_problem: str | None = None
        self.database = database or DatabaseThread(
            self.db_path, read_only=read_only, as_of=settings.as_of
        )
        # the pickers' lists, read in the background so a picker opens at once
        self.lookups: Lookups | None = None
        self._waiting_for_lookups: Callable[[Lookups], None] | None = None
        # the session's review changes, newest last: what `u` undoes
        self.undo_stack: list[UndoStep] = []
        # the columns hidden with the column chooser, per kind of table (its noun): the
        # session's choice, the same in the roster and in each detail's posts
        self.hidden_columns: dict[str, frozenset[str]] = {}

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, with NO_COLOR's greys kept readable (tui/no_colour.py)."""
        filters = super().get_line_filters()
        if not self.no_color:
            return filters
        return [READABLE_MONOCHROME if isinstance(f, Monochrome) else f for f in filters]

    def on_mount(self) -> None:
        if self._keymap_in_settings:
            self.set_keymap(self._keymap_in_settings)
        self.database.refuse_waits_from_this_thread()
        self.push_screen(ExplorerScreen())
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.check_for_changes)
        if self._ready_callback is not None:
            self.set_timer(READY_AT_THE_LATEST, self._startup_ready)

    def roster_shown(self) -> None:
        """The roster pane has shown a page: once it is painted, the explorer is ready."""
        if self._ready_callback is not None:
            self.call_after_refresh(self._startup_ready)
        self.load_lookups()

    def _startup_ready(self) -> None:
        callback, self._ready_callback = self._ready_callback, None
        if callback is not None:
            callback()

    def set_campaign(self, campaign_id: int | None, name: str | None) -> None:
        self.set_settings(self.settings.with_campaign(campaign_id, name))

    def set_settings(self, settings: ViewSettings) -> None:
        """Another campaign or tier scheme: every pane shows the new view (a roster tier filter
        the new scheme does not have is dropped)."""
        self.settings = settings
        explorer = next((s for s in self.screen_stack if isinstance(s, ExplorerScreen)), None)
        if explorer is not None:
            roster = explorer.query_one(RosterPane)
            if roster.tier and roster.tier not in settings.scheme.names:
                roster.tier = None
            explorer.reload_tables()

    @on(ReviewStored)
    def _review_stored(self, message: ReviewStored) -> None:
        """Decisions or a note were stored: show them in the roster and the progress line, then
        on the screen whose keys made them, if it is still open; keep how to undo them."""
        if message.step is not None:
            self.undo_stack.append(message.step)
        for screen in self.screen_stack:
            if isinstance(screen, ExplorerScreen):
                roster = screen.query_one(RosterPane)
                for row in message.rows:
                    roster.show_review(row)
                roster.unmark([row.influencer_id for row in message.rows])
        if message.screen in self.screen_stack:
            for row in message.rows:
                message.screen.reviewed(row, message.results[row.influencer_id])

    @on(UndoFailed)
    def _undo_failed(self, message: UndoFailed) -> None:
        self.undo_stack.append(message.step)

    def columns_chosen(self, noun: str) -> None:
        """The column chooser changed the columns of the tables of `noun`: redraw each."""
        for screen in self.screen_stack:
            for pane in screen.query(TablePane):
                if pane.noun == noun:
                    pane.columns_changed()

    # --- the pickers' lists ------------------------------------------------------------------------
    def with_lookups(self, then: Callable[[Lookups], None]) -> None:
        """Call `then` with the pickers' lists: now when they are loaded, else once they are (only
        the latest ask waits: one picker opens, even if a read failed and the key was pressed
        again)."""
        if self.lookups is not None:
            then(self.lookups)
            return
        self._waiting_for_lookups = then
        self.load_lookups()

    def load_lookups(self) -> None:
        self._load_lookups(self.settings.as_of)

    @database_work(exclusive=True, group="lookups")
    def _load_lookups(self, as_of: dt.date | None) -> None:
        from influence_tui.analysis.budgets import campaign_pacings

        campaigns = self.database.call(session_analysis.campaigns)
        platforms = self.database.call(session_analysis.platform_names)
        pacings = self.database.call(campaign_pacings, campaigns, as_of)
        self.post_message(LookupsLoaded(Lookups(campaigns, platforms, pacings)))

    @on(LookupsLoaded)
    def _lookups_loaded(self, message: LookupsLoaded) -> None:
        self.lookups = message.lookups
        for screen in self.screen_stack:
            if isinstance(screen, ExplorerScreen):
                screen.query_one(RosterPane).show_status()  # the campaign's budget
        then, self._waiting_for_lookups = self._waiting_for_lookups, None
        if then is not None:
            then(message.lookups)

    # --- other sessions' changes -------------------------------------------------------------------
    @database_work(exclusive=True, group="poll")
    def check_for_changes(self) -> None:
        """Another session committed (a decision, an import) or replaced the file: show it."""
        try:
            change = self.database.poll()
        except Exception as exc:  # the file vanished or broke: say so once, keep running
            if str(exc) != self._poll_problem:
                self._poll_problem = str(exc)
                self.post_message(problem(exc))
            return
        self._poll_problem = None
        if change is None:
            return
        if change.kind == "replaced":
            self.post_message(Notice("the database file was replaced; showing the new one"))
        self.post_message(DataChanged(change.as_of))

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        as_of = message.as_of
        if as_of != self.settings.as_of:  # the title and the numbers move together
            self.settings = replace(self.settings, as_of=as_of)
        self.load_lookups()
        for screen in self.screen_stack:
            if hasattr(screen, "data_changed"):
                screen.data_changed()

    @on(Notice)
    def _notice(self, message: Notice) -> None:
        """Every worker's outcome and problem: one line, plain text (never markup). A problem
        already on screen is not stacked again: a broken database fails every load the same way,
        and one line says it."""
        now = time.monotonic()
        if message.severity == "error":
            if now - self._errors_shown.get(message.text, -math.inf) < self.NOTIFICATION_TIMEOUT:
                return
            self._errors_shown[message.text] = now
        self.notify(message.text, severity=message.severity, markup=False)

    def on_unmount(self) -> None:
        self._startup_ready()
        self.database.close()

    def action_help(self) -> None:
        from influence_tui.tui.help_screen import HelpScreen
        from influence_tui.tui.keymap import help_lines

        bindings = [
            (self.get_key_display(active.binding), active.binding)
            for active in self.screen.active_bindings.values()
        ]
        self.push_screen(
            HelpScreen(help_lines(bindings), self.settings.rules.flags, self.settings.risk)
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ExplorerScreen):
            return
        for name in PANES:
            yield SystemCommand(
                f"Show {name}", f"Switch to the {name} pane", lambda n=name: screen.show_pane(n)
            )
        for title, help_text, action in SCREEN_COMMANDS:
            yield SystemCommand(title, help_text, getattr(screen, f"action_{action}"))
        yield SystemCommand(
            "Export report",
            "Write the report of what is on screen (campaign, roster filters) as Markdown",
            self.export_report,
        )

    def export_report(self) -> None:
        """Ask where (a dated name in the current folder by default), then write the report of
        the view on screen: its campaign and the roster's filters."""
        from influence_tui.analysis.report import roster_filters
        from influence_tui.tui.export_screen import ExportScreen, default_report_path

        settings = self.settings
        explorer = next((s for s in self.screen_stack if isinstance(s, ExplorerScreen)), None)
        roster = explorer.query_one(RosterPane).view_query() if explorer else None
        what = (
            " · ".join(
                part
                for part in (
                    f"campaign {safe(settings.campaign_name, 40)}"
                    if settings.campaign_name
                    else "",
                    roster_filters(roster) if roster else None,
                )
                if part
            )
            or "every influencer"
        )
        as_of = settings.as_of.isoformat() if settings.as_of else None

        def chosen(target: Path | None) -> None:
            if target is not None:
                self._export_report(settings, roster, target)

        self.push_screen(ExportScreen(default_report_path(Path.cwd(), as_of), what), chosen)

    @database_work(group="export")
    def _export_report(
        self, settings: ViewSettings, roster: RosterQuery | None, target: Path
    ) -> None:
        from influence_tui.analysis.report import build_report
        from influence_tui.report.render import render_markdown

        report = self.database.call(build_report, settings, roster)
        try:
            target.write_text(render_markdown(report), encoding="utf-8")
        except OSError as exc:
            self.post_message(Notice(f"cannot write {target}: {exc.strerror}", "error"))
            return
        count = len(report["influencers"])
        self.post_message(Notice(f"report written to {target} ({count} influencers)"))
