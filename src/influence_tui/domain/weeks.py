"""Weeks of the platform series: a week runs Monday to Sunday and counts once it is over by the
as-of date; a week's rate is the median of its posts, with too few posts a gap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from influence_tui.domain.metrics import median

MIN_POSTS_PER_WEEK = 3


def week_start(day: dt.date | str) -> dt.date:
    """The Monday of the week that holds `day` (a date or an ISO date/time text)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return day - dt.timedelta(days=day.weekday())


def week_end(monday: dt.date) -> dt.date:
    return monday + dt.timedelta(days=6)


def week_complete(monday: dt.date, as_of: dt.date | None) -> bool:
    return as_of is not None and week_end(monday) <= as_of


def weekly_rate(values: Sequence[float], min_posts: int = MIN_POSTS_PER_WEEK) -> float | None:
    """A platform's weekly engagement or impression rate: the median of the week's post rates."""
    return median(values) if len(values) >= min_posts else None


def weekly_spend(amounts: Sequence[float]) -> float | None:
    return sum(amounts) if amounts else None


def weekly_signal(values: Sequence[float]) -> float | None:
    """A signal's weekly value: the mean of the week's observations."""
    return sum(values) / len(values) if values else None
