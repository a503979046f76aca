"""Pick one of a few values: a campaign, a tier, a platform, a review decision.

The same keys as the tables: `j`/`k`/`g`/`G` (and the arrows) move; any other letter starts a
filter that narrows the list as it is typed (`/` opens it too); enter picks; esc clears the typed
filter, else closes. The current choice is marked `●`, and the highlight starts on it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from influence_tui.domain.budget import Pacing
from influence_tui.report.numbers import fmt_pacing_short
from influence_tui.tui.text import safe

MARK = "● "
NO_MARK = "  "


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few values (campaign, tier, platform); the first option clears the choice.
    Dismisses with the value ("" for the clearing option) or None when closed without a choice."""

    BINDINGS: ClassVar = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="choice.cancel",
            tooltip="clear the typed filter, else close without choosing",
        ),
        Binding("q", "close", "Close", show=False, id="choice.close", tooltip="close the picker"),
        # the arrows reach these only while the filter has the keys (the list binds its own)
        Binding("j,down", "move(1)", "Down", show=False, id="choice.down", tooltip="next choice"),
        Binding("k,up", "move(-1)", "Up", show=False, id="choice.up", tooltip="previous choice"),
        Binding("g", "edge('first')", "First", show=False, id="choice.first", tooltip="first"),
        Binding("G", "edge('last')", "Last", show=False, id="choice.last", tooltip="last"),
        Binding(
            "slash",
            "filter",
            "Filter",
            show=False,
            id="choice.filter",
            tooltip="type to narrow the list",
        ),
    ]

    def __init__(
        self,
        title: str,
        options: Sequence[tuple[str, str | None]],
        current: str | None = None,
    ) -> None:
        """`current`: the value in force (None or "": the first, clearing, option)."""
        super().__init__()
        self.title_text = title
        self.choices = list(options)
        self.current_index = next(
            (
                i
                for i, (_, value) in enumerate(self.choices)
                if (value or None) == (current or None)
            ),
            None,
        )
        self.shown: list[int] = list(range(len(self.choices)))  # choice index of each option

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Label(Text(self.title_text), id="choice-title")
            yield Input(placeholder="type to filter", id="choice-filter", select_on_focus=False)
            yield OptionList(*self._options(), id="choice-list")

    def _options(self) -> list[Option]:
        return [
            Option(
                Text(
                    (MARK if i == self.current_index else NO_MARK)
                    + "\n".join(safe(line, 60) for line in self.choices[i][0].split("\n"))
                ),
                id=str(i),
            )
            for i in self.shown
        ]

    @property
    def option_list(self) -> OptionList:
        return self.query_one("#choice-list", OptionList)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#choice-filter", Input)

    def on_mount(self) -> None:
        self.option_list.focus()
        if self.current_index is not None:
            self.option_list.highlighted = self.current_index

    # --- keys --------------------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        if step > 0:
            self.option_list.action_cursor_down()
        else:
            self.option_list.action_cursor_up()

    def action_edge(self, which: str) -> None:
        if which == "first":
            self.option_list.action_first()
        else:
            self.option_list.action_last()

    def _bound_keys(self) -> set[str]:
        """The keys this picker binds (after the keymap): those move, they never filter."""
        return {key for key, _ in self.active_bindings.items()}

    def action_filter(self) -> None:
        self.filter_input.focus()

    def on_key(self, event: events.Key) -> None:
        """A letter typed on the list (one no key is bound to) starts the filter."""
        if self.focused is not self.option_list or not event.is_printable:
            return
        character = event.character or ""
        if not character.strip() or event.key in self._bound_keys():
            return
        event.stop()
        event.prevent_default()
        field = self.filter_input
        field.value += character
        field.cursor_position = len(field.value)
        field.focus()

    @on(Input.Changed, "#choice-filter")
    def _narrow(self, event: Input.Changed) -> None:
        event.stop()
        words = event.value.casefold().split()
        self.shown = [
            i
            for i, (label, _) in enumerate(self.choices)
            if all(word in label.casefold() for word in words)
        ]
        options = self.option_list
        options.clear_options()
        options.add_options(self._options())
        if self.shown:
            options.highlighted = (
                self.shown.index(self.current_index) if self.current_index in self.shown else 0
            )

    @on(Input.Submitted, "#choice-filter")
    def _pick_highlighted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.option_list.highlighted
        if index is None or not self.shown:
            self.app.bell()
            return
        self._pick(index)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option_index)

    def _pick(self, option_index: int) -> None:
        self.dismiss(self.choices[self.shown[option_index]][1] or "")

    def action_cancel(self) -> None:
        if self.filter_input.value:
            self.filter_input.value = ""
            self.option_list.focus()
            return
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def campaign_options(
    campaigns: list[dict[str, Any]], pacings: Mapping[int, Pacing] | None = None
) -> list[tuple[str, str | None]]:
    """Choices for the campaigns of analysis.session.campaigns(): "name (brand)", with the
    budget's pacing when known, keyed by id."""
    pacings = pacings or {}
    options: list[tuple[str, str | None]] = []
    for c in campaigns:
        label = f"{c['name']} ({c['brand'] or 'no brand'})"
        pacing = pacings.get(int(c["id"]))
        if pacing is not None:
            verdict = f" · {pacing.verdict}" if pacing.verdict else ""
            label += f"\n    {fmt_pacing_short(pacing)}{verdict}"
        options.append((label, str(c["id"])))
    return options


def campaign_picked(campaigns: list[dict[str, Any]], value: str | None) -> dict[str, Any] | None:
    """The campaign a ChoiceScreen of campaign_options() answered with (None: none of them)."""
    return next((c for c in campaigns if str(c["id"]) == value), None)
