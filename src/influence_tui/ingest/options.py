"""What an import is asked to do (`ImportOptions`) and what it did (`ImportResult`, one `Reject`
per row it could not store)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_QUOTED = re.compile(r"'[^']*'")


class ImportAborted(Exception):
    """--strict and at least one row was rejected: nothing was written."""


@dataclass(frozen=True)
class ImportOptions:
    kind: str
    platform: str | None = None
    campaign: str | None = None
    metric: str | None = None
    overrides: tuple[str, ...] = ()
    date_format: str | None = None
    year: int | None = None
    dry_run: bool = False
    strict: bool = False
    input_format: str | None = None
    handle: str | None = None  # of every row without a handle column (an export of one account)
    new_platforms: tuple[str, ...] = ()  # platform names this import declares new
    preset: str | None = None  # a layout by name (ingest.presets), else found from the header


@dataclass
class Reject:
    location: str
    reason: str
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    kind: str
    path: str
    read: int = 0
    new: int = 0
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    mapping: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    @property
    def imported(self) -> int:
        return self.read - self.rejected

    @property
    def updated(self) -> int:
        return self.imported - self.new

    def top_reasons(self, count: int = 3) -> list[tuple[str, int]]:
        """The commonest reasons rows were rejected, with how many rows each; reasons that differ
        only in the cell they quote are one reason (shown with its first cell)."""
        kinds: Counter[str] = Counter()
        first: dict[str, str] = {}
        for reject in self.rejects:
            kind = _QUOTED.sub("'…'", reject.reason)
            kinds[kind] += 1
            first.setdefault(kind, reject.reason)
        return [(_short(first[kind]), n) for kind, n in kinds.most_common(count)]

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{self.kind}: read {self.read} · {verb} {self.imported} "
            f"({self.new} new, {self.updated} updated) · rejected {self.rejected}"
        )


def _short(reason: str, width: int = 160) -> str:
    """A reason with long quoted cells cut: "followers: '22,…' is not a number"."""
    shown = _QUOTED.sub(
        lambda m: m.group(0) if len(m.group(0)) <= 12 else m.group(0)[:9] + "…'", reason
    )
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def printable(raw: dict[str, Any]) -> dict[str, Any]:
    """A row's cells as text, for a reject."""
    return {k: "" if v is None else str(v) for k, v in raw.items()}
