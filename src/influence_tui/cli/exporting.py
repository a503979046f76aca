"""`influence-tui export`: every row of one kind as CSV or JSON."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from influence_tui.cli.common import db_option, resolve_db
from influence_tui.ingest.headers import KINDS


@click.command()
@click.argument("kind", type=click.Choice(KINDS))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export(kind: str, db_path: Path | None, fmt: str, output: Path | None) -> None:
    """Write every row of KIND as CSV or JSON (to --output, else standard output)."""
    from influence_tui.store.connection import open_database
    from influence_tui.store.export import export_rows

    db = open_database(resolve_db(db_path, create=False), read_only=True)
    names, rows = export_rows(db, kind)
    handle = output.open("w", newline="", encoding="utf-8") if output else sys.stdout
    try:
        if fmt == "json":
            handle.write(json.dumps(list(rows), indent=2, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _csv_value(v) for k, v in row.items()})
    finally:
        if output:
            handle.close()


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value
