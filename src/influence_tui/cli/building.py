"""`influence-tui demo` and `generate`: databases built from the bundled sample or from a seed."""

from __future__ import annotations

from pathlib import Path

import click

from influence_tui.cli.common import (
    explore_database,
    fail,
    require_terminal,
    settings_in_force,
)
from influence_tui.config.paths import default_demo_database
from influence_tui.domain.text import counted


@click.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file (default: demo.db in the user data folder; $INFLUENCE_TUI_DB is not used).",
)
@click.option("--rebuild", is_flag=True, help="Build the demo database again from sample data.")
def demo(db_path: Path | None, rebuild: bool) -> None:
    """Build a demo database from the bundled sample data (once) and open the explorer."""
    from influence_tui.ingest.demo import build_demo

    require_terminal()  # the demo is the explorer: refuse before building anything
    path = db_path or default_demo_database()
    path.parent.mkdir(parents=True, exist_ok=True)
    rules = settings_in_force().rules
    build_demo(path, rebuild=rebuild, echo=lambda m: click.echo(m, err=True), rules=rules)
    explore_database(path, False, None, None, None, None)


@click.command()
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--influencers", type=click.IntRange(1), default=1000, show_default=True)
@click.option("--posts", type=click.IntRange(0), default=10000, show_default=True)
@click.option("--weeks", type=click.IntRange(1), default=104, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
def generate(db_path: Path, influencers: int, posts: int, weeks: int, seed: int) -> None:
    """Build a synthetic database of any size (for benchmarks)."""
    from influence_tui.ingest.generate import generate_database

    if db_path.exists():
        fail(f"{db_path}: already exists; generate writes a new database")
    counts = generate_database(
        db_path, influencers=influencers, posts=posts, weeks=weeks, seed=seed,
        rules=settings_in_force().rules,
    )  # fmt: skip
    click.echo(
        f"generated {db_path}: " + ", ".join(counted(n, table) for table, n in counts.items())
    )
