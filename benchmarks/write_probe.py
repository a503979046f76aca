"""Run by the harness: the cost of small writes, in a big database against a small one (DESIGN.md
§8: a small write costs the change, not the database).

    python benchmarks/write_probe.py BIG.db SMALL.db WORK_FOLDER RUNS

Each run copies both databases afresh (the copy is not timed) and times, as separate processes
the way a user runs them: importing the same 1,000 new posts (a day's export, dated the day after
the data's latest date, for creators both databases hold) and importing one spend entry. Then
times a review decision's SQL in-process on the big database. Prints one JSON line."""

from __future__ import annotations

import csv
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

CLI = [sys.executable, "-m", "influence_tui"]
DAY = "2026-11-02"  # the day after the generated data's last day


def _copy(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, target)
    return target


def _files(work: Path) -> tuple[Path, Path]:
    """1,000 posts by creators 0-99 (in every generated database) and one spend entry."""
    posts = work / "day-1000-posts.csv"
    with posts.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["platform", "handle", "post_id", "posted_at", "title", "views", "likes",
                         "comments", "campaign", "cost"])  # fmt: skip
        platforms = ("instagram", "youtube", "snapchat")
        for n in range(1000):
            creator = n % 100
            campaign = "Campaign 1" if n % 5 == 0 else ""
            writer.writerow([platforms[creator % 3], f"creator{creator:07d}", f"day-{n}", DAY,
                             f"Day post {n} with Brand 00 #ad" if campaign else f"Day post {n}",
                             1000 + n, 80 + n % 50, 5 + n % 7, campaign,
                             "120.50" if campaign else ""])  # fmt: skip
    spend = work / "one-spend-entry.csv"
    spend.write_text(f"platform,date,amount,note\nsnapchat,{DAY},4200,bench\n", encoding="utf-8")
    return posts, spend


def _timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
    return seconds


def _decision_ms(path: Path, runs: int) -> list[float]:
    from influence_tui.analysis.roster import RosterQuery, roster_after
    from influence_tui.analysis.session import open_view
    from influence_tui.analysis.triage import decide

    session, settings = open_view(path, campaign="Campaign 1")
    rows = roster_after(session.db, RosterQuery(settings), None, runs)
    timings = []
    for index, row in enumerate(rows):
        t0 = time.perf_counter()
        decide(session, settings, row.influencer_id, "bench",
               decision=("keep", "watch", "drop")[index % 3])  # fmt: skip
        timings.append((time.perf_counter() - t0) * 1000)
    session.close()
    return timings


def main() -> None:
    big, small, work, runs = (
        Path(sys.argv[1]),
        Path(sys.argv[2]),
        Path(sys.argv[3]),
        int(sys.argv[4]),
    )
    posts, spend = _files(work)
    figures: dict[str, list[float]] = {
        "posts_big": [], "posts_small": [], "spend_big": [], "spend_small": []
    }  # fmt: skip
    for _ in range(runs):
        for name, source in (("big", big), ("small", small)):  # alternate: noise hits both
            target = _copy(source, work / f"write-{name}.db")
            figures[f"posts_{name}"].append(
                _timed([*CLI, "import", "posts", str(posts), "--db", str(target)])
            )
            target = _copy(source, work / f"write-{name}.db")
            figures[f"spend_{name}"].append(
                _timed([*CLI, "import", "spend", str(spend), "--db", str(target)])
            )
    decision = _decision_ms(_copy(big, work / "write-big.db"), max(20, runs * 4))
    out = {name: values for name, values in figures.items()}
    out["decision_ms"] = decision
    out["posts_ratio"] = [
        a / b for a, b in zip(figures["posts_big"], figures["posts_small"], strict=True)
    ]
    out["spend_ratio"] = [
        a / b for a, b in zip(figures["spend_big"], figures["spend_small"], strict=True)
    ]
    out["median"] = {name: statistics.median(values) for name, values in out.items() if values}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
