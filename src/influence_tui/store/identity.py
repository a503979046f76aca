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
from influence_tui.domain.posts import PostSource, derive, merge
from influence_tui.store.writes import POST_COLUMNS, UPDATE_POST

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


_SAME_BY_KEY = "the same creator under the identity rule (Unicode NFKC, casefold)"


def merge_twins(
    conn: sqlite3.Connection,
    survivor: tuple[Any, ...],
    twin: tuple[Any, ...],
    *,
    actor: str = MIGRATION_ACTOR,
    why: str = _SAME_BY_KEY,
) -> None:
    """Merge `twin` (id, platform, handle) into `survivor`: its posts, decisions and their history
    move over, what the survivor does not know is filled in, and the merge is audited."""
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
    decisions, dropped = _merge_decisions(conn, keep_id, twin_id, actor)
    audits = conn.execute(
        "UPDATE decision_audit SET influencer_id = ? WHERE influencer_id = ?", [keep_id, twin_id]
    ).rowcount
    conn.execute("DELETE FROM influencers WHERE id = ?", [twin_id])
    audit(
        conn,
        actor,
        "merge influencer",
        f"{platform}:{keep_handle}",
        {
            "platform": platform,
            "kept": {"id": keep_id, "handle": keep_handle},
            "merged": {"id": twin_id, "handle": twin_handle},
            "posts_moved": posts,
            "decisions_moved": decisions,
            "decisions_replaced": dropped,
            "audit_rows_moved": audits,
            "why": why,
        },
    )


_DECISION = "decision, note, reviewer, changed_at"


def _merge_decisions(
    conn: sqlite3.Connection, keep_id: int, twin_id: int, actor: str = MIGRATION_ACTOR
) -> tuple[int, list[dict[str, Any]]]:
    """Move the twin's decisions to the influencer that stays; where both have one in the same
    campaign, the later stands, the other is returned (for the audit log) and a closing audit row
    says what replaced it, so the campaign's history ends at the decision in force."""
    moved, replaced = 0, []
    for campaign_id, *twin in conn.execute(
        f"SELECT campaign_id, {_DECISION} FROM decisions WHERE influencer_id = ?", [twin_id]
    ).fetchall():
        kept = conn.execute(
            f"SELECT {_DECISION} FROM decisions WHERE campaign_id = ? AND influencer_id = ?",
            [campaign_id, keep_id],
        ).fetchone()
        if kept is not None and kept[3] >= twin[3]:
            winner, loser, gone = kept, twin, twin_id
        else:
            winner, loser, gone = twin, kept, keep_id
        if kept is not None:
            conn.execute(
                "DELETE FROM decisions WHERE campaign_id = ? AND influencer_id = ?",
                [campaign_id, gone],
            )
        conn.execute(
            "UPDATE decisions SET influencer_id = ? WHERE campaign_id = ? AND influencer_id = ?",
            [keep_id, campaign_id, twin_id],
        )
        if loser is None:
            moved += 1
            continue
        replaced.append(dict(zip(("campaign_id", "decision", "note", "reviewer", "changed_at"),
                                 (campaign_id, *loser), strict=True)))  # fmt: skip
        conn.execute(
            "INSERT INTO decision_audit (changed_at, reviewer, campaign_id, influencer_id, "
            "old_decision, new_decision, old_note, new_note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [_now(), actor, campaign_id, keep_id, loser[0], winner[0], loser[1], winner[1]],
        )  # fmt: skip
    return moved, replaced


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
            merge_twins(conn, survivor, twin)
        if survivor[3] != key[1]:
            renamed.append((key[1], survivor[0]))
    # two steps, so that no new key collides with an old one on the way
    conn.executemany("UPDATE influencers SET handle_key = char(0) || id WHERE id = ?",
                     [(i,) for _, i in renamed])  # fmt: skip
    conn.executemany("UPDATE influencers SET handle_key = ? WHERE id = ?", renamed)
    _rekey_posts(conn)


def _rekey_posts(conn: sqlite3.Connection) -> None:
    """Posts without an id of their own are keyed by their creator's handle key. Twins may both
    hold the same post: the two sightings are merged as an import merges them, and the dropped
    row is written in the audit log with its numbers."""
    brands = dict(conn.execute("SELECT id, brand FROM campaigns").fetchall())
    width = len(PostSource._fields)
    kept: dict[tuple[str, str], tuple[int, PostSource]] = {}
    changed: list[tuple[str, int]] = []
    for post_id, handle, followers, *values in conn.execute(
        f"SELECT p.id, i.handle, i.followers, {', '.join('p.' + c for c in POST_COLUMNS)} "
        "FROM posts p JOIN influencers i ON i.id = p.influencer_id "
        "WHERE p.external_id IS NULL ORDER BY p.id"
    ).fetchall():
        post = PostSource._make(values[:width])
        key = post_key(None, handle, post.posted_at, post.title)
        first = kept.get((post.platform, key))
        if first is None:
            kept[(post.platform, key)] = (post_id, post)
            if key != post.post_key:
                changed.append((key, post_id))
            continue
        first_id, first_post = first
        merged = merge(first_post, post)._replace(post_key=first_post.post_key)
        kept[(post.platform, key)] = (first_id, merged)
        conn.execute("DELETE FROM posts WHERE id = ?", [post_id])
        conn.execute(
            UPDATE_POST,
            [*merged, *derive(merged, followers, brands.get(merged.campaign_id)), first_id],
        )
        audit(
            conn,
            MIGRATION_ACTOR,
            "merge post",
            f"{post.platform}:{handle}",
            {
                "kept": first_id,
                "dropped": dict(zip(POST_COLUMNS, values, strict=True)) | {"id": post_id},
                "why": "the same post stored under two spellings of its creator's handle",
            },
        )
    # two steps, so that no new key collides with an old one on the way
    conn.executemany("UPDATE posts SET post_key = char(0) || id WHERE id = ?",
                     [(i,) for _, i in changed])  # fmt: skip
    conn.executemany("UPDATE posts SET post_key = ? WHERE id = ?", changed)
