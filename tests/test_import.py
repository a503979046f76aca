import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influence_tui.ingest.importer import ImportAborted, ImportOptions, InputError, run_import
from influence_tui.store.session import Session
from tests.conftest import REAL_DATA, needs_real_data


def _db(path):
    return Session.open(path)


def _count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@needs_real_data
def test_real_instagram_file(empty_db):
    db = _db(empty_db)
    result = run_import(
        db,
        REAL_DATA / "top_insta_influencers_data.csv",
        ImportOptions("influencers", platform="instagram"),
    )
    assert (result.read, result.imported, result.rejected) == (200, 200, 0)
    rows = dict(
        (h, (f, r))
        for h, f, r in db.execute(
            "SELECT handle, followers, reported_engagement_rate FROM influencers"
        )
    )
    assert rows["cristiano"] == (475_800_000, pytest.approx(0.0139))
    assert rows["rkive"][1] is None  # NaN% is unknown, not zero
    assert (
        db.execute("SELECT count(*) FROM influencers WHERE country = 'Côte d''Ivoire'").fetchone()[
            0
        ]
        == 1
    )


@needs_real_data
def test_real_youtube_statistics_file(empty_db):
    db = _db(empty_db)
    result = run_import(
        db,
        REAL_DATA / "Global YouTube Statistics.csv",
        ImportOptions("influencers", platform="youtube"),
    )
    assert (result.read, result.rejected) == (995, 0)
    assert _count(db, "influencers") == 995
    followers = db.execute(
        "SELECT followers FROM influencers WHERE handle = 'T-Series'"
    ).fetchone()[0]
    assert followers == 245_000_000


@needs_real_data
def test_real_trending_videos_keep_the_latest_snapshot(empty_db):
    db = _db(empty_db)
    result = run_import(
        db,
        REAL_DATA / "USvideos.csv",
        ImportOptions("posts", platform="youtube", date_format="%d.%m", year=2017),
    )
    assert (result.read, result.rejected, result.new) == (8000, 0, 2365)
    assert _count(db, "posts") == 2365
    assert _count(db, "influencers") == 1230
    # 'XpVt6Z1Gjjo' trends on several days: the last day's counts win
    latest = db.execute(
        "SELECT posted_at, views FROM posts WHERE external_id = 'XpVt6Z1Gjjo'"
    ).fetchone()
    assert latest[0] > "2017-09-13" and latest[1] > 4_394_029


def _write(path, text, encoding="utf-8"):
    path.write_text(text, encoding=encoding)
    return path


def test_aliases_messy_values_and_rejects_with_line_numbers(tmp_path, empty_db):
    source = _write(
        tmp_path / "roster.csv",
        '\ufeffUser Name,"Follower\nCount",Country\r\n'
        "alice,3.3k,US\r\nbob,-5,GB\r\ncarol,nan,\r\ndave,12x,FR\r\n",
    )
    db = _db(empty_db)
    result = run_import(db, source, ImportOptions("influencers", platform="instagram"))
    assert (result.read, result.imported, result.rejected) == (4, 2, 2)
    assert [(r.location, r.reason) for r in result.rejects] == [
        ("line 4", "followers: '-5' is negative"),
        ("line 6", "followers: '12x' is not a number"),
    ]
    assert (
        db.execute("SELECT followers FROM influencers WHERE handle='alice'").fetchone()[0] == 3300
    )
    assert (
        db.execute("SELECT followers FROM influencers WHERE handle='carol'").fetchone()[0] is None
    )


def test_map_overrides_and_dry_run_writes_nothing(tmp_path, empty_db):
    source = _write(tmp_path / "x.csv", "who,Display,fans\nzed,Zed Z,100\n")
    db = _db(empty_db)
    result = run_import(
        db,
        source,
        ImportOptions(
            "influencers", platform="tiktok", overrides=("handle=WHO", "name=display"), dry_run=True
        ),
    )
    assert result.imported == 1 and result.dry_run
    assert any("'who'" in line and "handle" in line for line in result.mapping)
    assert _count(db, "influencers") == 0
    run_import(
        db, source, ImportOptions("influencers", platform="tiktok", overrides=("handle=who",))
    )
    assert db.execute("SELECT platform, handle, followers FROM influencers").fetchall() == [
        ("tiktok", "zed", 100)
    ]


def test_reimport_updates_instead_of_duplicating(tmp_path, empty_db):
    db = _db(empty_db)
    first = _write(tmp_path / "a.csv", "handle,followers\nAlice,100\n")
    second = _write(tmp_path / "b.csv", "handle,followers,country\nalice,200,US\n")
    run_import(db, first, ImportOptions("influencers", platform="instagram"))
    result = run_import(db, second, ImportOptions("influencers", platform="instagram"))
    assert (result.new, result.updated) == (0, 1)
    assert db.execute("SELECT handle, followers, country FROM influencers").fetchall() == [
        ("alice", 200, "US")
    ]


def test_posts_for_unknown_handles_create_influencers_with_unknown_followers(tmp_path, empty_db):
    db = _db(empty_db)
    source = _write(
        tmp_path / "p.csv",
        "handle,posted_at,title,views,likes,comments,campaign,brand,cost\n"
        "newbie,2026-01-05,Hello #ad GlowCo,100,10,2,Glow,GlowCo,50\n",
    )
    run_import(db, source, ImportOptions("posts", platform="instagram"))
    assert db.execute("SELECT handle, followers FROM influencers").fetchall() == [("newbie", None)]
    post = db.execute(
        "SELECT sponsored, disclosed, brand_named, engagement_rate, cpe FROM posts"
    ).fetchone()
    assert post == (1, 1, 1, None, pytest.approx(50 / 12))


