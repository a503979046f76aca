"""Hostile input, broken files and a misbehaving database: each loses nothing and says why."""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from influence_tui.analysis.report import build_report
from influence_tui.analysis.session import open_view
from influence_tui.cli import main
from influence_tui.ingest.importer import ImportOptions, InputError, run_import
from influence_tui.report.render import render_markdown, render_text
from influence_tui.store.connection import StoreError, open_database
from influence_tui.store.session import Session
from influence_tui.tui.panes import PostsPane, RosterPane
from tests.tui_helpers import AS_OF, make_app, press, settle
from tests.unprivileged import as_nobody, needs_root, shared_copy

ESC = "\x1b"
BIDI_AND_INVISIBLE = ("\u202e", "\u200b", "\u2066", "\ufeff")
HOSTILE_HANDLES = [
    "[bold]loud[/] [link=http://evil.example]click[/link]",
    f"{ESC}[31mred{ESC}[0m {ESC}]8;;http://evil.example{ESC}\\osc link{ESC}]8;;{ESC}\\",
    f"{ESC}]0;owned title\x07bell\x07\x08\x7f",
    "abc\u202egnp.exe\u200bzero\u2066width",
    "'; DROP TABLE influencers; --",
    "emoji 👩‍👩‍👧 cafe\u0301 ✓",
    "x" * 10_000,
]


def _fingerprint(path: Path) -> str:
    """The database's content (not its file bytes, which a read can touch)."""
    db = sqlite3.connect(path)
    digest = hashlib.sha256()
    for (name,) in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'posts_search%' ORDER BY name"
    ):
        for row in db.execute(f'SELECT * FROM "{name}" ORDER BY 1'):
            digest.update(repr(row).encode())
    db.close()
    return digest.hexdigest()


def _import(path: Path, kind: str, source: Path, **options):
    session = Session.open(path)
    try:
        return run_import(session, source, ImportOptions(kind, **options))
    finally:
        session.close()


# --- files that are not what they claim ---------------------------------------------------------
def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 40, "binary data"),
        (b"\x1c" * 5000, "binary data"),
        (gzip.compress(b"handle,followers\na,1\n"), "gzip"),
        (_xlsx(), "save it as CSV"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"   \n\n  \n", "is empty"),
        (b'[{"handle": "a", "followers": 1}', "not valid JSON"),
    ],
)
def test_unreadable_files_say_why_and_change_nothing(demo_db, tmp_path, content, message):
    before = _fingerprint(demo_db)
    source = tmp_path / "input.csv"
    source.write_bytes(content)
    with pytest.raises(InputError, match=message):
        _import(demo_db, "influencers", source, platform="instagram")
    assert _fingerprint(demo_db) == before


def test_json_that_is_not_a_list_of_objects(demo_db, tmp_path):
    before = _fingerprint(demo_db)
    source = tmp_path / "x.json"
    source.write_text(json.dumps({"handle": "a"}))
    with pytest.raises(InputError, match="list of objects"):
        _import(demo_db, "influencers", source, platform="instagram")
    source.write_text(json.dumps([1, "two", {"handle": "ok", "followers": 5}]))
    result = _import(demo_db, "influencers", source, platform="instagram")
    assert [(r.location, r.reason) for r in result.rejects] == [
        ("item 1", "not a JSON object"),
        ("item 2", "not a JSON object"),
    ]
    assert result.imported == 1 and _fingerprint(demo_db) != before


def test_json_lines_with_one_broken_line(empty_db, tmp_path):
    source = tmp_path / "x.jsonl"
    source.write_text('{"handle": "a", "followers": 1}\n{"handle": b\n{"handle": "c"}\n')
    result = _import(empty_db, "influencers", source, platform="instagram")
    assert (result.read, result.imported, result.rejected) == (3, 2, 1)
    assert result.rejects[0].location == "line 2" and "not valid JSON" in result.rejects[0].reason


