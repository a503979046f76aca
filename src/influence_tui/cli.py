"""The command line: thin wrappers that parse options and call ingest, report or the explorer."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from influence_tui.domain.tiers import SCHEMES
from influence_tui.ingest.headers import KINDS, MappingError
from influence_tui.paths import default_database, default_demo_database

EXIT_REJECTS = 3
WRITING_COMMANDS = {"import", "demo", "generate"}
INLINE_REJECTS = 20


class _Date(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click stubs
    name = "DATE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


DATE = _Date()
db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: $INFLUENCE_TUI_DB, else influence.db in the user data folder).",
)


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _resolve_db(path: Path | None, *, create: bool = True) -> Path:
    path = path or default_database()
    if create and path == default_database():
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _explore(
    db_path: Path,
    read_only: bool,
    as_of: dt.date | None,
    tiers: str,
    campaign: str | None,
    reviewer: str | None,
) -> None:
    from influence_tui.explore import explore

    explore(
        db_path,
        read_only=read_only,
        as_of=as_of,
        tier_scheme=tiers,
        campaign=campaign,
        reviewer=reviewer,
    )


class _Guarded(click.Group):
    """Every known failure becomes one line on stderr and exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            message = _one_line(exc)
            if message is None:
                raise
            raise click.ClickException(message) from None


def _one_line(exc: Exception) -> str | None:
    """The line a known failure is explained in; None for anything else."""
    if isinstance(exc, (MappingError, FileNotFoundError)) or _is_store_error(exc):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        from influence_tui.store.connection import explain_error

        return str(explain_error("database", exc))
    if isinstance(exc, ValueError) or _is_import_error(exc):
        return str(exc)
    return None


def _is_store_error(exc: Exception) -> bool:
    """A database problem explained by the store. The store (and sqlite-utils with it) is loaded
    by the commands that open a database, not at start-up, so only they can raise these."""
    store = sys.modules.get("influence_tui.store.connection")
    return store is not None and isinstance(exc, store.StoreError)


def _is_import_error(exc: Exception) -> bool:
    """One of the importer's own errors. The importer (and pydantic with it) is loaded only by
    the commands that import, never at start-up, so only they can raise these."""
    importer = sys.modules.get("influence_tui.ingest.importer")
    return importer is not None and isinstance(exc, (importer.InputError, importer.ImportAborted))


@click.group(cls=_Guarded, invoke_without_command=True)
@db_option
@click.option("--read-only", is_flag=True, help="Open the database read-only.")
@click.option(
    "--as-of", type=DATE, default=None, help="Date of the verdicts (default: latest in data)."
)
@click.option("--tiers", type=click.Choice(sorted(SCHEMES)), default="seed", show_default=True)
@click.option("--campaign", default=None, help="Campaign to focus on.")
@click.option("--reviewer", default=None, help="Name recorded with triage decisions.")
@click.version_option(package_name="influence-tui")
@click.pass_context
def main(
    ctx: click.Context,
    db_path: Path | None,
    read_only: bool,
    as_of: dt.date | None,
    tiers: str,
    campaign: str | None,
    reviewer: str | None,
) -> None:
    """influence-tui: explore influencer campaigns in the terminal.

    With no command, opens the explorer on the database.
    """
    if read_only and ctx.invoked_subcommand in WRITING_COMMANDS:
        _fail(f"--read-only: {ctx.invoked_subcommand} writes to the database; not allowed")
    if ctx.invoked_subcommand is None:
        _explore(_resolve_db(db_path), read_only, as_of, tiers, campaign, reviewer)


@main.command()
@db_option
@click.option("--rebuild", is_flag=True, help="Build the demo database again from sample data.")
def demo(db_path: Path | None, rebuild: bool) -> None:
    """Build a demo database from the bundled sample data (once) and open the explorer."""
    from influence_tui.demo import build_demo

    path = db_path or default_demo_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    build_demo(path, rebuild=rebuild, echo=lambda m: click.echo(m, err=True))
    _explore(path, False, None, "seed", None, None)


@main.command(name="import")
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
    session = Session.open(_resolve_db(db_path))
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


@main.command()
@click.argument("kind", type=click.Choice(KINDS))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def export(kind: str, db_path: Path | None, fmt: str, output: Path | None) -> None:
    """Write every row of KIND as CSV or JSON (to --output, else standard output)."""
    from influence_tui.store.connection import open_database
    from influence_tui.store.queries import export_rows

    db = open_database(_resolve_db(db_path, create=False), read_only=True)
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


@main.command()
@db_option
@click.option("--as-of", type=DATE, default=None)
@click.option("--campaign", default=None)
@click.option("--tiers", type=click.Choice(sorted(SCHEMES)), default="seed", show_default=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def report(
    db_path: Path | None, as_of: dt.date | None, campaign: str | None, tiers: str, fmt: str
) -> None:
    """Print the campaign report: platforms and their risk, influencers and their flags."""
    from influence_tui.analysis.report import build_report, influencer_values, report_head
    from influence_tui.report.render import RENDERERS, iter_json
    from influence_tui.session import open_view

    session, settings = open_view(
        _resolve_db(db_path, create=False), read_only=True, as_of=as_of, tier_scheme=tiers,
        campaign=campaign,
    )  # fmt: skip
    db = session.db
    if fmt == "json":  # written while the roster is read: never the whole list in memory
        for piece in iter_json(report_head(db, settings), influencer_values(db, settings)):
            click.echo(piece, nl=False)
        return
    click.echo(RENDERERS[fmt](build_report(db, settings)), nl=False)


@main.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--influencers", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--posts", type=click.IntRange(0), default=10000, show_default=True)
@click.option("--weeks", type=click.IntRange(1), default=104, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def generate(db_path: Path, influencers: int, posts: int, weeks: int, seed: int) -> None:
    """Build a synthetic database of any size (for benchmarks)."""
    from influence_tui.generate import generate_database

    if db_path.exists():
        _fail(f"{db_path}: already exists; generate writes a new database")
    counts = generate_database(
        db_path, influencers=influencers, posts=posts, weeks=weeks, seed=seed
    )
    click.echo(
        f"generated {db_path}: " + ", ".join(f"{n:,} {table}" for table, n in counts.items())
    )
