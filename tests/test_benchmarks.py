"""The benchmark harness runs end to end at a tiny size, so it cannot rot. Its timings are not
checked here: the test machine is shared and noisy, and speed is judged by RESULTS.md."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

FIGURES = (
    "import ratio (ours ÷ bare)",
    "explorer ready, 100 posts",
    "peak RSS, 1,000 posts",
    "roster: sort by followers: SQL + render",
    "roster: filter keystroke: SQL",
    "posts: page down: SQL + render",
    "posts: filter keystroke: SQL + render",
    "campaign switch: SQL + render",
    "platforms pane (risk rule): SQL + render",
    "posts filter, ",
    "report --format json (process)",
)


def test_the_harness_measures_every_budget_at_a_tiny_size(tmp_path):
    results = tmp_path / "RESULTS.md"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scale", "0.001", "--runs", "1",
         "--import-runs", "1", "--work", str(tmp_path / "work"), "--results", str(results)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results") and "Command: `python benchmarks/run.py" in text
    for figure in FIGURES:
        assert figure in text, figure


def test_the_risk_harness_compares_both_rules_at_a_tiny_size(tmp_path):
    results = tmp_path / "RESULTS.md"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "risk_eval.py"), "--series", "2",
         "--results", str(results)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = results.read_text(encoding="utf-8")
    assert "## Platform risk rule: evaluation harness" in text
    assert "| scenario | target | old rule | new rule |" in text
    assert "shock −15%: price 5%/wk" in text and "calm: ER noise 8%" in text
