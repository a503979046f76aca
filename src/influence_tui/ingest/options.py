"""What an import is asked to do (`ImportOptions`) and what it did (`ImportResult`, one `Reject`
per row it could not store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{self.kind}: read {self.read} · {verb} {self.imported} "
            f"({self.new} new, {self.updated} updated) · rejected {self.rejected}"
        )


def printable(raw: dict[str, Any]) -> dict[str, Any]:
    """A row's cells as text, for a reject."""
    return {k: "" if v is None else str(v) for k, v in raw.items()}
