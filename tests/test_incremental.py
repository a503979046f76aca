"""Rollups kept incrementally equal a full rebuild after any sequence of writes, and every number in
them is the domain's formula applied to the stored rows (DESIGN.md §1, §2)."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influence_tui.domain import metrics
from influence_tui.domain.flags import FLAG_ORDER, InfluencerFacts, influencer_flags
from influence_tui.domain.identity import name_key
from influence_tui.domain.posts import PostDerived, PostSource, derive
from influence_tui.domain.summary import brands_since
from influence_tui.domain.tiers import SCHEMES
from influence_tui.ingest.importer import ImportOptions, run_import
from influence_tui.store.session import Session

TODAY = dt.date(2026, 11, 26)
START = dt.date(2026, 8, 1)
HANDLES = ["ada", "ADA", "Bo", "bø", "Ольга", "ОЛЬГА", "zed", "@zed"]
ROLLUPS = {
    "roster": "influencer_id",
    "influencer_campaigns": "campaign_id, influencer_id",
    "weekly": "platform, series, week",
    "peer_cpe": "scheme, platform, tier",
}

days = st.integers(0, (TODAY - START).days - 1).map(lambda n: (START + dt.timedelta(n)).isoformat())
counts = st.one_of(st.none(), st.integers(0, 5000))
influencer_rows = st.lists(
    st.tuples(
        st.sampled_from(HANDLES),
        st.one_of(st.none(), st.integers(1, 2_000_000)),
        days,
    ),
    min_size=1,
    max_size=6,
)
post_rows = st.lists(
    st.tuples(
        st.sampled_from(HANDLES),
        st.sampled_from(["p1", "p2", "p3", "p4", "p5", "p6", ""]),  # "" : keyed by handle+date
        days,  # posted
        days,  # seen
        st.sampled_from(["", "Spring", "Fall"]),
        st.sampled_from(["", "Lumina", "Kora", "Vex"]),
        counts,
        counts,
        counts,
        st.one_of(st.none(), st.floats(1, 900, allow_nan=False).map(lambda x: round(x, 2))),
        st.sampled_from(["", "#ad", "Lumina #ad", "kora time"]),
    ),
    min_size=1,
    max_size=10,
)
spend_rows = st.lists(
    st.tuples(st.sampled_from(["instagram", "youtube"]), days, st.integers(1, 5000)),
    min_size=1,
    max_size=4,
)
signal_rows = st.lists(
    st.tuples(st.sampled_from(["instagram", "youtube"]), days, st.floats(1, 100)),
    min_size=1,
    max_size=5,
)
campaign_rows = st.lists(
    st.tuples(st.sampled_from(["Spring", "Fall"]), st.sampled_from(["Lumina", "Kora", "Vex"])),
    min_size=1,
    max_size=2,
)
writes = st.lists(
    st.one_of(
        st.tuples(st.just("influencers"), influencer_rows),
        st.tuples(st.just("campaigns"), campaign_rows),
        st.tuples(st.just("posts"), post_rows),
        st.tuples(st.just("spend"), spend_rows),
        st.tuples(st.just("signals"), signal_rows),
    ),
    min_size=1,
    max_size=6,
)
HEADERS = {
    "influencers": ["handle", "followers", "date"],
    "posts": [
        "handle",
        "post_id",
        "posted_at",
        "snapshot_date",
        "campaign",
        "brand",
        "views",
        "likes",
        "comments",
        "cost",
        "title",
    ],  # fmt: skip
    "spend": ["platform", "date", "amount"],
    "campaigns": ["name", "brand"],
    "signals": ["platform", "date", "value"],
}


def _file(folder: Path, n: int, kind: str, rows: list[tuple]) -> Path:
    path = folder / f"{n}-{kind}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS[kind])
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return path


def _apply(session: Session, folder: Path, n: int, kind: str, rows: list[tuple]) -> None:
    options = ImportOptions(kind, platform="instagram", metric="price")
    result = run_import(session, _file(folder, n, kind, rows), options)
    assert result.rejected == 0, [(r.location, r.reason) for r in result.rejects]


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def _rollups(session: Session) -> dict[str, list[tuple]]:
    return {
        table: session.execute(f"SELECT * FROM main.{table} ORDER BY {order}").fetchall()
        for table, order in ROLLUPS.items()
    }


def _assert_same(ours: dict, rebuilt: dict) -> None:
    for table in ROLLUPS:
        assert len(ours[table]) == len(rebuilt[table]), table
        for mine, theirs in zip(ours[table], rebuilt[table], strict=True):
            assert all(_same(a, b) for a, b in zip(mine, theirs, strict=True)), (
                table,
                mine,
                theirs,
            )


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=writes)
def test_incremental_rollups_equal_a_full_rebuild(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("writes")
    session = Session.open(folder / "x.db", today=TODAY)
    for n, (kind, rows) in enumerate(steps):
        _apply(session, folder, n, kind, rows)
        incremental = _rollups(session)
        session.rebuild()
        _assert_same(incremental, _rollups(session))
    _assert_numbers_are_the_domain_formulas(session)
    session.close()


def _assert_numbers_are_the_domain_formulas(session: Session) -> None:
    """Recompute every roster number from the stored rows with the elementary domain functions."""
    as_of = session.as_of
    upper = as_of.isoformat() if as_of else "9999"
    # every stored post's derived columns are the domain's derivation from what the files said
    campaign_brands = dict(session.execute("SELECT id, brand FROM campaigns").fetchall())
    width = len(PostSource._fields)
    for row in session.execute(
        f"SELECT {', '.join('p.' + f for f in (*PostSource._fields, *PostDerived._fields))}, "
        "i.followers FROM posts p JOIN influencers i ON i.id = p.influencer_id"
    ).fetchall():
        source = PostSource._make(row[:width])
        want = derive(source, row[-1], campaign_brands.get(source.campaign_id))
        got = PostDerived._make(row[width:-1])
        assert all(_same(a, b) for a, b in zip(got, want, strict=True)), (source, got, want)
    peers: dict[tuple[str, str, str], list[float]] = {}
    expected: dict[int, dict[str, Any]] = {}
    for influencer_id, platform, followers, reported in session.execute(
        "SELECT id, platform, followers, reported_engagement_rate FROM influencers"
    ).fetchall():
        posts = session.execute(
            "SELECT likes, comments, views, cost, sponsored, disclosed, brand_named, brand, "
            "posted_at, engagement_rate, impression_rate, cpe, cpm FROM posts "
            "WHERE influencer_id = ? AND posted_at <= ? ORDER BY posted_at DESC, id DESC",
            [influencer_id, upper],
        ).fetchall()
        for likes, comments, views, cost, *_, er, ir, cpe, cpm in posts:
            assert _same(er, metrics.engagement_rate(likes, comments, followers))
            assert _same(ir, metrics.impression_rate(views, followers))
            assert _same(
                cpe, metrics.cost_per_engagement(cost, metrics.engagements(likes, comments))
            )
            assert _same(cpm, metrics.cost_per_mille(cost, views))
        recent = posts[: metrics.ER_WINDOW_POSTS]
        measured = metrics.median(metrics.engagement_rate(p[0], p[1], followers) for p in recent)
        pairs = [(p[3], metrics.engagements(p[0], p[1])) for p in posts]
        paid = [(c, e) for c, e in pairs if c is not None and e is not None]
        cpe = metrics.cost_per_engagement(
            sum(c for c, _ in paid) if paid else None, sum(e for _, e in paid) if paid else None
        )
        since = brands_since(as_of)
        brands = {name_key(p[7]) for p in posts if p[4] and p[7] and p[8] > since}
        window = posts[: metrics.SATURATION_WINDOW_POSTS]
        expected[influencer_id] = {
            "engagement_rate": measured if measured is not None else reported,
            "impression_rate": metrics.median(
                metrics.impression_rate(p[2], followers) for p in recent
            ),
            "saturation": metrics.saturation_share(sum(1 for p in window if p[4]), len(window)),
            "cpe": cpe,
            "brands": len(brands),
            "undisclosed_posts": sum(1 for p in posts if p[4] and not p[5]),
            "brand_unnamed_posts": sum(1 for p in posts if p[4] and p[6] == 0),
            "followers": followers,
            "platform": platform,
        }
        if cpe is not None:
            for scheme in SCHEMES.values():
                group = (scheme.name, platform, scheme.tier_for(followers) or "")
                peers.setdefault(group, []).append(cpe)
    columns = [*next(iter(expected.values()), {}).keys()]
    for row in session.execute(
        "SELECT influencer_id, engagement_rate, impression_rate, saturation, cpe, brands, "
        "undisclosed_posts, brand_unnamed_posts, followers, platform, flags_seed, flags_industry "
        "FROM main.roster"
    ).fetchall():
        wanted = expected[row[0]]
        for name, value in zip(columns, row[1:10], strict=True):
            assert _same(value, wanted[name]), (name, value, wanted[name])
        for scheme, stored in zip(SCHEMES.values(), row[10:], strict=True):
            tier = scheme.tier_for(wanted["followers"])
            facts = InfluencerFacts(
                followers=wanted["followers"],
                engagement_rate=wanted["engagement_rate"],
                brands=wanted["brands"],
                undisclosed_posts=wanted["undisclosed_posts"],
                brand_unnamed_posts=wanted["brand_unnamed_posts"],
                cpe=wanted["cpe"],
                tier=tier,
                peer_median_cpe=metrics.median(
                    peers.get((scheme.name, wanted["platform"], tier or ""), [])
                ),
            )
            flags = influencer_flags(facts)
            assert stored == " ".join(f for f in FLAG_ORDER if f in flags)


two_session_writes = st.lists(
    st.tuples(
        st.sampled_from(["everyone", "pinned"]),
        st.one_of(
            st.tuples(st.just("posts"), post_rows),
            st.tuples(st.just("spend"), spend_rows),
            st.tuples(st.just("influencers"), influencer_rows),
        ),
        st.booleans(),  # whether the other session polls before the next write
    ),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=two_session_writes)
def test_two_sessions_one_at_its_own_date_see_what_fresh_sessions_see(tmp_path_factory, steps):
    """A session pinned to an earlier as-of and one at the data's date write in turn, polling or
    not in between: each reads what a session opened afresh at its date reads."""
    folder = tmp_path_factory.mktemp("two")
    path = folder / "x.db"
    everyone = Session.open(path, today=TODAY)
    _apply(everyone, folder, 0, "posts", [("ada", "p0", "2026-10-01", "2026-10-01", "Spring",
                                          "Lumina", 100, 10, 1, 50.0, "Lumina #ad")])  # fmt: skip
    pinned_date = dt.date(2026, 9, 15)
    pinned = Session.open(path, as_of=pinned_date, today=TODAY)
    sessions = {"everyone": everyone, "pinned": pinned}
    for n, (who, (kind, rows), poll) in enumerate(steps, start=1):
        _apply(sessions[who], folder, n, kind, rows)
        if poll:
            for session in sessions.values():
                session.refresh()
    for session in sessions.values():
        session.refresh()
    fresh_everyone = Session.open(path, today=TODAY)
    fresh_pinned = Session.open(path, as_of=pinned_date, today=TODAY)
    for mine, fresh in ((everyone, fresh_everyone), (pinned, fresh_pinned)):
        assert mine.as_of == fresh.as_of
        _assert_same(_reads(mine), _reads(fresh))
    for session in (*sessions.values(), fresh_everyone, fresh_pinned):
        session.close()


def _reads(session: Session) -> dict[str, list[tuple]]:
    """The rollups the session reads (its private ones where it has them)."""
    return {
        table: session.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        for table, order in ROLLUPS.items()
    }
