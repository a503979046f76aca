"""Rollups derived from the source tables for one as-of date: the roster with its metrics, the
influencer × campaign totals and the weekly platform series. Rebuilt inside every write
transaction, so reading them never aggregates the posts table."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import sqlite_utils

from influence_tui.domain.flags import FLAG_ORDER, FlagConfig, InfluencerFacts, influencer_flags
from influence_tui.domain.metrics import ER_WINDOW_POSTS, SATURATION_WINDOW_POSTS, median
from influence_tui.domain.risk import RiskConfig
from influence_tui.domain.tiers import SCHEMES

ROLLUP_TABLES = ("roster", "influencer_campaigns", "weekly")


def data_as_of(db: sqlite_utils.Database) -> dt.date | None:
    """The latest date in the data (posts, spend, signals): the default as-of date."""
    row = db.execute(
        "SELECT max(d) FROM (SELECT max(posted_at) d FROM posts UNION ALL "
        "SELECT max(date) FROM spend UNION ALL SELECT max(date) FROM signals)"
    ).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def rollups_as_of(db: sqlite_utils.Database) -> str | None:
    """The as-of the rollups were built for ('' when the data has no dates), or None if stale."""
    for schema in ("temp", "main"):
        try:
            row = db.execute(
                f"SELECT value FROM {schema}.meta WHERE key = 'rollup_as_of'"
            ).fetchone()
        except Exception:
            continue
        if row is not None:
            return row[0]
    return None


_ROSTER_SQL = f"""
WITH ranked AS (
    SELECT influencer_id, engagement_rate, impression_rate, sponsored, views, likes, comments,
           row_number() OVER (PARTITION BY influencer_id ORDER BY posted_at DESC, id DESC) AS rn
    FROM posts WHERE posted_at <= :as_of
),
recent AS (
    SELECT influencer_id,
           median(CASE WHEN rn <= {ER_WINDOW_POSTS} THEN engagement_rate END) AS er,
           median(CASE WHEN rn <= {ER_WINDOW_POSTS} THEN impression_rate END) AS ir,
           median(CASE WHEN rn <= {ER_WINDOW_POSTS} AND views > 0
                       THEN (likes + comments) * 1.0 / views END) AS erv,
           avg(sponsored) AS saturation
    FROM ranked WHERE rn <= {SATURATION_WINDOW_POSTS} GROUP BY influencer_id
),
totals AS (
    SELECT influencer_id,
           count(*) AS posts,
           sum(cost) AS spend,
           sum(likes + comments) AS engagements,
           sum(views) AS views,
           sum(CASE WHEN likes + comments IS NOT NULL THEN cost END) AS cost_engaged,
           sum(CASE WHEN cost IS NOT NULL THEN likes + comments END) AS engaged_paid,
           sum(CASE WHEN views IS NOT NULL THEN cost END) AS cost_viewed,
           sum(CASE WHEN cost IS NOT NULL THEN views END) AS views_paid,
           sum(sponsored AND NOT coalesce(disclosed, 0)) AS undisclosed,
           sum(sponsored AND brand_named = 0) AS unnamed,
           count(DISTINCT CASE WHEN sponsored AND posted_at > date(:as_of, '-365 days')
                               THEN lower(brand) END) AS brands,
           max(posted_at) AS last_post
    FROM posts WHERE posted_at <= :as_of GROUP BY influencer_id
)
SELECT i.id, i.platform, i.handle, i.handle_key, i.name, i.country, i.followers,
       coalesce(t.posts, 0), coalesce(r.er, i.reported_engagement_rate), r.ir, r.erv, coalesce(t.brands, 0), r.saturation,
       t.spend, t.engagements, t.views,
       CASE WHEN t.engaged_paid > 0 THEN t.cost_engaged / t.engaged_paid END,
       CASE WHEN t.views_paid > 0 THEN t.cost_viewed * 1000.0 / t.views_paid END,
       coalesce(t.undisclosed, 0), coalesce(t.unnamed, 0), t.last_post,
       r.er IS NULL AND i.reported_engagement_rate IS NOT NULL
FROM influencers i
LEFT JOIN totals t ON t.influencer_id = i.id
LEFT JOIN recent r ON r.influencer_id = i.id
"""

_WEEK = "date({col}, '-6 days', 'weekday 1')"


def _create_temp_rollups(db: sqlite_utils.Database) -> None:
    """Read-only sessions with their own as-of date get private rollups in the temp schema,
    which shadow the stored ones for unqualified names."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    for name, sql in db.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE sql IS NOT NULL AND "
        f"tbl_name IN ({','.join('?' * len(ROLLUP_TABLES))})",
        ROLLUP_TABLES,
    ).fetchall():
        if sql.startswith("CREATE TABLE"):
            db.execute(sql.replace("CREATE TABLE", "CREATE TEMP TABLE IF NOT EXISTS", 1))
        elif sql.startswith("CREATE INDEX"):
            db.execute(
                sql.replace(f"CREATE INDEX {name}", f"CREATE INDEX IF NOT EXISTS temp.{name}")
            )


