"""`self.explorer`: the app a screen or pane runs in, typed as what the explorer offers them
(textual types `self.app` as a plain `App`, which has no settings or database). A protocol, not
the app class, so the screens and panes never import the module that imports them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from influence_tui.analysis.view import ViewSettings

if TYPE_CHECKING:
    from textual.app import App
    from textual.message import Message

    from influence_tui.tui.database import DatabaseThread
    from influence_tui.tui.messages import Lookups, UndoStep


@runtime_checkable
class Explorer(Protocol):
    """What the explorer app offers its screens and panes (tui/app.py's ExplorerApp)."""

    db_path: Path
    settings: ViewSettings
    read_only: bool
    blink: bool
    reviewer: str
    database: DatabaseThread
    lookups: Lookups | None
    undo_stack: list[UndoStep]  # this session's review changes, newest last
    hidden_columns: dict[str, frozenset[str]]  # the column chooser's choice, per table noun

    def columns_chosen(self, noun: str) -> None: ...

    def roster_shown(self) -> None: ...

    def set_campaign(self, campaign_id: int | None, name: str | None) -> None: ...

    def set_settings(self, settings: ViewSettings) -> None: ...

    def with_lookups(self, then: Callable[[Lookups], None]) -> None: ...

    def load_lookups(self) -> None: ...

    def post_message(self, message: Message) -> bool: ...


class _InApp(Protocol):
    @property
    def app(self) -> App[object]: ...


class ExplorerNode:
    """Mixin for the explorer's screens and widgets."""

    @property
    def explorer(self: _InApp) -> Explorer:
        app = self.app
        if not isinstance(app, Explorer):
            raise TypeError(
                f"{type(self).__name__} runs in the explorer, not in {type(app).__name__}"
            )
        return cast(Explorer, app)