def test_a_50_mb_line_is_refused_quickly_and_changes_nothing(demo_db, tmp_path):
    before = _fingerprint(demo_db)
    source = tmp_path / "one-line.csv"
    source.write_text("handle,followers" + ",x" * 25_000_000)
    with pytest.raises(InputError, match="not a CSV header"):
        _import(demo_db, "influencers", source, platform="instagram")
    source.write_text("handle,followers\n" + "y" * 50_000_000 + ",5\nok,7\n")
    result = _import(demo_db, "influencers", source, platform="instagram")
    assert result.imported == 1 and "field larger than field limit" in result.rejects[0].reason
    assert _fingerprint(demo_db) != before


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-8", b"")],
)
def test_utf16_with_a_bom_and_utf8(empty_db, tmp_path, encoding, bom):
    source = tmp_path / "u.csv"
    source.write_bytes(
        bom + "handle,name,followers\r\nzoe,Zoë Ñandú 👩‍🎤,1200\r\n".encode(encoding)
    )
    result = _import(empty_db, "influencers", source, platform="instagram")
    assert result.imported == 1 and not result.warnings
    db = open_database(empty_db)
    assert db.execute("SELECT name FROM influencers").fetchone()[0] == "Zoë Ñandú 👩‍🎤"


def test_windows_1252_is_read_with_a_warning(empty_db, tmp_path):
    source = tmp_path / "w.csv"
    source.write_bytes("handle,name,followers\ncafe,Café Crème,100\n".encode("cp1252"))
    result = _import(empty_db, "influencers", source, platform="instagram")
    assert result.imported == 1 and "Windows-1252" in result.warnings[0]
    assert open_database(empty_db).execute("SELECT name FROM influencers").fetchone()[0] == (
        "Café Crème"
    )


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_other_delimiters_are_detected(empty_db, tmp_path, delimiter):
    source = tmp_path / "d.csv"
    source.write_text(delimiter.join(["handle", "followers"]) + f"\na{delimiter}1\nb{delimiter}2\n")
    assert _import(empty_db, "influencers", source, platform="instagram").imported == 2


def test_duplicate_header_names_keep_the_first_with_a_warning(empty_db, tmp_path):
    source = tmp_path / "d.csv"
    source.write_text("handle,Followers,followers\na,10,99\n")
    result = _import(empty_db, "influencers", source, platform="instagram")
    assert "appears twice; using the first" in result.warnings[0]
    assert open_database(empty_db).execute("SELECT followers FROM influencers").fetchone()[0] == 10


def test_header_cells_with_line_breaks_and_spaces(empty_db, tmp_path):
    source = tmp_path / "h.csv"
    source.write_text('" Hand\nle ","FOLLOWERS \n"," Follower\r\nCount"\na,10,\n')
    result = _import(empty_db, "influencers", source, platform="instagram")
    assert result.imported == 1 and not result.rejects


# --- values -------------------------------------------------------------------------------------
def test_messy_values_are_stored_or_rejected_with_their_reason(empty_db, tmp_path):
    influencers = tmp_path / "i.csv"
    influencers.write_text(
        'handle,followers\nneg,-5\nfrac,10.5\nzero,0\nok,1200\ngrouped,"1,234,567"\nk,3.3k\n'
    )
    result = _import(empty_db, "influencers", influencers, platform="instagram")
    assert {r.location: r.reason for r in result.rejects} == {
        "line 2": "followers: '-5' is negative",
        "line 3": "followers: '10.5' is not a whole number",
        "line 4": "followers: followers must be at least 1 (leave it empty when unknown)",
    }
    posts = tmp_path / "p.csv"
    posts.write_text(
        "handle,posted_at,title,views,likes,comments,cost\n"
        "ok,2026-10-01,more likes than views,100,500,5,10\n"
        "ok,2099-01-01,from the future,100,5,5,10\n"
        "ok,1970-01-01,placeholder,100,5,5,10\n"
        "ok,12/03,no year,100,5,5,10\n"
        "ok,2026-10-02,negative views,-100,5,5,10\n"
        'ok,2026-10-04,money,100,5,5,"$1,200.50"\n'
        'ok,2026-10-05,euro,100,5,5,"1.200,50 €"\n'
    )
    result = _import(empty_db, "posts", posts, platform="instagram")
    reasons = {r.location: r.reason for r in result.rejects}
    assert "is in the future" in reasons["line 3"]
    assert "placeholder" in reasons["line 4"]
    assert "--date-format" in reasons["line 5"]
    assert reasons["line 6"] == "views: '-100' is negative"
    assert reasons["line 8"] == "cost: in EUR, but this database keeps money in USD"
    assert result.imported == 2 and result.read == 7
    assert "more likes than views (line 2); imported as given" in result.warnings[0]
    undated = tmp_path / "n.csv"
    undated.write_text("handle,posted_at,title\nok,12/03,no year\n")
    _import(empty_db, "posts", undated, platform="instagram", date_format="%d/%m", year=2026)
    db = open_database(empty_db)
    assert db.execute("SELECT posted_at FROM posts WHERE title = 'no year'").fetchone() == (
        "2026-03-12",
    )
    assert db.execute("SELECT cost FROM posts WHERE title = 'money'").fetchone() == (1200.5,)


