"""Keys of every table screen: filter by a flag, choose the columns shown."""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen

from influence_tui.tui.choice import ChoiceScreen
from influence_tui.tui.columns_screen import ColumnsScreen
from influence_tui.tui.flags import coded
from influence_tui.tui.node import ExplorerNode
from influence_tui.tui.paged_table import TablePane

TABLE_BINDINGS = [
    Binding(
        "f",
        "choose_flag",
        "Flag",
        show=False,
        id="choose.flag",
        tooltip="show only the rows with one flag (esc clears it)",
    ),
    Binding(
        "o",
        "choose_columns",
        "Columns",
        show=False,
        id="columns",
        tooltip="choose the columns shown (kept for the session)",
    ),
]


class TableKeys(ExplorerNode, Screen[None]):
    """Mixin for a screen with a table pane (`table_pane()`): the flag filter and the columns."""

    def table_pane(self) -> TablePane | None:
        raise NotImplementedError

    def action_choose_flag(self) -> None:
        pane = self.table_pane()
        if pane is None or not pane.flag_names:
            return
        # the codes as the flags column shows them; the definitions are in the help
        options: list[tuple[str, str | None]] = [("every row (no flag filter)", None)]
        options += [(coded(name, pane.flag_names), name) for name in pane.flag_names]

        def chosen(value: str | None) -> None:
            if value is not None:
                pane.set_flag(value or None)

        self.app.push_screen(ChoiceScreen(f"Flag ({pane.noun})", options), chosen)

    def action_choose_columns(self) -> None:
        pane = self.table_pane()
        if pane is None:
            return
        hidden = self.explorer.hidden_columns.get(pane.noun, frozenset())
        columns = [column.label for column in pane.hideable_columns()]

        def chosen(now_hidden: frozenset[str] | None) -> None:
            if now_hidden is None:
                return
            self.explorer.hidden_columns[pane.noun] = now_hidden
            self.explorer.columns_chosen(pane.noun)

        self.app.push_screen(ColumnsScreen(pane.noun, columns, hidden), chosen)
