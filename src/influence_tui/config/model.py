"""The settings' one definition for validation: a pydantic-settings model over the settings file
and the environment (which wins), turned into `Settings`. Loaded only when a settings file or an
environment setting exists."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pydantic import NonNegativeInt, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from influence_tui.config.settings import ENV_DELIMITER, ENV_PREFIX, Settings
from influence_tui.domain.flags import FlagConfig
from influence_tui.domain.risk import RiskConfig
from influence_tui.domain.rules import RollupRules
from influence_tui.domain.tiers import SCHEMES, Tier, TierScheme

SchemeName = Literal["seed", "industry"]


class SettingsModel(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter=ENV_DELIMITER,
        case_sensitive=False,
        extra="forbid",
    )

    tier_scheme: SchemeName = "seed"
    # scheme -> tier -> lowest follower count of the tier; each tier ends where the next begins
    tiers: dict[SchemeName, dict[str, NonNegativeInt]] = {}
    flags: FlagConfig = FlagConfig()
    risk: RiskConfig = RiskConfig()
    # binding id -> keys (comma-separated), as Textual's keymaps
    keymap: dict[str, str] = {}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # the settings file arrives as init values; the environment overrides it
        return env_settings, init_settings

    @field_validator("tiers")
    @classmethod
    def _set_schemes_only(
        cls, tiers: dict[SchemeName, dict[str, int]]
    ) -> dict[SchemeName, dict[str, int]]:
        return {name: scheme for name, scheme in tiers.items() if scheme}  # [tiers.x] left empty

    @model_validator(mode="after")
    def _in_range(self) -> SettingsModel:
        flags = self.flags
        if flags.saturated_brands < 1:
            raise _Bad("flags.saturated_brands", "must be at least 1")
        for name, rate in [
            ("low_engagement_rate", flags.low_engagement_rate),
            *((f"low_engagement_by_tier.{t}", r) for t, r in flags.low_engagement_by_tier.items()),
        ]:
            if not 0 <= rate <= 1:
                raise _Bad(f"flags.{name}", "is a fraction between 0 and 1 (0.01 is 1%)")
        if flags.cost_outlier_factor < 1:
            raise _Bad("flags.cost_outlier_factor", "must be at least 1 (3 is 3× the median)")
        for item in dataclasses.fields(self.risk):
            value = getattr(self.risk, item.name)
            if isinstance(value, (int, float)) and value < 0:
                raise _Bad(f"risk.{item.name}", "must not be negative")
        for name, tiers in self.tiers.items():
            _scheme(name, tiers)  # raises on a bad scheme
        return self

    def to_settings(self) -> Settings:
        schemes = tuple(
            _scheme(name, self.tiers[name]) if name in self.tiers else scheme
            for name, scheme in SCHEMES.items()
        )
        # tiers written out as they are by default are the default scheme, description and all
        schemes = tuple(SCHEMES[s.name] if s.tiers == SCHEMES[s.name].tiers else s for s in schemes)
        return Settings(
            tier_scheme=self.tier_scheme,
            rules=RollupRules(flags=self.flags, schemes=schemes),
            risk=self.risk,
            keymap=MappingProxyType(dict(self.keymap)),
        )


class _Bad(ValueError):
    """A value out of range, with the dotted key it belongs to."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def _scheme(name: str, tiers: Mapping[str, int]) -> TierScheme:
    ordered = sorted(tiers.items(), key=lambda item: item[1])
    if not ordered:
        raise _Bad(f"tiers.{name}", "needs at least one tier")
    if ordered[0][1] != 0:
        raise _Bad(f"tiers.{name}.{ordered[0][0]}", "the lowest tier starts at 0 followers")
    lowers = [lower for _, lower in ordered]
    if len(set(lowers)) != len(lowers):
        raise _Bad(f"tiers.{name}", "two tiers start at the same follower count")
    bounds = [*lowers[1:], None]
    built = tuple(
        Tier(tier, lower, upper) for (tier, lower), upper in zip(ordered, bounds, strict=True)
    )
    described = " ≤ ".join(
        f"{t.name} < {_count(t.upper)}" if t.upper is not None else t.name for t in built
    )
    return TierScheme(name, f"from the settings: {described}", built)


def _count(value: int) -> str:
    for unit, suffix in ((1_000_000, "M"), (1_000, "k")):
        if value >= unit and value % unit == 0:
            return f"{value // unit}{suffix}"
    return f"{value:,}"


def validate(data: dict[str, Any]) -> Settings:
    """The settings from the file's `data` and the environment. Raises `InvalidSetting` with the
    dotted key and a plain message."""
    try:
        return SettingsModel(**data).to_settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, _Bad):
            raise InvalidSetting(cause.key, str(cause)) from None
        raise InvalidSetting(key, _plain(error)) from None


class InvalidSetting(ValueError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


_PLAIN = {
    "int_parsing": "is not a whole number",
    "int_from_float": "is not a whole number",
    "int_type": "is not a whole number",
    "float_parsing": "is not a number",
    "float_type": "is not a number",
    "bool_parsing": "is not true or false",
    "string_type": "is not text",
    "dict_type": "is a table of settings, not a single value",
    "dataclass_type": "is a table of settings, not a single value",
    "extra_forbidden": "is not a setting",
    "greater_than_equal": "must not be negative",
}


def _plain(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    found = error.get("input")
    shown = f" (found {found!r})" if not isinstance(found, (dict, list)) else ""
    if kind == "literal_error":
        return f"must be one of {error['ctx']['expected']}{shown}"
    return _PLAIN.get(kind, str(error["msg"])) + shown
