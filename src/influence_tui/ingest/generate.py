"""Synthetic databases of any size, for benchmarks: deterministic for a seed. Written through the
same session, upserts and domain rules as an import, so the numbers follow the same formulas."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import sqlite_utils

from influence_tui.domain.identity import handle_key
from influence_tui.domain.posts import PostSource
from influence_tui.domain.rules import DEFAULT_RULES, RollupRules
from influence_tui.store import lookups, writes
from influence_tui.store.rollups import Touched
from influence_tui.store.session import Session

PLATFORMS = ("instagram", "youtube", "snapchat")
BRANDS = [f"Brand {i:02d}" for i in range(40)]
END = dt.date(2026, 11, 1)  # a Sunday, so the last generated week is complete
CHUNK = 50_000
COUNTRIES = ("US", "GB", "DE", "BR", "IN")


def _followers(rng: random.Random) -> int:
    """Mostly micro, some macro, a few celebrities: a log-uniform spread from 500 to 50M."""
    return int(10 ** rng.uniform(2.7, 7.7))


def _campaigns(db: sqlite_utils.Database, start: dt.date, touched: Touched) -> list[int]:
    rows: list[dict[str, Any]] = [
        {"name": f"Campaign {i + 1}", "brand": BRANDS[i], "start_date": start.isoformat(),
         "end_date": END.isoformat(), "budget": 1e6}
        for i in range(3)
    ]  # fmt: skip
    writes.upsert_campaigns(db, rows, touched)
    return [writes.ensure_campaign(db, row["name"], row["brand"]) for row in rows]


def _influencers(
    db: sqlite_utils.Database, rng: random.Random, count: int, touched: Touched
) -> list[tuple[int, str, int | None, float]]:
    """(id, platform, followers, typical engagement rate) of each generated influencer."""
    rows: list[dict[str, Any]] = []
    for i in range(count):
        rows.append(
            {"platform": PLATFORMS[i % len(PLATFORMS)], "handle": f"creator{i:07d}",
             "name": f"Creator {i}", "followers": _followers(rng) if i % 97 else None,
             "country": COUNTRIES[i % 5], "category": None, "compensation": None,
             "audience_quality": None, "reported_engagement_rate": None,
             "provenance": "imported", "snapshot_date": END.isoformat()}
        )  # fmt: skip
    writes.upsert_influencers(db, rows, touched)
    ids = writes.influencer_lookup(db, {(r["platform"], handle_key(r["handle"])) for r in rows})
    return [
        (ids[(r["platform"], handle_key(r["handle"]))][0], r["platform"], r["followers"],
         rng.uniform(0.005, 0.09))
        for r in rows
    ]  # fmt: skip


def _posts(
    rng: random.Random,
    people: list[tuple[int, str, int | None, float]],
    campaign_ids: list[int],
    count: int,
    start: dt.date,
) -> Iterator[PostSource]:
    days = [(start + dt.timedelta(days=n)).isoformat() for n in range((END - start).days + 1)]
    seen = END.isoformat()
    for n in range(count):
        influencer_id, platform, followers, er = people[rng.randrange(len(people))]
        posted_at = days[rng.randrange(len(days))]
        reach = followers or rng.randint(1000, 100000)
        views = int(reach * rng.uniform(0.05, 0.6))
        engaged = int(reach * er * rng.uniform(0.7, 1.3))
        comments = engaged // 20
        likes = engaged - comments
        sponsored = rng.random() < 0.3
        campaign = rng.randrange(3) if sponsored and rng.random() < 0.5 else None
        brand = (
            BRANDS[campaign]
            if campaign is not None
            else (rng.choice(BRANDS) if sponsored else None)
        )
        title = f"Post {n} with {brand} #ad" if sponsored and rng.random() < 0.8 else f"Post {n}"
        cost = round(reach * 0.01 * rng.uniform(0.5, 2), 2) if campaign is not None else None
        yield PostSource(
            influencer_id, campaign_ids[campaign] if campaign is not None else None, platform,
            f"p{n}", f"p{n}", brand, posted_at, seen, title, views, likes, comments, None, None,
            cost, int(sponsored), 0, "estimated",
        )  # fmt: skip


def _batches(items: Iterable[PostSource], size: int) -> Iterator[list[PostSource]]:
    batch: list[PostSource] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _spend(
    rng: random.Random, weeks: int, start: dt.date, campaign_ids: list[int]
) -> list[dict[str, Any]]:
    rows = []
    for week in range(weeks):
        monday = start + dt.timedelta(days=7 * week)
        for index, platform in enumerate(PLATFORMS):
            rows.append(
                {"platform": platform, "campaign_id": campaign_ids[index],
                 "date": monday.isoformat(), "amount": round(rng.uniform(1000, 5000), 2),
                 "currency": "USD", "note": None}
            )  # fmt: skip
    return rows


def generate_database(
    path: str | Path,
    *,
    influencers: int,
    posts: int,
    weeks: int,
    seed: int,
    rules: RollupRules = DEFAULT_RULES,
) -> dict[str, int]:
    rng = random.Random(seed)
    start = END - dt.timedelta(days=7 * weeks - 1)
    session = Session.open(path, today=END, rules=rules)
    db = session.db
    try:
        with session.write(str(path), bulk=True) as touched:
            touched.everything = True  # a new database: every rollup is built once, at the end
            campaign_ids = _campaigns(db, start, touched)
            people = _influencers(db, rng, influencers, touched)
            with writes.posts_load(db, posts):
                for batch in _batches(_posts(rng, people, campaign_ids, posts, start), CHUNK):
                    writes.upsert_posts(db, batch, touched)
            writes.upsert_spend(db, _spend(rng, weeks, start, campaign_ids), touched)
        writes.analyze(db)
        return lookups.table_counts(db, ("influencers", "posts", "spend"))
    finally:
        session.close()