def test_mixed_currencies_in_one_spend_file(empty_db, tmp_path):
    source = tmp_path / "s.csv"
    source.write_text(
        "platform,date,amount,currency\n"
        'instagram,2026-10-01,"$1,200.50",USD\n'
        'instagram,2026-10-02,"1.200,50 €",EUR\n'
        "youtube,2026-10-03,£300,\n"
        "youtube,2026-10-04,300,usd\n"
        "youtube,2026-10-05,-50,USD\n"
    )
    result = _import(empty_db, "spend", source)
    assert result.imported == 2 and result.rejected == 3
    assert all("USD" in r.reason for r in result.rejects[:2])
    assert result.rejects[2].reason == "amount: -50.0 is below 0.0"


hostile_text = st.one_of(
    st.sampled_from(HOSTILE_HANDLES[:-1]),
    st.text(min_size=0, max_size=12),
)
number_cells = st.one_of(
    st.integers(-5, 10**9).map(str),
    st.sampled_from(["", "nan", "N/A", "3.3k", "1,234", "1.5", "abc", "2.28E+11", "-", "12%"]),
)
date_cells = st.sampled_from(
    ["2026-10-01", "2026-02-30", "1970-01-01", "2099-01-01", "", "yesterday", "2026-10-01T10:00"]
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(hostile_text, date_cells, hostile_text, number_cells, number_cells),
        max_size=25,
    ),
    extra=st.lists(st.integers(0, 6), max_size=25),
)
def test_every_row_of_a_generated_posts_file_is_accounted_for(tmp_path_factory, rows, extra):
    folder = tmp_path_factory.mktemp("posts")
    source = folder / "p.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["handle", "posted_at", "title", "views", "likes"])
        for index, row in enumerate(rows):
            width = extra[index] if index < len(extra) else 5
            writer.writerow(list(row)[:width] if width < 5 else [*row, *["x"] * (width - 5)])
    path = folder / "p.db"
    Session.open(path).close()
    before = _fingerprint(path)
    try:
        result = _import(path, "posts", source, platform="instagram")
    except InputError:
        assert _fingerprint(path) == before
        return
    assert result.imported + result.rejected == result.read
    assert all(r.location.startswith("line ") and r.reason for r in result.rejects)
    db = open_database(path, read_only=True)
    stored = db.execute("SELECT count(*) FROM posts").fetchone()[0]
    assert stored <= result.imported  # repeated keys upsert onto one post
    texts = [v for r in db.execute("SELECT handle FROM influencers") for v in r]
    texts += [v for r in db.execute("SELECT title FROM posts") for v in r if v]
    assert not any(ESC in t or "\x07" in t for t in texts)


# --- text that could attack the terminal --------------------------------------------------------
@pytest.fixture
def hostile_db(demo_db, tmp_path):
    source = tmp_path / "hostile.json"
    source.write_text(
        json.dumps(
            [
                {"platform": "instagram", "handle": handle, "name": handle, "followers": 500}
                for handle in HOSTILE_HANDLES
            ]
        )
    )
    result = _import(demo_db, "influencers", source)
    assert result.imported == len(HOSTILE_HANDLES)
    assert any("control characters" in w and "they were removed" in w for w in result.warnings)
    posts = tmp_path / "posts.json"
    posts.write_text(
        json.dumps(
            [
                {
                    "platform": "instagram",
                    "handle": "emoji 👩‍👩‍👧 cafe\u0301 ✓",
                    "posted_at": "2026-10-30",
                    "title": handle,
                    "views": 10,
                    "likes": 1,
                    "comments": 0,
                }
                for handle in HOSTILE_HANDLES
            ]
        )  # fmt: skip
    )
    assert _import(demo_db, "posts", posts).imported == len(HOSTILE_HANDLES)
    return demo_db


