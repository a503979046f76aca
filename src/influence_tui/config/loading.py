"""Reading the settings in force: the settings file (the user's config folder, or `--config FILE`)
and `INFLUENCE_TUI_…` environment variables over it. Every problem is one line that names the
file or the variable, and the key."""

from __future__ import annotations

import difflib
import functools
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from influence_tui.config.paths import DB_ENV, config_dir
from influence_tui.config.settings import (
    DEFAULT_SETTINGS,
    ENV_DELIMITER,
    ENV_PREFIX,
    FILE_NAME,
    Settings,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# tables whose keys are free, at any depth (schemes and tier names, binding ids, which hold dots
# themselves); the validator judges what is below them. Other keys are fixed by the defaults.
_OPEN_TABLES = ("tiers", "keymap", "flags.low_engagement_by_tier")


class SettingsError(Exception):
    """A settings file or variable that can't be used: one line naming where and which key."""


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    file: Path
    file_found: bool
    # dotted key -> where its value came from (the file's path or an environment variable);
    # keys not listed are defaults
    sources: Mapping[str, str] = field(default_factory=dict)

    def source_of(self, key: str) -> str:
        for known, source in self.sources.items():
            if key == known or key.startswith(known + "."):
                return source
        return "default"


def default_settings_file() -> Path:
    return config_dir() / FILE_NAME


def load_settings(explicit: Path | None = None) -> LoadedSettings:
    path = explicit or default_settings_file()
    found = _is_file(path, named=explicit is not None)
    if explicit is not None and not found:
        raise SettingsError(f"{explicit}: no such settings file")
    data = _read_toml(path) if found else {}
    env = _environment(os.environ)
    sources = {key: str(path) for key in _keys(data)}
    sources.update({key: f"${name}" for name, key in env.items()})
    for key, where in sources.items():
        _check_known(key, where)
    if not sources:
        return LoadedSettings(DEFAULT_SETTINGS, path, found)
    from influence_tui.config.model import InvalidSetting, validate

    try:
        settings = validate(data)
    except InvalidSetting as exc:
        where = sources.get(exc.key) or _nearest_source(exc.key, sources) or str(path)
        raise SettingsError(f"{where}: {exc}") from None
    return LoadedSettings(settings, path, found, sources)


def _is_file(path: Path, *, named: bool) -> bool:
    """Whether the settings file is there. A default location this user may not even look into
    (another user's home, under sudo or a service account) holds no settings for them."""
    try:
        return path.is_file()
    except OSError as exc:
        if named:
            raise SettingsError(f"{path}: can't be read: {exc.strerror or exc}") from None
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return dict(tomllib.load(handle))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not a TOML file: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: can't be read: {exc}") from None


def _environment(environ: Mapping[str, str]) -> dict[str, str]:
    """INFLUENCE_TUI_… variable -> dotted key (INFLUENCE_TUI_FLAGS__SATURATED_BRANDS ->
    flags.saturated_brands). INFLUENCE_TUI_DB names the database, not a setting."""
    return {
        name: name[len(ENV_PREFIX) :].lower().replace(ENV_DELIMITER, ".")
        for name in environ
        if name.upper().startswith(ENV_PREFIX) and name.upper() != DB_ENV
    }


def _keys(data: Mapping[str, Any], prefix: str = "") -> Iterator[str]:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            yield from _keys(value, dotted + ".")
        else:
            yield dotted


@functools.cache
def _known_keys() -> frozenset[str]:
    known = {"tier_scheme", *_OPEN_TABLES}
    for section in ("flags", "risk"):
        value = getattr(DEFAULT_SETTINGS.rules if section == "flags" else DEFAULT_SETTINGS, section)
        assert is_dataclass(value)
        known.update(f"{section}.{item.name}" for item in fields(value))
    sections = {key.rpartition(".")[0] for key in known}
    return frozenset(known | sections)


def _check_known(key: str, where: str) -> None:
    known = _known_keys()
    if key in known or any(key.startswith(f"{table}.") for table in _OPEN_TABLES):
        return  # a section given a single value is the validator's to explain
    hint = difflib.get_close_matches(key, sorted(known), n=1)
    suggestion = f" (did you mean {hint[0]}?)" if hint else ""
    raise SettingsError(f"{where}: {key}: is not a setting{suggestion}")


def _nearest_source(key: str, sources: Mapping[str, str]) -> str | None:
    for known, source in sources.items():
        if known.startswith(key + ".") or key.startswith(known + "."):
            return source
    return None
