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


def _wait_for(session: str, text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")


def test_real_terminal_session(demo_db):
    session = f"influence-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -m influence_tui --db {demo_db} --as-of 2026-11-01"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True
    )
    try:
        screen = _wait_for(session, "60 influencers")
        assert "1 Roster" in screen and "as of 2026-11-01" in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "3"], check=True)
        screen = _wait_for(session, "HIGH")
        assert "snapchat" in screen and "instagram" in screen
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
