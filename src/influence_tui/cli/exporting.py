"""`influence-tui export`: every row of one kind as CSV or JSON; `export roster` (the roster as
people see it, under the explorer's filters) and `export audit` (the audit trail)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from influence_tui.cli.common import DATE, db_option, resolve_db, settings_in_force, tiers_option
from influence_tui.ingest.headers import KINDS

VIEWS = ("roster", "audit")


@click.command()
@click.argument("kind", type=click.Choice([*KINDS, *VIEWS]))
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--as-of", type=DATE, default=None, help="roster: date of the numbers.")
@click.option("--campaign", default=None, help="roster: one campaign's influencers, reviewed.")
@tiers_option
@click.option("--tier", default=None, help="roster: one tier of the scheme.")
@click.option("--platform", default=None, help="roster: one platform.")
@click.option("--flag", default=None, help="roster: influencers with this flag.")
@click.option("--decision", default=None, help="roster (with --campaign): one review decision.")
def export(
    kind: str,
    db_path: Path | None,
    fmt: str,
    output: Path | None,
    as_of: dt.date | None,
    campaign: str | None,
    tiers: str | None,
    tier: str | None,
    platform: str | None,
    flag: str | None,
    decision: str | None,
) -> None:
    """Write every row of KIND as CSV or JSON (to --output, else standard output).

    KIND roster is the roster as the explorer shows it (metrics, tier, flags, and with
    --campaign the decision, reviewer and note), narrowed by the filters; KIND audit is every
    audited change (review decisions and notes, spend fixes and deletions).
    """
    view_options = {"--as-of": as_of, "--campaign": campaign, "--tiers": tiers, "--tier": tier,
                    "--platform": platform, "--flag": flag, "--decision": decision}  # fmt: skip
    given = [name for name, value in view_options.items() if value is not None]
    if kind != "roster" and given:
        raise click.UsageError(f"{', '.join(given)}: only for `export roster`")
    if kind == "roster":
        names, rows = _roster(db_path, as_of, campaign, tiers, tier, platform, flag, decision)
    elif kind == "audit":
        names, rows = _audit(db_path)
    else:
        from influence_tui.store.connection import open_database
        from influence_tui.store.export import export_rows

        db = open_database(resolve_db(db_path, create=False), read_only=True)
        names, rows = export_rows(db, kind)
    handle = output.open("w", newline="", encoding="utf-8") if output else sys.stdout
    try:
        _write(handle, fmt, names, rows)
    finally:
        if output:
            handle.close()


def _roster(
    db_path: Path | None,
    as_of: dt.date | None,
    campaign: str | None,
    tiers: str | None,
    tier: str | None,
    platform: str | None,
    flag: str | None,
    decision: str | None,
) -> tuple[Sequence[str], Iterator[dict[str, Any]]]:
    from influence_tui.analysis.exports import ROSTER_FIELDS, roster_export
    from influence_tui.analysis.roster import RosterQuery
    from influence_tui.analysis.session import open_view

    session, view = open_view(
        resolve_db(db_path, create=False), read_only=True, as_of=as_of, tier_scheme=tiers,
        campaign=campaign, settings=settings_in_force(),
    )  # fmt: skip
    if tier is not None and tier not in view.scheme.names:
        names = ", ".join(view.scheme.names)
        raise click.BadParameter(f"{tier!r} is not a tier of {view.tier_scheme} ({names})",
                                 param_hint="--tier")  # fmt: skip
    if decision is not None and view.campaign_id is None:
        raise click.UsageError("--decision: decisions belong to a campaign; add --campaign")
    query = RosterQuery(view, platform=platform.strip().lower() if platform else None, tier=tier,
                        flag=flag, decision=decision)  # fmt: skip
    return ROSTER_FIELDS, roster_export(session.db, query)


def _audit(db_path: Path | None) -> tuple[Sequence[str], Iterator[dict[str, Any]]]:
    from influence_tui.analysis.exports import AUDIT_FIELDS, audit_export
    from influence_tui.analysis.session import open_view

    session, _ = open_view(resolve_db(db_path, create=False), read_only=True,
                           settings=settings_in_force())  # fmt: skip
    return AUDIT_FIELDS, audit_export(session.db)


def _write(handle: TextIO, fmt: str, names: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
    """CSV or a JSON array written row by row (never the whole list in memory)."""
    if fmt == "json":
        handle.write("[")
        first = True
        for row in rows:
            handle.write(("\n  " if first else ",\n  ") + json.dumps(row, ensure_ascii=False))
            first = False
        handle.write("]\n" if first else "\n]\n")
        return
    writer = csv.DictWriter(handle, fieldnames=list(names), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(v) for k, v in row.items()})


def _csv_value(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value
