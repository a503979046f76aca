"""Synthetic databases of any size, for benchmarks: deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from influence_tui.domain.identity import handle_key
from influence_tui.domain.posts import PostSource
from influence_tui.store import writes
from influence_tui.store.session import Session

PLATFORMS = ("instagram", "youtube", "snapchat")
BRANDS = [f"Brand {i:02d}" for i in range(40)]
END = dt.date(2026, 11, 1)  # a Sunday, so the last generated week is complete
CHUNK = 50_000


def _followers(rng: random.Random) -> int:
    """Mostly micro, some macro, a few celebrities: a log-uniform spread from 500 to 50M."""
    return int(10 ** rng.uniform(2.7, 7.7))


def generate_database(
    path: str | Path, *, influencers: int, posts: int, weeks: int, seed: int
) -> dict[str, int]:
    rng = random.Random(seed)
    session = Session.open(path, today=END)
    db = session.db
    start = END - dt.timedelta(days=7 * weeks - 1)
    campaigns = [(f"Campaign {i + 1}", BRANDS[i]) for i in range(3)]
    with session.write(str(path), bulk=True) as touched:
        touched.everything = True  # a new database: every rollup is built once, at the end
        writes.upsert_campaigns(
            db,
            [
                {
                    "name": n,
                    "brand": b,
                    "start_date": start.isoformat(),
                    "end_date": END.isoformat(),
                    "budget": 1e6,
                }
                for n, b in campaigns
            ],
        )
        campaign_ids = [
            db.execute("SELECT id FROM campaigns WHERE name = ?", [n]).fetchone()[0]
            for n, _ in campaigns
        ]
        people = []
        rows = []
        for i in range(influencers):
            platform = PLATFORMS[i % len(PLATFORMS)]
            followers = _followers(rng) if i % 97 else None
            handle = f"creator{i:07d}"
            rows.append(
                (platform, handle, handle_key(handle), f"Creator {i}", followers,
                 ("US", "GB", "DE", "BR", "IN")[i % 5], "imported")
            )  # fmt: skip
            people.append((i + 1, platform, followers, rng.uniform(0.005, 0.09)))
        db.conn.executemany(
            "INSERT INTO influencers (platform, handle, handle_key, name, followers, country, "
            "provenance) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        days = (END - start).days + 1
        batch = []
        for n in range(posts):
            influencer_id, platform, followers, er = people[rng.randrange(influencers)]
            posted_at = (start + dt.timedelta(days=rng.randrange(days))).isoformat()
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
            title = (
                f"Post {n} with {brand} #ad" if sponsored and rng.random() < 0.8 else f"Post {n}"
            )
            cost = round(reach * 0.01 * rng.uniform(0.5, 2), 2) if campaign is not None else None
            batch.append(
                PostSource(
                    influencer_id, campaign_ids[campaign] if campaign is not None else None,
                    platform, f"p{n}", f"p{n}", brand, posted_at, END.isoformat(), title, views,
                    likes, comments, None, None, cost, int(sponsored), 0, "estimated",
                )
            )  # fmt: skip
            if len(batch) >= CHUNK:
                writes.upsert_posts(db, batch, touched)
                batch.clear()
        if batch:
            writes.upsert_posts(db, batch, touched)
        spend_rows = []
        for week in range(weeks):
            monday = start + dt.timedelta(days=7 * week)
            for p_index, platform in enumerate(PLATFORMS):
                spend_rows.append(
                    {"platform": platform, "campaign_id": campaign_ids[p_index], "date": monday.isoformat(),
                     "amount": round(rng.uniform(1000, 5000), 2), "currency": "USD", "note": None}
                )  # fmt: skip
        writes.upsert_spend(db, spend_rows, touched)
    db.execute("ANALYZE")
    counts = {
        t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("influencers", "posts", "spend")
    }
    session.close()
    return counts
