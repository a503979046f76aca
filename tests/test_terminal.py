"""Drive the real app in a real terminal (tmux) and read what a user would read."""

import shutil
import subprocess
import sys
import time
import uuid

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def _wait_for(session: str, *texts: str, timeout: float = 20.0) -> str:
    """The screen once every text is on it (a capture can land in the middle of a repaint)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if all(text in screen for text in texts):
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{texts!r} never appeared together; the screen was:\n{screen}")


def test_real_terminal_session(demo_db):
    session = f"influence-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -m influence_tui --db {demo_db} --as-of 2026-11-01"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True
    )
    try:
        _wait_for(session, "60 influencers", "1 Roster", "as of 2026-11-01", "ada.cooks18")
        subprocess.run(["tmux", "send-keys", "-t", session, "3"], check=True)
        _wait_for(session, "HIGH", "snapchat", "instagram")
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("q did not quit the explorer")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
