import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from influence_tui.cli import main
from influence_tui.ingest.demo import sample_data_dir


def run(*args, **kwargs):
    return CliRunner().invoke(main, list(map(str, args)), catch_exceptions=False, **kwargs)


def test_import_summary_and_exit_status_3_for_rejects(tmp_path):
    source = tmp_path / "r.csv"
    source.write_text("handle,followers\na,1\nb,oops\n")
    result = run(
        "import", "influencers", source, "--db", tmp_path / "x.db", "--platform", "instagram"
    )
    assert result.exit_code == 3
    assert "influencers: read 2 · imported 1 (1 new, 0 updated) · rejected 1" in result.stdout
    assert "rejected line 3: followers: 'oops' is not a number" in result.stderr


def test_rejects_file(tmp_path):
    source = tmp_path / "r.csv"
    source.write_text("handle,followers\nb,oops\n")
    rejects = tmp_path / "rejects.csv"
    result = run(
        "import",
        "influencers",
        source,
        "--db",
        tmp_path / "x.db",
        "--platform",
        "x",
        "--rejects",
        rejects,
    )
    assert result.exit_code == 3
    assert rejects.read_text().splitlines() == [
        "location,reason,followers,handle",
        "line 2,followers: 'oops' is not a number,oops,b",
    ]


def test_dry_run_shows_the_mapping(tmp_path):
    source = tmp_path / "r.csv"
    source.write_text("Youtuber,subscribers\nx,5\n")
    result = run(
        "import",
        "influencers",
        source,
        "--db",
        tmp_path / "x.db",
        "--platform",
        "youtube",
        "--dry-run",
    )
    assert result.exit_code == 0
    assert "handle                     ← 'Youtuber'" in result.stdout
    assert "would import 1" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "posts", "missing.csv"], "missing.csv: no such file"),
        (["report", "--db", "nowhere.db"], "nowhere.db: no such database"),
        (["import", "influencers", "x.csv", "--map", "bogus=col"], "have no field 'bogus'"),
    ],
)
def test_errors_are_one_line_exit_1(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.csv").write_text("handle\nx\n")
    monkeypatch.setenv("INFLUENCE_TUI_DB", str(tmp_path / "env.db"))
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_not_sqlite_database_is_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database at all" * 50)
    result = run("report", "--db", bad)
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"Error: {bad}: not an influence-tui database (not SQLite, or corrupted)"
    )


def test_export_import_export_round_trips(demo_db, tmp_path):
    fresh = tmp_path / "fresh.db"
    first = {}
    for kind in ("campaigns", "influencers", "posts", "spend", "signals"):
        for fmt in ("csv", "json"):
            out = tmp_path / f"{kind}.{fmt}"
            assert (
                run("export", kind, "--db", demo_db, "--format", fmt, "--output", out).exit_code
                == 0
            )
            first[(kind, fmt)] = out.read_text()
    for kind in ("campaigns", "influencers", "posts", "spend", "signals"):
        result = run("import", kind, tmp_path / f"{kind}.json", "--db", fresh, "--strict")
        assert result.exit_code == 0, result.output
    for (kind, fmt), text in first.items():
        again = run("export", kind, "--db", fresh, "--format", fmt)
        assert again.stdout == text, f"{kind} {fmt} differs after a round trip"
    posts = json.loads(first[("posts", "json")])
    assert {"handle", "platform", "external_id", "views", "posted_at"} <= posts[0].keys()


def test_report_json_contract(demo_db):
    result = run("report", "--db", demo_db, "--format", "json")
    report = json.loads(result.stdout)
    assert {"as_of", "tier_scheme", "platforms", "influencers", "rebalance"} <= report.keys()
    assert report["as_of"] == "2026-11-01" and report["tier_scheme"] == "seed"
    for platform in report["platforms"]:
        assert set(platform) == {
            "platform", "spend", "spend_share", "risk", "reasons", "risk_checks"
        }  # fmt: skip
        assert platform["risk"] in {"none", "medium", "high"}
        assert 0 <= platform["spend_share"] <= 1
        assert all(isinstance(r, str) for r in platform["reasons"])
        checks = {c["check"] for c in platform["risk_checks"]}
        assert checks <= {"shock", "level_drop", "slide", "too_short"}
        assert (platform["risk"] == "none") == (checks <= {"too_short"})
    assert {"moves", "amount_per_week", "engagements_per_week", "left_out", "inputs"} <= set(
        report["rebalance"]
    )
    for move in report["rebalance"]["moves"]:
        assert set(move) == {"from", "to", "amount_per_week", "engagements_per_week"}
    for entry in report["influencers"]:
        assert set(entry) == {
            "handle", "platform", "tier", "followers", "engagement_rate",
            "impression_rate", "brands", "spend", "flags", "decision", "note", "reviewer",
        }  # fmt: skip
        assert entry["decision"] is None  # no campaign chosen: decisions belong to one
    assert report["progress"] is None
    unknown = [e for e in report["influencers"] if e["followers"] is None]
    assert unknown and all(e["engagement_rate"] is None and e["tier"] is None for e in unknown)


def test_report_text_and_markdown(demo_db):
    text = run("report", "--db", demo_db).stdout
    assert "snapchat" in text and "HIGH" in text
    markdown = run("report", "--db", demo_db, "--format", "markdown", "--tiers", "industry").stdout
    assert markdown.startswith("# influence-tui report · as of 2026-11-01 · tiers industry")
    assert "| platform | spend | share | risk |" in markdown


def test_as_of_override_changes_the_verdicts(demo_db):
    early = json.loads(
        run("report", "--db", demo_db, "--format", "json", "--as-of", "2026-08-30").stdout
    )
    assert early["as_of"] == "2026-08-30"
    snapchat = next(p for p in early["platforms"] if p["platform"] == "snapchat")
    assert snapchat["risk"] == "none"


def test_generate_small_database(tmp_path):
    path = tmp_path / "g.db"
    result = run(
        "generate", "--db", path, "--influencers", 300, "--posts", 3000, "--weeks", 20, "--seed", 3
    )
    assert result.exit_code == 0
    assert "300 influencers, 3,000 posts" in result.stdout
    report = json.loads(run("report", "--db", path, "--format", "json").stdout)
    assert len(report["influencers"]) == 300
    assert run("generate", "--db", path).exit_code == 1


def test_module_entry_point_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "influence_tui", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "0.1.0" in out.stdout


def test_sample_data_is_regenerated_byte_for_byte(tmp_path):
    folder = sample_data_dir()
    before = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    subprocess.run(
        [sys.executable, str(folder / "make_sample.py")], check=True, capture_output=True
    )
    after = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    assert before == after


def test_demo_help_names_the_demo_database():
    text = " ".join(run("demo", "--help").output.split())
    assert "default: demo.db in the user data folder" in text
    assert "influence.db" not in text