def refresh_rollups(
    db: sqlite_utils.Database,
    as_of: dt.date | None = None,
    *,
    temporary: bool = False,
    flag_config: FlagConfig | None = None,
    risk_config: RiskConfig | None = None,
) -> dt.date | None:
    """Rebuild every rollup for `as_of` (default: the data's latest date). Call inside a write
    transaction (or with temporary=True on a read-only connection)."""
    as_of = as_of or data_as_of(db)
    as_of_text = as_of.isoformat() if as_of else "9999-12-31"
    schema = "temp" if temporary else "main"
    if temporary:
        _create_temp_rollups(db)
    for table in ROLLUP_TABLES:
        db.execute(f"DELETE FROM {schema}.{table}")
    _refresh_roster(db, schema, as_of_text, flag_config or FlagConfig())
    db.execute(
        f"""INSERT INTO {schema}.influencer_campaigns
            SELECT campaign_id, influencer_id, count(*), sum(cost) FROM posts
            WHERE campaign_id IS NOT NULL AND posted_at <= ? GROUP BY campaign_id, influencer_id""",
        [as_of_text],
    )
    _refresh_weekly(db, schema, as_of_text, (risk_config or RiskConfig()).min_posts_per_week)
    db.execute(
        f"INSERT OR REPLACE INTO {schema}.meta (key, value) VALUES ('rollup_as_of', ?)",
        [as_of.isoformat() if as_of else ""],
    )
    if not temporary:
        db.execute(
            "INSERT OR REPLACE INTO main.meta (key, value) VALUES ('rollup_generation', "
            "coalesce((SELECT value FROM main.meta WHERE key = 'rollup_generation'), 0) + 1)"
        )
    return as_of


def rollup_generation(db: sqlite_utils.Database) -> int:
    """Counts rebuilds of the stored rollups: it moves when an import changed the data."""
    row = db.execute("SELECT value FROM main.meta WHERE key = 'rollup_generation'").fetchone()
    return int(row[0]) if row else 0


def has_private_rollups(db: sqlite_utils.Database) -> bool:
    return (
        db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'roster'").fetchone() is not None
    )


def _refresh_roster(db: sqlite_utils.Database, schema: str, as_of: str, config: FlagConfig):
    rows = db.execute(_ROSTER_SQL, {"as_of": as_of}).fetchall()
    peer_cpe: dict[tuple[str, str, str | None], list[float]] = defaultdict(list)
    tiers: dict[str, list[str | None]] = {}
    for scheme in SCHEMES.values():
        tiers[scheme.name] = [scheme.tier_for(row[6]) for row in rows]
        for row, tier in zip(rows, tiers[scheme.name], strict=True):
            if row[16] is not None:
                peer_cpe[(scheme.name, row[1], tier)].append(row[16])
    peer_median = {key: median(values) for key, values in peer_cpe.items()}

    out = []
    for index, row in enumerate(rows):
        flag_texts = []
        for scheme in SCHEMES.values():
            tier = tiers[scheme.name][index]
            facts = InfluencerFacts(
                followers=row[6],
                engagement_rate=row[8],
                brands=row[11],
                undisclosed_posts=row[18],
                brand_unnamed_posts=row[19],
                cpe=row[16],
                tier=tier,
                peer_median_cpe=peer_median.get((scheme.name, row[1], tier)),
            )
            flags = influencer_flags(facts, config)
            flag_texts.append(" ".join(f for f in FLAG_ORDER if f in flags))
        out.append((*row, *flag_texts))
    marks = ",".join("?" * (len(rows[0]) + 2 if rows else 24))
    db.conn.executemany(f"INSERT INTO {schema}.roster VALUES ({marks})", out)


def _refresh_weekly(db: sqlite_utils.Database, schema: str, as_of: str, min_posts: int) -> None:
    complete = "date(week, '+6 days') <= :as_of"
    for series, column in (
        ("engagement_rate", "engagement_rate"),
        ("impression_rate", "impression_rate"),
    ):
        db.execute(
            f"""INSERT INTO {schema}.weekly
                SELECT platform, '{series}', week,
                       CASE WHEN count({column}) >= :min_posts THEN median({column}) END,
                       count({column})
                FROM (SELECT platform, {_WEEK.format(col="posted_at")} AS week, {column}
                      FROM posts WHERE posted_at <= :as_of)
                WHERE {complete} GROUP BY platform, week""",
            {"as_of": as_of, "min_posts": min_posts},
        )
    db.execute(
        f"""INSERT INTO {schema}.weekly
            SELECT platform, 'spend', week, sum(amount), count(*)
            FROM (SELECT platform, {_WEEK.format(col="date")} AS week, amount
                  FROM spend WHERE date <= :as_of)
            WHERE {complete} GROUP BY platform, week""",
        {"as_of": as_of},
    )
    db.execute(
        f"""INSERT INTO {schema}.weekly
            SELECT platform, 'signal:' || metric, week, avg(value), count(*)
            FROM (SELECT platform, metric, {_WEEK.format(col="date")} AS week, value
                  FROM signals WHERE date <= :as_of)
            WHERE {complete} GROUP BY platform, metric, week""",
        {"as_of": as_of},
    )


def ensure_rollups(
    db: sqlite_utils.Database, as_of: dt.date | None, *, read_only: bool
) -> dt.date | None:
    """Make the rollups match `as_of` (None: the data's own as-of); returns the as-of in force."""
    wanted = as_of or data_as_of(db)
    wanted_text = wanted.isoformat() if wanted else ""
    if rollups_as_of(db) == wanted_text:
        return wanted
    # The stored rollups are shared by every session and follow the data; a session that looks
    # at another date keeps its own in the temp schema.
    if read_only or (as_of is not None and as_of != data_as_of(db)):
        refresh_rollups(db, wanted, temporary=True)
    else:
        from influence_tui.store.transaction import write_transaction

        with write_transaction(db):
            refresh_rollups(db, wanted)
    return wanted
