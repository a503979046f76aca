"""`self.explorer`: the app a screen or pane runs in, typed as the ExplorerApp (textual types
`self.app` as a plain `App`, which has no settings or database)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.app import App

    from influence_tui.tui.app import ExplorerApp


class _InApp(Protocol):
    @property
    def app(self) -> App[object]: ...


class ExplorerNode:
    """Mixin for the explorer's screens and widgets."""

    @property
    def explorer(self: _InApp) -> ExplorerApp:
        from influence_tui.tui.app import ExplorerApp

        app = self.app
        if not isinstance(app, ExplorerApp):
            raise TypeError(
                f"{type(self).__name__} runs in the explorer, not in {type(app).__name__}"
            )
        return app
