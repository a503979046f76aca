"""The write path (DESIGN.md §1, §2): one identity per creator, the latest snapshot wins whatever
the order, one owner of the as-of date, and a future date moves nobody's verdicts."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from influence_tui.analysis.spend import record_spend
from influence_tui.domain.identity import handle_key
from influence_tui.domain.models import SpendEntry
from influence_tui.ingest.importer import ImportOptions, run_import
from influence_tui.store.session import Session
from tests.conftest import REAL_DATA, needs_real_data

TODAY = dt.date(2026, 11, 26)
FIXTURES = Path(__file__).parent / "fixtures"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _import(session: Session, kind: str, path: Path, **options):
    result = run_import(session, path, ImportOptions(kind, **options))
    assert result.rejected == 0, [(r.location, r.reason) for r in result.rejects]
    return result


def _table(session: Session, sql: str) -> list[tuple]:
    return [tuple(r) for r in session.execute(sql).fetchall()]


# --- identity ------------------------------------------------------------------------------------

SCRIPTS = [
    # (roster spelling, the spellings posts use)
    ("Élodie Ärzt", ["ÉLODIE ÄRZT", "élodie ärzt", " @Élodie Ärzt "]),
    ("Ольга ТВ", ["ольга тв", "ОЛЬГА ТВ"]),
    ("ΣΟΦΊΑ", ["σοφία", "Σοφία"]),
    ("Việt Nam Vlog", ["VIỆT NAM VLOG", "việt nam vlog"]),
    ("Ｆｕｌｌｗｉｄｔｈ", ["fullwidth", "FULLWIDTH"]),
    ("Straße", ["STRASSE", "strasse"]),
]


def test_the_handle_key_is_one_function_across_scripts():
    for roster, spellings in SCRIPTS:
        assert {handle_key(s) for s in spellings} == {handle_key(roster)}
    assert handle_key("@ada") == handle_key("ada") == handle_key("  ADA ")
    assert handle_key("ada") != handle_key("ada2")


@pytest.fixture
def twins_files(tmp_path) -> tuple[Path, Path]:
    roster = [["platform", "handle", "followers"]]
    posts = [["platform", "handle", "posted_at", "title", "views", "likes", "comments"]]
    for index, (name, spellings) in enumerate(SCRIPTS):
        roster.append(["instagram", name, str(5000 + index)])
        for day, spelling in enumerate(spellings, start=1):
            posts.append(["instagram", spelling, f"2026-10-{day:02d}", f"post {index}-{day}",
                          "1000", "90", "10"])  # fmt: skip
    paths = []
    for name, rows in (("roster.csv", roster), ("posts.csv", posts)):
        with (tmp_path / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        paths.append(tmp_path / name)
    return paths[0], paths[1]


def test_a_creator_in_any_script_and_case_is_one_influencer(tmp_path, twins_files):
    session = Session.open(tmp_path / "x.db", today=TODAY)
    _import(session, "influencers", twins_files[0])
    _import(session, "posts", twins_files[1])
    rows = _table(session, "SELECT handle, followers, posts, engagement_rate FROM roster")
    assert len(rows) == len(SCRIPTS)
    for handle, followers, posts, er in rows:
        assert followers is not None and posts >= 2, handle
        assert er == pytest.approx(100 / followers), handle  # (90 + 10) ÷ followers


def test_export_import_export_is_identical_with_non_ascii_handles(tmp_path, twins_files):
    from click.testing import CliRunner

    from influence_tui.cli import main

    def run(*args):
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    first_db, second_db = tmp_path / "a.db", tmp_path / "b.db"
    run("import", "influencers", twins_files[0], "--db", first_db)
    run("import", "posts", twins_files[1], "--db", first_db)
    exported = {}
    for kind in ("influencers", "posts"):
        exported[kind] = run("export", kind, "--db", first_db, "--format", "json")
        (tmp_path / f"{kind}.json").write_text(exported[kind], encoding="utf-8")
    for kind in ("influencers", "posts"):
        run("import", kind, tmp_path / f"{kind}.json", "--db", second_db, "--strict")
    for kind in ("influencers", "posts"):
        assert run("export", kind, "--db", second_db, "--format", "json") == exported[kind]
    assert len(json.loads(exported["influencers"])) == len(SCRIPTS)


def test_the_upgrade_merges_twins_made_by_release_0_1(tmp_path):
    """A database made by the previous release (release-0.1-twins.db: built with it from a roster
    and posts whose handles differ by non-ASCII case) had a follower-less twin per creator holding
    the posts, and a reviewer's decision on one twin."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "release-0.1-twins.db", path)
    session = Session.open(path, today=TODAY)
    influencers = _table(session, "SELECT platform, handle, followers FROM influencers ORDER BY id")
    assert influencers == [
        ("instagram", "Élodie Ärzt", 5200),
        ("instagram", "Ольга ТВ", 8100),
        ("youtube", "ΣΟΦΊΑ", 120000),
        ("instagram", "plain", 900),
    ]
    roster = {
        r[0]: r[1:] for r in _table(session, "SELECT handle, posts, engagement_rate FROM roster")
    }
    assert roster["Élodie Ärzt"][0] == 3 and roster["Élodie Ärzt"][1] is not None
    assert roster["Ольга ТВ"][0] == 1 and roster["ΣΟΦΊΑ"][0] == 1
    # the decision and its whole history moved to the creator that stays
    assert _table(session, "SELECT influencer_id, decision, note, reviewer FROM decisions") == [
        (1, "watch", "good fit", "bob")
    ]
    assert {r[0] for r in _table(session, "SELECT influencer_id FROM decision_audit")} == {1}
    merges = [json.loads(r[0]) for r in _table(session, "SELECT details FROM audit_log WHERE action = 'merge influencer'")]  # fmt: skip
    assert {(m["kept"]["handle"], m["merged"]["handle"], m["posts_moved"]) for m in merges} == {
        ("Élodie Ärzt", "Élodie Ärzt", 3),
        ("Ольга ТВ", "ольга тв", 1),
        ("ΣΟΦΊΑ", "σοφία", 1),
    }
    assert next(m for m in merges if m["kept"]["id"] == 1)["decisions_moved"] == 1
    session.close()
    # opening again changes nothing more
    again = Session.open(path, today=TODAY)
    assert again.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 3
    again.close()


