"""The explorer's key bindings as one list: every binding id a keymap may name, checked before
the app starts, and the help screen's lines built from the bindings in force (keymap applied)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from textual.binding import Binding

from influence_tui.tui.app import ExplorerApp, ExplorerScreen
from influence_tui.tui.choice import ChoiceScreen
from influence_tui.tui.confirm import ConfirmScreen
from influence_tui.tui.detail_screen import DetailScreen
from influence_tui.tui.export_screen import ExportScreen
from influence_tui.tui.help_screen import HelpScreen
from influence_tui.tui.ledger_screen import LedgerScreen
from influence_tui.tui.paged_table import PagedTable
from influence_tui.tui.panes import KeyTable
from influence_tui.tui.platform_screen import PlatformScreen
from influence_tui.tui.review import NoteScreen
from influence_tui.tui.row_table import RowTable
from influence_tui.tui.spend_form import SpendForm
from influence_tui.tui.tiers_pane import TiersPane

_WITH_BINDINGS = (
    ExplorerApp, ExplorerScreen, PagedTable, RowTable, DetailScreen, PlatformScreen, HelpScreen,
    ChoiceScreen, NoteScreen, SpendForm, KeyTable,
    ConfirmScreen, LedgerScreen, TiersPane, ExportScreen,
)  # fmt: skip


class KeymapError(ValueError):
    def __init__(self, binding_id: str, message: str) -> None:
        super().__init__(f"keymap.{binding_id}: {message}")
        self.binding_id = binding_id


def every_binding() -> dict[str, Binding]:
    """Binding id -> binding, for every binding of the explorer that a keymap can change."""
    found: dict[str, Binding] = {}
    for owner in _WITH_BINDINGS:
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found.setdefault(binding.id, binding)
    return found


def check_keymap(keymap: Mapping[str, str]) -> None:
    """Raises KeymapError for an id no binding has, or an empty key list."""
    known = every_binding()
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            hint = difflib.get_close_matches(binding_id, sorted(known), n=1)
            suggestion = f" (did you mean {hint[0]}?)" if hint else ""
            raise KeymapError(binding_id, f"no key binding has this id{suggestion}")
        if not [key for key in keys.split(",") if key.strip()]:
            raise KeymapError(binding_id, "names no key")


def help_lines(bindings: Iterable[tuple[str, Binding]]) -> list[tuple[str, str]]:
    """(keys, what they do) for the explorer's bindings in force, one line per action: keys that
    do the same thing (j and ↓) share a line. `bindings` are (key shown, binding) pairs."""
    lines: dict[tuple[str, str], list[str]] = {}
    for shown, binding in bindings:
        what = binding.tooltip
        if not what:
            continue  # Textual's own bindings (focus, copy) are not the explorer's to explain
        keys = lines.setdefault((binding.action, what), [])
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), what) for (_, what), keys in lines.items()]
