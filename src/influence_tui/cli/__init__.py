"""The command line: thin wrappers that parse options and call ingest, analysis, report or the
explorer. One module per command group; this one is the main command (which opens the explorer)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from influence_tui.cli.building import demo, generate
from influence_tui.cli.checking import check
from influence_tui.cli.common import (
    DATE,
    Guarded,
    db_option,
    explore_database,
    fail,
    resolve_db,
    tiers_option,
)
from influence_tui.cli.configuring import config
from influence_tui.cli.exporting import export
from influence_tui.cli.importing import import_
from influence_tui.cli.platforms import platforms
from influence_tui.cli.reporting import report
from influence_tui.cli.spending import spend
from influence_tui.config.loading import load_settings

WRITING_COMMANDS = {"import", "demo", "generate"}


@click.group(cls=Guarded, invoke_without_command=True)
@db_option
@click.option("--read-only", is_flag=True, help="Open the database read-only.")
@click.option(
    "--as-of", type=DATE, default=None, help="Date of the verdicts (default: latest in data)."
)
@tiers_option
@click.option("--campaign", default=None, help="Campaign to focus on.")
@click.option("--reviewer", default=None, help="Name recorded with triage decisions.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings file (default: settings.toml in the user config folder; see `config`).",
)
@click.version_option(package_name="influence-tui")
@click.pass_context
def main(
    ctx: click.Context,
    db_path: Path | None,
    read_only: bool,
    as_of: dt.date | None,
    tiers: str | None,
    campaign: str | None,
    reviewer: str | None,
    config_path: Path | None,
) -> None:
    """influence-tui: explore influencer campaigns in the terminal.

    With no command, opens the explorer on the database.
    """
    ctx.obj = load_settings(config_path)
    if read_only and ctx.invoked_subcommand in WRITING_COMMANDS:
        fail(f"--read-only: {ctx.invoked_subcommand} writes to the database; not allowed")
    if ctx.invoked_subcommand is None:
        explore_database(resolve_db(db_path), read_only, as_of, tiers, campaign, reviewer)


for command in (demo, import_, export, report, generate, config, check, spend):
    main.add_command(command)
main.add_command(platforms)
