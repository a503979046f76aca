"""`influence-tui import`: one file of one kind into the database, every row stored or reported."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from influence_tui.cli.common import db_option, resolve_db, settings_in_force
from influence_tui.ingest.headers import KINDS

EXIT_REJECTS = 3
INLINE_REJECTS = 20


@click.command(name="import")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("file", type=click.Path(path_type=Path))
@db_option
@click.option("--platform", default=None, help="Platform of every row without a platform column.")
@click.option("--campaign", default=None, help="Campaign of every row without a campaign column.")
@click.option("--metric", default=None, help="Signal metric name (signals files without one).")
@click.option(
    "--map", "overrides", multiple=True, metavar="FIELD=COLUMN", help="Column for a field."
)
@click.option(
    "--date-format", default=None, help="strptime format of the file's dates, e.g. %d.%m."
)
@click.option("--year", type=int, default=None, help="Year for dates whose format has none.")
@click.option("--format", "input_format", type=click.Choice(["csv", "json", "jsonl"]), default=None)
@click.option(
    "--dry-run", is_flag=True, help="Check every row and show the mapping; write nothing."
)
@click.option("--strict", is_flag=True, help="Any rejected row aborts the whole import.")
@click.option("--rejects", "rejects_path", type=click.Path(path_type=Path), default=None)
def import_(
    kind: str,
    file: Path,
    db_path: Path | None,
    platform: str | None,
    campaign: str | None,
    metric: str | None,
    overrides: tuple[str, ...],
    date_format: str | None,
    year: int | None,
    input_format: str | None,
    dry_run: bool,
    strict: bool,
    rejects_path: Path | None,
) -> None:
    """Import KIND (influencers, posts, spend, campaigns, signals) from a CSV or JSON FILE."""
    from influence_tui.ingest.importer import ImportOptions, run_import, write_rejects
    from influence_tui.store.session import Session

    options = ImportOptions(
        kind=kind,
        platform=platform,
        campaign=campaign,
        metric=metric,
        overrides=tuple(overrides),
        date_format=date_format,
        year=year,
        dry_run=dry_run,
        strict=strict,
        input_format=input_format,
    )
    session = Session.open(resolve_db(db_path), rules=settings_in_force().rules)
    try:
        result = run_import(session, file, options)
    finally:
        session.close()
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if dry_run:
        click.echo("column mapping:")
        for line in result.mapping:
            click.echo(line)
    if result.rejects:
        if rejects_path is None and len(result.rejects) > INLINE_REJECTS:
            rejects_path = Path(f"{Path(file).stem}.rejects.csv")
        if rejects_path is not None:
            write_rejects(result, rejects_path)
            click.echo(f"rejected rows with their reasons: {rejects_path}", err=True)
        else:
            for reject in result.rejects:
                click.echo(f"rejected {reject.location}: {reject.reason}", err=True)
    click.echo(result.summary())
    if result.rejects:
        sys.exit(EXIT_REJECTS)
