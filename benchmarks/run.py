"""The benchmark harness: builds databases with `influence-tui generate`, measures every budget
of DESIGN.md §8 and prints a table (median of several runs, min–max, budget).

    .venv/bin/python benchmarks/run.py                  # 100k influencers, 1M posts (minutes)
    .venv/bin/python benchmarks/run.py --scale 0.01     # 1k / 10k, a quick look
    .venv/bin/python benchmarks/run.py --results benchmarks/RESULTS.md

Databases and CSV files are cached in --work (default: a folder in the temp dir) by size."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
CLI = [PYTHON, "-m", "influence_tui"]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode not in (0,):
        raise SystemExit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    return result


def timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    run(command)
    return time.perf_counter() - t0


def database(work: Path, influencers: int, posts: int, weeks: int) -> tuple[Path, float | None]:
    """The generated database for a size (cached); and how long generating it took."""
    path = work / f"gen-{influencers}-{posts}-{weeks}.db"
    if path.exists():
        return path, None
    seconds = timed(
        [*CLI, "generate", "--db", str(path), "--influencers", str(influencers),
         "--posts", str(posts), "--weeks", str(weeks)]
    )  # fmt: skip
    return path, seconds


def export(source: Path, kind: str, target: Path) -> Path:
    if not target.exists():
        run([*CLI, "export", kind, "--db", str(source), "--output", str(target)])
    return target


BARE_LOADER = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = csv.reader(handle)
    header = next(rows)
    conn.execute("CREATE TABLE posts (" + ", ".join(f'"{h}"' for h in header) + ")")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO posts VALUES (" + ", ".join("?" * len(header)) + ")", rows
    )
    conn.execute("COMMIT")
"""


def import_runs(work: Path, source: Path, runs: int) -> tuple[list[float], list[float], int]:
    """(influence-tui import seconds, bare loader seconds, rows): the same posts CSV, into a
    database that already holds the influencers and campaigns."""
    posts_csv = export(source, "posts", work / f"{source.stem}-posts.csv")
    base = work / f"{source.stem}-base.db"
    if not base.exists():
        for kind in ("campaigns", "influencers"):
            path = export(source, kind, work / f"{source.stem}-{kind}.csv")
            run([*CLI, "import", kind, str(path), "--db", str(base)])
    with posts_csv.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    ours, bare = [], []
    for _ in range(runs):
        target = work / "import-target.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy(base, target)
        ours.append(timed([*CLI, "import", "posts", str(posts_csv), "--db", str(target)]))
        plain = work / "bare-target.db"
        plain.unlink(missing_ok=True)
        bare.append(timed([PYTHON, "-c", BARE_LOADER, str(posts_csv), str(plain)]))
    return ours, bare, rows


def probe(mode: str, path: Path, runs: int = 1) -> dict:
    command = [PYTHON, str(HERE / "explorer_probe.py"), mode, str(path), str(time.time()),
               str(runs)]  # fmt: skip
    return json.loads(run(command).stdout.strip().splitlines()[-1])


def filter_probe(path: Path) -> dict:
    """The posts filter over every prefix of many typed texts, two sorts, all posts and a
    campaign (benchmarks/posts_filter_probe.py; without --quick it tries every sort too)."""
    command = [PYTHON, str(HERE / "posts_filter_probe.py"), str(path), "--quick", "--json"]
    return json.loads(run(command).stdout.strip().splitlines()[-1])


def write_runs(work: Path, big: Path, weeks: int, runs: int) -> dict:
    """Small writes into the big database against a database of 1,000 posts."""
    small, _ = database(work, 100, 1000, weeks)
    command = [PYTHON, str(HERE / "write_probe.py"), str(big), str(small), str(work), str(runs)]
    return json.loads(run(command).stdout.strip().splitlines()[-1])


def terminal_probe(path: Path, runs: int) -> dict:
    """Launch → first roster row on screen in a real terminal (tmux, 80×24), the explorer and a
    bare Textual app run alternately (benchmarks/terminal_probe.py)."""
    command = [PYTHON, str(HERE / "terminal_probe.py"), str(path), "--runs", str(runs)]
    return json.loads(run(command).stdout.strip().splitlines()[-1])


def report_runs(path: Path, runs: int) -> list[float]:
    return [timed([*CLI, "report", "--db", str(path), "--format", "json"]) for _ in range(runs)]


class Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(self, figure: str, values: list[float], unit: str, budget: str, scale=1.0) -> None:
        values = [v * scale for v in values]
        median = statistics.median(values)
        spread = f"{min(values):.{_digits(unit)}f}–{max(values):.{_digits(unit)}f}"
        self.rows.append(
            [figure, f"{median:.{_digits(unit)}f} {unit}", spread, str(len(values)), budget,
             _verdict(median, budget)]
        )  # fmt: skip

    def note(self, figure: str, value: str, budget: str = "", verdict: str = "") -> None:
        self.rows.append([figure, value, "", "", budget, verdict])

    def markdown(self) -> str:
        header = ["figure", "median", "min–max", "runs", "budget", ""]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def _digits(unit: str) -> int:
    return {"ms": 1, "s": 2, "MB": 0, "×": 2}.get(unit, 2)


