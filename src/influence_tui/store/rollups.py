"""Rollups derived from the source tables for one as-of date: the roster with its metrics and
flags, the peer medians the cost-outlier flag compares with, the influencer × campaign totals and
the weekly platform series. A write recomputes only what it touched (`update`); `rebuild` makes
them all again (a new as-of, a migration, a bulk load). Every number comes from `domain`."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from influence_tui.domain import weeks as week_rules
from influence_tui.domain.flags import FLAG_ORDER, InfluencerFacts, influencer_flags
from influence_tui.domain.metrics import engagement_rate_by_views, engagements, median
from influence_tui.domain.rules import DEFAULT_RULES, RollupRules
from influence_tui.domain.summary import brands_since, summarize_influencer
from influence_tui.store.batches import chunks, marks

ROLLUP_TABLES = ("roster", "influencer_campaigns", "weekly", "peer_cpe")
RATE_SERIES = ("engagement_rate", "impression_rate", "er_by_views")
# per platform-week, of the posts with both a cost and engagements: what the rebalance's CPE uses
COST_SERIES = ("post_cost", "post_engagements")
POST_SERIES = (*RATE_SERIES, *COST_SERIES)
# beyond this share of the roster a full rebuild (one walk of every post) replaces the per-influencer
# queries; the share is a judgement, not a measured crossover
REBUILD_SHARE = 0.2
# an as-of that moves further than this (or backwards) rebuilds everything
MAX_SHIFT_DAYS = 92
Row = tuple[Any, ...]
RosterRow = list[Any]  # the roster table's columns, in order
PeerGroup = tuple[str, str, str]  # (tier scheme, platform, tier; '' for unknown followers)
Medians = dict[PeerGroup, float | None]


@dataclass
class Touched:
    """What a write changed, in the terms the rollups are kept in."""

    influencers: set[int] = field(default_factory=set)
    pairs: set[tuple[int, int]] = field(default_factory=set)  # (campaign_id, influencer_id)
    post_weeks: set[str] = field(default_factory=set)  # Mondays (every platform is redone)
    spend_weeks: set[tuple[str, str]] = field(default_factory=set)  # (platform, Monday)
    signal_weeks: set[tuple[str, str, str]] = field(
        default_factory=set
    )  # (platform, metric, Monday)
    everything: bool = False

    def post(self, influencer_id: int, campaign_id: int | None, posted_at: str) -> None:
        self.influencers.add(influencer_id)
        if campaign_id is not None:
            self.pairs.add((campaign_id, influencer_id))
        self.post_weeks.add(week_rules.week_start(posted_at).isoformat())

    def spend(self, platform: str, date: str) -> None:
        self.spend_weeks.add((platform, week_rules.week_start(date).isoformat()))

    def signal(self, platform: str, metric: str, date: str) -> None:
        self.signal_weeks.add((platform, metric, week_rules.week_start(date).isoformat()))

    def add(self, other: Touched) -> None:
        self.influencers |= other.influencers
        self.pairs |= other.pairs
        self.post_weeks |= other.post_weeks
        self.spend_weeks |= other.spend_weeks
        self.signal_weeks |= other.signal_weeks
        self.everything = self.everything or other.everything

    def __bool__(self) -> bool:
        return bool(
            self.everything or self.influencers or self.pairs or self.post_weeks
            or self.spend_weeks or self.signal_weeks
        )  # fmt: skip


# --- the as-of date -------------------------------------------------------------------------------


def today_anywhere() -> dt.date:
    """Today as the latest calendar date anywhere on Earth (UTC+14): every reviewer's clock gives
    the same cap on the as-of date whatever its time zone, and no one's today is refused as the
    future."""
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=14)).date()


def data_as_of(db: sqlite_utils.Database, today: dt.date | None = None) -> dt.date | None:
    """The latest date in the data (posts, spend, signals), capped at today: the default as-of,
    so one mistyped future date cannot move everyone's verdicts."""
    row = db.execute(
        "SELECT max(d) FROM (SELECT max(posted_at) d FROM posts UNION ALL "
        "SELECT max(date) FROM spend UNION ALL SELECT max(date) FROM signals)"
    ).fetchone()
    if not row or not row[0]:
        return None
    latest = dt.date.fromisoformat(row[0][:10])
    return min(latest, today or today_anywhere())