def test_json_and_json_lines(tmp_path, empty_db):
    db = _db(empty_db)
    array = _write(
        tmp_path / "a.json",
        json.dumps([{"handle": "a", "followers": 10}, {"handle": "b", "followers": "2k"}, 5]),
    )
    result = run_import(db, array, ImportOptions("influencers", platform="youtube"))
    assert (result.imported, [(r.location, r.reason) for r in result.rejects]) == (
        2,
        [("item 3", "not a JSON object")],
    )
    lines = _write(tmp_path / "b.jsonl", '{"handle": "c"}\n{"handle": \n\n{"handle": "d"}\n')
    result = run_import(db, lines, ImportOptions("influencers", platform="youtube"))
    assert result.imported == 2
    assert result.rejects[0].location == "line 2" and "not valid JSON" in result.rejects[0].reason


def test_not_utf8_is_read_as_cp1252_with_a_warning(tmp_path, empty_db):
    source = tmp_path / "w.csv"
    source.write_bytes("handle,country\nrené,Côte d'Ivoire\n".encode("cp1252"))
    db = _db(empty_db)
    result = run_import(db, source, ImportOptions("influencers", platform="instagram"))
    assert result.warnings and "Windows-1252" in result.warnings[0]
    assert db.execute("SELECT handle, country FROM influencers").fetchall() == [
        ("rené", "Côte d'Ivoire")
    ]


def test_semicolon_files_are_detected(tmp_path, empty_db):
    source = _write(tmp_path / "s.csv", "handle;followers\nx;1200\n")
    db = _db(empty_db)
    run_import(db, source, ImportOptions("influencers", platform="instagram"))
    assert db.execute("SELECT followers FROM influencers").fetchone()[0] == 1200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"SQLite format 3\x00rest", "SQLite database"),
        # (issue #12: a header-only file now imports 0 rows, and a display name is the handle
        # when there is no handle column: see test_messy_exports.py)
        (b"age,score\nx,1\n", "no column for handle"),
    ],
)
def test_unreadable_files_change_nothing(tmp_path, empty_db, content, message):
    source = tmp_path / "bad.csv"
    source.write_bytes(content)
    db = _db(empty_db)
    with pytest.raises(InputError, match=message):
        run_import(db, source, ImportOptions("influencers", platform="instagram"))
    assert _count(db, "influencers") == 0


def test_strict_aborts_and_leaves_the_database_as_it_was(tmp_path, empty_db):
    db = _db(empty_db)
    run_import(
        db,
        _write(tmp_path / "a.csv", "handle,followers\nkeep,1\n"),
        ImportOptions("influencers", platform="x"),
    )
    bad = _write(tmp_path / "b.csv", "handle,followers\nnew,5\nkeep,oops\n")
    with pytest.raises(ImportAborted, match="1 of 2 rows rejected"):
        run_import(db, bad, ImportOptions("influencers", platform="x", strict=True))
    assert db.execute("SELECT handle, followers FROM influencers").fetchall() == [("keep", 1)]


def test_spend_in_another_currency_is_rejected_with_a_reason(tmp_path, empty_db):
    db = _db(empty_db)
    source = _write(
        tmp_path / "s.csv",
        'platform,date,amount,currency\ninstagram,2026-01-05,"$1,200.50",\nyoutube,2026-01-05,1.200,50 €,\n'.replace(
            "1.200,50 €", '"1.200,50 €"'
        ),
    )
    result = run_import(db, source, ImportOptions("spend"))
    assert result.imported == 1
    assert result.rejects[0].reason == "currency: EUR, but this database keeps money in USD"
    assert db.execute("SELECT platform, amount FROM spend").fetchall() == [("instagram", 1200.5)]


def test_rows_longer_or_shorter_than_the_header_are_rejected(tmp_path, empty_db):
    db = _db(empty_db)
    source = _write(tmp_path / "r.csv", "handle,followers\na,1\nb,2,extra\nc\n")
    result = run_import(db, source, ImportOptions("influencers", platform="x"))
    assert [r.reason for r in result.rejects] == [
        "has 3 fields but the header has 2",
        "has 1 fields but the header has 2",
    ]


cells = st.one_of(
    st.integers(-10, 10**7).map(str),
    st.sampled_from(["", "nan", "N/A", "3.3k", "1,234", "-", "1.5", "abc", "2.28E+11", "12%"]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(st.text("abcxyz", min_size=0, max_size=4), cells), max_size=30))
def test_every_row_is_imported_or_rejected(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("prop")
    source = folder / "p.csv"
    with source.open("w", newline="") as handle:
        import csv

        writer = csv.writer(handle)
        writer.writerow(["handle", "followers"])
        writer.writerows(rows)
    db = _db(folder / "p.db")
    readable = [r for r in rows if any(c.strip() for c in r)]
    try:
        result = run_import(db, source, ImportOptions("influencers", platform="instagram"))
    except InputError as exc:
        assert not readable and "no rows" in str(exc)
        return
    assert result.read == len(readable)
    assert result.imported + result.rejected == result.read
    assert all(r.reason and r.location.startswith("line ") for r in result.rejects)
    stored = _count(db, "influencers")
    distinct_ok = {
        h.strip().lower() for (h, _), ok in zip(readable, [True] * len(readable), strict=True)
    }
    assert stored <= len(distinct_ok)
