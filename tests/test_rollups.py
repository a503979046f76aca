"""The rollups are computed in Python in one walk of the posts; these checks hold them to the
plain SQL definition they replaced (window functions and a median aggregate), on the demo data with
its hidden likes, unknown followers and unpaid posts."""

import datetime as dt
import math

from influence_tui.domain.metrics import ER_WINDOW_POSTS, SATURATION_WINDOW_POSTS
from influence_tui.store import rollups
from influence_tui.store.connection import open_database

REFERENCE_ROSTER_SQL = f"""
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


REFERENCE_WEEKLY_SQL = """
SELECT platform, :series, week,
       CASE WHEN count(value) >= :min_posts THEN median(value) END, count(value)
FROM (SELECT platform, date(posted_at, '-6 days', 'weekday 1') AS week, {column} AS value
      FROM posts WHERE posted_at <= :as_of)
WHERE date(week, '+6 days') <= :as_of GROUP BY platform, week
"""


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    return a == b


def _assert_rows_equal(ours, reference):
    assert len(ours) == len(reference)
    for mine, theirs in zip(sorted(ours), sorted(reference), strict=True):
        assert all(_same(a, b) for a, b in zip(mine, theirs, strict=True)), (mine, theirs)


def _private_rollups(db, as_of: str) -> None:
    rollups.rebuild(db, dt.date.fromisoformat(as_of), schema="temp")


def test_roster_rows_match_the_sql_definition(demo_db):
    db = open_database(demo_db)
    for as_of in ("2026-11-01", "2026-06-30", "2025-01-01"):
        reference = [tuple(r) for r in db.execute(REFERENCE_ROSTER_SQL, {"as_of": as_of})]
        _private_rollups(db, as_of)
        ours = [tuple(r)[:22] for r in db.execute("SELECT * FROM temp.roster")]
        _assert_rows_equal(ours, reference)


def test_weekly_rates_match_the_sql_definition(demo_db):
    db = open_database(demo_db)
    for as_of in ("2026-11-01", "2026-10-28"):
        reference = []
        for series in ("engagement_rate", "impression_rate"):
            reference += [
                tuple(r)
                for r in db.execute(
                    REFERENCE_WEEKLY_SQL.format(column=series),
                    {"series": series, "min_posts": 3, "as_of": as_of},
                )
            ]
        _private_rollups(db, as_of)
        ours = db.execute(
            "SELECT * FROM temp.weekly WHERE series IN ('engagement_rate', 'impression_rate')"
        ).fetchall()
        _assert_rows_equal(ours, reference)


def test_a_session_at_another_date_keeps_its_rollups_private(demo_db):
    """A reviewer looking at an earlier as-of date must not change what everyone else sees."""
    from influence_tui.analysis.session import open_view

    shared = open_database(demo_db)
    before = shared.execute("SELECT count(*), sum(posts) FROM roster").fetchone()
    db_session, settings = open_view(demo_db, as_of=dt.date(2026, 6, 30))
    db = db_session.db
    assert settings.as_of == dt.date(2026, 6, 30)
    private = db.execute("SELECT sum(posts) FROM roster").fetchone()[0]
    assert private < before[1]  # this session sees fewer posts...
    assert shared.execute("SELECT count(*), sum(posts) FROM roster").fetchone() == before
    assert (
        rollups.rollups_as_of(shared) == "2026-11-01"
    )  # ...and the shared rollups are as they were
