"""Pick one of a few values: a campaign, a tier, a platform, a review decision."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from influence_tui.tui.text import safe


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few values (campaign, tier, platform); the first option clears the choice."""

    BINDINGS: ClassVar = [
        Binding(
            "escape,q", "cancel", "Cancel", id="choice.cancel", tooltip="close without choosing"
        )
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str | None]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(options)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box"):
            yield Label(Text(self.title_text), id="choice-title")
            yield OptionList(
                *[
                    Option(Text(safe(label, 60)), id=str(i))
                    for i, (label, _) in enumerate(self.choices)
                ]
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index][1] or "")

    def action_cancel(self) -> None:
        self.dismiss(None)


def campaign_options(campaigns: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """Choices for the campaigns of analysis.session.campaigns(): "name (brand)", keyed by id."""
    return [(f"{c['name']} ({c['brand'] or 'no brand'})", str(c["id"])) for c in campaigns]


def campaign_picked(campaigns: list[dict[str, Any]], value: str | None) -> dict[str, Any] | None:
    """The campaign a ChoiceScreen of campaign_options() answered with (None: none of them)."""
    return next((c for c in campaigns if str(c["id"]) == value), None)