# --- snapshots -----------------------------------------------------------------------------------

TRENDING = """video_id,channel_title,publish_time,trending_date,views,likes,comment_count
v1,Chan One,2026-09-01,2026-09-03,300,30,3
v1,Chan One,2026-09-01,2026-09-01,100,10,1
v2,Chan Two,2026-09-02,2026-09-02,50,5,1
v1,Chan One,2026-09-01,2026-09-02,200,20,2
v2,Chan Two,2026-09-02,2026-09-04,80,8,2
"""


def _posts_state(session: Session) -> list[tuple]:
    return _table(
        session,
        "SELECT external_id, posted_at, snapshot_date, views, likes, comments FROM posts "
        "ORDER BY external_id",
    )


def test_the_latest_snapshot_wins_whatever_the_row_order(tmp_path):
    lines = TRENDING.splitlines()
    states: list[list[tuple[Any, ...]]] = []
    for order in (lines[1:], list(reversed(lines[1:])), sorted(lines[1:])):
        source = _write(tmp_path / "t.csv", "\n".join([lines[0], *order]) + "\n")
        session = Session.open(tmp_path / f"{len(states)}.db", today=TODAY)
        _import(session, "posts", source, platform="youtube")
        states.append(_posts_state(session))
        session.close()
    assert states[0] == states[1] == states[2]
    assert states[0] == [
        ("v1", "2026-09-01", "2026-09-03", 300, 30, 3),
        ("v2", "2026-09-02", "2026-09-04", 80, 8, 2),
    ]


def test_an_older_export_imported_later_changes_nothing(tmp_path):
    header = "video_id,channel_title,publish_time,trending_date,views,likes,comment_count\n"
    newer = _write(tmp_path / "new.csv", header + "v1,Chan,2026-09-01,2026-09-10,900,90,9\n")
    older = _write(tmp_path / "old.csv", header + "v1,Chan,2026-09-01,2026-09-05,400,40,4\n")
    session = Session.open(tmp_path / "x.db", today=TODAY)
    _import(session, "posts", newer, platform="youtube")
    _import(session, "posts", older, platform="youtube")
    assert _posts_state(session) == [("v1", "2026-09-01", "2026-09-10", 900, 90, 9)]
    assert session.execute("SELECT views FROM roster").fetchone()[0] == 900


