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


class _Totals:
    """One influencer's posts up to the as-of date, read newest first (the _ROSTER_SQL columns)."""

    __slots__ = (
        "posts", "spend", "engagements", "views", "cost_engaged", "engaged_paid", "cost_viewed",
        "views_paid", "undisclosed", "unnamed", "brands", "last_post", "er", "ir", "erv",
        "sponsored_recent",
    )  # fmt: skip

    def __init__(self) -> None:
        self.posts = self.undisclosed = self.unnamed = self.sponsored_recent = 0
        self.spend = self.engagements = self.views = None
        self.cost_engaged = self.engaged_paid = self.cost_viewed = self.views_paid = None
        self.brands: set[str] = set()
        self.last_post = None
        self.er: list[float] = []
        self.ir: list[float] = []
        self.erv: list[float] = []


def _add(total, value):
    """SQL's sum(): NULLs are skipped, and no values at all is NULL."""
    if value is None:
        return total
    return value if total is None else total + value


_POSTS_NEWEST_FIRST = """
SELECT influencer_id, posted_at, engagement_rate, impression_rate, sponsored, views, likes,
       comments, cost, disclosed, brand_named, brand
FROM posts WHERE posted_at <= ? ORDER BY influencer_id DESC, posted_at DESC, id DESC
"""


def _post_totals(db: sqlite_utils.Database, as_of: str) -> dict[int, _Totals]:
    """Every influencer's totals in one walk of posts_by_influencer backwards: no sort, no
    window function, one small object per influencer (not per post)."""
    brands_since = db.execute("SELECT date(?, '-365 days')", [as_of]).fetchone()[0]
    totals: dict[int, _Totals] = {}
    current_id, t, rank = None, None, 0
    for (influencer_id, posted_at, er, ir, sponsored, views, likes, comments, cost, disclosed,
         brand_named, brand) in db.execute(_POSTS_NEWEST_FIRST, [as_of]):  # fmt: skip
        if influencer_id != current_id:
            current_id, t, rank = influencer_id, _Totals(), 0
            totals[influencer_id] = t
            t.last_post = posted_at
        rank += 1
        t.posts += 1
        engaged = likes + comments if likes is not None and comments is not None else None
        t.spend = _add(t.spend, cost)
        t.engagements = _add(t.engagements, engaged)
        t.views = _add(t.views, views)
        if engaged is not None:
            t.cost_engaged = _add(t.cost_engaged, cost)
        if cost is not None:
            t.engaged_paid = _add(t.engaged_paid, engaged)
            t.views_paid = _add(t.views_paid, views)
        if views is not None:
            t.cost_viewed = _add(t.cost_viewed, cost)
        if sponsored:
            if not disclosed:
                t.undisclosed += 1
            if brand_named == 0:
                t.unnamed += 1
            if brand is not None and posted_at > brands_since:
                t.brands.add(brand.lower())
        if rank <= SATURATION_WINDOW_POSTS:
            t.sponsored_recent += sponsored
        if rank <= ER_WINDOW_POSTS:
            if er is not None:
                t.er.append(er)
            if ir is not None:
                t.ir.append(ir)
            if views and engaged is not None:
                t.erv.append(engaged * 1.0 / views)
    return totals


def _roster_rows(db: sqlite_utils.Database, as_of: str) -> list[tuple]:
    """The roster's source columns for every influencer, in the order _ROSTER_SQL gives them."""
    totals = _post_totals(db, as_of)
    rows = []
    for (influencer_id, platform, handle, handle_key, name, country, followers,
         reported_er) in db.execute(
        "SELECT id, platform, handle, handle_key, name, country, followers, "
        "reported_engagement_rate FROM influencers"
    ):  # fmt: skip
        t = totals.get(influencer_id)
        if t is None:
            rows.append(
                (influencer_id, platform, handle, handle_key, name, country, followers, 0,
                 reported_er, None, None, 0, None, None, None, None, None, None, 0, 0, None,
                 int(reported_er is not None))
            )  # fmt: skip
            continue
        er = median(t.er)
        rows.append(
            (influencer_id, platform, handle, handle_key, name, country, followers, t.posts,
             er if er is not None else reported_er, median(t.ir), median(t.erv), len(t.brands),
             t.sponsored_recent / min(t.posts, SATURATION_WINDOW_POSTS), t.spend,
             t.engagements, t.views,
             t.cost_engaged / t.engaged_paid if t.engaged_paid else None,
             t.cost_viewed * 1000.0 / t.views_paid if t.views_paid else None,
             t.undisclosed, t.unnamed, t.last_post, int(er is None and reported_er is not None))
        )  # fmt: skip
    return rows


def _refresh_roster(db: sqlite_utils.Database, schema: str, as_of: str, config: FlagConfig):
    rows = _roster_rows(db, as_of)
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


def _weekly_rates(db: sqlite_utils.Database, as_of: str, min_posts: int) -> list[tuple]:
    """Median ER and IR per platform and complete week, from one walk of the posts."""
    last_complete = dt.date.fromisoformat(as_of) - dt.timedelta(days=6)
    weeks: dict[str, str | None] = {}  # posted_at -> its week's Monday, None if incomplete
    rates: dict[tuple[str, str], tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
    for platform, posted_at, er, ir in db.execute(
        "SELECT platform, posted_at, engagement_rate, impression_rate FROM posts "
        "WHERE posted_at <= ?",
        [as_of],
    ):
        if posted_at not in weeks:
            day = dt.date.fromisoformat(posted_at[:10])
            monday = day - dt.timedelta(days=day.weekday())
            weeks[posted_at] = monday.isoformat() if monday <= last_complete else None
        week = weeks[posted_at]
        if week is None:
            continue
        ers, irs = rates[(platform, week)]
        if er is not None:
            ers.append(er)
        if ir is not None:
            irs.append(ir)
    rows = []
    for (platform, week), (ers, irs) in rates.items():
        for series, values in (("engagement_rate", ers), ("impression_rate", irs)):
            value = median(values) if len(values) >= min_posts else None
            rows.append((platform, series, week, value, len(values)))
    return rows


def _refresh_weekly(db: sqlite_utils.Database, schema: str, as_of: str, min_posts: int) -> None:
    complete = "date(week, '+6 days') <= :as_of"
    db.conn.executemany(
        f"INSERT INTO {schema}.weekly VALUES (?, ?, ?, ?, ?)",
        _weekly_rates(db, as_of, min_posts),
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
    data_date = data_as_of(db)
    wanted = as_of or data_date
    wanted_text = wanted.isoformat() if wanted else ""
    if rollups_as_of(db) == wanted_text:
        return wanted
    # The stored rollups are shared by every session and follow the data; a session that looks
    # at another date keeps its own in the temp schema.
    if read_only or wanted != data_date:
        refresh_rollups(db, wanted, temporary=True)
    else:
        from influence_tui.store.transaction import write_transaction

        with write_transaction(db):
            refresh_rollups(db, wanted)
    return wanted