def _verdict(value: float, budget: str) -> str:
    if not budget.startswith("≤"):
        return ""
    limit = float(budget[1:].split()[0])
    return "ok" if value <= limit else "OVER"


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 100k influencers, 1M posts")
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--runs", type=int, default=5, help="runs per keystroke figure")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument(
        "--terminal-runs", type=int, default=7, help="alternating runs of the tmux probe"
    )
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "influence-bench"
    )
    parser.add_argument("--results", type=Path, default=None, help="also write this Markdown file")
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)

    influencers, posts = max(10, int(100_000 * args.scale)), max(100, int(1_000_000 * args.scale))
    table = Table()
    big, generated = database(args.work, influencers, posts, args.weeks)
    if generated is not None:
        budget = "≤ 60 s" if posts >= 1_000_000 else ""
        table.note(f"generate {influencers:,} influencers / {posts:,} posts", f"{generated:.1f} s",
                   budget, _verdict(generated, budget))  # fmt: skip

    if not args.skip_import:
        ours, bare, rows = import_runs(args.work, big, args.import_runs)
        table.add(f"import {rows:,} posts (influence-tui import)", ours, "s", "")
        table.add(f"import {rows:,} posts (bare csv.reader → executemany)", bare, "s", "")
        ratios = [a / b for a, b in zip(ours, bare, strict=True)]
        table.add("import ratio (ours ÷ bare)", ratios, "×", "≤ 2.5 ×")

    writes = write_runs(args.work, big, args.weeks, args.runs)
    for kind, what in (("posts", "1,000 posts"), ("spend", "one spend entry")):
        table.add(f"import {what} into {posts:,} posts (process)", writes[f"{kind}_big"], "s", "")
        table.add(f"import {what} into 1,000 posts (process)", writes[f"{kind}_small"], "s", "")
        table.add(f"  ratio (big ÷ small), {what}", writes[f"{kind}_ratio"], "×", "≤ 2 ×")
    table.add("review decision: SQL (decide, in-process)", writes["decision_ms"], "ms", "≤ 10 ms")

    for fraction in (0.01, 0.1, 1.0):
        size_posts = max(100, int(posts * fraction))
        size_influencers = max(10, int(influencers * fraction))
        path, _ = database(args.work, size_influencers, size_posts, args.weeks)
        readings = [probe("ready", path) for _ in range(args.runs)]
        table.add(
            f"explorer ready, {size_posts:,} posts (open → first page painted)",
            [r["ready_s"] for r in readings], "ms", "≤ 500 ms", scale=1000,
        )  # fmt: skip
        table.add(
            f"  … from process start, {size_posts:,} posts (imports included)",
            [r["ready_from_process_s"] for r in readings], "ms", "", scale=1000,
        )  # fmt: skip
        table.add(
            f"  … peak RSS, {size_posts:,} posts",
            [r["peak_rss_mb"] for r in readings], "MB", "≤ 120 MB",
        )  # fmt: skip

    keys = probe("keys", big, args.runs)
    rss = keys.pop("peak_rss_mb")
    for name, figures in keys.items():
        budget = "≤ 150 ms" if name.startswith("platforms") else "≤ 50 ms"
        table.rows.append(
            [f"{name}: SQL", f"{figures['sql_ms']:.1f} ms", "", str(figures["n"]), budget,
             _verdict(figures["sql_ms"], budget)]
        )  # fmt: skip
        table.rows.append(
            [f"{name}: SQL + render", f"{figures['total_ms']:.1f} ms",
             f"{figures['min_ms']:.1f}–{figures['max_ms']:.1f}", str(figures["n"]), budget,
             _verdict(figures["total_ms"], budget)]
        )  # fmt: skip
    table.note("peak RSS after every keystroke above", f"{rss:.0f} MB", "≤ 120 MB",
               "ok" if rss <= 120 else "OVER")  # fmt: skip
    probe_filter = filter_probe(big)
    n = probe_filter["keystrokes"]
    table.note(f"posts filter, {n:,} prefixes × sorts × scopes: SQL, median",
               f"{probe_filter['median_ms']:.1f} ms", "≤ 150 ms",
               _verdict(probe_filter["median_ms"], "≤ 150 ms"))  # fmt: skip
    table.note(f"posts filter, {n:,} prefixes × sorts × scopes: SQL, worst",
               f"{probe_filter['max_ms']:.1f} ms", "≤ 150 ms",
               _verdict(probe_filter["max_ms"], "≤ 150 ms"))  # fmt: skip
    if shutil.which("tmux") is None:
        table.note("first page in tmux 80×24 (explorer vs bare Textual)", "skipped: no tmux")
    else:
        terminal = terminal_probe(big, args.terminal_runs)
        table.add("first page in tmux 80×24, explorer (launch → row on screen)",
                  terminal["explorer"]["runs"], "ms", "", scale=1000)  # fmt: skip
        table.add("first page in tmux 80×24, bare Textual app + sqlite3",
                  terminal["bare"]["runs"], "ms", "", scale=1000)  # fmt: skip
        table.note("  … ratio of the medians (explorer ÷ bare)", f"{terminal['ratio']:.2f} ×",
                   "≤ 1.5 ×", _verdict(terminal["ratio"], "≤ 1.5 ×"))  # fmt: skip
    table.add("report --format json (process)", report_runs(big, args.runs), "ms", "≤ 1000 ms",
              scale=1000)  # fmt: skip

    heading = (
        f"{dt.date.today().isoformat()} · {influencers:,} influencers, {posts:,} posts, "
        f"{args.weeks} weeks · Python {platform.python_version()}, SQLite "
        f"{sqlite3.sqlite_version} · {_cpus()} CPUs"
    )
    text = f"{heading}\n\n{table.markdown()}\n"
    print(text)
    if args.results:
        command = "python benchmarks/run.py " + " ".join(argv or sys.argv[1:])
        args.results.write_text(
            f"# Benchmark results\n\n{heading}\n\nCommand: `{command.strip()}`\n\n"
            f"{table.markdown()}\n",
            encoding="utf-8",
        )
    return text


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    main()
