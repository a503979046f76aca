from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from influence_tui.ingest.demo import build_demo

REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "real"
needs_real_data = pytest.mark.skipif(
    not REAL_DATA.is_dir(), reason="../shared/data/real is not here (fresh clone)"
)


@pytest.fixture(scope="session")
def demo_db_master(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path, echo=lambda _: None)
    return path


@pytest.fixture
def demo_db(demo_db_master, tmp_path) -> Path:
    """A private copy of the demo database, safe to write to."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_db_master, path)
    return path


@pytest.fixture
def empty_db(tmp_path) -> Path:
    return tmp_path / "empty.db"