def test_hostile_text_is_stored_as_text(hostile_db):
    db = open_database(hostile_db, read_only=True)
    handles = {r[0] for r in db.execute("SELECT handle FROM influencers")}
    assert "'; DROP TABLE influencers; --" in handles  # just text; the table is still here
    assert "[bold]loud[/] [link=http://evil.example]click[/link]" in handles
    assert "red osc link" in handles  # escape sequences removed, their text kept
    assert "abc\u202egnp.exe\u200bzero\u2066width" in handles  # stored as given
    assert "x" * 10_000 in handles and "emoji 👩‍👩‍👧 cafe\u0301 ✓" in handles
    assert not any(ESC in h or "\x07" in h or "\x7f" in h for h in handles)


def test_hostile_text_in_the_report_is_plain(hostile_db):
    db_session, settings = open_view(hostile_db, read_only=True, as_of=AS_OF)
    db = db_session.db
    report = build_report(db, settings)
    for text in (render_text(report), render_markdown(report)):
        assert ESC not in text and "\x07" not in text
        assert not any(c in text for c in BIDI_AND_INVISIBLE)
    markdown = render_markdown(report)
    assert "[link=" not in markdown or "\\[link=" in markdown
    result = CliRunner().invoke(main, ["report", "--db", str(hostile_db), "--format", "json"])
    data = json.loads(result.output)
    assert "'; DROP TABLE influencers; --" in {e["handle"] for e in data["influencers"]}


def test_hostile_text_in_the_export_has_no_escapes(hostile_db):
    for kind in ("influencers", "posts"):
        result = CliRunner().invoke(main, ["export", kind, "--db", str(hostile_db)])
        assert result.exit_code == 0 and ESC not in result.output and "\x07" not in result.output


async def test_hostile_text_in_every_pane_shows_literally(hostile_db):
    app = make_app(hostile_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "G")
        roster = app.screen.query_one(RosterPane)
        shown = [roster.table.get_cell_at((i, 0)) for i in range(roster.table.row_count)]
        for cell in shown:
            assert not cell.spans and ESC not in cell.plain and len(cell.plain) <= 40
            assert not any(c in cell.plain for c in BIDI_AND_INVISIBLE)
        assert any(c.plain.startswith("[bold]loud[/]") for c in shown)
        lines = [roster.table.render_line(y).text for y in range(roster.table.size.height)]
        assert all(len(line) <= roster.table.size.width for line in lines)
        await press(pilot, "2", "slash", *"drop")
        posts = app.screen.query_one(PostsPane)
        assert [r.title for r in posts.rows] == ["'; DROP TABLE influencers; --"]
        title_cell = posts.table.get_cell_at((0, 4))
        assert title_cell.plain == "'; DROP TABLE influencers; --" and not title_cell.spans


