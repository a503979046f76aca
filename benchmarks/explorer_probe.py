"""Run in a child process by the harness: open the explorer headless on one database and report,
as JSON on stdout, when the first roster page was painted and the peak memory; or time each
keystroke (SQL time and SQL + render time) with Textual's Pilot."""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time
from pathlib import Path

PROCESS_T0 = float(sys.argv[3]) if len(sys.argv) > 3 else time.time()

from textual.worker import WorkerCancelled  # noqa: E402

from influence_tui.store import lookups  # noqa: E402
from influence_tui.tui import panes  # noqa: E402
from influence_tui.tui.launch import explorer_app  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ready(path: Path) -> dict:
    """From opening the database (as `influence-tui` does) to the first roster page painted."""
    marks: dict[str, float] = {}
    original = panes.RosterPane.loaded

    def loaded(self) -> None:
        original(self)
        if "painted" not in marks:

            def painted() -> None:
                marks["painted"] = time.perf_counter()
                marks["painted_wall"] = time.time()
                self.app.exit()

            self.call_after_refresh(painted)

    panes.RosterPane.loaded = loaded
    start = time.perf_counter()
    app = explorer_app(path, blink=False, poll_seconds=None)
    app.animation_level = "none"
    app.run(headless=True, size=(120, 40))
    return {
        "ready_s": marks["painted"] - start,
        "ready_from_process_s": marks["painted_wall"] - PROCESS_T0,
        "peak_rss_mb": peak_rss_mb(),
    }


class Timed:
    """Wraps the app's database thread so the time spent in queries is known."""

    def __init__(self, database) -> None:
        self.database = database
        self.sql = 0.0
        call = database.call

        def timed_call(function, *args, **kwargs):
            def timed(db, *args, **kwargs):
                # timed on the database thread: the query itself, not the wait in its queue
                t0 = time.perf_counter()
                try:
                    return function(db, *args, **kwargs)
                finally:
                    self.sql += time.perf_counter() - t0

            return call(timed, *args, **kwargs)

        database.call = timed_call


async def keystrokes(path: Path, runs: int) -> dict:
    app = explorer_app(path, blink=False, poll_seconds=None)
    campaigns = [(c["id"], c["name"]) for c in app.database.call(lookups.campaigns)]
    app.animation_level = "none"
    results: dict[str, list[tuple[float, float]]] = {}

    async with app.run_test(size=(120, 40)) as pilot:
        timer = Timed(app.database)

        async def settle() -> None:
            for _ in range(2):
                try:
                    await app.workers.wait_for_complete()
                except WorkerCancelled:  # a stale load replaced by a newer one
                    await pilot.pause()
                    continue
                await pilot.pause()

        painted: list[asyncio.Future] = []

        def mark_painted() -> None:
            if painted and not painted[-1].done():
                painted[-1].set_result(time.perf_counter())

        def on_shown(pane) -> None:
            pane.call_after_refresh(mark_painted)

        for pane_class in (panes.RosterPane, panes.PostsPane):
            _after(pane_class, "loaded", on_shown)
        _after(panes.PlatformsPane, "_show_reasons", on_shown)

        async def measure(name: str, action) -> None:
            """From the key to the first paint after the table was refilled."""
            await settle()
            painted.append(asyncio.get_running_loop().create_future())
            timer.sql = 0.0
            t0 = time.perf_counter()
            await action()
            try:
                t1 = await asyncio.wait_for(painted[-1], timeout=10)
            except asyncio.TimeoutError:  # nothing to load (a tiny database has one page)
                return
            await settle()
            results.setdefault(name, []).append((timer.sql, t1 - t0))

        await settle()
        roster = app.screen.query_one(panes.RosterPane)
        posts = app.screen.query_one(panes.PostsPane)

        async def press(*keys):
            await pilot.press(*keys)

        async def pane_keystrokes(name: str, pane, typed: str, filter_sort: str | None) -> None:
            """Page, jump, each sort, and typing `typed` into the filter (sorted by
            `filter_sort`, else by the last column sorted), on one pane."""
            for _ in range(runs):
                pane.table.move_cursor(row=len(pane.rows) - 1)
                await measure(f"{name}: page down", lambda: press("pagedown"))
                await measure(f"{name}: jump to end (G)", lambda: press("G"))
                await measure(f"{name}: back to top (g)", lambda: press("g"))
            for index, column in enumerate(pane.columns):
                if column.sort_key is None:
                    continue
                pane.table.column_index = index
                for _ in range(runs):
                    await measure(f"{name}: sort by {column.label}", lambda: press("s"))
            if filter_sort:
                pane.sort_key, pane.descending = filter_sort, False
            await press("slash")
            for _ in range(runs):
                for char in typed:
                    await measure(f"{name}: filter keystroke", lambda c=char: press(c))
                for _ in typed:
                    await press("backspace")
                await settle()

        await pane_keystrokes("roster", roster, "creator0012", filter_sort="handle")
        await press("escape", "2")
        await settle()
        await pane_keystrokes("posts", posts, "post 12", filter_sort=None)
        await press("escape", "1")
        await settle()
        for run in range(runs):
            campaign_id, name = campaigns[run % len(campaigns)]
            await measure("campaign switch", lambda i=campaign_id, n=name: _set_campaign(app, i, n))
        app.set_campaign(None, None)
        await settle()
        await press("3")
        platforms = app.screen.query_one(panes.PlatformsPane)
        for _ in range(runs):
            await measure("platforms pane (risk rule)", lambda: _reload(platforms))

    return {
        name: {
            "sql_ms": statistics.median(s for s, _ in values) * 1000,
            "total_ms": statistics.median(t for _, t in values) * 1000,
            "min_ms": min(t for _, t in values) * 1000,
            "max_ms": max(t for _, t in values) * 1000,
            "n": len(values),
        }
        for name, values in results.items()
    } | {"peak_rss_mb": peak_rss_mb()}


def _after(cls, method: str, hook) -> None:
    original = getattr(cls, method)

    def wrapped(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        hook(self)
        return result

    setattr(cls, method, wrapped)


async def _set_campaign(app, campaign_id, name) -> None:
    app.set_campaign(campaign_id, name)


async def _reload(pane) -> None:
    pane.reload()


if __name__ == "__main__":
    mode, database = sys.argv[1], Path(sys.argv[2])
    if mode == "ready":
        print(json.dumps(ready(database)))
    else:
        print(json.dumps(asyncio.run(keystrokes(database, int(sys.argv[4])))))
