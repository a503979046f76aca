"""Re-keying creators under the identity rule of `domain.identity`: databases made before it keyed
handles with SQLite's lower() (ASCII only), so a creator whose handle has a non-ASCII capital could
be stored twice. The migration merges those twins into one influencer, moving posts, decisions and
audit rows, and records each merge in the audit log."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from typing import Any

from influence_tui.domain.identity import handle_key, post_key

MIGRATION_ACTOR = "influence-tui (schema upgrade)"
_FILLED = ("name", "followers", "country", "category", "compensation", "audience_quality",
           "reported_engagement_rate")  # fmt: skip


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def audit(
    conn: sqlite3.Connection, actor: str, action: str, subject: str, details: dict[str, Any]
) -> None:
    conn.execute(
        "INSERT INTO audit_log (changed_at, actor, action, subject, details) VALUES (?, ?, ?, ?, ?)",
        [_now(), actor, action, subject, json.dumps(details, ensure_ascii=False, sort_keys=True)],
    )


def _merge(conn: sqlite3.Connection, survivor: tuple[Any, ...], twin: tuple[Any, ...]) -> None:
    keep_id, platform, keep_handle = survivor[:3]
    twin_id, _, twin_handle = twin[:3]
    for column in _FILLED:
        conn.execute(
            f"UPDATE influencers SET {column} = coalesce({column}, "
            f"(SELECT {column} FROM influencers WHERE id = ?)) WHERE id = ?",
            [twin_id, keep_id],
        )
    posts = conn.execute(
        "UPDATE posts SET influencer_id = ? WHERE influencer_id = ?", [keep_id, twin_id]
    ).rowcount
    decisions = 0
    for campaign_id, changed_at in conn.execute(
        "SELECT campaign_id, changed_at FROM decisions WHERE influencer_id = ?", [twin_id]
    ).fetchall():
        theirs = conn.execute(
            "SELECT changed_at FROM decisions WHERE campaign_id = ? AND influencer_id = ?",
            [campaign_id, keep_id],
        ).fetchone()
        if theirs is not None and theirs[0] >= changed_at:  # the newer decision stands
            conn.execute(
                "DELETE FROM decisions WHERE campaign_id = ? AND influencer_id = ?",
                [campaign_id, twin_id],
            )
            continue
        if theirs is not None:
            conn.execute(
                "DELETE FROM decisions WHERE campaign_id = ? AND influencer_id = ?",
                [campaign_id, keep_id],
            )
        conn.execute(
            "UPDATE decisions SET influencer_id = ? WHERE campaign_id = ? AND influencer_id = ?",
            [keep_id, campaign_id, twin_id],
        )
        decisions += 1
    audits = conn.execute(
        "UPDATE decision_audit SET influencer_id = ? WHERE influencer_id = ?", [keep_id, twin_id]
    ).rowcount
    conn.execute("DELETE FROM influencers WHERE id = ?", [twin_id])
    audit(
        conn,
        MIGRATION_ACTOR,
        "merge influencer",
        f"{platform}:{keep_handle}",
        {
            "platform": platform,
            "kept": {"id": keep_id, "handle": keep_handle},
            "merged": {"id": twin_id, "handle": twin_handle},
            "posts_moved": posts,
            "decisions_moved": decisions,
            "audit_rows_moved": audits,
            "why": "the same creator under the identity rule (Unicode NFKC, casefold)",
        },
    )


def rekey_influencers(conn: sqlite3.Connection) -> None:
    """Give every influencer its handle key, merging the ones that turn out to be the same."""
    groups: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in conn.execute(
        "SELECT id, platform, handle, handle_key, followers FROM influencers ORDER BY id"
    ):
        groups[(row[1], handle_key(row[2]))].append(row)
    renamed: list[tuple[str, int]] = []
    for key, members in groups.items():
        # the twin with a follower count carries the numbers; among equals, the oldest
        members.sort(key=lambda r: (r[4] is None, r[0]))
        survivor = members[0]
        for twin in members[1:]:
            _merge(conn, survivor, twin)
        if survivor[3] != key[1]:
            renamed.append((key[1], survivor[0]))
    # two steps, so that no new key collides with an old one on the way
    conn.executemany("UPDATE influencers SET handle_key = char(0) || id WHERE id = ?",
                     [(i,) for _, i in renamed])  # fmt: skip
    conn.executemany("UPDATE influencers SET handle_key = ? WHERE id = ?", renamed)
    _rekey_posts(conn)


def _rekey_posts(conn: sqlite3.Connection) -> None:
    """Posts without an id of their own are keyed by their creator's handle key."""
    wanted: dict[tuple[str, str], tuple[int, str]] = {}
    doomed: list[int] = []
    changed: list[tuple[str, int]] = []
    for post_id, platform, old_key, handle, posted_at, title, snapshot in conn.execute(
        "SELECT p.id, p.platform, p.post_key, i.handle, p.posted_at, p.title, "
        "coalesce(p.snapshot_date, '') FROM posts p JOIN influencers i ON i.id = p.influencer_id "
        "WHERE p.external_id IS NULL ORDER BY p.id"
    ).fetchall():
        key = post_key(None, handle, posted_at, title)
        rank = (snapshot, post_id)
        seen = wanted.get((platform, key))
        if seen is not None:  # the same post stored twice: the later snapshot stays
            loser = min(seen, (post_id, snapshot), key=lambda t: (t[1], t[0]))
            doomed.append(loser[0])
            if loser[0] == post_id:
                continue
        wanted[(platform, key)] = (post_id, rank[0])
        if key != old_key:
            changed.append((key, post_id))
    conn.executemany("DELETE FROM posts WHERE id = ?", [(i,) for i in doomed])
    changed = [(key, i) for key, i in changed if i not in set(doomed)]
    conn.executemany("UPDATE posts SET post_key = char(0) || id WHERE id = ?",
                     [(i,) for _, i in changed])  # fmt: skip
    conn.executemany("UPDATE posts SET post_key = ? WHERE id = ?", changed)