def _as_of_text(as_of: dt.date | None) -> str:
    return as_of.isoformat() if as_of else ""


def _upper(as_of: dt.date | None) -> str:
    """Dates compare as text; with no as-of (no dated data) everything counts."""
    return as_of.isoformat() if as_of else "9999-12-31"


def rollups_as_of(db: sqlite_utils.Database, schema: str | None = None) -> str | None:
    """The as-of the rollups were built for ('' when the data has no dates), or None if none
    were built (or they were marked stale). Without `schema`: the ones this connection reads."""
    for name in (schema,) if schema else ("temp", "main"):
        try:
            row = db.execute(f"SELECT value FROM {name}.meta WHERE key = 'rollup_as_of'").fetchone()
        except Exception:
            continue
        if row is not None:
            return str(row[0])
    return None


def rollups_rules(db: sqlite_utils.Database, schema: str = "main") -> RollupRules:
    """The rules the rollups of `schema` were built with. Rollups built before the rules were
    recorded were built with the defaults."""
    try:
        row = db.execute(f"SELECT value FROM {schema}.meta WHERE key = 'rollup_rules'").fetchone()
    except sqlite3.Error:
        return DEFAULT_RULES
    return RollupRules.from_json(row[0]) if row else DEFAULT_RULES


def rollup_generation(db: sqlite_utils.Database) -> int:
    """Counts changes of the shared rollups: it moves whenever any writer changed the data."""
    row = db.execute("SELECT value FROM main.meta WHERE key = 'rollup_generation'").fetchone()
    return int(row[0]) if row else 0


def _finish(
    db: sqlite_utils.Database, schema: str, as_of: dt.date | None, rules: RollupRules
) -> None:
    db.conn.executemany(
        f"INSERT OR REPLACE INTO {schema}.meta (key, value) VALUES (?, ?)",
        [("rollup_as_of", _as_of_text(as_of)), ("rollup_rules", rules.fingerprint())],
    )
    if schema == "main":
        db.execute(
            "INSERT OR REPLACE INTO main.meta (key, value) VALUES ('rollup_generation', "
            "coalesce((SELECT value FROM main.meta WHERE key = 'rollup_generation'), 0) + 1)"
        )


def create_private_rollups(db: sqlite_utils.Database) -> None:
    """A session at its own as-of keeps its rollups in the temp schema, where they shadow the
    shared ones for unqualified names and no other session sees them."""
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


# --- the roster -----------------------------------------------------------------------------------

_POST_FACTS = "posted_at, views, likes, comments, cost, sponsored, disclosed, brand_named, brand"
_INFLUENCER_COLUMNS = (
    "id, platform, handle, handle_key, name, country, followers, reported_engagement_rate"
)


def _roster_row(influencer: Row, posts: Iterable[Row], as_of: dt.date | None) -> RosterRow:
    """The roster columns before the flags, in table order."""
    (influencer_id, platform, handle, key, name, country, followers, reported_er) = influencer
    s = summarize_influencer(posts, followers, reported_er, as_of)
    return [
        influencer_id, platform, handle, key, name, country, followers, s.posts,
        s.engagement_rate, s.impression_rate, s.er_by_views, s.brands, s.saturation, s.spend,
        s.engagements, s.views, s.cpe, s.cpm, s.undisclosed_posts, s.brand_unnamed_posts,
        s.last_post, int(s.er_reported),
    ]  # fmt: skip


