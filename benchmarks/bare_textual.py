"""The yardstick of benchmarks/terminal_probe.py: a bare Textual app that opens the database with
sqlite3 and paints the first 40 roster rows (handle order) in a DataTable, nothing else.

    python benchmarks/bare_textual.py DB"""

from __future__ import annotations

import sqlite3
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable

COLUMNS = ("handle", "platform", "followers", "engagement_rate", "impression_rate", "brands")


class BareApp(App):
    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        rows = conn.execute(
            f"SELECT {', '.join(COLUMNS)} FROM roster ORDER BY handle_key, influencer_id LIMIT 40"
        ).fetchall()
        conn.close()
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows([tuple("" if v is None else str(v) for v in row) for row in rows])


if __name__ == "__main__":
    BareApp(sys.argv[1]).run()
