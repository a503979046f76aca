"""Issue #12: real exports read right. Each class of problem found by importing public files the
project had never seen: numbers, units, headers, trending layouts, damaged rows, platforms, dry
runs, vendor exports."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influence_tui.cli import main
from influence_tui.ingest import values
from influence_tui.ingest.importer import ImportOptions, InputError, MappingError, run_import
from influence_tui.store.session import Session


def _import(db: Path, source: Path, kind: str, **options: object):
    session = Session.open(db)
    try:
        return run_import(session, source, ImportOptions(kind, **options))  # type: ignore[arg-type]
    finally:
        session.close()


def _rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- 1. numbers ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,23,45,678", 12_345_678), ("12,34,567", 1_234_567), ("1.234.567", 1_234_567)],
)
def test_regional_and_dotted_grouping(text, expected):
    assert values.parse_count(text) == expected


def test_european_numbers_where_the_column_says_so(tmp_path):
    source = _write(
        tmp_path / "eu.csv",
        'handle;followers;engagement rate\nana;1.234.567;"12,5%"\nbea;1.234;"3,1%"\ncid;950;1%\n',
    )
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="instagram")
    assert result.rejected == 0
    assert _rows(db, "SELECT handle, followers, reported_engagement_rate FROM influencers") == [
        ("ana", 1_234_567, pytest.approx(0.125)),
        ("bea", 1_234, pytest.approx(0.031)),  # '1.234' is 1,234 in a European column
        ("cid", 950, pytest.approx(0.01)),
    ]


def test_an_english_column_keeps_its_decimal_point(tmp_path):
    source = _write(tmp_path / "en.csv", 'handle,audience_quality\na,"1,234.5"\nb,1.234\n')
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="instagram")
    # 1,234.5 is read as 1234.5 (above the 0-100 score: rejected), so 1.234 is 1.234
    assert [r.reason for r in result.rejects] == ["audience_quality: 1234.5 is above 100.0"]
    assert _rows(db, "SELECT audience_quality FROM influencers") == [(pytest.approx(1.234),)]


def test_a_number_too_big_for_sqlite_rejects_its_row_only(tmp_path):
    source = _write(
        tmp_path / "big.csv",
        "handle,posted_at,views,likes\n"
        "a,2026-01-05,99999999999999999999999,1\nb,2026-01-05,10,1\nc,2026-01-05,1e400,1\n",
    )
    db = tmp_path / "x.db"
    result = _import(db, source, "posts", platform="youtube")
    assert (result.read, result.imported) == (3, 1)
    assert [r.reason for r in result.rejects] == [
        "views: '99999999999999999999999' is too big to store",
        "views: '1e400' is too big to store",
    ]
    assert _rows(db, "SELECT views FROM posts") == [(10,)]


# --- 2. units ------------------------------------------------------------------------------------
def test_a_rate_column_above_1_is_in_percent_with_one_warning(tmp_path):
    source = _write(
        tmp_path / "er.csv", "handle,followers,Engagement Rate\na,100,3.4\nb,100,0.8\nc,100,2%\n"
    )
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="instagram")
    assert _rows(db, "SELECT handle, reported_engagement_rate FROM influencers ORDER BY 1") == [
        ("a", pytest.approx(0.034)),
        ("b", pytest.approx(0.008)),
        ("c", pytest.approx(0.02)),
    ]
    percent = [w for w in result.warnings if "percent" in w]
    assert percent == [
        "engagement_rate: the column has values above 1, so it is in percent: "
        "2 rows read as percent (3.4 → 3.4%)"
    ]


def test_a_fraction_column_stays_a_fraction(tmp_path):
    source = _write(tmp_path / "er.csv", "handle,er\na,0.034\nb,0.5\n")
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="instagram")
    assert not result.warnings
    assert _rows(db, "SELECT reported_engagement_rate FROM influencers ORDER BY handle") == [
        (pytest.approx(0.034),),
        (pytest.approx(0.5),),
    ]


# --- 3. headers ----------------------------------------------------------------------------------
def test_blank_comma_and_title_rows_above_the_header_are_skipped(tmp_path):
    source = _write(
        tmp_path / "t.csv",
        "Top creators of 2024 (export)\n,,,\n\nhandle,followers,country\nx,10,US\ny,20,FR\n",
    )
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="instagram")
    assert (result.read, result.imported) == (2, 2)
    assert "skipped 3 rows above the header (blank, comma-only or a title)" in result.warnings
    assert _rows(db, "SELECT handle FROM influencers ORDER BY 1") == [("x",), ("y",)]


@pytest.mark.parametrize(
    ("text", "skipped", "handles"),
    [
        # a title with a comma in it, above a five-column header
        ("Top TikTok creators, Sep 2022\nS.no,Tiktoker name,Tiktok name,Subscribers,Views avg.\n"
         "1,khaby.lame,Khabane lame,149.2M,17.3M\n", 1, ["khaby.lame"]),
        # a pandas header with an empty index cell is the header
        (",handle,followers\n0,a,1\n1,b,2\n", 0, ["a", "b"]),
        # so is a header above a row with an extra cell (that row is rejected, not the header)
        ("handle,followers\nx,1,extra\ny,2\n", 0, ["y"]),
    ],
)  # fmt: skip
def test_which_row_is_the_header(tmp_path, text, skipped, handles):
    db = tmp_path / "x.db"
    result = _import(db, _write(tmp_path / "h.csv", text), "influencers", platform="tiktok")
    assert any(f"skipped {skipped} row" in w for w in result.warnings) == bool(skipped)
    assert [h for (h,) in _rows(db, "SELECT handle FROM influencers ORDER BY 1")] == handles


def test_a_preamble_in_a_semicolon_file(tmp_path):
    source = _write(tmp_path / "t.csv", "Report\nhandle;followers\nx;10\n")
    assert _import(tmp_path / "x.db", source, "influencers", platform="x").imported == 1


# Headers of public exports and datasets (see ingest/headers.py for where each comes from), and
# the fields they must map to with no --map.
REAL_HEADERS = [
    (
        "influencers",
        "S.no,Tiktoker name,Tiktok name,Subscribers,Views avg.,Likes avg.,Comments avg.,Shares avg.",
        {"handle": "Tiktoker name", "name": "Tiktok name", "followers": "Subscribers"},
    ),
    (
        "influencers",
        "S.no,Influencer insta name,instagram name,category_1,category_2,Followers,"
        "Audience country(mostly),Authentic engagement,Engagement avg",
        {
            "handle": "Influencer insta name",
            "name": "instagram name",
            "followers": "Followers",
            "country": "Audience country(mostly)",
            "category": "category_1",
        },
    ),
    ("influencers", "name,sub,views,likes,comments", {"handle": "name", "followers": "sub"}),
    (
        "influencers",
        "rank,Youtuber,subscribers,video views,category,Title,uploads,Country,Abbreviation,"
        "channel_type,video_views_rank,country_rank,subscribers_for_last_30_days,created_date",
        {
            "handle": "Youtuber",
            "name": "Title",
            "followers": "subscribers",
            "country": "Country",
            "category": "category",
        },
    ),
    (
        "influencers",
        "rank,channel_info,influence_score,posts,followers,avg_likes,60_day_eng_rate,"
        "new_post_avg_like,total_likes,country",
        {
            "handle": "channel_info",
            "followers": "followers",
            "reported_engagement_rate": "60_day_eng_rate",
            "country": "country",
        },
    ),
    (
        "influencers",
        "Account Username,Display Name,No. of Followers,Avg. ER (%),Country/Region,Niche",
        {
            "handle": "Account Username",
            "name": "Display Name",
            "followers": "No. of Followers",
            "reported_engagement_rate": "Avg. ER (%)",
            "country": "Country/Region",
            "category": "Niche",
        },
    ),
    (
        "influencers",
        "Channel Name,Subscriber Count,Fans Gained,Location",
        {"handle": "Channel Name", "followers": "Subscriber Count", "country": "Location"},
    ),
    (
        "posts",
        "Video title,Video link,Post time,Total likes,Total comments,Total shares,Total views,"
        "Total play time,Average watch time,Watched full video,Add to favorites",
        {
            "title": "Video title",
            "posted_at": "Post time",
            "likes": "Total likes",
            "comments": "Total comments",
            "shares": "Total shares",
            "views": "Total views",
            "saves": "Add to favorites",
        },
    ),
    (
        "posts",
        "Creator,Date Posted,Caption,Plays,Hearts,Comment Count,Shares,Bookmarks,Fee (USD)",
        {
            "handle": "Creator",
            "posted_at": "Date Posted",
            "title": "Caption",
            "views": "Plays",
            "likes": "Hearts",
            "comments": "Comment Count",
            "shares": "Shares",
            "saves": "Bookmarks",
            "cost": "Fee (USD)",
        },
    ),
    (
        "posts",
        "ownerUsername,timestamp,caption,videoViewCount,likesCount,commentsCount",
        {
            "handle": "ownerUsername",
            "posted_at": "timestamp",
            "title": "caption",
            "views": "videoViewCount",
            "likes": "likesCount",
            "comments": "commentsCount",
        },
    ),
]


@pytest.mark.parametrize(("kind", "header", "expected"), REAL_HEADERS)
def test_header_words_and_abbreviations_of_real_exports(kind, header, expected):
    from influence_tui.ingest.headers import find_preset, map_header

    columns = header.split(",")
    mapping = map_header(columns, kind, None, find_preset(columns, kind))
    found = {name: columns[index] for name, index in mapping.columns.items()}
    assert {k: found.get(k) for k in expected} == expected
    # what is not the field stays unmapped: averages, gains, ranks, creation dates
    assert not {"Views avg.", "Fans Gained", "subscribers_for_last_30_days", "created_date"} & set(
        found.values()
    )


def test_the_display_name_is_the_handle_when_there_is_no_handle(tmp_path):
    source = _write(tmp_path / "n.csv", "Name,Followers\nLele Pons,26800000\n")
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="tiktok", dry_run=False)
    assert result.imported == 1
    assert any("the display name: the file has no handle column" in line for line in result.mapping)
    assert _rows(db, "SELECT handle, name, followers FROM influencers") == [
        ("Lele Pons", "Lele Pons", 26_800_000)
    ]


def test_a_leading_at_is_not_part_of_a_handle(tmp_path):
    source = _write(tmp_path / "h.csv", "handle,followers\n@alice,10\n @bob ,20\n@,30\n")
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="instagram")
    assert _rows(db, "SELECT handle FROM influencers ORDER BY 1") == [("alice",), ("bob",)]
    assert [(r.location, r.reason) for r in result.rejects] == [("line 4", "handle: missing")]


def test_disabled_or_hidden_metrics_are_unknown_not_zero(tmp_path):
    source = _write(
        tmp_path / "d.csv",
        "handle,posted_at,title,views,likes,comments,Comments Disabled,Likes Hidden\n"
        "a,2026-01-05,open,100,10,3,False,False\n"
        "a,2026-01-06,no comments,100,10,0,True,False\n"
        "a,2026-01-07,no likes,100,0,4,False,True\n",
    )
    db = tmp_path / "x.db"
    _import(db, source, "posts", platform="youtube")
    assert _rows(db, "SELECT title, likes, comments FROM posts ORDER BY posted_at") == [
        ("open", 10, 3),
        ("no comments", 10, None),
        ("no likes", None, 4),
    ]


# --- 4. Kaggle trending files, both layouts ------------------------------------------------------
OLD_TRENDING = (
    "video_id,title,channel_title,category_id,tags,views,likes,dislikes,comment_total,"
    "thumbnail_link,date\n"
    "v1,Clip,Chan,24,a|b,900,90,1,9,https://i/v1.jpg,15.09\n"  # the latest day, listed first
    "v1,Clip,Chan,24,a|b,100,10,1,1,https://i/v1.jpg,13.09\n"
    "v2,Other,Chan,24,a,50,5,0,0,https://i/v2.jpg,14.09\n"
)
NEW_TRENDING = (
    "video_id,trending_date,title,channel_title,category_id,publish_time,tags,views,likes,"
    "dislikes,comment_count,thumbnail_link,comments_disabled,ratings_disabled,"
    "video_error_or_removed,description\n"
    "n1,17.16.11,Clip,Chan,24,2017-11-13T17:13:01.000Z,a,900,90,1,9,t,False,False,False,d\n"
    "n1,17.14.11,Clip,Chan,24,2017-11-13T17:13:01.000Z,a,100,10,1,1,t,False,False,False,d\n"
    "n2,17.14.11,Quiet,Chan,24,2017-11-12T07:30:00.000Z,a,50,0,0,0,t,True,True,False,d\n"
)


def test_the_2017_trending_layout_keeps_the_latest_day(tmp_path):
    source = _write(tmp_path / "USvideos.csv", OLD_TRENDING)
    db = tmp_path / "x.db"
    result = _import(db, source, "posts", year=2017)  # the README command: no --platform needed
    assert (result.read, result.rejected, result.new) == (3, 0, 2)
    assert _rows(db, "SELECT platform, external_id, posted_at, views FROM posts ORDER BY 2") == [
        ("youtube", "v1", "2017-09-15", 900),
        ("youtube", "v2", "2017-09-14", 50),
    ]


def test_the_2017_trending_layout_without_a_year_is_one_clear_error(tmp_path):
    source = _write(tmp_path / "USvideos.csv", OLD_TRENDING)
    with pytest.raises(InputError, match="its dates have no year; pass --year YEAR"):
        _import(tmp_path / "x.db", source, "posts")


def test_the_newer_trending_layout_keeps_the_latest_snapshot(tmp_path):
    source = _write(tmp_path / "GBvideos.csv", NEW_TRENDING)
    db = tmp_path / "x.db"
    result = _import(db, source, "posts")
    assert (result.read, result.rejected, result.new) == (3, 0, 2)
    assert _rows(
        db,
        "SELECT external_id, posted_at, snapshot_date, views, likes, comments FROM posts ORDER BY 1",
    ) == [
        ("n1", "2017-11-13", "2017-11-16", 900, 90, 9),
        ("n2", "2017-11-12", "2017-11-14", 50, None, None),  # ratings and comments disabled
    ]


# --- 5. rows, not files --------------------------------------------------------------------------
def test_a_nul_byte_rejects_its_row_only(tmp_path):
    source = tmp_path / "nul.csv"
    source.write_bytes(b"handle,followers\nok,1\nbad\x00,2\nfine,3\n")
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers", platform="instagram")
    assert (result.read, result.imported) == (3, 2)
    assert [(r.location, r.reason) for r in result.rejects] == [
        ("line 3", "has a NUL byte (a damaged row)")
    ]


def test_a_header_only_file_imports_nothing_and_succeeds(tmp_path):
    source = _write(tmp_path / "daily.csv", "handle,posted_at,views\n")
    result = run("import", "posts", source, "--db", tmp_path / "x.db", "--platform", "instagram")
    assert result.exit_code == 0
    assert "posts: read 0 · imported 0 (0 new, 0 updated) · rejected 0" in result.stdout
    assert "has a header but no rows" in result.stderr


def test_binary_files_are_still_refused_by_name(tmp_path):
    source = tmp_path / "photo.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(InputError, match="is a PNG image"):
        _import(tmp_path / "x.db", source, "influencers", platform="instagram")
    source.write_bytes(bytes(range(32)) * 100)
    with pytest.raises(InputError, match="binary data"):
        _import(tmp_path / "x.db", source, "influencers", platform="instagram")


# --- 6. platforms --------------------------------------------------------------------------------
def test_platform_aliases_and_did_you_mean(tmp_path):
    source = _write(
        tmp_path / "p.csv",
        "platform,handle,followers\nIG,a,1\nInsta,b,2\nyt,c,3\nTwitter,d,4\nsnapchta,e,5\n",
    )
    db = tmp_path / "x.db"
    result = _import(db, source, "influencers")
    assert _rows(db, "SELECT handle, platform FROM influencers ORDER BY 1") == [
        ("a", "instagram"),
        ("b", "instagram"),
        ("c", "youtube"),
        ("d", "x"),
    ]
    assert [r.reason for r in result.rejects] == [
        "platform: unknown platform 'snapchta' — did you mean snapchat? "
        "(if it is new, pass --new-platform snapchta)"
    ]
    again = _import(db, source, "influencers", new_platforms=("snapchta",))
    assert again.rejected == 0
    assert _rows(db, "SELECT platform FROM influencers WHERE handle = 'e'") == [("snapchta",)]


def test_an_unknown_platform_option_is_one_line(tmp_path):
    source = _write(tmp_path / "p.csv", "handle\na\n")
    with pytest.raises(MappingError, match="did you mean youtube"):
        _import(tmp_path / "x.db", source, "influencers", platform="youtbe")


def _platform_db(tmp_path: Path) -> Path:
    db = tmp_path / "x.db"
    posts = _write(
        tmp_path / "posts.csv",
        "platform,handle,external_id,posted_at,views,likes,comments,cost,campaign,brand\n"
        "snapchat,alice,s1,2026-01-05,100,10,1,50,Glow,GlowCo\n"
        "snapchta,alice,s1,2026-01-12,300,30,3,50,Glow,GlowCo\n"
        "snapchta,bob,s2,2026-01-12,80,8,0,20,Glow,GlowCo\n",
    )
    spend = _write(tmp_path / "spend.csv", "platform,date,amount\nsnapchta,2026-01-05,100\n")
    _import(db, posts, "posts", new_platforms=("snapchta",))
    _import(db, spend, "spend", new_platforms=("snapchta",))
    return db


def test_platforms_merge_moves_everything_audited_and_rollups_follow(tmp_path):
    db = _platform_db(tmp_path)
    result = run("platforms", "merge", "snapchta", "snapchat", "--db", db)
    assert result.exit_code == 0, result.output
    assert "merged snapchta into snapchat" in result.stdout
    assert _rows(db, "SELECT DISTINCT platform FROM influencers") == [("snapchat",)]
    # alice on both is one influencer; post s1 on both is one post with the latest numbers
    assert _rows(db, "SELECT handle FROM influencers ORDER BY 1") == [("alice",), ("bob",)]
    assert _rows(db, "SELECT external_id, views FROM posts ORDER BY 1") == [("s1", 300), ("s2", 80)]
    assert _rows(db, "SELECT platform, amount FROM spend") == [("snapchat", 100.0)]
    assert _rows(db, "SELECT DISTINCT platform FROM roster") == [("snapchat",)]
    assert _rows(db, "SELECT count(*) FROM weekly WHERE platform = 'snapchta'") == [(0,)]
    actions = [a for (a,) in _rows(db, "SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["merge influencer", "merge post", "merge platform"]
    listing = run("platforms", "list", "--db", db).stdout
    assert "snapchta" in listing.splitlines()[-1] or "snapchta" in listing
    # the old name is an alias now: a file that still says it lands on snapchat
    again = _write(tmp_path / "late.csv", "platform,handle,followers\nsnapchta,carol,5\n")
    assert _import(db, again, "influencers").rejected == 0
    assert _rows(db, "SELECT platform FROM influencers WHERE handle = 'carol'") == [("snapchat",)]


def test_platforms_rename_and_its_refusals(tmp_path):
    db = _platform_db(tmp_path)
    assert run("platforms", "rename", "snapchta", "snapchat", "--db", db).exit_code == 1
    renamed = run("platforms", "rename", "snapchta", "spotlight", "--db", db)
    assert renamed.exit_code == 0 and "snapchta' is now an alias of spotlight" in renamed.stdout
    assert _rows(db, "SELECT count(*) FROM posts WHERE platform = 'spotlight'") == [(2,)]
    assert _rows(db, "SELECT action FROM audit_log") == [("rename platform",)]
    missing = run("platforms", "rename", "snapchtaa", "z", "--db", db)
    assert missing.exit_code == 1 and "no platform 'snapchtaa'" in missing.stderr


def test_a_merge_that_would_lose_spend_changes_nothing(tmp_path):
    db = _platform_db(tmp_path)
    spend = _write(tmp_path / "s2.csv", "platform,date,amount\nsnapchat,2026-01-05,100\n")
    _import(db, spend, "spend")
    before = _rows(db, "SELECT platform, handle FROM influencers ORDER BY 1, 2")
    result = run("platforms", "merge", "snapchta", "snapchat", "--db", db)
    assert result.exit_code == 1 and "1 spend entries exist on both" in result.stderr
    assert _rows(db, "SELECT platform, handle FROM influencers ORDER BY 1, 2") == before


# --- 7. dry runs and rejects ---------------------------------------------------------------------
def test_a_dry_run_on_a_new_path_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = ["handle,followers"] + [f"h{i},oops{i}" for i in range(30)] + ["ok,5"]
    source = _write(tmp_path / "many.csv", "\n".join(lines) + "\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(
        "import", "influencers", source, "--db", tmp_path / "data" / "new.db", "--platform",
        "instagram", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 3
    assert "would import 1" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no database, folder, rejects


def test_rejects_are_always_rewritten_and_the_commonest_reasons_summed_up(tmp_path):
    rejects = tmp_path / "rejects.csv"
    bad = _write(
        tmp_path / "bad.csv",
        "handle,followers\n" + "".join(f"h{i},22,x{i}\n" for i in range(5)) + "z,-1\nok,3\n",
    )
    args = ["--db", tmp_path / "x.db", "--platform", "instagram", "--rejects", rejects]
    result = run("import", "influencers", bad, *args)
    assert result.exit_code == 3
    assert "6 rejected: has 3 fields but the header has 2 (5); followers: '-1' is negative (1)" in (
        result.stdout
    )
    assert len(rejects.read_text().splitlines()) == 7
    clean = _write(tmp_path / "clean.csv", "handle,followers\nok,3\n")
    assert run("import", "influencers", clean, *args).exit_code == 0
    assert rejects.read_text().splitlines() == ["location,reason"]  # never left stale


def test_the_summary_groups_reasons_that_differ_only_in_their_cell(tmp_path):
    lines = ["handle,followers"] + [f"h{i},22,{i}x" for i in range(3)]
    source = _write(tmp_path / "g.csv", "\n".join(lines).replace(",22,", ',"22,') + "\n")
    source.write_text(source.read_text().replace("x\n", 'x"\n'))
    result = run("import", "influencers", source, "--db", tmp_path / "x.db", "--platform", "ig")
    assert "3 rejected: followers: '22,0x' is not a number (3)" in result.stdout


# --- 8. vendor exports ---------------------------------------------------------------------------
def test_youtube_studio_table_data(tmp_path):
    # the columns of YouTube Studio's Content export, as committed in public repositories
    source = _write(
        tmp_path / "Table data.csv",
        "Content,Video title,Video publish time,Duration,Views,Watch time (hours),Subscribers,"
        "Impressions,Impressions click-through rate (%)\n"
        "Total,,,,2100,10.5,3,5000,2.1\n"
        'UWQNrpakgcA,"Consistency, the key #shorts","Aug 28, 2025",9,2000,9.8,2,4000,3.51\n'
        'mx7T928-TGs,Power of brain,"Sep 18, 2025",54,100,0.7,1,1000,1.16\n',
    )
    with pytest.raises(InputError, match="pass --handle CHANNEL"):
        _import(tmp_path / "x.db", source, "posts")
    db = tmp_path / "x.db"
    result = _import(db, source, "posts", handle="truelinemotivation")
    assert (result.read, result.rejected) == (2, 0)
    assert any("'Total' row" in w for w in result.warnings)
    assert _rows(
        db, "SELECT platform, external_id, posted_at, title, views FROM posts ORDER BY 3"
    ) == [
        ("youtube", "UWQNrpakgcA", "2025-08-28", "Consistency, the key #shorts", 2000),
        ("youtube", "mx7T928-TGs", "2025-09-18", "Power of brain", 100),
    ]
    assert _rows(db, "SELECT handle FROM influencers") == [("truelinemotivation",)]


@pytest.mark.parametrize(
    "header",
    [
        "Post ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,"
        "Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves",
        '"identificador de la publicación","Identificador de la cuenta","Nombre de usuario de la '
        'cuenta","Nombre de la cuenta",Descripción,"Duración (segundos)","Hora de publicación",'
        '"Enlace permanente","Tipo de publicación","Comentario sobre los datos",Fecha,'
        'Visualizaciones,Alcance,"Me gusta","Veces que se ha compartido",Seguidores,Comentarios,'
        '"Veces guardado"',
    ],
)
def test_meta_business_suite_instagram_posts(tmp_path, header):
    source = _write(
        tmp_path / "posts.csv",
        header + "\n"
        "1801,1784,clubartizen,Club Artizen,Caption one,0,03/27/2026 06:08,"
        'https://www.instagram.com/p/a/,IG image,,Lifetime,"12,400",9100,610,88,41,57,230\n',
    )
    db = tmp_path / "x.db"
    result = _import(db, source, "posts")
    assert result.rejected == 0, result.rejects
    assert _rows(
        db,
        "SELECT p.platform, i.handle, external_id, posted_at, title, views, likes, comments, "
        "shares, saves FROM posts p JOIN influencers i ON i.id = p.influencer_id",
    ) == [
        ("instagram", "clubartizen", "1801", "2026-03-27", "Caption one", 12400, 610, 57, 88, 230)
    ]


def test_a_preset_by_name_must_fit_the_file(tmp_path):
    source = _write(tmp_path / "p.csv", "handle,posted_at\na,2026-01-01\n")
    with pytest.raises(MappingError, match="no column 'Content'"):
        _import(tmp_path / "x.db", source, "posts", platform="x", preset="youtube-studio")


# --- the property: every row read is imported or rejected, nothing else is written ---------------
number_cells = st.one_of(
    st.integers(-5, 10**9).map(str),
    st.sampled_from(
        ["1,23,45,678", "1.234.567", "12,5", "1.234", "9" * 25, "1e400", "3.3k", "", "abc", "-"]
    ),
)
handles = st.one_of(st.text("abc@ ", min_size=0, max_size=4), st.sampled_from(["x\x00y", "@"]))
preambles = st.lists(st.sampled_from(["", ",,", "Top creators 2024", " , "]), max_size=3)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(handles, number_cells), max_size=25), preamble=preambles)
def test_every_row_is_imported_or_rejected_whatever_the_forms(tmp_path_factory, rows, preamble):
    folder = tmp_path_factory.mktemp("messy")
    source = folder / "p.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in preamble))
        writer = csv.writer(handle)
        writer.writerow(["handle", "followers"])
        writer.writerows(rows)
    db = folder / "p.db"
    result = _import(db, source, "influencers", platform="instagram")
    readable = [r for r in rows if any(c.strip() for c in r)]
    assert result.read == len(readable)
    assert result.imported + result.rejected == result.read
    assert all(r.reason and r.location.startswith("line ") for r in result.rejects)
    assert _rows(db, "SELECT count(*) FROM influencers")[0][0] <= result.imported
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("p.db")) == ["p.csv"]


def test_json_rows_with_a_nul_are_rejected_alone(tmp_path):
    source = tmp_path / "n.json"
    source.write_text(json.dumps([{"handle": "a\u0000b"}, {"handle": "ok"}]))
    result = _import(tmp_path / "x.db", source, "influencers", platform="x")
    assert [(r.location, r.reason) for r in result.rejects] == [
        ("item 1", "has a NUL byte (a damaged row)")
    ]
