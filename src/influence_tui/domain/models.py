"""Validated records for every kind of data the tool stores.

The TypedDicts are the bulk-import shapes (validated in batches with a TypeAdapter); the models are
for single entries typed by a person (the spend form) where a friendly error per field matters.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, field_validator
from typing_extensions import TypedDict

SEEDED_PLATFORMS = ("instagram", "youtube", "snapchat")
COMPENSATION_KINDS = ("cash", "product", "mixed")
PROVENANCES = ("measured", "estimated", "imported")
_PLATFORM_NAME = re.compile(r"^[a-z0-9][a-z0-9_.+-]{0,39}$")


@lru_cache(maxsize=1024)  # a file names a handful of platforms on every row
def normalize_platform(value: str) -> str:
    """Platform names are lower-case words: 'Instagram ' -> 'instagram'."""
    name = str(value).strip().lower().replace(" ", "")
    if not _PLATFORM_NAME.match(name):
        raise ValueError(f"platform {value!r} is not a platform name (letters, digits, - _ .)")
    return name


def _nonblank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _positive_followers(value: int | None) -> int | None:
    if value is not None and value <= 0:
        raise ValueError("followers must be at least 1 (leave it empty when unknown)")
    return value


PlatformName = Annotated[str, AfterValidator(normalize_platform)]
Text = Annotated[str, AfterValidator(_nonblank)]
Count = Annotated[int, Field(ge=0, strict=False)]
Money = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Followers = Annotated[int, AfterValidator(_positive_followers)]
Provenance = Literal["measured", "estimated", "imported"]


class InfluencerRow(TypedDict):
    platform: PlatformName
    handle: Text
    name: str | None
    followers: Followers | None
    country: str | None
    category: str | None
    compensation: Literal["cash", "product", "mixed"] | None
    audience_quality: Annotated[float, Field(ge=0, le=100)] | None
    reported_engagement_rate: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None
    provenance: Provenance
    snapshot_date: dt.date | None


class CampaignRow(TypedDict):
    name: Text
    brand: Text
    start_date: dt.date | None
    end_date: dt.date | None
    budget: Money | None


class PostRow(TypedDict):
    platform: PlatformName
    handle: Text
    external_id: str | None
    campaign: str | None
    brand: str | None
    posted_at: dt.date
    snapshot_date: dt.date | None
    title: str | None
    views: Count | None
    likes: Count | None
    comments: Count | None
    shares: Count | None
    saves: Count | None
    cost: Money | None
    sponsored: bool | None
    likes_hidden: bool
    provenance: Provenance


class SpendRow(TypedDict):
    platform: PlatformName
    campaign: str | None
    date: dt.date
    amount: Money
    currency: str
    note: str | None


class SignalRow(TypedDict):
    platform: PlatformName
    metric: Text
    date: dt.date
    value: Annotated[float, Field(allow_inf_nan=False)]


ROW_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "influencers": TypeAdapter(list[InfluencerRow]),
    "campaigns": TypeAdapter(list[CampaignRow]),
    "posts": TypeAdapter(list[PostRow]),
    "spend": TypeAdapter(list[SpendRow]),
    "signals": TypeAdapter(list[SignalRow]),
}


class SpendEntry(BaseModel):
    """One spend entry typed into the explorer's form."""

    model_config = ConfigDict(str_strip_whitespace=True)

    platform: PlatformName
    date: dt.date
    amount: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    campaign: str | None = None
    note: str | None = None
    currency: str = "USD"

    @field_validator("campaign", "note", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value


def friendly_error(exc: Exception) -> str:
    """One line a user can act on, from a pydantic ValidationError or any other error."""
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for err in errors():
            loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
            field = ".".join(loc) or "value"
            message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
            parts.append(f"{field}: {message}")
        return "; ".join(parts)
    return str(exc)
