"""Running a piece of a test as an unprivileged user: CI runs as root, and root can write any
file, so permission behaviour is checked in a forked child that has become `nobody`."""

from __future__ import annotations

import os
import pwd
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _can_become_nobody() -> bool:
    try:
        pwd.getpwnam("nobody")
    except KeyError:
        return False
    return os.geteuid() == 0


needs_root = pytest.mark.skipif(
    not _can_become_nobody(), reason="needs root and a `nobody` user to act as another user"
)


def as_nobody(function, *args) -> str:
    """Run function(*args) in a forked child that has dropped root for `nobody` (modules are
    imported before the fork: nobody cannot read this interpreter's folders); its result."""
    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            result = repr(function(*args))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            result = f"error: {exc}"
        os.write(write_end, result.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        output = pipe.read()
    os.waitpid(pid, 0)
    return output


@contextmanager
def shared_copy(database: Path) -> Iterator[Path]:
    """A copy of `database` that everyone may read and only root may write, in a folder only root
    may write (made outside pytest's tmp_path, which is private to root); removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="influence-shared-"))
    try:
        folder.chmod(0o755)
        path = folder / "team.db"
        shutil.copy(database, path)
        path.chmod(0o644)
        yield path
    finally:
        shutil.rmtree(folder)
