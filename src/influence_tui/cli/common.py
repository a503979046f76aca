"""What every command shares: the date and database options, where the database is, the one-line
error for every known failure, and opening the explorer."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from influence_tui.config.loading import LoadedSettings, SettingsError
from influence_tui.config.paths import default_database
from influence_tui.config.settings import DEFAULT_SETTINGS, Settings
from influence_tui.domain.tiers import SCHEMES
from influence_tui.ingest.headers import MappingError

EXIT_REJECTS = 3


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


def fail(message: str) -> None:
    raise click.ClickException(message)


def resolve_db(path: Path | None, *, create: bool = True) -> Path:
    path = path or default_database()
    if create and path == default_database():
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


tiers_option = click.option(
    "--tiers",
    type=click.Choice(sorted(SCHEMES)),
    default=None,
    help="Tier scheme (default: the settings' tier_scheme, else seed).",
)


def settings_in_force() -> Settings:
    """The settings the main command loaded (defaults when a command runs on its own)."""
    loaded = click.get_current_context().find_root().obj
    return loaded.settings if isinstance(loaded, LoadedSettings) else DEFAULT_SETTINGS


def check_keymap_in_force() -> None:
    """A keymap naming no binding is one line naming the file or variable that set it."""
    loaded = click.get_current_context().find_root().obj
    keymap = settings_in_force().keymap
    if not keymap:  # textual is loaded only to check a keymap that exists
        return
    from influence_tui.tui.keymap import KeymapError, check_keymap
    from influence_tui.tui.launch import every_binding

    try:
        check_keymap(keymap, every_binding())
    except KeymapError as exc:
        where = loaded.source_of(f"keymap.{exc.binding_id}") if loaded else "settings"
        raise SettingsError(f"{where}: {exc}") from None


def explore_database(
    db_path: Path,
    read_only: bool,
    as_of: dt.date | None,
    tiers: str | None,
    campaign: str | None,
    reviewer: str | None,
) -> None:
    check_keymap_in_force()  # a settings problem is named first, terminal or not
    require_terminal()  # before textual is imported, so the refusal is immediate
    from influence_tui.tui.launch import explore

    explore(
        db_path,
        read_only=read_only,
        as_of=as_of,
        tier_scheme=tiers,
        campaign=campaign,
        reviewer=reviewer,
        settings=settings_in_force(),
    )


NO_TERMINAL = (
    "the explorer needs a terminal and stdin or stdout is not one: "
    "use `ssh -t host influence-tui`, or `influence-tui report` for text"
)


def require_terminal() -> None:
    """Refuse at once, in one line, when the explorer could not be used: without a terminal
    (`ssh host` without -t, cron, a pipe) Textual would wait for keys that never come, spinning."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        fail(NO_TERMINAL)


class Guarded(click.Group):
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
    if isinstance(exc, (MappingError, FileNotFoundError, SettingsError)) or _is_store_error(exc):
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
