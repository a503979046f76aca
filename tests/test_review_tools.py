"""Issue #14 items 8, 9, 10, 13 and 16: the review at 80 columns (flags early, a column chooser,
titles that keep the as-of date), flags as filters and a sort, a post opened whole, review between
colleagues (who decided, a question before replacing theirs, undo, marks) and the mouse."""

from __future__ import annotations

import itertools
import sqlite3

import pytest

from influence_tui.domain.posts import POST_FLAG_BITS, post_flag_bits, post_flags, post_link
from influence_tui.store.connection import open_database
from influence_tui.tui.app import PANE_TITLES, ExplorerScreen
from influence_tui.tui.columns_screen import ColumnsScreen
from influence_tui.tui.confirm import ConfirmScreen
from influence_tui.tui.detail_screen import DetailScreen
from influence_tui.tui.panes import PostsPane, RosterPane
from influence_tui.tui.post_screen import PostScreen
from influence_tui.tui.title import Part, fit_title
from tests.tui_helpers import CAMPAIGN, make_app, press, review_first_rows, settle


def _roster(app) -> RosterPane:
    return app.screen.query_one(RosterPane)


def _title(pane) -> str:
    return str(pane.query_one(".pane-title").render())


def _audit(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT reviewer, influencer_id, old_decision, new_decision, changed_at "
            "FROM decision_audit ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def _visible_labels(pane) -> list[str]:
    """The columns drawn whole inside the table's width, without scrolling."""
    table = pane.table
    width = table.scrollable_content_region.width
    shown = []
    for index, key in enumerate(table.columns):
        if table.column_offset(index + 1) <= width:
            shown.append(key)
    return shown


# --- 8: the columns that decide a review fit 80 columns -------------------------------------------
async def test_at_80_columns_the_review_columns_and_flags_are_on_screen(demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        shown = _visible_labels(roster)
        for label in ("handle", "flags", "review", "by", "tier", "ER", "IR", "brands"):
            assert label in shown, (label, shown)
        flagged = next(r for r in roster.rows if "saturated" in r.flags)
        index = roster.rows.index(flagged)
        assert "S" in roster.table.get_cell_at((index, 1)).plain
        await press(pilot, "2")
        assert {"date", "flags", "handle", "title"} <= set(
            _visible_labels(app.screen.query_one(PostsPane))
        )


async def test_column_chooser_hides_columns_for_the_session(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert isinstance(app.screen, ColumnsScreen)
        # the list: flags, review, by, tier, ER, IR, brands, platform, … : hide tier and IR
        await press(pilot, "j", "j", "j", "space", "j", "j", "space", "escape")
        assert isinstance(app.screen, ExplorerScreen)
        roster = _roster(app)
        assert "tier" not in roster.table.columns and "IR" not in roster.table.columns
        assert "followers" in _visible_labels(roster)  # what was cut off now fits
        # the choice stays: a campaign re-adds the review columns, not the hidden ones
        await press(pilot, "c", "down", "enter")
        assert "review" in roster.table.columns and "tier" not in roster.table.columns
        await press(pilot, "o", "j", "j", "j", "space", "escape")  # shown again
        assert "tier" in roster.table.columns


def test_titles_shorten_their_parts_and_keep_what_must_stay():
    parts = [
        Part("1,234 influencers", "1,234", rank=6),
        Part("filter “ada”", "“ada”", rank=7, keep=True),
        Part("sort handle ↑", "handle↑"),
        Part("campaign Glow Summer Launch", "Glow Summer", rank=4),
        Part("platform youtube", "youtube", rank=3),
        Part("as of 2026-11-01", "2026-11-01", rank=5, keep=True),
        Part("tiers: seed", "seed", rank=0),
    ]
    for width in range(20, 140):
        line = fit_title(parts, width)
        assert len(line) <= width
        assert "2026-11-01" in line or width < 40, (width, line)
    assert fit_title(parts, 200).endswith("as of 2026-11-01 · tiers: seed")
    narrow = fit_title(parts, 60)
    assert "“ada”" in narrow and "2026-11-01" in narrow and "tiers" not in narrow


async def test_the_title_keeps_the_as_of_date_with_every_filter_on(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        roster.platform, roster.tier = "youtube", "micro"
        roster.reload()
        await settle(pilot)
        await press(pilot, "slash", "a", "enter", "f", "down", "down", "enter")
        title = _title(roster)
        assert "2026-11-01" in title and "undisclosed" in title and "“a”" in title, title
        assert len(title) <= 78


# --- 9: every flag is a filter; the posts' flags sort ------------------------------------------
def test_the_stored_flag_number_is_the_domain_rule():
    combos = itertools.product(
        (0, 1), (None, 0, 1), (None, 0, 1), (0, 1), ("measured", "estimated")
    )
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE posts (sponsored INTEGER, disclosed INTEGER, brand_named INTEGER, "
        "likes_hidden INTEGER, provenance TEXT)"
    )
    from influence_tui.store.schema import MIGRATIONS

    statement = next(
        s
        for steps in MIGRATIONS.values()
        for step in steps
        if isinstance(step, str)
        for s in step.split(";\n")
        if "ADD COLUMN flag_bits" in s
    )
    conn.execute(statement)
    for combo in combos:
        conn.execute("DELETE FROM posts")
        conn.execute("INSERT INTO posts VALUES (?, ?, ?, ?, ?)", combo)
        stored = conn.execute("SELECT flag_bits FROM posts").fetchone()[0]
        assert stored == post_flag_bits(*combo), combo
    assert post_flags(16 | 4) == ("undisclosed", "sponsored")
    assert max(POST_FLAG_BITS.values()) == POST_FLAG_BITS["undisclosed"]


async def test_every_roster_flag_filters_the_roster(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        for step, flag in enumerate(
            ("saturated", "undisclosed", "brand-unnamed", "low-engagement", "cost-outlier"), 1
        ):
            await press(pilot, "f", *["down"] * step, "enter")
            assert roster.flag == flag
            assert roster.rows and all(flag in r.flags for r in roster.rows), flag
            assert roster.total == len(roster.rows) < 60
            assert f"flag {flag}" in _title(roster)
        await press(pilot, "escape")
        assert roster.flag is None and roster.total == 60


async def test_posts_filter_by_each_flag_and_sort_by_flags(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "2")
        posts = app.screen.query_one(PostsPane)
        conn = sqlite3.connect(demo_db)
        for step, flag in enumerate(POST_FLAG_BITS, 1):
            await press(pilot, "f", *["down"] * step, "enter")
            expected = conn.execute(
                "SELECT count(*) FROM posts WHERE flag_bits & ? AND posted_at <= '2026-11-01'",
                [POST_FLAG_BITS[flag]],
            ).fetchone()[0]
            assert posts.total == expected, flag
            assert all(flag in r.flags for r in posts.rows), flag
        await press(pilot, "f", "enter")  # every row again
        assert posts.flag is None and posts.total == 1800
        await press(pilot, "l", "s")  # the flags column, descending
        bits = [r.flag_bits for r in posts.rows]
        assert bits == sorted(bits, reverse=True) and "undisclosed" in posts.rows[0].flags
        await press(pilot, "s")
        bits = [r.flag_bits for r in posts.rows]
        assert bits == sorted(bits)
        await press(pilot, "pagedown", "pagedown", "pagedown", "pagedown", "pagedown", "G")
        bits = [r.flag_bits for r in posts.rows]
        assert bits == sorted(bits) and posts.rows[-1].flag_bits == max(
            r[0] for r in conn.execute("SELECT flag_bits FROM posts")
        )
        conn.close()


def test_flag_filters_and_the_flags_sort_read_an_index(demo_db):
    """At a million posts a flag filter or the flags sort must never scan the posts table."""
    from influence_tui.analysis.posts import PostQuery
    from influence_tui.analysis.view import ViewSettings
    from tests.tui_helpers import AS_OF

    db = open_database(demo_db)
    settings = ViewSettings(as_of=AS_OF)
    cases = [
        (PostQuery(settings, sort="flags"), "p.flag_bits DESC, p.id DESC"),
        (PostQuery(settings, flag="brand-unnamed"), "p.posted_at DESC, p.id DESC"),
        (PostQuery(settings, flag="undisclosed", sort="views"), "p.views DESC, p.id DESC"),
        (PostQuery(settings, flag="sponsored", sort="flags"), "p.flag_bits DESC, p.id DESC"),
        (PostQuery(settings, flag="sponsored", influencer_id=1), "p.posted_at DESC, p.id DESC"),
    ]
    for query, order in cases:
        window = query.window(db)
        sql = (
            f"EXPLAIN QUERY PLAN SELECT {window.columns} FROM {window.source} "
            f"WHERE {' AND '.join(window.where)} ORDER BY {order} LIMIT 100"
        )
        plan = [row[3] for row in db.execute(sql, list(window.params))]
        posts_step = next(step for step in plan if " p " in f" {step} ")
        assert "INDEX" in posts_step, (query, plan)


# --- 10: a post opened whole ---------------------------------------------------------------------
LONG_TITLE = (
    "[bold]Not bold[/] — a very long caption about GlowCo's summer serum that goes on and on well "
    "past any table column, ending with the words THE-VERY-END"
)


def _first_post_with(path, title: str, external_id: str, platform: str = "youtube") -> None:
    conn = sqlite3.connect(path)
    with conn:
        post_id = conn.execute(
            "SELECT id FROM posts WHERE posted_at <= '2026-11-01' AND platform = ? "
            "ORDER BY posted_at DESC, id DESC LIMIT 1",
            [platform],
        ).fetchone()[0]
        conn.execute(
            "UPDATE posts SET title = ?, external_id = ?, sponsored = 1, disclosed = 0, "
            "brand_named = 0 WHERE id = ?",
            [title, external_id, post_id],
        )
    conn.close()


async def test_enter_on_a_post_opens_it_whole(demo_db):
    open_database(demo_db).conn.close()
    _first_post_with(demo_db, LONG_TITLE, "dQw4w9WgXcQ")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "slash", *"the-very-end", "enter", "enter")
        assert isinstance(app.screen, PostScreen)
        body = app.screen.query_one("#post-text")
        text = "".join(line.text for line in body.render_lines(body.region.reset_offset))
        shown = " ".join(text.split())
        assert "[bold]Not bold[/]" in shown and "THE-VERY-END" in shown
        assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in shown
        for definition in ("likes + comments", "cost per thousand views", "engagements ÷ views"):
            assert definition in shown
        assert "U undisclosed" in shown and "B brand-unnamed" in shown
        assert "never names it" in shown
        await press(pilot, "escape")
        assert isinstance(app.screen, ExplorerScreen)


async def test_enter_on_a_post_in_the_influencer_detail_opens_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "tab", "enter")  # to the influencer's posts, and open the first
        assert isinstance(app.screen, PostScreen)
        assert app.screen.post.handle == _roster_row_handle(app)


def _roster_row_handle(app) -> str:
    explorer = next(s for s in app.screen_stack if isinstance(s, ExplorerScreen))
    return explorer.query_one(RosterPane).rows[0].handle


@pytest.mark.parametrize(
    ("platform", "external_id", "handle", "link"),
    [
        ("youtube", "dQw4w9WgXcQ", None, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("YouTube", " dQw4w9WgXcQ ", None, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        ("instagram", "CxYz_12-ab", None, "https://www.instagram.com/p/CxYz_12-ab/"),
        (
            "tiktok",
            "7301234567890123456",
            "@ana",
            "https://www.tiktok.com/@ana/video/7301234567890123456",
        ),
        ("snapchat", "https://t.snapchat.com/x1", None, "https://t.snapchat.com/x1"),
        ("youtube", "in-mia.makes00-00", None, None),  # not a video id: no guessed link
        ("youtube", "short", None, None),
        ("tiktok", "7301234567890123456", "bad handle!", None),
        ("snapchat", "abc123", None, None),
        ("instagram", None, None, None),
        ("youtube", "https://evil.example/\x1b[31m", None, None),
    ],
)
def test_post_links(platform, external_id, handle, link):
    assert post_link(platform, external_id, handle) == link


# --- 13: review between colleagues ------------------------------------------------------------
async def test_the_roster_shows_who_decided(demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        by = list(roster.table.columns).index("by")
        assert [roster.table.get_cell_at((i, by)).plain for i in range(4)] == [
            "alice",
            "alice",
            "bob",
            "",
        ]


async def test_replacing_a_colleagues_decision_asks_first(demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        before = len(_audit(demo_db))
        await press(pilot, "D")  # alice's keep
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert roster.rows[0].decision == "keep" and len(_audit(demo_db)) == before
        await press(pilot, "k", "D", "y")
        assert roster.rows[0].decision == "drop" and roster.rows[0].reviewer == "tester"
        assert _audit(demo_db)[-1][:4] == ("tester", roster.rows[0].influencer_id, "keep", "drop")
        # an unreviewed row, and one's own decision, are decided without a question
        await press(pilot, "k", "W")
        assert isinstance(app.screen, ExplorerScreen) and roster.rows[0].decision == "watch"
        await press(pilot, "G", "K")
        assert isinstance(app.screen, ExplorerScreen)


async def test_u_undoes_the_last_change_and_the_audit_keeps_both(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        first = roster.rows[0].influencer_id
        await press(pilot, "K", "W")  # row 1 keep, row 2 watch
        await press(pilot, "u")
        assert roster.rows[1].decision == "unreviewed" and roster.rows[0].decision == "keep"
        await press(pilot, "u")
        assert roster.rows[0].decision == "unreviewed"
        audit = _audit(demo_db)
        assert [(a[1], a[2], a[3]) for a in audit if a[1] == first] == [
            (first, "unreviewed", "keep"),
            (first, "keep", "unreviewed"),
        ]
        await press(pilot, "u")  # nothing left
        assert "nothing to undo" in [n.message for n in app._notifications][-1]


async def test_undo_leaves_a_review_someone_changed_since(demo_db):
    from influence_tui.analysis.session import open_view
    from influence_tui.analysis.triage import decide

    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        target = _roster(app).rows[0]
        await press(pilot, "K")
        session, settings = open_view(demo_db, as_of=None, campaign=CAMPAIGN)
        decide(session, settings, target.influencer_id, "bob", decision="drop")
        session.close()
        await press(pilot, "u")
        messages = [n.message for n in app._notifications]
        assert any("not undone: changed since by bob" in m for m in messages)
        conn = sqlite3.connect(demo_db)
        decision = conn.execute(
            "SELECT decision, reviewer FROM decisions WHERE influencer_id = ?",
            [target.influencer_id],
        ).fetchone()
        conn.close()
        assert decision == ("drop", "bob")


async def test_marked_rows_are_decided_at_once_in_one_transaction(demo_db):
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        await press(pilot, "space", "j", "v", "v")  # rows 1, 3 and 4
        marked = [roster.rows[i].influencer_id for i in (0, 2, 3)]
        assert sorted(roster.marked) == sorted(marked) and "3 marked" in _title(roster)
        assert roster.table.get_cell_at((0, 0)).plain.startswith("● ")
        await press(pilot, "D")
        assert [roster.rows[i].decision for i in range(5)] == [
            "drop", "unreviewed", "drop", "drop", "unreviewed",
        ]  # fmt: skip
        assert not roster.marked and "marked" not in _title(roster)
        audit = _audit(demo_db)
        assert sorted(a[1] for a in audit) == sorted(marked)
        assert len({a[4] for a in audit}) == 1  # one write: one moment
        await press(pilot, "u")  # the whole batch is one change
        assert [roster.rows[i].decision for i in (0, 2, 3)] == ["unreviewed"] * 3
        await press(pilot, "space", "escape")  # esc clears the marks first
        assert not roster.marked


async def test_marked_rows_with_a_colleagues_decision_ask_once(demo_db):
    review_first_rows(demo_db)
    app = make_app(demo_db, campaign=CAMPAIGN)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        await press(pilot, "space", "space", "space", "space", "W")
        assert isinstance(app.screen, ConfirmScreen)  # alice's keep and drop
        await press(pilot, "y")
        assert [r.decision for r in roster.rows[:4]] == ["watch"] * 4


# --- 16: the mouse ----------------------------------------------------------------------------
async def test_clicking_a_tab_shows_its_pane(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        explorer = app.screen
        assert isinstance(explorer, ExplorerScreen)
        bar = str(explorer.query_one("#top-bar").render())
        for name in ("platforms", "posts", "roster"):
            x = bar.index(PANE_TITLES[name]) + 1  # the bar's padding: one cell
            await pilot.click("#top-bar", offset=(x + 2, 0))
            await settle(pilot)
            assert explorer.current == name


async def test_clicking_a_column_header_sorts_by_it(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        roster = _roster(app)
        er = list(roster.table.columns).index("ER")
        x = roster.table.column_offset(er) + 2
        await pilot.click(roster.table, offset=(x, 0))
        await settle(pilot)
        assert roster.sort_key == "engagement_rate" and roster.descending
        await pilot.click(roster.table, offset=(x, 0))
        await settle(pilot)
        assert roster.sort_key == "engagement_rate" and not roster.descending
        rates = [r.engagement_rate for r in roster.rows if r.engagement_rate is not None]
        assert rates == sorted(rates)