def test_a_follower_count_keeps_its_latest_dated_value(tmp_path):
    newer = _write(tmp_path / "new.csv", "handle,followers,date\nada,12000,2026-10-01\n")
    older = _write(tmp_path / "old.csv", "handle,followers,date\nADA,9000,2026-06-01\n")
    undated = _write(tmp_path / "undated.csv", "handle,country\nada,FR\n")
    session = Session.open(tmp_path / "x.db", today=TODAY)
    for source in (newer, older, undated):
        _import(session, "influencers", source, platform="instagram")
    assert _table(session, "SELECT followers, followers_date, country FROM influencers") == [
        (12000, "2026-10-01", "FR")
    ]


@needs_real_data
def test_a_real_trending_file_newest_first_gives_the_same_database(tmp_path):
    with (REAL_DATA / "USvideos.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    # the file is in trending order; newest first is the same rows reversed
    states: list[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]] = []
    for name, order in (("oldest", body), ("newest", list(reversed(body)))):
        source = tmp_path / f"{name}.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([header, *order])
        session = Session.open(tmp_path / f"{name}.db", today=TODAY)
        options = {"platform": "youtube", "date_format": "%d.%m", "year": 2017}
        _import(session, "posts", source, **options)
        roster = _table(session, "SELECT * FROM roster ORDER BY handle_key")
        states.append((_posts_state(session), [row[1:] for row in roster]))  # ids differ
        session.close()
    assert states[0] == states[1]
    assert len(states[0][0]) == 2365


# --- the as-of date ------------------------------------------------------------------------------


def _spend(platform: str, day: str, amount: float) -> SpendEntry:
    return SpendEntry(platform=platform, date=dt.date.fromisoformat(day), amount=amount)


def test_a_session_at_another_date_never_changes_the_shared_rollups(demo_db):
    everyone = Session.open(demo_db, today=TODAY)
    shared_before = _table(everyone, "SELECT * FROM main.weekly ORDER BY 1, 2, 3")
    roster_before = _table(everyone, "SELECT * FROM main.roster ORDER BY 1")
    earlier = Session.open(demo_db, as_of=dt.date(2026, 6, 30), today=TODAY)
    assert earlier.private and earlier.as_of == dt.date(2026, 6, 30)
    record_spend(earlier, _spend("snapchat", "2026-06-10", 5000))
    # the earlier session sees its entry at its own date...
    assert earlier.as_of == dt.date(2026, 6, 30)
    week = earlier.execute(
        "SELECT value FROM weekly WHERE platform = 'snapchat' AND series = 'spend' "
        "AND week = '2026-06-08'"
    ).fetchone()[0]
    assert week >= 5000
    # ...and everyone else still reads the data's own date, with the entry in the numbers
    assert everyone.as_of == dt.date(2026, 11, 1)
    assert everyone.execute("SELECT value FROM meta WHERE key = 'rollup_as_of'").fetchone()[0] == (
        "2026-11-01"
    )
    assert _table(everyone, "SELECT * FROM main.roster ORDER BY 1") == roster_before
    changed = [
        row
        for row in _table(everyone, "SELECT * FROM main.weekly ORDER BY 1, 2, 3")
        if row not in shared_before
    ]
    assert [(r[0], r[1], r[2]) for r in changed] == [("snapchat", "spend", "2026-06-08")]
    rebuilt = Session.open(demo_db, today=TODAY)
    rebuilt.rebuild()
    assert _table(rebuilt, "SELECT * FROM main.weekly ORDER BY 1, 2, 3") == _table(
        everyone, "SELECT * FROM main.weekly ORDER BY 1, 2, 3"
    )


def test_a_future_date_is_refused_and_never_moves_the_as_of(demo_db, tmp_path):
    session = Session.open(demo_db, today=TODAY)
    saturated = session.execute("SELECT count(*) FROM roster WHERE flags_seed LIKE '%saturated%'").fetchone()[0]  # fmt: skip
    assert saturated > 0
    with pytest.raises(ValueError, match="2099-01-05 is in the future"):
        record_spend(session, _spend("snapchat", "2099-01-05", 100))
    for kind, text in (
        ("spend", "platform,date,amount\nsnapchat,2099-01-05,100\nsnapchat,2026-10-30,100\n"),
        ("signals", "platform,metric,date,value\nsnapchat,price,2099-01-05,7\n"),
        ("posts", "platform,handle,posted_at,views\ninstagram,ada,2099-01-05,7\n"),
    ):
        result = run_import(session, _write(tmp_path / f"{kind}.csv", text), ImportOptions(kind))
        assert [r.reason for r in result.rejects] == [
            f"{'posted_at' if kind == 'posts' else 'date'}: 2099-01-05 is in the future "
            f"(today is {TODAY})"
        ]
    assert session.as_of == dt.date(2026, 11, 1)
    # a database that already holds a future date (made before this rule) is capped at today
    session.execute("BEGIN")
    session.execute("INSERT INTO spend (platform, date, amount, currency) VALUES ('snapchat', '2099-01-05', 1, 'USD')")  # fmt: skip
    session.execute("COMMIT")
    session.close()
    again = Session.open(demo_db, today=TODAY)
    assert again.as_of == TODAY
    assert again.execute("SELECT count(*) FROM roster WHERE flags_seed LIKE '%saturated%'").fetchone()[0] == saturated  # fmt: skip