# indexes into a roster row
_ID, _PLATFORM, _FOLLOWERS, _ER, _BRANDS, _CPE, _UNDISCLOSED, _UNNAMED = 0, 1, 6, 8, 11, 16, 18, 19
_FLAG_INPUTS = "influencer_id, platform, followers, engagement_rate, brands, cpe, undisclosed_posts, brand_unnamed_posts"


def _peer_groups(platform: str, followers: int | None, rules: RollupRules) -> Iterator[PeerGroup]:
    """(scheme, platform, tier) of each scheme; '' is the tier of unknown followers."""
    for scheme in rules.schemes:
        yield scheme.name, platform, scheme.tier_for(followers) or ""


def _flags(
    platform: str,
    followers: int | None,
    engagement_rate: float | None,
    brands: int,
    cpe: float | None,
    undisclosed: int,
    unnamed: int,
    medians: Medians,
    rules: RollupRules,
) -> list[str]:
    """flags_seed, flags_industry: the flag names of each scheme, space-separated."""
    texts = []
    for scheme in rules.schemes:
        tier = scheme.tier_for(followers)
        facts = InfluencerFacts(
            followers=followers,
            engagement_rate=engagement_rate,
            brands=brands,
            undisclosed_posts=undisclosed,
            brand_unnamed_posts=unnamed,
            cpe=cpe,
            tier=tier,
            peer_median_cpe=medians.get((scheme.name, platform, tier or "")),
        )
        found = influencer_flags(facts, rules.flags)
        texts.append(" ".join(f for f in FLAG_ORDER if f in found))
    return texts


def _row_flags(row: RosterRow, medians: Medians, rules: RollupRules) -> list[str]:
    return _flags(
        row[_PLATFORM], row[_FOLLOWERS], row[_ER], row[_BRANDS], row[_CPE], row[_UNDISCLOSED],
        row[_UNNAMED], medians, rules,
    )  # fmt: skip


def _all_summaries(db: sqlite_utils.Database, as_of: dt.date | None) -> list[RosterRow]:
    """Every influencer's roster row (without flags) from one walk of posts_by_influencer."""
    influencers = {
        row[0]: row for row in db.execute(f"SELECT {_INFLUENCER_COLUMNS} FROM influencers")
    }
    rows = []
    # a sort of one sequential scan: walking posts_by_influencer reads the table at random
    # (benchmarks/store_choices.py measures both)
    posts = db.execute(
        f"SELECT influencer_id, {_POST_FACTS} FROM posts NOT INDEXED WHERE posted_at <= ? "
        "ORDER BY influencer_id DESC, posted_at DESC, id DESC",
        [_upper(as_of)],
    )
    seen = set()
    for influencer_id, group in itertools.groupby(posts, key=lambda r: r[0]):
        influencer = influencers.get(influencer_id)
        if influencer is None:
            continue
        seen.add(influencer_id)
        rows.append(_roster_row(influencer, (r[1:] for r in group), as_of))
    for influencer_id, influencer in influencers.items():
        if influencer_id not in seen:
            rows.append(_roster_row(influencer, (), as_of))
    return rows


def _medians_of(
    rows: Iterable[RosterRow], rules: RollupRules
) -> dict[PeerGroup, tuple[float | None, int]]:
    values: dict[PeerGroup, list[float]] = defaultdict(list)
    for row in rows:
        if row[_CPE] is not None:
            for group in _peer_groups(row[_PLATFORM], row[_FOLLOWERS], rules):
                values[group].append(row[_CPE])
    return {group: (median(cpes), len(cpes)) for group, cpes in values.items()}


def _insert_roster(db: sqlite_utils.Database, schema: str, rows: list[RosterRow]) -> None:
    db.conn.executemany(f"INSERT INTO {schema}.roster VALUES ({','.join('?' * 24)})", rows)


