"""`influence-tui check`: for cron. Prints one line per platform whose risk rose since the last
check and exits 4; prints nothing and exits 0 when none did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from influence_tui.cli.common import DATE, db_option, resolve_db, settings_in_force

RISK_ROSE = 4


@click.command()
@db_option
@click.option(
    "--as-of", type=DATE, default=None, help="Date of the verdicts (default: latest in data)."
)
@click.option(
    "--read-only", "read_only", is_flag=True,
    help="Only compare with the last remembered verdicts; remember nothing.",
)  # fmt: skip
@click.pass_context
def check(ctx: click.Context, db_path: Path | None, as_of: dt.date | None, read_only: bool) -> None:
    """Report the platforms whose risk rose since the last check (exit 4), else nothing (exit 0)."""
    from influence_tui.analysis.risk_actions import check_risk
    from influence_tui.analysis.session import open_view

    parent = ctx.parent.params if ctx.parent is not None else {}
    read_only = read_only or bool(parent.get("read_only"))
    as_of = as_of or parent.get("as_of")
    session, settings = open_view(
        resolve_db(db_path or parent.get("db_path"), create=False), read_only=read_only,
        as_of=as_of, settings=settings_in_force(),
    )  # fmt: skip
    try:
        rises = check_risk(session, settings, remember=not read_only)
    finally:
        session.close()
    for rise in rises:
        click.echo(rise.line())
    if rises:
        ctx.exit(RISK_ROSE)
