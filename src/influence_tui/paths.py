"""Where databases and the bundled sample data live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "influence-tui"
DB_ENV = "INFLUENCE_TUI_DB"
SAMPLE_FILES = ("campaigns.csv", "influencers.csv", "posts.csv", "spend.csv", "signals.csv")


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """$INFLUENCE_TUI_DB, else influence.db in the user data folder."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return data_dir() / "influence.db"


def default_demo_database() -> Path:
    return data_dir() / "demo.db"


def sample_data_dir() -> Path:
    """The bundled sample data: inside the installed package, or the repository's sample_data/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "sample_data", here.parent.parent / "sample_data"):
        if all((candidate / name).is_file() for name in SAMPLE_FILES):
            return candidate
    raise FileNotFoundError("the bundled sample data is missing from this installation")