def _rebuild_roster(
    db: sqlite_utils.Database, schema: str, as_of: dt.date | None, rules: RollupRules
) -> None:
    rows = _all_summaries(db, as_of)
    peers = _medians_of(rows, rules)
    medians = {group: found for group, (found, _) in peers.items()}
    for row in rows:
        row.extend(_row_flags(row, medians, rules))
    _insert_roster(db, schema, rows)
    db.conn.executemany(
        f"INSERT INTO {schema}.peer_cpe VALUES (?, ?, ?, ?, ?)",
        [(*group, found, n) for group, (found, n) in peers.items()],
    )


def _update_roster(
    db: sqlite_utils.Database,
    schema: str,
    as_of: dt.date | None,
    ids: set[int],
    rules: RollupRules,
) -> None:
    upper = _upper(as_of)
    before: dict[int, Row] = {}
    new_rows: list[RosterRow] = []
    for chunk in chunks(sorted(ids)):
        for row in db.execute(
            f"SELECT * FROM {schema}.roster WHERE influencer_id IN ({marks(chunk)})", chunk
        ):
            before[row[_ID]] = tuple(row[: len(row) - 2])  # the flags are set below
        posts: dict[int, list[Row]] = defaultdict(list)
        for row in db.execute(
            f"SELECT influencer_id, {_POST_FACTS} FROM posts WHERE influencer_id IN ({marks(chunk)}) "
            "AND posted_at <= ? ORDER BY influencer_id, posted_at DESC, id DESC",
            [*chunk, upper],
        ):
            posts[row[0]].append(row[1:])
        for influencer in db.execute(
            f"SELECT {_INFLUENCER_COLUMNS} FROM influencers WHERE id IN ({marks(chunk)})", chunk
        ).fetchall():
            new_rows.append(_roster_row(influencer, posts.get(influencer[0], ()), as_of))
    # only rows whose numbers moved are written (fewer pages to commit)
    changed = [row for row in new_rows if before.get(row[_ID]) != tuple(row)]
    gone = before.keys() - {row[_ID] for row in new_rows}
    # a peer group changes only when a member's CPE or tier does (or a member comes or goes)
    groups: set[PeerGroup] = set()
    moves = [(before.get(row[_ID]), row) for row in changed] + [(before[i], None) for i in gone]
    for old, new in moves:
        sides = [_peer_member(side) for side in (old, new) if side is not None]
        if len(sides) == 2 and sides[0] == sides[1]:
            continue
        for platform, followers, cpe in sides:
            if cpe is not None:
                groups.update(_peer_groups(platform, followers, rules))
    for chunk in chunks(sorted(gone | {row[_ID] for row in changed})):
        db.execute(f"DELETE FROM {schema}.roster WHERE influencer_id IN ({marks(chunk)})", chunk)
    for row in changed:
        row.extend(("", ""))  # set below, once the peer medians are known
    _insert_roster(db, schema, changed)
    medians = _stored_medians(db, schema)
    affected = _update_peer_medians(db, schema, groups, medians, rules)
    _reflag(db, schema, {row[_ID] for row in changed} | affected, medians, rules)


def _peer_member(row: Row | RosterRow) -> tuple[str, int | None, float | None]:
    """What a roster row contributes to its peer groups: (platform, followers, CPE)."""
    return row[_PLATFORM], row[_FOLLOWERS], row[_CPE]


def _stored_medians(db: sqlite_utils.Database, schema: str) -> Medians:
    return {
        (scheme, platform, tier): found
        for scheme, platform, tier, found in db.execute(
            f"SELECT scheme, platform, tier, median FROM {schema}.peer_cpe"
        )
    }


def _group_filter(group: PeerGroup, rules: RollupRules) -> tuple[str, list[Any]]:
    scheme_name, platform, tier_name = group
    if not tier_name:
        return "platform = ? AND followers IS NULL", [platform]
    tier = rules.scheme(scheme_name).bounds(tier_name)
    sql, params = "platform = ? AND followers >= ?", [platform, tier.lower]
    if tier.upper is not None:
        sql += " AND followers < ?"
        params.append(tier.upper)
    return sql, params


