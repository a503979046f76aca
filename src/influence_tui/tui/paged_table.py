"""A table pane over a SQL window: it holds one page of rows and asks for the next or previous
page at the edges (keyset paging), so it never holds a whole table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input

from influence_tui.tui.database import notify_from_worker
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.row_table import RowTable
from influence_tui.tui.text import Line

PAGE_ROWS = 100


@dataclass(frozen=True)
class Column:
    label: str
    sort_key: str | None = None  # name in the store's whitelist of sortable columns
    width: int | None = None  # None: as wide as the label


class PagedTable(RowTable):
    """A row table whose cursor edges ask for more rows instead of stopping."""

    BINDINGS: ClassVar = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("g", "first_page", "Top", show=False, id="table.top"),
        Binding("G", "last_page", "Bottom", show=False, id="table.bottom"),
        Binding("left,h", "column(-1)", "Column left", show=False, id="table.column_left"),
        Binding("right,l", "column(1)", "Column right", show=False, id="table.column_right"),
    ]

    def action_column(self, step: int) -> None:
        # handled at once (not as a message) so a sort key pressed right after sees the column
        pane = self.parent
        if isinstance(pane, TablePane):
            pane.move_column(step)

    class Edge(Message):
        def __init__(self, direction: str) -> None:
            super().__init__()
            self.direction = direction  # next | prev | first | last

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


class TablePane(ExplorerNode, Vertical):
    """Title line, a paged table and a filter bar. Subclasses say what the rows are."""

    all_columns: ClassVar[tuple[Column, ...]] = ()
    noun = "rows"

    @property
    def columns(self) -> tuple[Column, ...]:
        """The columns shown now (a subclass may hide some, depending on the view)."""
        return self.all_columns

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
        self.column_index = 0  # the column `s`, `[` and `]` sort by
        self.stale = False  # something changed while the pane was hidden

    # --- what subclasses provide ----------------------------------------------------------------
    # The analysis functions behind the pane, each called as f(db, query, …) on the database
    # thread: rows after / before a cursor, the (count, capped) pair, and a row's cursor.
    rows_after: ClassVar[Callable[..., list[Any]]]
    rows_before: ClassVar[Callable[..., list[Any]]]
    rows_count: ClassVar[Callable[..., tuple[int, bool]]]
    row_cursor: ClassVar[Callable[..., Any]]

    def view_query(self) -> Any:
        """The analysis query for what the pane shows now (filter, sort, view settings)."""
        raise NotImplementedError

    def cells(self, row: Any) -> list[Text]:
        raise NotImplementedError

    # --- the source, read through those functions ------------------------------------------------
    def fetch(self, db: Any, direction: str, cursor: Any, limit: int) -> list[Any]:
        read = self.rows_after if direction in ("first", "next") else self.rows_before
        return read(db, self.view_query(), cursor, limit)

    def count(self, db: Any) -> tuple[int, bool]:
        return self.rows_count(db, self.view_query())

    def cursor_of(self, row: Any) -> Any:
        return self.row_cursor(row, self.view_query())

    def describe(self) -> str:
        return ""

    # --- layout -----------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Line(classes="pane-title")
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
        self.column_index = min(self.column_index, len(self.columns) - 1)
        self._mark_column()

    # --- loading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the first page again; a pane that is hidden waits until it is shown."""
        if not self.display:
            self.stale = True
            return
        self.stale = False
        self._load("first", None, "top", recount=True)

    def reload_if_stale(self) -> None:
        if self.stale:
            self.reload()

    @work(thread=True, exclusive=True, group="page")
    def _load(self, direction: str, cursor: Any, place: str, recount: bool = False) -> None:
        # the page is painted first and counted after, so a slow count never delays the rows
        database = self.explorer.database
        try:
            rows = database.call(self.fetch, direction, cursor, PAGE_ROWS)
            total = (None, False) if recount else (self.total, self.total_capped)
            self.app.call_from_thread(self._show, rows, place, total, direction)
            if recount:
                self._recount()
        except Exception as exc:  # shown, not fatal: the explorer survives a bad database
            notify_from_worker(self.app, exc, "error")

    def _recount(self) -> None:
        """Count the rows (on the worker's thread) and put the total in the title."""
        total = self.explorer.database.call(self.count)
        self.app.call_from_thread(self._show_total, total)

    def _show_total(self, total: tuple[int, bool]) -> None:
        self.total, self.total_capped = total
        self.refresh_title()

    def refresh_rows(self) -> None:
        """Read the rows on screen again (someone changed the data), keeping the cursor's row."""
        if not self.display:
            self.stale = True
            return
        if not self.rows:
            self.reload()
            return
        current = self.current_row
        keep = self.cursor_of(current).key if current is not None else None
        self._refresh(self.cursor_of(self.rows[0]), keep, self.table.cursor_row)

    @work(thread=True, exclusive=True, group="page")
    def _refresh(self, first: Any, keep_key: object, keep_index: int) -> None:
        database = self.explorer.database
        try:
            before = database.call(self.fetch, "prev", first, 1)
            start = self.cursor_of(before[0]) if before else None
            rows = database.call(self.fetch, "next" if start else "first", start, PAGE_ROWS)
            keys = [self.cursor_of(row).key for row in rows]
            index = keys.index(keep_key) if keep_key in keys else min(keep_index, len(rows) - 1)
            total = (self.total, self.total_capped)
            self.app.call_from_thread(self._show, rows, index, total, "refresh")
            self._recount()
        except Exception as exc:
            notify_from_worker(self.app, exc, "error")

    def show_page(self, rows: list[Any], index: int = 0) -> None:
        """Show rows fetched elsewhere (a jump), with the cursor on rows[index]."""
        self._show(rows, index, (self.total, self.total_capped), "jump")

    def _show(
        self,
        rows: list[Any],
        place: str | int,
        total: tuple[int | None, bool],
        direction: str,
    ) -> None:
        self.total, self.total_capped = total
        if not rows and direction in ("next", "prev"):
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

    def refresh_title(self) -> None:
        total = "…" if self.total is None else f"{self.total:,}{'+' if self.total_capped else ''}"
        parts = [f"{total} {self.noun}"]
        if self.filter_text:
            parts.append(f"filter “{self.filter_text}”")
        if self.sort_key:
            parts.append(f"sort {self.sort_label()} {'↓' if self.descending else '↑'}")
        extra = self.describe()
        if extra:
            parts.append(extra)
        self.query_one(".pane-title", Line).update(
            Text(" · ".join(parts), no_wrap=True, overflow="ellipsis")
        )

    def sort_label(self) -> str:
        return next(
            (c.label for c in self.columns if c.sort_key == self.sort_key), self.sort_key or ""
        )

    @on(PagedTable.Edge)
    def _edge(self, event: PagedTable.Edge) -> None:
        event.stop()
        if event.direction == "first":
            self._load("first", None, "top")
        elif event.direction == "last":
            self._load("last", None, "bottom")
        elif event.direction == "next" and self.rows:
            self._load("next", self.cursor_of(self.rows[-1]), "top")
        elif event.direction == "prev" and self.rows:
            self._load("prev", self.cursor_of(self.rows[0]), "bottom")

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
    def move_column(self, step: int) -> None:
        self.column_index = max(0, min(len(self.columns) - 1, self.column_index + step))
        self._mark_column()
        self.table.show_column(self.column_index)

    def _mark_column(self, repaint: bool = True) -> None:
        """The sort column's header reads ▸LABEL, with ↑ or ↓ when the rows are sorted by it.
        A new sort does not repaint here: its rows arrive in a moment and paint the header too."""
        for index, column in enumerate(self.columns):
            label = column.label
            if column.sort_key and column.sort_key == self.sort_key:
                label += "↓" if self.descending else "↑"
            if index == self.column_index:
                label = "▸" + label
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
        self._load("first", None, "top")  # the same rows in another order: no recount

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
        bar = self.query_one(".filter-bar", Input)
        had = bool(self.filter_text) or bar.display
        bar.display = False
        if self.filter_text:
            self.filter_text = ""
            bar.value = ""
            self.reload()
        self.table.focus()
        return had
