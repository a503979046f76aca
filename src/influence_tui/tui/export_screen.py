"""Where the palette's "Export report" writes: a path to edit (by default in the current folder,
named with the as-of date); a file that exists is replaced only after a yes."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from influence_tui.tui.confirm import ConfirmScreen


def default_report_path(folder: Path, as_of: str | None) -> Path:
    return folder / f"influence-report-{as_of or 'no-data'}.md"


class ExportScreen(ModalScreen[Path | None]):
    BINDINGS: ClassVar = [
        Binding("escape", "cancel", "Cancel", id="export.cancel", tooltip="close without writing")
    ]

    def __init__(self, default: Path, what: str) -> None:
        super().__init__()
        self.default = default
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(Text(f"Export the report as Markdown: {self.what}"), id="export-title")
            yield Input(value=str(self.default), id="export-path", select_on_focus=False)
            yield Static("", id="export-error", markup=False)
            yield Label(Text("enter: write · esc: cancel", style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self._error("name a file to write")
            return
        target = Path(text).expanduser()
        if not target.is_absolute():
            target = Path.cwd() / target
        if target.is_dir():
            self._error(f"{target} is a folder; name a file in it")
            return
        if not target.parent.is_dir():
            self._error(f"no folder {target.parent}")
            return
        if not target.exists():
            self.dismiss(target)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(target)
            else:
                self._error(f"{target.name} exists; change the name or answer yes")

        self.app.push_screen(ConfirmScreen(f"{target} exists. Replace it?"), answered)

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(message, style="bold red"))

    def action_cancel(self) -> None:
        self.dismiss(None)
