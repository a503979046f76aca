"""A table pane over a SQL window: it holds one page of rows and asks for the next or previous
page at the edges (keyset paging), so it never holds a whole table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ContentSwitcher, Input

from influence_tui.domain.text import counted
from influence_tui.tui.messages import CountLoaded, Direction, PageLoaded, Place
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.row_table import RowTable
from influence_tui.tui.text import Line, safe
from influence_tui.tui.title import Part, TitleLine
from influence_tui.tui.workers import database_work, deliver

PAGE_ROWS = 100


@dataclass(frozen=True)
class Column:
    label: str
    sort_key: str | None = None  # name in the store's whitelist of sortable columns
    width: int | None = None  # None: as wide as the label
    hideable: bool = True  # the column chooser may hide it (never the first column)


def header_label(mark: str, label: str, arrow: str, width: int) -> str:
    """A header in `width` cells: the cursor mark and the sort arrow always show, the label keeps
    its start and is cut with "…" only when all three do not fit ("▸follow…↓")."""
    whole = f"{mark}{label}{arrow}"
    if len(whole) <= width:
        return whole
    room = max(1, width - len(mark) - len(arrow) - 1)
    return f"{mark}{label[:room]}…{arrow}"


class PagedTable(RowTable):
    """A row table whose cursor edges ask for more rows instead of stopping. It also keeps the
    column cursor (the column `s`, `[` and `]` sort by) and tells its pane when either moves."""

    BINDINGS: ClassVar = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down", tooltip="move down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up", tooltip="move up"),
        Binding("g", "first_page", "Top", show=False, id="table.top", tooltip="first page"),
        Binding("G", "last_page", "Bottom", show=False, id="table.bottom", tooltip="last page"),
        Binding(
            "left,h",
            "column(-1)",
            "Column left",
            show=False,
            id="table.column_left",
            tooltip="column to the left",
        ),
        Binding(
            "right,l",
            "column(1)",
            "Column right",
            show=False,
            id="table.column_right",
            tooltip="column to the right",
        ),
    ]

    class Edge(Message):
        """The cursor ran past an edge, or `g`/`G`: the pane reads that page."""

        def __init__(self, direction: Direction) -> None:
            super().__init__()
            self.direction = direction

    class ColumnMoved(Message):
        """The column cursor moved: the pane marks that column's header."""

    class HeaderClicked(Message):
        """A column header was clicked (the column cursor is on it now): the pane sorts by it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.column_index = 0

    def action_column(self, step: int) -> None:
        # the index moves at once (not when the pane reads a message), so a sort key pressed
        # right after sees the new column
        self.column_index = max(0, min(len(self.columns) - 1, self.column_index + step))
        self.show_column(self.column_index)
        self.post_message(self.ColumnMoved())

    def header_clicked(self, index: int) -> None:
        self.column_index = index
        self.show_column(index)
        self.post_message(self.ColumnMoved())
        self.post_message(self.HeaderClicked())

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        """A move past the last row (or above the first) asks for the next (previous) page."""
        if self.row_count and row > self.cursor_row >= self.row_count - 1:
            self.post_message(self.Edge("next"))
        elif self.row_count and row < self.cursor_row <= 0:
            self.post_message(self.Edge("prev"))
        else:
            super().move_cursor(row=row, animate=animate)

    def action_first_page(self) -> None:
        self.post_message(self.Edge("first"))

    def action_last_page(self) -> None:
        self.post_message(self.Edge("last"))


class ShownPane(ExplorerNode, Vertical):
    """A pane that reads the database only while it is shown: a reload while hidden marks it
    stale, and showing it (`reload_if_stale`) reads it then. Shown means its pane switcher shows
    it (a pane outside a switcher, in a detail screen, always is); not `display`, which is still
    on for every pane at mount, before the switcher hides the others, so that hidden panes would
    make the database thread read what nobody sees while the first roster page waits."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stale = False  # something changed while the pane was hidden

    @property
    def shown(self) -> bool:
        switcher = self.parent
        if isinstance(switcher, ContentSwitcher):
            return switcher.current == self.id
        return self.display

    def reload(self) -> None:
        """Read the pane again now, or once it is shown."""
        if not self.shown:
            self.stale = True
            return
        self.stale = False
        self.load_now()

    def reload_if_stale(self) -> None:
        if self.stale:
            self.reload()

    def load_now(self) -> None:
        raise NotImplementedError


