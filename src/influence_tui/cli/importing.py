"""`influence-tui import`: one file of one kind into the database, every row stored or reported."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from influence_tui.cli.common import db_option, resolve_db, settings_in_force
from influence_tui.ingest.headers import KINDS
from influence_tui.ingest.presets import NAMES as PRESETS

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
@click.option(
    "--rejects",
    "rejects_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Write every rejected row here (always rewritten: just the header when none).",
)
@click.option(
    "--new-platform",
    "new_platforms",
    multiple=True,
    metavar="NAME",
    help="A platform name the registry does not know yet, accepted as a new platform.",
)
@click.option("--preset", type=click.Choice(PRESETS), default=None, help="The file's layout.")
@click.option("--handle", default=None, help="Handle of every row without a handle column.")
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
    new_platforms: tuple[str, ...],
    preset: str | None,
    handle: str | None,
) -> None:
    """Import KIND (influencers, posts, spend, campaigns, signals) from a CSV or JSON FILE.

    --dry-run writes nothing at all: no database (a new one is only imagined), no rejects file
    unless --rejects names one."""
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
        handle=handle,
        new_platforms=tuple(new_platforms),
        preset=preset,
    )
    path = resolve_db(db_path, create=not dry_run)
    # a dry run on a database that does not exist yet imagines it in memory: no file, no folder
    session = Session.open(
        ":memory:" if dry_run and not path.exists() else path, rules=settings_in_force().rules
    )
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
    automatic = Path(f"{Path(file).stem}.rejects.csv")
    if rejects_path is None and not dry_run:
        many = len(result.rejects) > INLINE_REJECTS
        # the automatic file is rewritten whenever it is there, so it is never stale
        rejects_path = automatic if many or automatic.exists() else None
    if rejects_path is not None:
        write_rejects(result, rejects_path)
        if result.rejects:
            click.echo(f"rejected rows with their reasons: {rejects_path}", err=True)
    elif result.rejects:
        for reject in result.rejects[:INLINE_REJECTS]:
            click.echo(f"rejected {reject.location}: {reject.reason}", err=True)
        if len(result.rejects) > INLINE_REJECTS:
            click.echo(f"… and {len(result.rejects) - INLINE_REJECTS:,} more", err=True)
    click.echo(result.summary())
    if result.rejects:
        reasons = "; ".join(f"{reason} ({n:,})" for reason, n in result.top_reasons())
        click.echo(f"{result.rejected:,} rejected: {reasons}")
        sys.exit(EXIT_REJECTS)
