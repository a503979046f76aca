"""Opening the explorer on a database."""

from __future__ import annotations

from pathlib import Path


def explore(
    path: Path,
    *,
    read_only: bool = False,
    as_of=None,
    tier_scheme: str = "seed",
    campaign: str | None = None,
    reviewer: str | None = None,
) -> None:
    # Until the explorer's screens land (issue 3), opening a database prints the text report.
    import click

    from influence_tui.analysis.report import build_report
    from influence_tui.report.render import render_text
    from influence_tui.session import open_view

    db, settings = open_view(
        path, read_only=read_only, as_of=as_of, tier_scheme=tier_scheme, campaign=campaign
    )
    click.echo(render_text(build_report(db, settings)), nl=False)
