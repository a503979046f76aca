"""The posts filter's worst case: the SQL a keystroke in the Posts pane's `/` filter runs (the first
page of 100 rows, then the capped count), for every prefix of many typed texts (one letter, two
letters, common and rare words, brand names, handles, numbers), in every sort and direction,
over all posts, one campaign and one influencer. Prints the median and the maximum, and the
slowest keystrokes.

    .venv/bin/python benchmarks/posts_filter_probe.py DB [--runs 3] [--quick] [--json]

DB is a database from `influence-tui generate` (benchmarks/run.py caches them by size)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from influence_tui.analysis import posts
from influence_tui.analysis.posts import PostQuery, posts_after, posts_count
from influence_tui.analysis.session import open_view
from influence_tui.store.posts_window import POST_SORTS

PAGE = 100  # the explorer's page (tui.paged_table.PAGE_ROWS)

# What people type, a character at a time: every prefix of each text is one keystroke.
TEXTS = (
    "post 12",  # a word in every title, then a number prefix shared by ~1% of posts
    "post 999",
    "post 4567",
    "12 post",
    "with brand",
    "brand 07",
    "brand 39 #ad",
    "#ad",
    "ad",
    "creator0012",  # handles
    "creator0099999",
    "creator 5",
    "b",
    "c",
    "w",
    "x",
    "7",
    "zzz",  # nothing matches
    "post zzz",
    "555",
    "98765",
)


def keystrokes(texts: tuple[str, ...]) -> list[str]:
    typed: list[str] = []
    for text in texts:
        for end in range(1, len(text) + 1):
            prefix = text[:end]
            if prefix.strip() and prefix not in typed:
                typed.append(prefix)
    return typed


def scopes(db, quick: bool) -> list[tuple[str, dict]]:
    campaign_id = db.execute("SELECT id FROM campaigns ORDER BY name LIMIT 1").fetchone()[0]
    busiest = db.execute(
        "SELECT influencer_id FROM roster ORDER BY posts DESC, influencer_id LIMIT 1"
    ).fetchone()[0]
    found = [("all posts", {}), ("one campaign", {"campaign_id": campaign_id})]
    if not quick:
        found.append(("one influencer", {"influencer_id": busiest}))
    return found


def sorts(quick: bool) -> list[tuple[str, bool]]:
    if quick:
        return [("posted_at", True), ("views", False)]
    return [(key, descending) for key in POST_SORTS for descending in (True, False)]


def measure(db, query: PostQuery) -> tuple[float, float, int, str]:
    t0 = time.perf_counter()
    rows = posts_after(db, query, None, PAGE)
    t1 = time.perf_counter()
    total, capped = posts_count(db, query)
    t2 = time.perf_counter()
    answer = posts._ANSWERS.get((id(db), query))  # which plan found the page
    plan = answer.plan if answer else "no words"
    return t1 - t0, t2 - t1, len(rows), f"{plan}, count {total:,}{'+' if capped else ''}"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=2, help="times each keystroke is measured")
    parser.add_argument("--quick", action="store_true", help="two sorts, no influencer scope")
    parser.add_argument("--json", action="store_true", help="one JSON line (for run.py)")
    parser.add_argument("--worst", type=int, default=12, help="how many slowest to list")
    args = parser.parse_args(argv)

    session, settings = open_view(args.db, read_only=True)
    db = session.db
    typed = keystrokes(TEXTS)
    totals: list[float] = []
    slowest: list[tuple[float, float, float, int, str]] = []
    plans: dict[str, int] = {}
    for scope_name, scope in scopes(db, args.quick):
        for sort, descending in sorts(args.quick):
            for text in typed:
                query = PostQuery(settings, text=text, sort=sort, descending=descending, **scope)
                runs = [measure(db, query) for _ in range(args.runs)]
                fetch, count, found, how = max(runs, key=lambda r: r[0] + r[1])
                totals.append(fetch + count)
                plan = how.split(",")[0]
                plans[plan] = plans.get(plan, 0) + 1
                label = f"{scope_name}, {sort} {'↓' if descending else '↑'}, {text!r} ({how})"
                slowest.append((fetch + count, fetch, count, found, label))
    slowest.sort(reverse=True)
    result = {
        "keystrokes": len(totals),
        "median_ms": statistics.median(totals) * 1000,
        "max_ms": max(totals) * 1000,
        "over_150ms": sum(t > 0.150 for t in totals),
        "plans": plans,
    }
    if args.json:
        print(json.dumps(result))
        return result
    print(
        f"{result['keystrokes']} keystrokes (page of {PAGE} + count, worst of {args.runs} runs "
        f"each): median {result['median_ms']:.1f} ms, max {result['max_ms']:.1f} ms, "
        f"{result['over_150ms']} over 150 ms"
    )
    print("pages found by: " + ", ".join(f"{n} {plan}" for plan, n in sorted(plans.items())))
    print("  (partial: neither plan finished in its time; the page holds the first matches and")
    print("   the count says 'at least')")
    print("slowest (total = page + count, rows on the page):")
    for total, fetch, count, found, label in slowest[: args.worst]:
        print(
            f"  {total * 1000:7.1f} ms = {fetch * 1000:6.1f} + {count * 1000:6.1f}  "
            f"{found:3d} rows  {label}"
        )
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