async def test_the_title_follows_when_another_session_moves_the_as_of(demo_db):
    import time

    from influence_tui.tui.launch import explorer_app
    from influence_tui.tui.panes import RosterPane
    from tests.tui_helpers import settle

    app = explorer_app(demo_db, blink=False, poll_seconds=0.05)
    app.animation_level = "none"
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        roster = app.screen.query_one(RosterPane)
        assert "as of 2026-11-01" in str(roster.query_one(".pane-title").render())
        other = Session.open(demo_db)  # another reviewer records this week's spend
        record_spend(other, _spend("snapchat", "2026-11-20", 10))
        other.close()
        deadline = time.monotonic() + 10
        while app.settings.as_of != dt.date(2026, 11, 20) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await settle(pilot)
        assert "as of 2026-11-20" in str(roster.query_one(".pane-title").render())


def test_filters_find_a_handle_in_any_case_or_script(tmp_path, twins_files):
    from influence_tui.analysis.posts import PostQuery, posts_after
    from influence_tui.analysis.roster import RosterQuery, roster_after
    from influence_tui.analysis.session import view_settings

    session = Session.open(tmp_path / "x.db", today=TODAY)
    _import(session, "influencers", twins_files[0])
    _import(session, "posts", twins_files[1])
    settings = view_settings(session)
    for typed, expected in (("élodie", "Élodie Ärzt"), ("ОЛЬГА", "Ольга ТВ"), ("@σοφία", "ΣΟΦΊΑ")):
        rows = roster_after(session.db, RosterQuery(settings, text=typed), None, 10)
        assert [r.handle for r in rows] == [expected], typed
    posts = posts_after(session.db, PostQuery(settings, text="ольга"), None, 10)
    assert len(posts) == 2 and {p.handle for p in posts} == {"Ольга ТВ"}


async def test_the_title_follows_this_sessions_own_spend_entry(demo_db):
    import time

    from textual.widgets import Input

    from influence_tui.tui.launch import explorer_app
    from influence_tui.tui.panes import RosterPane
    from tests.tui_helpers import settle

    app = explorer_app(demo_db, blink=False, poll_seconds=0.05)
    app.animation_level = "none"
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3", "n")
        await settle(pilot)
        app.screen.query_one("#spend-amount", Input).value = "10"
        app.screen.query_one("#spend-date", Input).value = "2026-11-20"
        await pilot.press("ctrl+s")
        deadline = time.monotonic() + 10
        while app.settings.as_of != dt.date(2026, 11, 20) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        await pilot.press("1")
        await settle(pilot)
        roster = app.screen.query_one(RosterPane)
        assert "as of 2026-11-20" in str(roster.query_one(".pane-title").render())


def _rollup_tables(session: Session, schema: str) -> dict[str, list[tuple]]:
    orders = {
        "roster": "1",
        "influencer_campaigns": "1, 2",
        "weekly": "1, 2, 3",
        "peer_cpe": "1, 2, 3",
    }
    return {
        t: _table(session, f"SELECT * FROM {schema}.{t} ORDER BY {o}") for t, o in orders.items()
    }


def test_a_private_session_that_writes_before_it_polls_still_follows_others(demo_db, tmp_path):
    earlier = dt.date(2026, 10, 15)
    mine = Session.open(demo_db, as_of=earlier, today=TODAY)
    theirs = Session.open(demo_db, today=TODAY)
    post = _write(
        tmp_path / "p.csv",
        "platform,handle,post_id,posted_at,views,likes,comments\n"
        "instagram,ada.cooks18,late-1,2026-10-01,999999,99999,9999\n",
    )
    _import(theirs, "posts", post)
    record_spend(mine, _spend("youtube", "2026-10-02", 10))  # before any poll
    fresh = Session.open(demo_db, as_of=earlier, today=TODAY)
    assert _rollup_tables(mine, "temp") == _rollup_tables(fresh, "temp")


