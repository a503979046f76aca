"""`influence-tui report`: the campaign report as text, Markdown or JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from influence_tui.cli.common import DATE, db_option, resolve_db, settings_in_force, tiers_option


@click.command()
@db_option
@click.option("--as-of", type=DATE, default=None)
@click.option("--campaign", default=None)
@tiers_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def report(
    db_path: Path | None, as_of: dt.date | None, campaign: str | None, tiers: str | None, fmt: str
) -> None:
    """Print the campaign report: platforms and their risk, influencers and their flags."""
    from influence_tui.analysis.report import build_report, influencer_values, report_head
    from influence_tui.analysis.session import open_view
    from influence_tui.report.render import RENDERERS, iter_json

    session, settings = open_view(
        resolve_db(db_path, create=False), read_only=True, as_of=as_of, tier_scheme=tiers,
        campaign=campaign, settings=settings_in_force(),
    )  # fmt: skip
    db = session.db
    if fmt == "json":  # written while the roster is read: never the whole list in memory
        for piece in iter_json(report_head(db, settings), influencer_values(db, settings)):
            click.echo(piece, nl=False)
        return
    click.echo(RENDERERS[fmt](build_report(db, settings)), nl=False)
