"""Without a terminal (`ssh host` without -t, cron, a pipe) the explorer refuses at once, in one
line, with exit status 1: it never waits for keys that cannot come."""

import os
import pty
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from influence_tui.cli.common import NO_TERMINAL
from tests.test_terminal import _wait_for


def _run(args, *, stdin, stdout):
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "influence_tui", *map(str, args)],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=15,  # today's spin would end here
        env={**os.environ, "INFLUENCE_TUI_DB": ""},
    )
    return done, time.monotonic() - started


@pytest.mark.parametrize(
    ("stdin_tty", "stdout_tty"),
    [(False, False), (False, True), (True, False)],
    ids=["cron", "stdin-null", "piped"],
)
@pytest.mark.parametrize("command", [[], ["demo"]], ids=["explorer", "demo"])
def test_without_a_terminal_the_explorer_refuses_at_once(
    demo_db, tmp_path, command, stdin_tty, stdout_tty
):
    primary, secondary = pty.openpty()
    try:
        stdin = secondary if stdin_tty else subprocess.DEVNULL
        stdout = secondary if stdout_tty else subprocess.PIPE
        db = demo_db if not command else tmp_path / "new-demo.db"
        done, seconds = _run([*command, "--db", db], stdin=stdin, stdout=stdout)
    finally:
        os.close(primary)
        os.close(secondary)
    message = done.stderr.decode()
    assert done.returncode == 1, message
    assert message.splitlines() == [f"Error: {NO_TERMINAL}"]
    assert seconds < 3.0  # a Python start and click: no textual, no database
    if command == ["demo"]:
        assert not (tmp_path / "new-demo.db").exists()  # refused before building anything


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_in_a_terminal_a_pipe_still_refuses(demo_db):
    """The issue's own command line, typed in a real terminal: `influence-tui < /dev/null | tail`."""
    session = f"influence-{uuid.uuid4().hex[:8]}"
    command = (
        f"{sys.executable} -m influence_tui --db {demo_db} < /dev/null 2>&1 | tail -3; "
        "echo exit=${PIPESTATUS[0]}; sleep 30"
    )
    started = time.monotonic()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "100",
            "-y",
            "10",
            "bash",
            "-c",
            command,
        ],
        check=True,
    )
    try:
        screen = _wait_for(session, "exit=", timeout=10)
        assert time.monotonic() - started < 5
        assert f"Error: {NO_TERMINAL}" in screen.replace("\n", "")
        assert "exit=1" in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
