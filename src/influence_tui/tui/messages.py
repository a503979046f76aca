"""What the explorer's thread workers send back to the UI thread. A worker never touches a widget
and never waits for the UI: it reads (or writes) on the database thread and posts one of these to
the node that asked, whose handler shows the result. None of them bubble: each is for one node."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from textual.message import Message

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from influence_tui.analysis.platforms import PlatformSummary
    from influence_tui.analysis.posts import PostDetail
    from influence_tui.analysis.roster import InfluencerDetail, RosterRow
    from influence_tui.analysis.triage import Change
    from influence_tui.domain.budget import Pacing
    from influence_tui.domain.triage import Progress
    from influence_tui.tui.review import ReviewKeys

# Which page a table asks for: the first or last of the window, or the one after (before) the
# rows it shows.
Direction = Literal["first", "next", "prev", "last"]
# Where the cursor goes on a new page: its top or bottom row, or the row at an index.
Place = Literal["top", "bottom"] | int


@dataclass(frozen=True)
class Lookups:
    """The short lists the pickers offer: every campaign (id, name, brand, …) and platform, and
    each campaign's budget pacing as of the view's date (by campaign id)."""

    campaigns: list[dict[str, Any]]
    platforms: list[str]
    pacings: dict[int, Pacing] = field(default_factory=dict)


# --- tables ----------------------------------------------------------------------------------------
class PageLoaded(Message, bubble=False):
    """A page of rows for a table pane. `direction` is None for a page read again in place (a
    refresh, a jump); `counting`: the rows' total is being counted again and is unknown meanwhile."""

    def __init__(
        self, rows: list[Any], place: Place, direction: Direction | None, counting: bool = False
    ) -> None:
        super().__init__()
        self.rows = rows
        self.place = place
        self.direction = direction
        self.counting = counting


class CountLoaded(Message, bubble=False):
    """The rows a table pane's view holds: (count, capped: the count stopped at a cap)."""

    def __init__(self, total: tuple[int, bool]) -> None:
        super().__init__()
        self.total = total


class ProgressLoaded(Message, bubble=False):
    """The review progress of the chosen campaign (None: no campaign is chosen)."""

    def __init__(self, counts: Progress | None) -> None:
        super().__init__()
        self.counts = counts


class PlatformsLoaded(Message, bubble=False):
    """The platforms with their risk, and the rebalance proposal's plain lines."""

    def __init__(self, summaries: list[PlatformSummary], rebalance: list[str]) -> None:
        super().__init__()
        self.summaries = summaries
        self.rebalance = rebalance


class DetailLoaded(Message, bubble=False):
    """One influencer's detail (None: no longer in the database)."""

    def __init__(self, detail: InfluencerDetail | None) -> None:
        super().__init__()
        self.detail = detail


class PostLoaded(Message, bubble=False):
    """One post's detail (None: no longer in the database)."""

    def __init__(self, detail: PostDetail | None) -> None:
        super().__init__()
        self.detail = detail


# --- the app ----------------------------------------------------------------------------------------
class LookupsLoaded(Message, bubble=False):
    def __init__(self, lookups: Lookups) -> None:
        super().__init__()
        self.lookups = lookups


class DataChanged(Message, bubble=False):
    """Another session committed, or the file was replaced: `as_of` is the date in force now."""

    def __init__(self, as_of: dt.date | None) -> None:
        super().__init__()
        self.as_of = as_of


@dataclass(frozen=True)
class UndoStep:
    """One review change of this session (a decision on several marked rows is one), as `u`
    undoes it: what each row held before, and the rows to show it in."""

    changes: tuple[Change, ...]
    rows: dict[int, RosterRow]


class ReviewStored(Message, bubble=False):
    """Decisions or a note were stored from the keys of `screen`: `rows` show them (`results`:
    influencer id -> what record_decision returned); `step` is how to undo it (None: an undo,
    or nothing changed)."""

    def __init__(
        self,
        screen: ReviewKeys,
        rows: list[RosterRow],
        results: dict[int, dict[str, Any]],
        step: UndoStep | None = None,
    ) -> None:
        super().__init__()
        self.screen = screen
        self.rows = rows
        self.results = results
        self.step = step


class UndoFailed(Message, bubble=False):
    """An undo never got to write: its step goes back on the stack."""

    def __init__(self, step: UndoStep) -> None:
        super().__init__()
        self.step = step


class ReplaceAsked(Message, bubble=False):
    """A decision would replace other reviewers' decisions: the screen asks before it does."""

    def __init__(self, rows: list[RosterRow], decision: str, others: list[tuple[int, str, str]]):
        super().__init__()
        self.rows = rows
        self.decision = decision
        self.others = others


class Notice(Message, bubble=False):
    """One line for the person at the keyboard: a worker's outcome or problem, shown by the app as
    a notification, as plain text."""

    def __init__(self, text: str, severity: SeverityLevel = "information") -> None:
        super().__init__()
        self.text = text
        self.severity: SeverityLevel = severity


# --- the spend form -------------------------------------------------------------------------------
class SpendRecorded(Message, bubble=False):
    def __init__(self, confirmation: str) -> None:
        super().__init__()
        self.confirmation = confirmation


class SpendRefused(Message, bubble=False):
    """The entry was refused for what it says (a future date, another currency): shown in the
    form, which stays open for a correction."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
