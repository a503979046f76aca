"""`influence-tui config`: the settings in force, and where each one came from."""

from __future__ import annotations

import json
from typing import Any

import click

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
    rows = [(key, _value(value), loaded.source_of(key)) for key, value in loaded.settings.flat()]
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
    """The settings in force as a settings file: sections in the order they are listed."""
    lines = [f"# influence-tui settings (copy to {loaded.file})"]
    section = ""
    for key, value in loaded.settings.flat():
        table, _, name = key.rpartition(".")
        if table != section:
            lines.append(f"\n[{table}]")
            section = table
        lines.append(f"{_key(name)} = {_value(value)}")
    return "\n".join(lines) + "\n"


def _key(name: str) -> str:
    bare = name.replace("_", "").replace("-", "").isalnum() and name.isascii()
    return name if bare else json.dumps(name, ensure_ascii=False)
