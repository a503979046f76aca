"""Time to the first painted roster page in a real terminal: each command is started in a fresh
detached tmux session at 80×24, and the pane is read every few milliseconds until the first
roster row's handle shows. Process start, imports and opening the database are all included.

    python benchmarks/terminal_probe.py DB [--runs 7]

Two commands, run alternately (explorer, bare, explorer, bare, …) so that noise on a shared
machine hits both: (a) the explorer, `python -m influence_tui --db DB`; (b) a bare Textual app
(benchmarks/bare_textual.py) that opens the same database with sqlite3 and paints the first 40
roster rows. Prints one JSON line: each command's runs, median and max (seconds) and the ratio
of the medians (explorer ÷ bare)."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
POLL_SECONDS = 0.005
TIMEOUT_SECONDS = 30.0


def first_handle(path: Path) -> str:
    """The handle on the first roster row (handle order), read with sqlite3 directly."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute(
            "SELECT handle FROM roster ORDER BY handle_key, influencer_id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    if row is None:
        raise SystemExit(f"{path}: the roster is empty; nothing to wait for")
    return row[0]


class Tmux:
    """A private tmux server (its own socket, no user config), kept alive between runs by one
    idle session so that each run pays for a session, not for starting a server."""

    def __init__(self) -> None:
        self.socket = f"influence-probe-{os.getpid()}"
        self.tmux(
            "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", "-s", "hold", "sleep 3600"
        )  # fmt: skip
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}").strip()

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and result.returncode != 0:
            raise SystemExit(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def time_to(self, command: list[str], sentinel: str, name: str) -> float:
        """Seconds from launching `command` in a new 80×24 session to `sentinel` on screen."""
        line = " ".join(shlex.quote(part) for part in command)
        t0 = time.perf_counter()
        self.tmux("new-session", "-d", "-x", "80", "-y", "24", "-s", name, line)
        try:
            while True:
                screen = self.tmux("capture-pane", "-p", "-t", name, check=False)
                elapsed = time.perf_counter() - t0
                if sentinel in screen:
                    return elapsed
                if elapsed > TIMEOUT_SECONDS:
                    raise SystemExit(
                        f"{sentinel!r} not on screen after {TIMEOUT_SECONDS:.0f} s: {line}\n{screen}"
                    )
                time.sleep(POLL_SECONDS)
        finally:
            self.tmux("kill-session", "-t", name, check=False)

    def close(self) -> None:
        self.tmux("kill-server", check=False)
        if self.socket_path:  # tmux may leave its socket file behind
            Path(self.socket_path).unlink(missing_ok=True)


def summary(values: list[float]) -> dict:
    return {
        "runs": [round(v, 4) for v in values],
        "median_s": round(statistics.median(values), 4),
        "max_s": round(max(values), 4),
    }


def measure(path: Path, runs: int, python: str = sys.executable) -> dict:
    sentinel = first_handle(path)
    commands = {
        "explorer": [python, "-m", "influence_tui", "--db", str(path)],
        "bare": [python, str(HERE / "bare_textual.py"), str(path)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    tmux = Tmux()
    try:
        for run in range(runs):
            for name, command in commands.items():  # alternating: a, b, a, b, …
                times[name].append(tmux.time_to(command, sentinel, f"{name}-{run}"))
    finally:
        tmux.close()
    result = {name: summary(values) for name, values in times.items()}
    result["ratio"] = round(result["explorer"]["median_s"] / result["bare"]["median_s"], 3)
    result["sentinel"] = sentinel
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--python", default=sys.executable, help="interpreter for both commands")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    print(json.dumps(measure(args.db, args.runs, args.python), ensure_ascii=False))


if __name__ == "__main__":
    main()
