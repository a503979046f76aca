"""A campaign's budget pacing: the share of its budget spent against the share of its days gone.
The one formula the campaign picker, the roster title and the report use."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Pacing:
    budget: float | None
    spent: float
    spent_share: float | None  # spent ÷ budget (None without a budget)
    time_share: float | None  # days gone ÷ the campaign's days (None without both dates)

    @property
    def verdict(self) -> str | None:
        """'over budget' past the budget; else 'ahead' when the budget goes faster than the days
        (by more than 10 points of the budget), 'behind' when slower, 'on pace' between; None
        when either share is unknown."""
        if self.spent_share is not None and self.spent_share > 1:
            return "over budget"
        if self.spent_share is None or self.time_share is None:
            return None
        gap = self.spent_share - self.time_share
        if gap > PACE_TOLERANCE:
            return "ahead"
        if gap < -PACE_TOLERANCE:
            return "behind"
        return "on pace"


PACE_TOLERANCE = 0.10


def pacing(
    budget: float | None,
    spent: float,
    start: dt.date | None,
    end: dt.date | None,
    as_of: dt.date | None,
) -> Pacing:
    """`spent` up to `as_of`; the campaign runs from `start` to `end`, both days included, so on
    its first day 1 day of N is gone and from its last day on, all of them."""
    spent_share = spent / budget if budget else None
    time_share = None
    if start is not None and end is not None and as_of is not None and end >= start:
        days = (end - start).days + 1
        gone = min(max((as_of - start).days + 1, 0), days)
        time_share = gone / days
    return Pacing(budget, spent, spent_share, time_share)
