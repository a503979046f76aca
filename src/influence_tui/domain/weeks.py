"""Weeks of the platform series (DESIGN.md §4): a week runs Monday to Sunday; a week's rate is
the median of its posts (with too few posts a gap) and counts once the week is over by the as-of
date; a signal's weekly value is its last observation of the week (as a weekly price bar closes)
and counts once the week is over or the series has its last usual observation of it (a trading
week is complete on Friday's close)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

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


def _day(day: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(day[:10]) if isinstance(day, str) else day


def weekly_signal(observations: Sequence[tuple[dt.date | str, float]]) -> float | None:
    """A signal's weekly value: its last observation of the week (the latest date; of two on
    one date, the later one given). The mean would hide a Thursday crash in the average."""
    latest: tuple[dt.date, float] | None = None
    for day, value in observations:
        when = _day(day)
        if latest is None or when >= latest[0]:
            latest = (when, value)
    return latest[1] if latest else None


def usual_last_weekday(days: Iterable[dt.date | str], before: dt.date | None = None) -> int | None:
    """The weekday (Monday 0) a series' weeks usually end on: the commonest weekday of each
    week's last observation, over its weeks before the week of `before` (Friday for a trading
    series, Sunday for a daily one); of two as common, the later. None without a past week."""
    first_of_current = week_start(before) if before is not None else None
    last: dict[dt.date, dt.date] = {}
    for day in days:
        when = _day(day)
        monday = week_start(when)
        if first_of_current is not None and monday >= first_of_current:
            continue
        if monday not in last or when > last[monday]:
            last[monday] = when
    if not last:
        return None
    counts = Counter(day.weekday() for day in last.values())
    return max(counts, key=lambda weekday: (counts[weekday], weekday))


def signal_week_complete(
    monday: dt.date, as_of: dt.date | None, last_day: dt.date | None, usual_last: int | None
) -> bool:
    """A signal's week counts once it is over, or once it has its last usual observation
    (`last_day`, its latest observation up to the as-of, falls on or after the weekday its
    weeks usually end on)."""
    if week_complete(monday, as_of):
        return True
    return (
        as_of is not None
        and last_day is not None
        and usual_last is not None
        and last_day <= as_of
        and week_start(last_day) == monday
        and last_day.weekday() >= usual_last
    )


def weekly_points(
    points: Iterable[tuple[dt.date, float | None]],
) -> list[tuple[dt.date, float | None]]:
    """Weekly values (Monday, value) oldest first, with every missing week between the first and
    the last as a gap (None): the risk rule counts weeks, not rows."""
    known = dict(sorted(points))
    if not known:
        return []
    mondays = list(known)
    found: list[tuple[dt.date, float | None]] = []
    monday = mondays[0]
    while monday <= mondays[-1]:
        found.append((monday, known.get(monday)))
        monday += dt.timedelta(days=7)
    return found


def signal_weeks(
    observations: Sequence[tuple[dt.date, float]], as_of: dt.date
) -> list[tuple[dt.date, float | None]]:
    """A daily (or any-cadence) signal's weekly series up to `as_of`: the last observation of each
    counted week, oldest first, gap weeks as None. The store's rollups keep the same values
    week by week (store/rollups.py); this is the whole-series form the evaluation uses."""
    weeks: dict[dt.date, list[tuple[dt.date, float]]] = {}
    for day, value in observations:
        if day <= as_of:
            weeks.setdefault(week_start(day), []).append((day, value))
    usual = usual_last_weekday((d for d, _ in observations if d <= as_of), before=as_of)
    counted = []
    for monday, seen in weeks.items():
        last_day = max(day for day, _ in seen)
        if signal_week_complete(monday, as_of, last_day, usual):
            counted.append((monday, weekly_signal(seen)))
    return weekly_points(counted)