def _update_peer_medians(
    db: sqlite_utils.Database,
    schema: str,
    groups: set[PeerGroup],
    medians: Medians,
    rules: RollupRules,
) -> set[int]:
    """Recompute the touched peer groups' median CPE (in `medians` too); returns the influencers
    whose cost-outlier flag may have changed with it."""
    affected: set[int] = set()
    for group in groups:
        where, params = _group_filter(group, rules)
        cpes = [r[0] for r in db.execute(
            f"SELECT cpe FROM {schema}.roster WHERE {where} AND cpe IS NOT NULL", params
        )]  # fmt: skip
        new = median(cpes)
        old = medians.get(group)
        if cpes:
            db.execute(
                f"INSERT OR REPLACE INTO {schema}.peer_cpe VALUES (?, ?, ?, ?, ?)",
                [*group, new, len(cpes)],
            )
        else:
            db.execute(
                f"DELETE FROM {schema}.peer_cpe WHERE scheme = ? AND platform = ? AND tier = ?",
                list(group),
            )
        medians[group] = new
        if old == new:
            continue
        # only a CPE between factor × the old and factor × the new median changes sides
        sql = f"SELECT influencer_id FROM {schema}.roster WHERE {where} AND cpe IS NOT NULL"
        args = list(params)
        if old and new:
            sql += " AND cpe >= ? AND cpe <= ?"
            factor = rules.flags.cost_outlier_factor
            args += [factor * min(old, new), factor * max(old, new)]
        affected.update(r[0] for r in db.execute(sql, args))
    return affected


def _reflag(
    db: sqlite_utils.Database, schema: str, ids: set[int], medians: Medians, rules: RollupRules
) -> None:
    updates = []
    for chunk in chunks(sorted(ids)):
        for influencer_id, platform, followers, er, brands, cpe, undisclosed, unnamed in db.execute(
            f"SELECT {_FLAG_INPUTS} FROM {schema}.roster WHERE influencer_id IN ({marks(chunk)})",
            chunk,
        ).fetchall():
            flags = _flags(platform, followers, er, brands, cpe, undisclosed, unnamed, medians,
                           rules)  # fmt: skip
            updates.append((*flags, influencer_id))
    db.conn.executemany(
        f"UPDATE {schema}.roster SET flags_seed = ?, flags_industry = ? WHERE influencer_id = ?",
        updates,
    )


# --- influencer × campaign ------------------------------------------------------------------------

_PAIR_TOTALS = "SELECT campaign_id, influencer_id, count(*), sum(cost) FROM posts {hint} WHERE campaign_id IS NOT NULL AND posted_at <= ?"


def _rebuild_pairs(db: sqlite_utils.Database, schema: str, as_of: dt.date | None) -> None:
    db.execute(
        f"INSERT INTO {schema}.influencer_campaigns {_PAIR_TOTALS.format(hint='NOT INDEXED')} "
        "GROUP BY campaign_id, influencer_id",
        [_upper(as_of)],
    )


def _update_pairs(
    db: sqlite_utils.Database, schema: str, as_of: dt.date | None, pairs: set[tuple[int, int]]
) -> None:
    upper = _upper(as_of)
    for campaign_id, influencer_id in pairs:
        db.execute(
            f"DELETE FROM {schema}.influencer_campaigns WHERE campaign_id = ? AND influencer_id = ?",
            [campaign_id, influencer_id],
        )
        db.execute(
            f"INSERT INTO {schema}.influencer_campaigns {_PAIR_TOTALS.format(hint='')} "
            "AND campaign_id = ? "
            "AND influencer_id = ? GROUP BY campaign_id, influencer_id",
            [upper, campaign_id, influencer_id],
        )


# --- weekly platform series -----------------------------------------------------------------------


_POST_RATES = "platform, posted_at, engagement_rate, impression_rate, likes, comments, views, cost"


