"""`influence-tui spend list|fix|delete`: the spend ledger on the command line. Every change goes
through the session (the rollups follow) and is audited with who made it."""

from __future__ import annotations

import csv
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from influence_tui.cli.common import db_option, resolve_db, settings_in_force

if TYPE_CHECKING:  # loaded by the commands that open a database, not at start-up
    from influence_tui.analysis.session import Session
    from influence_tui.analysis.spend import SpendRow

PAGE = 500
by_option = click.option(
    "--by", "actor", default=None, help="Name recorded in the audit log (default: login name)."
)


def _actor(actor: str | None) -> str:
    if actor:
        return actor
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _read_only() -> bool:
    return bool(click.get_current_context().find_root().params.get("read_only"))


@click.group()
def spend() -> None:
    """The spend ledger: list, fix and delete spend entries (every change audited)."""


@spend.command("list")
@db_option
@click.option("--platform", default=None, help="Only this platform's entries.")
@click.option("--campaign", default=None, help="Only this campaign's entries.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "csv", "json"]), default="text", show_default=True
)
def list_(db_path: Path | None, platform: str | None, campaign: str | None, fmt: str) -> None:
    """Every spend entry, newest first, with the ID that fix and delete take."""
    from influence_tui.analysis.session import open_view
    from influence_tui.analysis.spend import SpendQuery, spend_after, spend_cursor

    session, view = open_view(
        resolve_db(db_path, create=False), read_only=True, campaign=campaign,
        settings=settings_in_force(),
    )  # fmt: skip
    query = SpendQuery(platform=platform.strip().lower() if platform else None,
                       campaign_id=view.campaign_id)  # fmt: skip
    fields = ("id", "date", "platform", "campaign", "amount", "currency", "note")
    out = sys.stdout
    writer = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writerow(fields)
    if fmt == "json":
        out.write("[")
    cursor, first = None, True
    while rows := spend_after(session.db, query, cursor, PAGE):
        for row in rows:
            values = (row.spend_id, row.date, row.platform, row.campaign, round(row.amount, 2),
                      row.currency, row.note)  # fmt: skip
            if fmt == "json":
                entry = dict(zip(fields, values, strict=True))
                out.write(("\n  " if first else ",\n  ") + json.dumps(entry, ensure_ascii=False))
            elif writer:
                writer.writerow(["" if v is None else v for v in values])
            else:
                click.echo(
                    f"{row.spend_id:>6}  {row.date}  {row.platform:<10} "
                    f"{row.amount:>12,.2f} {row.currency}  {row.campaign or '—'}"
                    + (f"  · {row.note}" if row.note else "")
                )
            first = False
        cursor = spend_cursor(rows[-1], query)
    if fmt == "json":
        out.write("\n]\n" if not first else "]\n")
    elif fmt == "text" and first:
        click.echo("no spend entries", err=True)
    session.close()


@spend.command()
@click.argument("spend_id", metavar="ID", type=int)
@db_option
@click.option("--platform", default=None)
@click.option("--date", "date_text", default=None, help="YYYY-MM-DD")
@click.option("--amount", default=None, help="e.g. 1200.50 or $1,200.50")
@click.option("--campaign", default=None, help='A campaign name; "" for none.')
@click.option("--note", default=None, help='"" for none.')
@by_option
def fix(
    spend_id: int,
    db_path: Path | None,
    platform: str | None,
    date_text: str | None,
    amount: str | None,
    campaign: str | None,
    note: str | None,
    actor: str | None,
) -> None:
    """Change what spend entry ID says (only the fields given); audited with old and new."""
    from influence_tui.analysis.session import open_view
    from influence_tui.analysis.spend import fix_spend, parse_spend_form

    given = {"platform": platform, "date": date_text, "amount": amount, "campaign": campaign,
             "note": note}  # fmt: skip
    if all(v is None for v in given.values()):
        raise click.UsageError("nothing to change: give --platform, --date, --amount, "
                               "--campaign or --note")  # fmt: skip
    session, _ = open_view(resolve_db(db_path, create=False), read_only=_read_only(),
                           settings=settings_in_force())  # fmt: skip
    try:
        entry = _entry(session, spend_id)
        values = entry.form_values() | {k: v for k, v in given.items() if v is not None}
        click.echo(fix_spend(session, spend_id, parse_spend_form(values), _actor(actor)))
    finally:
        session.close()


@spend.command()
@click.argument("spend_id", metavar="ID", type=int)
@db_option
@click.option("--yes", is_flag=True, help="Do not ask first.")
@by_option
def delete(spend_id: int, db_path: Path | None, yes: bool, actor: str | None) -> None:
    """Delete spend entry ID (asks first unless --yes); audited with what it said."""
    from influence_tui.analysis.session import open_view
    from influence_tui.analysis.spend import delete_spend

    session, _ = open_view(resolve_db(db_path, create=False), read_only=_read_only(),
                           settings=settings_in_force())  # fmt: skip
    try:
        entry = _entry(session, spend_id)
        if not yes and not click.confirm(f"delete {entry.describe()}?", default=False):
            click.echo("nothing deleted", err=True)
            return
        click.echo(delete_spend(session, spend_id, _actor(actor)))
    finally:
        session.close()


def _entry(session: Session, spend_id: int) -> SpendRow:
    """Spend entry ID, or the one-line error that says where the IDs are."""
    from influence_tui.analysis.spend import spend_entry

    entry = spend_entry(session.db, spend_id)
    if entry is None:
        raise ValueError(f"no spend entry {spend_id} (see `influence-tui spend list`)")
    return entry
