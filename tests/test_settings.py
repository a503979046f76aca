"""Settings: the file, the environment over it, one-line errors naming where and which key, the
`config` command, and the rules they set reaching the rollups, the views and the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from influence_tui.analysis.session import open_view
from influence_tui.cli import main
from influence_tui.config.loading import SettingsError, load_settings
from influence_tui.config.settings import DEFAULT_SETTINGS
from influence_tui.domain.flags import flag_definitions
from influence_tui.store.session import Session


@pytest.fixture(autouse=True)
def no_user_settings(tmp_path, monkeypatch):
    """Neither the user's settings file nor their environment leaks into a test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    for name in list(__import__("os").environ):
        if name.startswith("INFLUENCE_TUI_") and name != "INFLUENCE_TUI_DB":
            monkeypatch.delenv(name)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _report(db: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, [*args, "report", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_no_file_and_no_environment_is_the_defaults(tmp_path):
    loaded = load_settings()
    assert loaded.settings == DEFAULT_SETTINGS
    assert not loaded.file_found
    assert loaded.source_of("flags.saturated_brands") == "default"


def test_the_file_in_the_user_config_folder_is_read(tmp_path):
    folder = tmp_path / "config-home" / "influence-tui"
    folder.mkdir(parents=True)
    _write(folder / "settings.toml", "[flags]\nsaturated_brands = 4\n")
    loaded = load_settings()
    assert loaded.file_found
    assert loaded.settings.rules.flags.saturated_brands == 4
    assert loaded.source_of("flags.saturated_brands") == str(folder / "settings.toml")


def test_the_environment_wins_over_the_file(tmp_path, monkeypatch):
    path = _write(
        tmp_path / "s.toml", "[flags]\nsaturated_brands = 4\nlow_engagement_rate = 0.02\n"
    )
    monkeypatch.setenv("INFLUENCE_TUI_FLAGS__SATURATED_BRANDS", "7")
    loaded = load_settings(path)
    assert loaded.settings.rules.flags.saturated_brands == 7
    assert loaded.settings.rules.flags.low_engagement_rate == 0.02
    assert loaded.source_of("flags.saturated_brands") == "$INFLUENCE_TUI_FLAGS__SATURATED_BRANDS"
    assert loaded.source_of("flags.low_engagement_rate") == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[flags\n", "not a TOML file"),
        ("[flags]\nsaturated_brnds = 3\n", "flags.saturated_brnds: is not a setting (did you mean flags.saturated_brands?)"),
        ("[flags]\nsaturated_brands = 'ten'\n", "flags.saturated_brands: is not a whole number (found 'ten')"),
        ("[flags]\nlow_engagement_rate = 3\n", "flags.low_engagement_rate: is a fraction between 0 and 1"),
        ("tier_scheme = 'celeb'\n", "tier_scheme: must be one of 'seed' or 'industry'"),
        ("[tiers.seed]\nmicro = 5\nmacro = 10_000\n", "tiers.seed.micro: the lowest tier starts at 0 followers"),
        ("[tiers.seed]\nmicro = 0\nmacro = -3\n", "tiers.seed.macro: must not be negative"),
        ("[risk]\nmin_values = -1\n", "risk.min_values: must not be negative"),
        ("flags = 3\n", "flags: is a table of settings, not a single value"),
    ],
)  # fmt: skip
def test_a_bad_file_is_one_line_naming_the_file_and_the_key(tmp_path, text, message):
    path = _write(tmp_path / "settings.toml", text)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    line = str(caught.value)
    assert line.startswith(f"{path}: ")
    assert message in line
    assert "\n" not in line
    result = CliRunner().invoke(main, ["--config", str(path), "config"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {line}"
    assert "Traceback" not in result.output


def test_a_missing_named_file_is_an_error_but_a_missing_default_one_is_not(tmp_path):
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "nope.toml"), "config"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nope.toml'}: no such settings file"
    assert CliRunner().invoke(main, ["config"]).exit_code == 0


def test_a_bad_environment_variable_is_named(monkeypatch):
    monkeypatch.setenv("INFLUENCE_TUI_FLAGS__SATURATED_BRANDS", "many")
    with pytest.raises(SettingsError, match=r"^\$INFLUENCE_TUI_FLAGS__SATURATED_BRANDS: flags"):
        load_settings()
    monkeypatch.setenv("INFLUENCE_TUI_FLAGS__SATURATED_BRANDS", "5")
    monkeypatch.setenv("INFLUENCE_TUI_FLAG__SATURATED_BRANDS", "5")
    with pytest.raises(SettingsError, match="flag.saturated_brands: is not a setting"):
        load_settings()


def test_config_prints_every_setting_with_its_source_and_round_trips_as_toml(tmp_path):
    path = _write(tmp_path / "s.toml", "tier_scheme = 'industry'\n[flags]\nsaturated_brands = 6\n")
    result = CliRunner().invoke(main, ["--config", str(path), "config"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"settings file: {path}"
    assert any(
        line.startswith("flags.saturated_brands = 6 ") and line.endswith(f"# {path}")
        for line in lines
    )
    assert any(
        line.startswith("flags.cost_outlier_factor = 3.0 ") and line.endswith("# default")
        for line in lines
    )
    assert any(line.startswith("tiers.seed.macro = 10_000 ") for line in lines)
    written = CliRunner().invoke(main, ["--config", str(path), "config", "--toml"]).output
    copy = _write(tmp_path / "copy.toml", written)
    assert load_settings(copy).settings == load_settings(path).settings


def test_flag_thresholds_reach_the_rollups_the_detail_and_the_report(demo_db, tmp_path):
    before = _report(demo_db)
    saturated = sum("saturated" in e["flags"] for e in before["influencers"])
    path = _write(tmp_path / "s.toml", "[flags]\nsaturated_brands = 2\n")
    after = _report(demo_db, "--config", str(path))
    assert sum("saturated" in e["flags"] for e in after["influencers"]) > saturated
    # a session with the defaults again reads default flags (the report is read-only: private)
    assert _report(demo_db) == before
    settings = load_settings(path).settings
    assert "2 or more brands" in flag_definitions(settings.rules.flags)["saturated"]


def test_a_writable_session_adopts_its_rules_and_a_read_only_one_keeps_its_own(demo_db, tmp_path):
    strict = load_settings(_write(tmp_path / "s.toml", "[flags]\nsaturated_brands = 2\n")).settings
    writer = Session.open(demo_db, rules=strict.rules)
    assert not writer.private
    writer.close()
    reader = Session.open(demo_db, read_only=True)  # the defaults: not what the file holds now
    assert reader.private
    reader.close()
    writer = Session.open(demo_db)  # a writer with the defaults brings the shared ones back
    assert not writer.private
    writer.close()
    reader = Session.open(demo_db, read_only=True)
    assert not reader.private
    reader.close()


def test_tier_schemes_from_the_settings_move_the_tiers(demo_db, tmp_path):
    path = _write(tmp_path / "s.toml", "[tiers.seed]\nsmall = 0\nbig = 50_000\n")
    report = _report(demo_db, "--config", str(path))
    tiers = {e["tier"] for e in report["influencers"]} - {None}
    assert tiers <= {"small", "big"} and tiers
    for entry in report["influencers"]:
        if entry["followers"] is not None:
            assert entry["tier"] == ("small" if entry["followers"] < 50_000 else "big")
    session, view = open_view(demo_db, settings=load_settings(path).settings, read_only=True)
    try:
        assert view.scheme.names == ("small", "big")
    finally:
        session.close()


def test_the_tier_scheme_setting_is_the_default_of_tiers(demo_db, tmp_path):
    path = _write(tmp_path / "s.toml", "tier_scheme = 'industry'\n")
    assert _report(demo_db, "--config", str(path))["tier_scheme"] == "industry"
    assert (
        _report(
            demo_db,
            "--config",
            str(path),
        )["tier_scheme"]
        == "industry"
    )
    result = CliRunner().invoke(
        main,
        [
            "--config",
            str(path),
            "report",
            "--db",
            str(demo_db),
            "--format",
            "json",
            "--tiers",
            "seed",
        ],
    )
    assert json.loads(result.output)["tier_scheme"] == "seed"


async def test_a_keymap_moves_keys_and_the_help_shows_the_keys_in_force(demo_db, tmp_path):
    from types import MappingProxyType

    from textual.widgets import ContentSwitcher

    from influence_tui.tui.help_screen import HelpScreen
    from influence_tui.tui.paged_table import TablePane
    from tests.tui_helpers import make_app, settle

    settings = load_settings(
        _write(tmp_path / "s.toml", '[keymap]\n"pane.posts" = "f2"\n"sort" = "o"\n')
    ).settings
    assert settings.keymap == MappingProxyType({"pane.posts": "f2", "sort": "o"})
    app = make_app(demo_db, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")  # no longer the posts key
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "roster"
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.query_one(ContentSwitcher).current == "posts"
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        lines = dict((what, keys) for keys, what in app.screen.keys)
        assert lines["show the Posts pane"] == "f2"
        assert lines["sort by the column under the cursor (again: flip)"] == "o"
        assert sorted(lines["move down"].split()) == ["j", "↓"]  # merged per action
        assert any(isinstance(pane, TablePane) for pane in app.screen_stack[-2].query(TablePane))


def test_an_unknown_binding_id_is_one_line_naming_the_file(demo_db, tmp_path):
    path = _write(tmp_path / "s.toml", '[keymap]\n"pane.rostr" = "r"\n')
    result = CliRunner().invoke(main, ["--config", str(path), "--db", str(demo_db)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {path}: keymap.pane.rostr: no key binding has this id (did you mean pane.roster?)"
    )
    listed = CliRunner().invoke(main, ["config"])
    assert 'keymap.pane.roster = "1"' in listed.output


def test_every_binding_of_the_explorer_has_an_id_and_a_line_of_help():
    """The keymap names bindings by id and the help screen shows their tooltips, so a binding
    without either could be neither rebound nor found in help."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import influence_tui.tui as package

    for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        for name, owner in inspect.getmembers(module, inspect.isclass):
            if issubclass(owner, DOMNode) and owner.__module__ == module.__name__:
                for binding in owner.__dict__.get("BINDINGS", []):  # its own, not textual's
                    assert isinstance(binding, Binding), f"{name}: {binding!r} is not a Binding"
                    assert binding.id and binding.tooltip, f"{name}: {binding.key} lacks id/tooltip"


def test_the_explorer_opens_without_loading_every_screen_or_pydantic(demo_db):
    """Checking a keymap finds every binding by importing every screen (and the spend form
    brings pydantic): without a keymap none of that is loaded before the first page."""
    import subprocess
    import sys

    probe = (
        "import sys\n"
        "from influence_tui.tui.launch import explorer_app\n"
        f"app = explorer_app({str(demo_db)!r}, poll_seconds=None)\n"
        "app.database.close()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic'}),"
        " 'influence_tui.tui.ledger_screen' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] False"
