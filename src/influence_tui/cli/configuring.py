"""`influence-tui config`: the settings in force, and where each one came from."""

from __future__ import annotations

import json
from typing import Any

import click

from influence_tui.cli.common import check_keymap_in_force
from influence_tui.config.loading import LoadedSettings
from influence_tui.config.settings import ENV_DELIMITER, ENV_PREFIX


@click.command()
@click.option("--toml", "as_toml", is_flag=True, help="Print them as a settings file to edit.")
@click.pass_obj
def config(loaded: LoadedSettings, as_toml: bool) -> None:
    """Show the settings in force and where each came from (default, file or environment).

    Settings are read from a TOML file (the one named by --config, else settings.toml in the
    user config folder) and from INFLUENCE_TUI_<SECTION>__<KEY> environment variables, which win.
    """
    if as_toml:
        click.echo(_toml(loaded), nl=False)
        return
    state = "" if loaded.file_found else "  (not there: nothing set in a file)"
    click.echo(f"settings file: {loaded.file}{state}")
    click.echo(f"environment:   {ENV_PREFIX}<SECTION>{ENV_DELIMITER}<KEY>, e.g. "
               f"{ENV_PREFIX}FLAGS{ENV_DELIMITER}SATURATED_BRANDS=8")  # fmt: skip
    rows = [(key, _value(value), loaded.source_of(key)) for key, value in _settings(loaded)]
    width = max(len(f"{key} = {value}") for key, value, _ in rows)
    for key, value, source in rows:
        click.echo(f"{f'{key} = {value}':<{width}}  # {source}")


def _value(value: Any) -> str:
    """A value as TOML writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:_}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _toml(loaded: LoadedSettings) -> str:
    """The settings in force as a settings file. What is set is written as it is; defaults are
    written commented out, so the file shows every setting but pins none a later version may
    improve."""
    lines = [
        f"# influence-tui settings (save as {loaded.file})",
        "# lines starting with # are the defaults: remove the # to change one",
    ]
    section = ""
    for key, value in _settings(loaded):
        table, _, name = _split(key)
        if table != section:
            lines.append(f"\n[{table}]")
            if table.startswith("tiers."):
                lines.append("# a scheme's tiers are set together: each starts where it says")
            section = table
        mark = "# " if loaded.source_of(key) == "default" else ""
        lines.append(f"{mark}{_key(name)} = {_value(value)}")
    return "\n".join(lines) + "\n"


def _settings(loaded: LoadedSettings) -> list[tuple[str, Any]]:
    """Every setting in force, the keymap with every binding (its default key unless set)."""
    from influence_tui.tui.launch import every_binding

    check_keymap_in_force()
    rows = [(key, value) for key, value in loaded.settings.flat() if not key.startswith("keymap.")]
    for binding_id, binding in every_binding().items():
        rows.append((f"keymap.{binding_id}", loaded.settings.keymap.get(binding_id, binding.key)))
    return rows


def _split(key: str) -> tuple[str, str, str]:
    """(table, '.', name) of a dotted key; a binding id may itself hold dots."""
    if key.startswith("keymap."):
        return "keymap", ".", key.removeprefix("keymap.")
    return key.rpartition(".")


def _key(name: str) -> str:
    bare = name.replace("_", "").replace("-", "").isalnum() and name.isascii()
    return name if bare else json.dumps(name, ensure_ascii=False)
