"""Campaign review triage: the decisions a reviewer gives each influencer, and the progress line."""

from __future__ import annotations

from dataclasses import dataclass

UNREVIEWED = "unreviewed"
REVIEWED = ("keep", "watch", "drop")
DECISIONS = (UNREVIEWED, *REVIEWED)
NOTE_LIMIT = 2000


def check_decision(value: str) -> str:
    if value not in DECISIONS:
        raise ValueError(f"unknown decision {value!r} (one of {', '.join(DECISIONS)})")
    return value


def clean_note(note: str) -> str:
    """A note is one paragraph of plain text: control characters become spaces, ends trimmed."""
    cleaned = "".join(" " if (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else c for c in note)
    cleaned = cleaned.strip()
    if len(cleaned) > NOTE_LIMIT:
        raise ValueError(
            f"a note has at most {NOTE_LIMIT:,} characters (this one {len(cleaned):,})"
        )
    return cleaned


@dataclass(frozen=True)
class Progress:
    """How far the review of one campaign has got."""

    total: int
    keep: int = 0
    watch: int = 0
    drop: int = 0

    @property
    def reviewed(self) -> int:
        return self.keep + self.watch + self.drop

    @property
    def unreviewed(self) -> int:
        return max(0, self.total - self.reviewed)

    def line(self) -> str:
        return (
            f"reviewed {self.reviewed}/{self.total} · keep {self.keep} · "
            f"watch {self.watch} · drop {self.drop}"
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "reviewed": self.reviewed,
            "total": self.total,
            "unreviewed": self.unreviewed,
            "keep": self.keep,
            "watch": self.watch,
            "drop": self.drop,
        }
