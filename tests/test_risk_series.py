"""The store's weekly series follow DESIGN §4: a signal's week is its last observation and counts
on its last usual observation (Friday's close); a platform without follower counts is rated on
ER by views."""

import datetime as dt
from pathlib import Path

from influence_tui.analysis.platforms import platform_mix
from influence_tui.analysis.session import open_view
from influence_tui.ingest.importer import ImportOptions, run_import
from influence_tui.store.session import Session

FIRST = dt.date(2026, 1, 5)  # a Monday


def _import(path: Path, kind: str, text: str, **options) -> None:
    session = Session.open(path)
    source = path.parent / f"{kind}.csv"
    source.write_text(text, encoding="utf-8")
    result = run_import(session, source, ImportOptions(kind, **options))
    assert result.rejected == 0, [(r.location, r.reason) for r in result.rejects]
    session.close()


def _prices(weeks: int, thursday_crash: bool) -> str:
    lines = ["platform,metric,date,value"]
    for w in range(weeks):
        for d in range(5):
            day = FIRST + dt.timedelta(weeks=w, days=d)
            price = 50 + (w % 4) * 0.7 + d * 0.1
            if thursday_crash and w == weeks - 1 and d >= 3:
                price = 38.0  # −25% on Thursday of the last week
            lines.append(f"snapchat,share_price,{day.isoformat()},{price:.2f}")
    return "\n".join(lines) + "\n"


def test_a_thursday_crash_is_rated_on_friday_from_the_weekly_close(tmp_path):
    path = tmp_path / "prices.db"
    _import(path, "signals", _prices(14, thursday_crash=True))
    session, settings = open_view(path, read_only=True)
    assert settings.as_of == FIRST + dt.timedelta(weeks=13, days=4)  # the last Friday
    snapchat = next(p for p in platform_mix(session.db, settings) if p.platform == "snapchat")
    series = snapchat.series_named("share_price")
    assert series is not None and series.values[-1] == 38.0  # the close, not the week's mean
    assert series.weeks[-1] == (FIRST + dt.timedelta(weeks=13)).isoformat()
    assert snapchat.risk == "medium"
    assert snapchat.reasons[0].startswith("share price fell 25% in the week of 6 Apr 2026")
    # on Wednesday the crash's week has not closed: nothing to say yet
    session, settings = open_view(path, read_only=True, as_of=settings.as_of - dt.timedelta(days=2))
    snapchat = next(p for p in platform_mix(session.db, settings) if p.platform == "snapchat")
    assert snapchat.risk == "none"


def test_a_platform_without_follower_counts_is_rated_on_er_by_views(tmp_path):
    path = tmp_path / "trending.db"
    lines = ["handle,post_id,posted_at,views,likes,comments"]
    for w in range(12):
        for i in range(4):
            day = FIRST + dt.timedelta(weeks=w, days=i)
            likes = 400 if w < 11 else 200  # engagement per view halves in the last week
            lines.append(f"chan{i},v{w}-{i},{day.isoformat()},10000,{likes},{20 + i}")
    _import(path, "posts", "\n".join(lines) + "\n", platform="youtube")
    session, settings = open_view(path, read_only=True, as_of=FIRST + dt.timedelta(weeks=12))
    youtube = next(p for p in platform_mix(session.db, settings) if p.platform == "youtube")
    assert [s.name for s in youtube.series] == ["er_by_views"]
    assert youtube.risk == "high"  # −47% in one week
    assert youtube.reasons[0] == (
        "engagement rate by views fell 47% in the week of 23 Mar 2026 "
        "(a usual week moves less than ±1%)"
    )
    assert not any("weeks of data" in reason for reason in youtube.reasons)
