"""Where databases and the settings file live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "influence-tui"
DB_ENV = "INFLUENCE_TUI_DB"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_database() -> Path:
    """$INFLUENCE_TUI_DB, else influence.db in the user data folder."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return data_dir() / "influence.db"


def default_demo_database() -> Path:
    return data_dir() / "demo.db"
