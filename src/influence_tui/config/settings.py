"""What a user can set, in force for one run: the flag thresholds and tier schemes the rollups are
built with, the risk thresholds, the tier scheme views start with, and the explorer's keymap.

The defaults need no file and no validation library (a report or an import with no settings file
loads neither); `config.loading` reads a settings file and the environment into one of these."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from types import MappingProxyType
from typing import Any

from influence_tui.domain.risk import RiskConfig
from influence_tui.domain.rules import DEFAULT_RULES, RollupRules

ENV_PREFIX = "INFLUENCE_TUI_"
ENV_DELIMITER = "__"
FILE_NAME = "settings.toml"


@dataclass(frozen=True)
class Settings:
    tier_scheme: str = "seed"
    rules: RollupRules = DEFAULT_RULES
    risk: RiskConfig = field(default_factory=RiskConfig)
    keymap: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def flat(self) -> Iterator[tuple[str, Any]]:
        """Every setting as (dotted key, value), in the settings file's terms."""
        yield "tier_scheme", self.tier_scheme
        for scheme in self.rules.schemes:
            for tier in scheme.tiers:
                yield f"tiers.{scheme.name}.{tier.name}", tier.lower
        yield from _flat_dataclass("flags", self.rules.flags)
        yield from _flat_dataclass("risk", self.risk)
        for binding, keys in sorted(self.keymap.items()):
            yield f"keymap.{binding}", keys


def _flat_dataclass(prefix: str, value: object) -> Iterator[tuple[str, Any]]:
    assert is_dataclass(value)
    for item in fields(value):
        found = getattr(value, item.name)
        if isinstance(found, Mapping):
            for key, inner in sorted(found.items()):
                yield f"{prefix}.{item.name}.{key}", inner
        else:
            yield f"{prefix}.{item.name}", found


DEFAULT_SETTINGS = Settings()
