"""Writing validated rows in batches: per-kind upserts through the store, with the campaign and
influencer lookups they need cached across batches."""

from __future__ import annotations

from typing import Any

from influence_tui.domain.identity import handle_key, name_key, post_key
from influence_tui.domain.posts import PostSource
from influence_tui.ingest.options import ImportOptions
from influence_tui.store import writes
from influence_tui.store.rollups import Touched
from influence_tui.store.session import Session


class BatchWriter:
    """Per-kind upserts with the lookups they need, cached across batches."""

    def __init__(self, session: Session, options: ImportOptions, touched: Touched):
        self.db = session.db
        self.options = options
        self.touched = touched
        self.campaigns = writes.campaign_ids(self.db)
        self.influencers: dict[tuple[str, str], tuple[int, int | None]] = {}

    def campaign(self, name: str | None, brand: str | None) -> int | None:
        """The campaign's id, created (with this brand) when the file names a new one."""
        if not name:
            return None
        found = self.campaigns.get(name_key(name))
        if found is None:
            found = self.campaigns[name_key(name)] = writes.ensure_campaign(self.db, name, brand)
        return found

    def write(self, rows: list[dict[str, Any]]) -> int:
        kind = self.options.kind
        if kind == "influencers":
            for row in rows:
                row["snapshot_date"] = row["snapshot_date"].isoformat()
            return writes.upsert_influencers(self.db, rows, self.touched)
        if kind == "campaigns":
            return writes.upsert_campaigns(self.db, rows, self.touched)
        if kind == "spend":
            for row in rows:
                row["campaign_id"] = self.campaign(row.pop("campaign"), None)
                row["date"] = row["date"].isoformat()
            return writes.upsert_spend(self.db, rows, self.touched)
        if kind == "signals":
            for row in rows:
                row["date"] = row["date"].isoformat()
            return writes.upsert_signals(self.db, rows, self.touched)
        return self._posts(rows)

    def _influencer_ids(self, rows: list[dict[str, Any]]) -> list[tuple[int, int | None]]:
        keys = [(r["platform"], handle_key(r["handle"])) for r in rows]
        wanted = set(keys) - self.influencers.keys()
        if wanted:
            self.influencers.update(writes.influencer_lookup(self.db, wanted))
            unknown = {
                key: r["handle"]
                for key, r in zip(keys, rows, strict=True)
                if key not in self.influencers
            }
            if unknown:
                writes.create_unknown_influencers(self.db, unknown, self.touched)
                self.influencers.update(writes.influencer_lookup(self.db, set(unknown)))
        return [self.influencers[key] for key in keys]

    def _posts(self, rows: list[dict[str, Any]]) -> int:
        posts = []
        for r, (influencer_id, _) in zip(rows, self._influencer_ids(rows), strict=True):
            campaign_id = self.campaign(r["campaign"], r["brand"])
            posted_at = r["posted_at"].isoformat()
            posts.append(
                PostSource(
                    influencer_id=influencer_id,
                    campaign_id=campaign_id,
                    platform=r["platform"],
                    post_key=post_key(r["external_id"], r["handle"], posted_at, r["title"]),
                    external_id=r["external_id"],
                    given_brand=r["brand"],
                    posted_at=posted_at,
                    snapshot_date=r["snapshot_date"].isoformat(),
                    title=r["title"],
                    views=r["views"],
                    likes=r["likes"],
                    comments=r["comments"],
                    shares=r["shares"],
                    saves=r["saves"],
                    cost=r["cost"],
                    given_sponsored=None if r["sponsored"] is None else int(r["sponsored"]),
                    likes_hidden=int(r["likes_hidden"]),
                    provenance=r["provenance"],
                )
            )
        return writes.upsert_posts(self.db, posts, self.touched)
