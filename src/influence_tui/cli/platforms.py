"""`influence-tui platforms list|rename|merge`: the platform registry, and the repairs of a
misspelt or duplicated platform. Every repair is one audited write; the rollups follow."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from influence_tui.cli.common import db_option, fail, resolve_db, settings_in_force


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment (a container, a cron job)
        return "influence-tui (command line)"


@click.group()
def platforms() -> None:
    """The platforms in the database, their aliases, and repairs (rename, merge)."""


@platforms.command(name="list")
@db_option
def list_(db_path: Path | None) -> None:
    """Every platform with its aliases and how many rows are on it."""
    from influence_tui.store import platform_registry
    from influence_tui.store.connection import open_database

    db = open_database(resolve_db(db_path, create=False), read_only=True)
    try:
        rows = platform_registry.listing(db)
    finally:
        db.conn.close()
    click.echo(
        f"{'platform':<14} {'influencers':>11} {'posts':>9} {'spend':>7} {'signals':>8}  aliases"
    )
    for row in rows:
        click.echo(
            f"{row['platform']:<14} {row['influencers']:>11,} {row['posts']:>9,} "
            f"{row['spend']:>7,} {row['signals']:>8,}  {', '.join(row['aliases']) or '—'}"
        )


@platforms.command()
@click.argument("old")
@click.argument("new")
@db_option
def rename(old: str, new: str, db_path: Path | None) -> None:
    """Rename platform OLD to NEW (OLD stays as an alias of NEW)."""
    from influence_tui.store import platform_registry

    _repair(db_path, lambda db, touched: platform_registry.rename(db, old, new, _actor(), touched))


@platforms.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="INTO")
@db_option
def merge(source: str, target: str, db_path: Path | None) -> None:
    """Move everything on platform FROM onto INTO (FROM stays as an alias of INTO)."""
    from influence_tui.store import platform_registry

    _repair(
        db_path,
        lambda db, touched: platform_registry.merge_into(db, source, target, _actor(), touched),
    )


def _repair(db_path: Path | None, change: Callable[[Any, Any], str]) -> None:
    from influence_tui.store.session import Session

    path = resolve_db(db_path, create=False)
    if not path.exists():
        fail(f"{path}: no such database")
    session = Session.open(path, rules=settings_in_force().rules)
    try:
        with session.write("platforms") as touched:
            line = change(session.db, touched)
    finally:
        session.close()
    click.echo(line)