def test_an_explicit_as_of_stays_when_this_sessions_write_moves_the_data(demo_db):
    pinned = Session.open(demo_db, as_of=dt.date(2026, 11, 1), today=TODAY)
    assert not pinned.private  # the data's own date: it reads the shared rollups
    record_spend(pinned, _spend("snapchat", "2026-11-20", 10))
    assert pinned.as_of == dt.date(2026, 11, 1) and pinned.private
    assert (
        pinned.execute("SELECT value FROM temp.meta WHERE key = 'rollup_as_of'").fetchone()[0]
        == "2026-11-01"
    )
    fresh = Session.open(demo_db, as_of=dt.date(2026, 11, 1), today=TODAY)
    assert _rollup_tables(pinned, "temp") == _rollup_tables(fresh, "temp")


def test_the_upgrade_merges_a_post_both_twins_hold_and_says_what_it_replaced(tmp_path):
    """The same post under both spellings (one with its cost), and a decision on each twin in the
    same campaign: nothing known is lost, and the audit says what was replaced."""
    import sqlite3

    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "release-0.1-twins.db", path)
    raw = sqlite3.connect(path)
    raw.execute(
        "INSERT INTO decisions VALUES (1, 1, 'drop', 'survivor note', 'carol', "
        "'2026-10-22T10:00:00Z')"
    )
    raw.execute(
        "INSERT INTO posts (influencer_id, campaign_id, platform, post_key, brand, posted_at, "
        "title, views, likes, comments, cost, sponsored) VALUES (1, 1, 'instagram', "
        "'@Élodie Ärzt|2026-10-01|Morning glow with Lumina #ad', 'Lumina', '2026-10-01', "
        "'Morning glow with Lumina #ad', 5000, 310, 10, NULL, 1)"
    )
    raw.commit()
    raw.close()
    session = Session.open(path, today=TODAY)
    assert _table(session, "SELECT count(*), sum(cost) FROM posts WHERE influencer_id = 1") == [
        (3, 250.0)  # the twin's copy carried the cost; the merged post keeps it
    ]
    assert _table(session, "SELECT decision, note, reviewer FROM decisions") == [
        ("drop", "survivor note", "carol")  # the later decision stands
    ]
    last = _table(session, "SELECT old_decision, new_decision, reviewer FROM decision_audit ORDER BY id")[-1]  # fmt: skip
    assert last == ("watch", "drop", "influence-tui (schema upgrade)")
    details = {
        action: json.loads(text)
        for action, text in _table(session, "SELECT action, details FROM audit_log")
        if action == "merge post" or "Élodie" in text
    }
    assert (details["merge post"]["kept"], details["merge post"]["dropped"]["cost"]) == (1, None)
    # the later row's numbers, the earlier row's cost
    assert _table(session, "SELECT likes, cost FROM posts WHERE id = 1") == [(310, 120.0)]
    replaced = details["merge influencer"]["decisions_replaced"]
    assert [(r["decision"], r["reviewer"]) for r in replaced] == [("watch", "bob")]


def test_the_detail_lists_the_brands_the_roster_counts(tmp_path):
    from influence_tui.analysis.roster import influencer_brands

    source = _write(
        tmp_path / "p.csv",
        "platform,handle,post_id,posted_at,brand,sponsored,title\n"
        "instagram,ada,1,2026-10-01,ÉCLAT,yes,a\ninstagram,ada,2,2026-10-02,éclat,yes,b\n"
        "instagram,ada,3,2026-10-03,Straße,yes,c\ninstagram,ada,4,2026-10-04,STRASSE,yes,d\n"
        "instagram,ada,5,2025-06-01,Old Brand,yes,e\n",
    )
    session = Session.open(tmp_path / "x.db", today=TODAY)
    _import(session, "posts", source)
    ((influencer_id, brands),) = _table(session, "SELECT influencer_id, brands FROM roster")
    listed = influencer_brands(session.db, influencer_id, session.as_of)
    assert brands == len(listed) == 2 and sorted(n for _, n in listed) == [2, 2]


def test_a_campaign_is_found_by_name_in_any_case_or_form(demo_db):
    from influence_tui.analysis.session import view_settings

    session = Session.open(demo_db, today=TODAY)
    assert view_settings(session, campaign="GLOW SUMMER").campaign_name == "Glow Summer"
    entry = SpendEntry(
        platform="snapchat", date=dt.date(2026, 10, 5), amount=5, campaign="glow summer"
    )
    assert "recorded" in record_spend(session, entry)