def _rate_rows(
    posts: Iterable[tuple[Any, ...]],
    as_of: dt.date | None,
    min_posts: int,
) -> Iterator[Row]:
    """(platform, series, week, value, n) from posts (_POST_RATES) of complete weeks: the weekly
    median ER and IR, ER by views (the series of a platform whose followers are unknown), and the
    cost and engagements of the posts that have both (the rebalance's CPE)."""
    weeks: dict[str, dt.date] = {}
    rates: dict[tuple[str, dt.date], tuple[list[float], list[float], list[float]]] = defaultdict(
        lambda: ([], [], [])
    )
    costs: dict[tuple[str, dt.date], list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for platform, posted_at, er, ir, likes, comments, views, cost in posts:
        monday = weeks.get(posted_at)
        if monday is None:
            monday = weeks[posted_at] = week_rules.week_start(posted_at)
        ers, irs, ervs = rates[(platform, monday)]
        if er is not None:
            ers.append(er)
        if ir is not None:
            irs.append(ir)
        erv = engagement_rate_by_views(likes, comments, views)
        if erv is not None:
            ervs.append(erv)
        engaged = engagements(likes, comments)
        if cost is not None and engaged is not None:
            totals = costs[(platform, monday)]
            totals[0] += cost
            totals[1] += engaged
            totals[2] += 1
    for (platform, monday), values_of in rates.items():
        if not week_rules.week_complete(monday, as_of):
            continue
        for series, values in zip(RATE_SERIES, values_of, strict=True):
            yield (platform, series, monday.isoformat(),
                   week_rules.weekly_rate(values, min_posts), len(values))  # fmt: skip
        cost_total, engaged_total, n = costs.get((platform, monday), (0.0, 0.0, 0))
        if n:
            yield platform, COST_SERIES[0], monday.isoformat(), cost_total, int(n)
            yield platform, COST_SERIES[1], monday.isoformat(), engaged_total, int(n)


def _spend_rows(
    rows: Iterable[tuple[str, str, str, float]], as_of: dt.date | None
) -> Iterator[Row]:
    """(platform, 'spend', week, total, n) of complete weeks from (platform, series, date, amount)."""
    groups: dict[tuple[str, str, dt.date], list[float]] = defaultdict(list)
    for platform, series, date, value in rows:
        groups[(platform, series, week_rules.week_start(date))].append(value)
    for (platform, series, monday), values in groups.items():
        if week_rules.week_complete(monday, as_of):
            yield platform, series, monday.isoformat(), week_rules.weekly_spend(values), len(values)


def _signal_rows(
    rows: Iterable[tuple[str, str, str, float]],
    as_of: dt.date | None,
    usual: dict[tuple[str, str], int | None],
) -> Iterator[Row]:
    """(platform, 'signal:metric', week, last observation, n) of the weeks that count: over, or
    holding the series' last usual observation of the week (Friday's close for a price)."""
    groups: dict[tuple[str, str, dt.date], list[tuple[str, float]]] = defaultdict(list)
    for platform, series, date, value in rows:
        groups[(platform, series, week_rules.week_start(date))].append((date, value))
    for (platform, series, monday), seen in groups.items():
        last_day = dt.date.fromisoformat(max(d for d, _ in seen)[:10])
        if week_rules.signal_week_complete(monday, as_of, last_day, usual.get((platform, series))):
            yield platform, series, monday.isoformat(), week_rules.weekly_signal(seen), len(seen)


def _usual_last_weekdays(
    db: sqlite_utils.Database, as_of: dt.date | None, only: tuple[str, str] | None = None
) -> dict[tuple[str, str], int | None]:
    """(platform, 'signal:metric') -> the weekday its weeks usually end on (weeks before the
    as-of's week, the last 26 of them)."""
    upper = _upper(as_of)
    since = (week_rules.week_start(as_of) - dt.timedelta(weeks=26)).isoformat() if as_of else ""
    sql = "SELECT platform, metric, date FROM signals WHERE date >= ? AND date <= ?"
    params: list[Any] = [since, upper]
    if only is not None:
        sql += " AND platform = ? AND metric = ?"
        params += list(only)
    days: dict[tuple[str, str], list[str]] = defaultdict(list)
    for platform, metric, date in db.execute(sql, params):
        days[(platform, f"signal:{metric}")].append(date)
    return {key: week_rules.usual_last_weekday(found, before=as_of) for key, found in days.items()}


def _insert_weekly(db: sqlite_utils.Database, schema: str, rows: Iterable[Row]) -> None:
    db.conn.executemany(f"INSERT OR REPLACE INTO {schema}.weekly VALUES (?, ?, ?, ?, ?)", rows)


def _rebuild_weekly(
    db: sqlite_utils.Database, schema: str, as_of: dt.date | None, min_posts: int
) -> None:
    upper = _upper(as_of)
    posts = db.execute(f"SELECT {_POST_RATES} FROM posts NOT INDEXED WHERE posted_at <= ?", [upper])
    _insert_weekly(db, schema, _rate_rows(posts, as_of, min_posts))
    spend = db.execute("SELECT platform, 'spend', date, amount FROM spend WHERE date <= ?", [upper])
    _insert_weekly(db, schema, _spend_rows(spend, as_of))
    signals = db.execute(
        "SELECT platform, 'signal:' || metric, date, value FROM signals WHERE date <= ?", [upper]
    )
    _insert_weekly(db, schema, _signal_rows(signals, as_of, _usual_last_weekdays(db, as_of)))


def _week_bounds(monday_text: str, as_of: dt.date | None) -> tuple[str, str]:
    monday = dt.date.fromisoformat(monday_text)
    last = week_rules.week_end(monday)
    if as_of is not None:
        last = min(last, as_of)
    # posted_at may carry a time after the date: the day after bounds the week
    return monday.isoformat(), (last + dt.timedelta(days=1)).isoformat()


def _update_weekly(
    db: sqlite_utils.Database,
    schema: str,
    as_of: dt.date | None,
    touched: Touched,
    min_posts: int,
) -> None:
    for monday in touched.post_weeks:
        first, after = _week_bounds(monday, as_of)
        db.execute(
            f"DELETE FROM {schema}.weekly WHERE week = ? AND series IN "
            f"({','.join('?' * len(POST_SERIES))})",
            [monday, *POST_SERIES],
        )
        posts = db.execute(
            f"SELECT {_POST_RATES} FROM posts WHERE posted_at >= ? AND posted_at < ?",
            [first, after],
        )
        _insert_weekly(db, schema, _rate_rows(posts, as_of, min_posts))
    for platform, monday in touched.spend_weeks:
        first, after = _week_bounds(monday, as_of)
        db.execute(
            f"DELETE FROM {schema}.weekly WHERE platform = ? AND series = 'spend' AND week = ?",
            [platform, monday],
        )
        rows = db.execute(
            "SELECT platform, 'spend', date, amount FROM spend WHERE platform = ? "
            "AND date >= ? AND date < ?",
            [platform, first, after],
        )
        _insert_weekly(db, schema, _spend_rows(rows, as_of))
    signal_weeks = set(touched.signal_weeks)
    if as_of is not None:
        # a change anywhere in a series may change the weekday its weeks usually end on, and
        # with it whether the as-of's own week counts yet
        current = week_rules.week_start(as_of).isoformat()
        signal_weeks |= {(p, m, current) for p, m, _ in touched.signal_weeks}
    for platform, metric, monday in sorted(signal_weeks):
        first, after = _week_bounds(monday, as_of)
        db.execute(
            f"DELETE FROM {schema}.weekly WHERE platform = ? AND series = ? AND week = ?",
            [platform, f"signal:{metric}", monday],
        )
        rows = db.execute(
            "SELECT platform, 'signal:' || metric, date, value FROM signals WHERE platform = ? "
            "AND metric = ? AND date >= ? AND date < ?",
            [platform, metric, first, after],
        )
        usual = _usual_last_weekdays(db, as_of, only=(platform, metric))
        _insert_weekly(db, schema, _signal_rows(rows, as_of, usual))


# --- the two ways of keeping them -----------------------------------------------------------------


def rebuild(
    db: sqlite_utils.Database,
    as_of: dt.date | None,
    *,
    schema: str = "main",
    rules: RollupRules = DEFAULT_RULES,
    min_posts: int = week_rules.MIN_POSTS_PER_WEEK,
) -> None:
    """Make every rollup again for `as_of`. Call inside a write transaction (for "main")."""
    if schema == "temp":
        create_private_rollups(db)
    for table in ROLLUP_TABLES:
        db.execute(f"DELETE FROM {schema}.{table}")
    _rebuild_roster(db, schema, as_of, rules)
    _rebuild_pairs(db, schema, as_of)
    _rebuild_weekly(db, schema, as_of, min_posts)
    _finish(db, schema, as_of, rules)


def update(
    db: sqlite_utils.Database,
    as_of: dt.date | None,
    touched: Touched,
    *,
    schema: str = "main",
    rules: RollupRules = DEFAULT_RULES,
    min_posts: int = week_rules.MIN_POSTS_PER_WEEK,
) -> None:
    """Recompute only what `touched` names, for rollups already built for `as_of`."""
    if touched.everything or _too_many(db, touched):
        rebuild(db, as_of, schema=schema, rules=rules, min_posts=min_posts)
        return
    if touched.influencers:
        _update_roster(db, schema, as_of, touched.influencers, rules)
    _update_pairs(db, schema, as_of, touched.pairs)
    _update_weekly(db, schema, as_of, touched, min_posts)
    _finish(db, schema, as_of, rules)


def _too_many(db: sqlite_utils.Database, touched: Touched) -> bool:
    if len(touched.influencers) < 1000:
        return False
    total = db.execute("SELECT max(id) FROM influencers").fetchone()[0] or 0
    return len(touched.influencers) > REBUILD_SHARE * total


def shift(db: sqlite_utils.Database, old: dt.date | None, new: dt.date | None) -> Touched:
    """What moving the as-of from `old` to `new` changes; everything when it moves far or back."""
    touched = Touched()
    if old is None or new is None or new < old or (new - old).days > MAX_SHIFT_DAYS:
        touched.everything = True
        return touched
    if new == old:
        return touched
    platforms = [r[0] for r in db.execute("SELECT name FROM platforms")]
    metrics = db.execute("SELECT DISTINCT platform, metric FROM signals").fetchall()
    for influencer_id, campaign_id, posted_at in db.execute(
        "SELECT influencer_id, campaign_id, posted_at FROM posts "
        "WHERE posted_at > ? AND posted_at < ?",
        [old.isoformat(), (new + dt.timedelta(days=1)).isoformat()],
    ):
        touched.post(influencer_id, campaign_id, posted_at)
    # sponsored posts that leave the 365-day brands window
    touched.influencers.update(
        r[0]
        for r in db.execute(
            "SELECT DISTINCT influencer_id FROM posts WHERE posted_at > ? AND posted_at <= ? "
            "AND sponsored AND brand IS NOT NULL",
            [brands_since(old), brands_since(new) + "\uffff"],
        )
    )
    # a signal's week may count before it is over (on its last usual observation), and its
    # value is the last observation up to the as-of: the weeks of both as-of dates are redone
    for day in (old, new):
        text = week_rules.week_start(day).isoformat()
        touched.signal_weeks.update((p, m, text) for p, m in metrics)
    # weeks that end in (old, new] are now complete
    monday = week_rules.week_start(old)
    while week_rules.week_end(monday) <= new:
        if week_rules.week_end(monday) > old:
            text = monday.isoformat()
            touched.post_weeks.add(text)
            touched.spend_weeks.update((p, text) for p in platforms)
            touched.signal_weeks.update((p, m, text) for p, m in metrics)
        monday += dt.timedelta(days=7)
    return touched
