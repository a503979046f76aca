"""The demo database, built once from the bundled sample data through the normal importer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from influence_tui.domain.rules import DEFAULT_RULES, RollupRules
from influence_tui.ingest.importer import ImportOptions, run_import
from influence_tui.store.connection import open_database
from influence_tui.store.lookups import table_counts
from influence_tui.store.session import Session

SAMPLE_FILES = ("campaigns.csv", "influencers.csv", "posts.csv", "spend.csv", "signals.csv")


def sample_data_dir() -> Path:
    """The bundled sample data: inside the installed package, or the repository's sample_data/."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "sample_data", here.parent.parent / "sample_data"):
        if all((candidate / name).is_file() for name in SAMPLE_FILES):
            return candidate
    raise FileNotFoundError("the bundled sample data is missing from this installation")


def _is_built(path: Path) -> bool:
    if not path.exists():
        return False
    db = open_database(path)
    try:
        return table_counts(db, ("posts",))["posts"] > 0
    finally:
        db.conn.close()


def build_demo(
    path: Path,
    *,
    rebuild: bool = False,
    echo: Callable[[str], None] = print,
    rules: RollupRules = DEFAULT_RULES,
) -> Path:
    if _is_built(path) and not rebuild:
        return path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    folder = sample_data_dir()
    session = Session.open(path, rules=rules)
    try:
        for name in SAMPLE_FILES:
            kind = name.removesuffix(".csv")
            result = run_import(session, folder / name, ImportOptions(kind=kind, strict=True))
            echo(result.summary())
    finally:
        session.close()
    echo(f"demo database: {path}")
    return path
