"""A table that draws its rows line by line (Textual's line API) from one page of rows.

Textual's DataTable measures and renders every cell through Rich padding renderables; on a page
of 100 rows that costs 100–250 ms per keystroke. Here each row is drawn once into a strip of
fixed-width cells and cached; a repaint only crops the strips that are on screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

CELL_PADDING = 1


@dataclass
class TableColumn:
    key: str
    label: Text
    width: int

    @property
    def render_width(self) -> int:
        return self.width + 2 * CELL_PADDING


def fit(cell: Text, width: int) -> Text:
    """The cell cut (with an ellipsis) or padded to exactly `width` cells, on one line."""
    text = cell.copy()
    text.no_wrap = True
    if "\n" in text.plain:
        text = Text(" ").join(text.split("\n", allow_blank=True))
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
    gap = width - text.cell_len
    if gap > 0:
        if cell.justify == "right":
            text.pad_left(gap)
        else:
            text.pad_right(gap)
    return text


class RowTable(ScrollView, can_focus=True):
    """Rows of fixed-width cells under a header that stays put; a row cursor."""

    BINDINGS: ClassVar = [
        Binding("up", "cursor_up", "Up", show=False, id="row.up", tooltip="move up"),
        Binding("down", "cursor_down", "Down", show=False, id="row.down", tooltip="move down"),
        Binding(
            "pageup",
            "page_up",
            "Page up",
            show=False,
            id="row.page_up",
            tooltip="page up (loads the previous page at the edge)",
        ),
        Binding(
            "pagedown",
            "page_down",
            "Page down",
            show=False,
            id="row.page_down",
            tooltip="page down (loads the next page at the edge)",
        ),
        Binding(
            "home",
            "first_row",
            "First row",
            show=False,
            id="row.first",
            tooltip="first row of the page",
        ),
        Binding(
            "end", "last_row", "Last row", show=False, id="row.last", tooltip="last row of the page"
        ),
        Binding(
            "enter",
            "select_cursor",
            "Select",
            show=False,
            id="row.select",
            tooltip="open: influencer detail, platform weeks",
        ),
    ]
    COMPONENT_CLASSES: ClassVar = {
        "row-table--header",
        "row-table--cursor",
        "row-table--even-row",
    }
    DEFAULT_CSS = """
    RowTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .row-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .row-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .row-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .row-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .row-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class RowHighlighted(Message):
        def __init__(self, table: RowTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

    class RowSelected(Message):
        def __init__(self, table: RowTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

    def __init__(self, *, fixed_columns: int = 1, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.fixed_columns = fixed_columns  # drawn at the left edge, never scrolled away
        self.columns: dict[str, TableColumn] = {}
        self._rows: list[list[Text]] = []
        self._strips: dict[int, Strip] = {}
        self._header: Strip | None = None
        self._cursor = 0
        self._styles: dict[str, Style] | None = None

    # --- content ---------------------------------------------------------------------------------
    def add_column(self, label: str | Text, *, width: int, key: str) -> None:
        self.columns[key] = TableColumn(
            key, Text(label) if isinstance(label, str) else label, width
        )
        self._changed()

    def set_label(self, key: str, label: Text) -> None:
        """Change a column's label; it shows at the next repaint (the caller decides when)."""
        self.columns[key].label = label
        self._header = None

    def clear(self, columns: bool = False) -> None:
        if columns:
            self.columns.clear()
        self.set_rows([])

    def set_rows(self, rows: list[list[Text]]) -> None:
        self._rows = rows
        self._cursor = min(self._cursor, max(0, len(rows) - 1))
        self._changed()

    def update_row(self, index: int, cells: list[Text]) -> None:
        if 0 <= index < len(self._rows):
            self._rows[index] = cells
            self._strips.pop(index, None)
            self.refresh()

    def get_cell_at(self, coordinate: tuple[int, int]) -> Text:
        row, column = coordinate
        return self._rows[row][column]

    @property
    def row_count(self) -> int:
        return len(self._rows)

    def _changed(self) -> None:
        self._strips.clear()
        self._header = None
        width = sum(c.render_width for c in self.columns.values())
        self.virtual_size = Size(width, len(self._rows) + 1)
        self.refresh()

    # --- cursor ----------------------------------------------------------------------------------
    @property
    def cursor_row(self) -> int:
        return self._cursor if self._rows else -1

    @property
    def body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, *, row: int, animate: bool = False) -> None:
        if not self._rows:
            return
        row = max(0, min(row, len(self._rows) - 1))
        changed = row != self._cursor
        self._cursor = row
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self.body_height:
            self.scroll_to(y=row - self.body_height + 1, animate=False, immediate=True)
        self.refresh()
        if changed:
            self.post_message(self.RowHighlighted(self, row))

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self._cursor - 1)

    def action_page_down(self) -> None:
        self.move_cursor(row=self._cursor + self.body_height)

    def action_page_up(self) -> None:
        self.move_cursor(row=self._cursor - self.body_height)

    def action_first_row(self) -> None:
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self.move_cursor(row=len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self._cursor))

    def on_click(self, event: events.Click) -> None:
        if event.y < 1:
            return
        row = round(self.scroll_y) + event.y - 1
        if 0 <= row < len(self._rows):
            if row == self._cursor and event.chain >= 2:
                self.action_select_cursor()
            self.move_cursor(row=row)

    # --- drawing ---------------------------------------------------------------------------------
    def column_offset(self, index: int) -> int:
        return sum(c.render_width for c in list(self.columns.values())[:index])

    @property
    def fixed_width(self) -> int:
        return self.column_offset(min(self.fixed_columns, len(self.columns)))

    def show_column(self, index: int) -> None:
        """Scroll sideways just enough that column `index` is in view."""
        if index < self.fixed_columns:
            return
        start = self.column_offset(index) - self.fixed_width
        end = start + list(self.columns.values())[index].render_width
        visible = self.scrollable_content_region.width - self.fixed_width
        x = round(self.scroll_x)
        if start < x:
            self.scroll_to(x=start, animate=False)
        elif end > x + visible:
            # the first column that starts where the wanted one ends in view: the left edge
            # never cuts a column (a header read "ollowe…"), the right edge keeps a start
            starts = [
                self.column_offset(i) - self.fixed_width
                for i in range(self.fixed_columns, index + 1)
            ]
            self.scroll_to(x=next(s for s in starts if s >= end - visible), animate=False)

    def _line(self, cells: list[Text]) -> Strip:
        line = Text(no_wrap=True, end="")
        pad = " " * CELL_PADDING
        for cell, column in zip(cells, self.columns.values(), strict=False):
            line.append(pad)
            line.append_text(fit(cell, column.width))
            line.append(pad)
        segments = list(line.render(self.app.console, end=""))
        return Strip(segments, line.cell_len)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _style(self, name: str) -> Style:
        """Component styles, resolved once per style change instead of once per line."""
        if self._styles is None:
            self._styles = {
                "base": self.rich_style,
                **{c: self.get_component_rich_style(c) for c in self.COMPONENT_CLASSES},
            }
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self._style("base")
        scroll_x = round(self.scroll_x)
        if y == 0:
            if self._header is None:
                labels = [c.label for c in self.columns.values()]
                header = self._line(labels).apply_style(self._style("row-table--header"))
                self._header = header
            return self._finish(self._header, scroll_x, width, base)
        index = round(self.scroll_y) + y - 1
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            strip = self._strips[index] = self._line(self._rows[index])
        if index % 2 == 0:
            strip = strip.apply_style(self._style("row-table--even-row"))
        if index == self._cursor:
            cursor = self._style("row-table--cursor")
            strip = Strip(Segment.apply_style(strip, post_style=cursor), strip.cell_length)
        return self._finish(strip, scroll_x, width, base)

    def _finish(self, strip: Strip, scroll_x: int, width: int, base: Style) -> Strip:
        fixed = min(self.fixed_width, width)
        if fixed and scroll_x:
            left = strip.crop(0, fixed)
            rest = strip.crop_extend(fixed + scroll_x, scroll_x + width, base)
            strip = Strip.join([left, rest])
        else:
            strip = strip.crop_extend(scroll_x, scroll_x + width, base)
        return strip.apply_style(base)