# --- a database that misbehaves -----------------------------------------------------------------
def test_a_truncated_database_is_explained_and_left_alone(demo_db, tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(demo_db.read_bytes()[:50_000])
    before = broken.read_bytes()
    runner = CliRunner()
    for args in (["report", "--db", str(broken)], ["export", "posts", "--db", str(broken)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 1
        assert "not an influence-tui database (not SQLite, or corrupted)" in result.output
    source = tmp_path / "i.csv"
    source.write_text("handle,followers\na,1\n")
    result = runner.invoke(
        main, ["import", "influencers", str(source), "--db", str(broken), "--platform", "x"]
    )
    assert result.exit_code == 1 and "corrupted" in result.output
    assert broken.read_bytes() == before


def test_a_corrupted_page_is_explained(demo_db):
    data = bytearray(demo_db.read_bytes())
    data[4096 : 4096 * 40] = b"\xff" * (4096 * 39)  # scribble over the pages after the schema
    demo_db.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["report", "--db", str(demo_db)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "Traceback" not in result.output


def test_a_full_disk_writes_nothing(demo_db, tmp_path):
    before = _fingerprint(demo_db)
    source = tmp_path / "p.csv"
    with source.open("w") as handle:
        handle.write("handle,posted_at,title,views\n")
        for n in range(20_000):
            handle.write(f"ada.cooks18,2026-10-{1 + n % 28:02d},filler post {n} {'x' * 80},{n}\n")
    session = Session.open(demo_db)
    pages = session.execute("PRAGMA page_count").fetchone()[0]
    session.execute(f"PRAGMA max_page_count = {pages + 50}")  # the disk fills up mid-import
    with pytest.raises(StoreError, match="disk is full; nothing was written"):
        run_import(session, source, ImportOptions("posts", platform="instagram"))
    session.close()
    assert _fingerprint(demo_db) == before


@needs_root
def test_read_only_file_and_unwritable_folder_are_explained(demo_db_master):
    with shared_copy(demo_db_master) as path:
        source = path.with_name("i.csv")
        source.write_text("handle,followers\na,1\n")
        source.chmod(0o644)

        def import_as_nobody(db_path):
            result = CliRunner().invoke(
                main,
                ["import", "influencers", str(source), "--db", str(db_path), "--platform", "x"],
            )
            return result.exit_code, result.output.strip()

        with tempfile.TemporaryDirectory() as scratch:
            import_as_nobody(Path(scratch) / "warm-up.db")  # load every module while root
        code, output = eval(as_nobody(import_as_nobody, path))  # noqa: S307 - our own repr
        assert code == 1 and "read-only" in output, output
        new = path.with_name("new.db")
        code, output = eval(as_nobody(import_as_nobody, new))  # noqa: S307
        assert code == 1 and ("cannot open" in output or "read-only" in output), output
        assert not new.exists()


def _big_posts_file(path: Path, rows: int) -> Path:
    with path.open("w") as handle:
        handle.write("handle,posted_at,title,views,likes,comments\n")
        for n in range(rows):
            handle.write(
                f"creator{n % 500},2026-{1 + n % 10:02d}-{1 + n % 28:02d},post {n},{n},1,1\n"
            )
    return path


def test_kill_9_in_the_middle_of_an_import_leaves_the_database_as_it_was(demo_db, tmp_path):
    # big enough that the import runs for many seconds on any machine (about 10 s here)
    source = _big_posts_file(tmp_path / "big.csv", 250_000)
    before = _fingerprint(demo_db)
    command = [sys.executable, "-m", "influence_tui", "import", "posts", str(source),
               "--db", str(demo_db), "--platform", "instagram"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.0)  # well into its transaction: the whole import takes several times longer
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    db = open_database(demo_db)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.conn.close()
    assert _fingerprint(demo_db) == before
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "imported 250000" in again.stdout.replace(",", "")


async def test_the_explorer_follows_a_replaced_database_and_survives_a_deleted_one(
    demo_db, empty_db, tmp_path
):
    replacement = tmp_path / "replacement.db"
    shutil.copy(demo_db, replacement)
    source = tmp_path / "i.csv"
    source.write_text("handle,followers\naaa.newcomer,77\n")
    _import(replacement, "influencers", source, platform="instagram")
    app = make_app(demo_db, poll_seconds=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        roster = app.screen.query_one(RosterPane)
        assert roster.total == 60
        os.replace(replacement, demo_db)  # another process swaps the file
        for suffix in ("-wal", "-shm"):
            Path(f"{demo_db}{suffix}").unlink(missing_ok=True)
        deadline = time.monotonic() + 10
        while roster.total != 61 and time.monotonic() < deadline:
            await pilot.pause(0.1)
            await settle(pilot)
        assert roster.total == 61  # the newcomer sorts just above the window, which stays put
        await press(pilot, "g")
        assert roster.rows[0].handle == "aaa.newcomer"
        messages = [str(n.message) for n in app._notifications]
        assert any("was replaced" in m for m in messages)
        demo_db.unlink()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(
            "is gone" in str(n.message) for n in app._notifications
        ):
            await pilot.pause(0.1)
        assert any("is gone" in str(n.message) for n in app._notifications)
        assert roster.rows  # still showing what it had