class TablePane(ShownPane):
    """Title line, a paged table and a filter bar. Subclasses say what the rows are."""

    all_columns: ClassVar[tuple[Column, ...]] = ()
    noun = "rows"
    flag_names: ClassVar[dict[str, str]] = {}  # flag -> code: the flags this pane filters by

    def view_columns(self) -> tuple[Column, ...]:
        """The columns the view has (a subclass may leave some out, depending on the view)."""
        return self.all_columns

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns shown now: the view's, less those hidden with the column chooser (the
        choice is the session's, kept by the app for each kind of table)."""
        hidden = self.explorer.hidden_columns.get(self.noun, frozenset())
        return tuple(
            c for i, c in enumerate(self.view_columns()) if i == 0 or c.label not in hidden
        )

    def hideable_columns(self) -> list[Column]:
        return [c for c in self.all_columns[1:] if c.hideable]

    def columns_changed(self) -> None:
        """The chooser changed which columns show: draw the page again with them (no read)."""
        current = self.table.cursor_row
        self.table.clear(columns=True)
        self._add_columns()
        self.table.set_rows([self.cells(row) for row in self.rows])
        if self.rows:
            self.table.move_cursor(row=max(0, current), animate=False)

    class Selected(Message):
        def __init__(self, pane: TablePane, row: Any) -> None:
            super().__init__()
            self.pane = pane
            self.row = row

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[Any] = []
        self.total: int | None = None
        self.total_capped = False
        self.filter_text = ""
        self.sort_key: str | None = None
        self.descending = False
        self.flag: str | None = None  # show only rows with this flag

    # --- what subclasses provide ----------------------------------------------------------------
    # The analysis functions behind the pane, each called as f(db, query, …) on the database
    # thread: rows after / before a cursor, the (count, capped) pair; and a row's cursor (pure).
    rows_after: ClassVar[Callable[..., list[Any]]]
    rows_before: ClassVar[Callable[..., list[Any]]]
    rows_count: ClassVar[Callable[..., tuple[int, bool]]]
    row_cursor: ClassVar[Callable[..., Any]]

    def view_query(self) -> Any:
        """The analysis query for what the pane shows now (filter, sort, view settings)."""
        raise NotImplementedError

    def all_cells(self, row: Any) -> dict[str, Text]:
        """Column label -> cell, for every column of all_columns."""
        raise NotImplementedError

    def cells(self, row: Any) -> list[Text]:
        """The row's cells in the columns shown now."""
        every = self.all_cells(row)
        return [every[column.label] for column in self.columns]

    def cursor_of(self, row: Any, query: Any = None) -> Any:
        return self.row_cursor(row, self.view_query() if query is None else query)

    @property
    def column_index(self) -> int:
        """The column `s`, `[` and `]` sort by (the table keeps it)."""
        return self.table.column_index

    def describe(self) -> list[Part]:
        """The title's parts after the count, filter and sort: what the view shows."""
        return []

    # --- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield TitleLine(classes="pane-title")
        yield Line(classes="pane-status")
        yield PagedTable(classes="pane-table")
        yield Input(placeholder="filter… (enter keeps it, esc clears)", classes="filter-bar")

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self._add_columns()
        self.query_one(".filter-bar", Input).display = False
        self.query_one(".pane-status", Line).display = False
        self.reload()

    def _columns_match(self) -> bool:
        return list(self.table.columns) == [c.label for c in self.columns]

    def _add_columns(self) -> None:
        """The pane's columns can depend on the view (the roster's review column needs a
        campaign), so they are added again whenever they differ from the table's."""
        for column in self.columns:
            width = column.width if column.width is not None else cell_len(column.label)
            self.table.add_column(column.label, width=width, key=column.label)
        self.table.column_index = min(self.table.column_index, len(self.columns) - 1)
        self._mark_column()

    # --- loading ---------------------------------------------------------------------------------
    # The view's query is read here, on the UI thread; the workers only read the database with it
    # and post what they read (PageLoaded, CountLoaded) back to the pane.
    def load_now(self) -> None:
        """The first page again, counted."""
        self.load_page("first", None, "top", recount=True)

    def load_page(
        self, direction: Direction, cursor: Any, place: Place, recount: bool = False
    ) -> None:
        self._load(self.view_query(), direction, cursor, place, recount)

    @database_work(exclusive=True, group="page")
    def _load(
        self, query: Any, direction: Direction, cursor: Any, place: Place, recount: bool
    ) -> None:
        # the page is painted first and counted after, so a slow count never delays the rows
        database = self.explorer.database
        read = self.rows_after if direction in ("first", "next") else self.rows_before
        rows = database.call(read, query, cursor, PAGE_ROWS)
        deliver(self, PageLoaded(rows, place, direction, counting=recount))
        if recount:
            deliver(self, CountLoaded(database.call(self.rows_count, query)))

    def refresh_rows(self) -> None:
        """Read the rows on screen again (someone changed the data), keeping the cursor's row."""
        if not self.shown:
            self.stale = True
            return
        if not self.rows:
            self.reload()
            return
        query = self.view_query()
        current = self.current_row
        keep = self.cursor_of(current, query).key if current is not None else None
        self._refresh(query, self.cursor_of(self.rows[0], query), keep, self.table.cursor_row)

    @database_work(exclusive=True, group="page")
    def _refresh(self, query: Any, first: Any, keep_key: object, keep_index: int) -> None:
        database = self.explorer.database
        before = database.call(self.rows_before, query, first, 1)
        start = self.row_cursor(before[0], query) if before else None
        rows = database.call(self.rows_after, query, start, PAGE_ROWS)
        keys = [self.row_cursor(row, query).key for row in rows]
        index = keys.index(keep_key) if keep_key in keys else min(keep_index, len(rows) - 1)
        deliver(self, PageLoaded(rows, index, None))
        deliver(self, CountLoaded(database.call(self.rows_count, query)))

    @on(CountLoaded)
    def _show_total(self, message: CountLoaded) -> None:
        self.total, self.total_capped = message.total
        self.refresh_title()

    @on(PageLoaded)
    def _show(self, message: PageLoaded) -> None:
        if message.counting:
            self.total, self.total_capped = None, False
        rows, place = message.rows, message.place
        if not rows and message.direction in ("next", "prev"):
            self.app.bell()
            return
        self.rows = rows
        if not self._columns_match():
            self.table.clear(columns=True)
            self._add_columns()
        self.table.set_rows([self.cells(row) for row in rows])
        if rows:
            if isinstance(place, int):
                target = max(0, min(place, len(rows) - 1))
            else:
                target = len(rows) - 1 if place == "bottom" else 0
            self.table.move_cursor(row=target, animate=False)
        self.refresh_title()
        self.loaded()

    def loaded(self) -> None:
        """Called after each page is shown; subclasses refresh what goes with the rows."""

    def replace_row(self, index: int, row: Any) -> None:
        """Show a changed row in place, without reading the page again."""
        if not 0 <= index < len(self.rows) or not self._columns_match():
            return  # a page with the new columns is on its way and will show the row
        self.rows[index] = row
        self.table.update_row(index, self.cells(row))

    def title_parts(self) -> list[Part]:
        """The title, as parts that shorten (title.py): the count, the filters and the as-of
        date stay longest; the sort and the tier scheme give way first."""
        if self.total is None:
            count = f"… {self.noun}"
        else:
            count = counted(self.total, self.noun).replace(
                " ", "+ " if self.total_capped else " ", 1
            )
        parts = [Part(count, rank=6)]
        parts += self.marks_parts()
        if self.filter_text:
            text = safe(self.filter_text, 60)
            parts.append(Part(f"filter “{text}”", f"“{safe(text, 12)}”", rank=7, keep=True))
        if self.flag:
            parts.append(Part(f"flag {self.flag}", self.flag, rank=7, keep=True))
        if self.sort_key:
            arrow = "↓" if self.descending else "↑"
            parts.append(Part(f"sort {self.sort_label()} {arrow}", f"{self.sort_label()}{arrow}"))
        return parts + self.describe()

    def marks_parts(self) -> list[Part]:
        return []

    def refresh_title(self) -> None:
        self.query_one(".pane-title", TitleLine).set_parts(self.title_parts())

    def sort_label(self) -> str:
        return next(
            (c.label for c in self.columns if c.sort_key == self.sort_key), self.sort_key or ""
        )

    @on(PagedTable.Edge)
    def _edge(self, event: PagedTable.Edge) -> None:
        event.stop()
        if event.direction == "first":
            self.load_page("first", None, "top")
        elif event.direction == "last":
            self.load_page("last", None, "bottom")
        elif event.direction == "next" and self.rows:
            self.load_page("next", self.cursor_of(self.rows[-1]), "top")
        elif event.direction == "prev" and self.rows:
            self.load_page("prev", self.cursor_of(self.rows[0]), "bottom")

    @on(PagedTable.ColumnMoved)
    def _column_moved(self, event: PagedTable.ColumnMoved) -> None:
        event.stop()
        self._mark_column()

    @on(PagedTable.HeaderClicked)
    def _header_clicked(self, event: PagedTable.HeaderClicked) -> None:
        event.stop()
        self.sort_current_column()

    @on(RowTable.RowSelected)
    def _selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.rows):
            self.post_message(self.Selected(self, self.rows[event.cursor_row]))

    @property
    def current_row(self) -> Any | None:
        row = self.table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # --- sort and filter -------------------------------------------------------------------------
    def _mark_column(self, repaint: bool = True) -> None:
        """The sort column's header reads ▸LABEL, with ↑ or ↓ when the rows are sorted by it.
        A new sort does not repaint here: its rows arrive in a moment and paint the header too."""
        for index, column in enumerate(self.columns):
            arrow = ""
            if column.sort_key and column.sort_key == self.sort_key:
                arrow = "↓" if self.descending else "↑"
            mark = "▸" if index == self.column_index else ""
            width = self.table.columns[column.label].width
            label = header_label(mark, column.label, arrow, width)
            self.table.set_label(
                column.label, Text(label, style="bold" if index == self.column_index else "")
            )
        if repaint:
            self.table.refresh()

    def sort_current_column(self, descending: bool | None = None) -> None:
        index = self.column_index
        column = self.columns[index] if 0 <= index < len(self.columns) else None
        if column is None or column.sort_key is None:
            sortable = ", ".join(c.label for c in self.columns if c.sort_key)
            self.app.notify(f"can't sort by that column; sortable: {sortable}", markup=False)
            return
        if descending is None:
            descending = (
                not self.descending
                if self.sort_key == column.sort_key
                else column.sort_key != "handle"
            )
        self.sort_key, self.descending = column.sort_key, descending
        self._mark_column(repaint=False)
        self.load_page("first", None, "top")  # the same rows in another order: no recount

    def open_filter(self) -> None:
        bar = self.query_one(".filter-bar", Input)
        bar.display = True
        bar.value = self.filter_text
        bar.focus()

    @on(Input.Changed, ".filter-bar")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.filter_text = event.value.strip()
        self.reload()

    @on(Input.Submitted, ".filter-bar")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.close_filter_bar()

    def close_filter_bar(self) -> None:
        self.query_one(".filter-bar", Input).display = False
        self.table.focus()

    def clear_filter(self) -> bool:
        """esc: the typed filter goes first, then the flag filter."""
        bar = self.query_one(".filter-bar", Input)
        had = bool(self.filter_text) or bar.display
        bar.display = False
        if self.filter_text:
            self.filter_text = ""
            bar.value = ""
            self.reload()
        elif self.flag and not had:
            self.set_flag(None)
            had = True
        self.table.focus()
        return had

    def set_flag(self, flag: str | None) -> None:
        """Show only the rows with `flag` (None: every row)."""
        self.flag = flag
        self.reload()
