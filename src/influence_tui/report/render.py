"""The report in three formats. The JSON is the stable contract; text and Markdown summarise."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from typing import Any

from influence_tui.analysis.report import INFLUENCER_FIELDS
from influence_tui.domain.budget import Pacing
from influence_tui.domain.flags import FLAG_ORDER
from influence_tui.domain.metrics import median
from influence_tui.domain.text import counted, visible
from influence_tui.domain.triage import REVIEWED, UNREVIEWED, Progress
from influence_tui.report.numbers import fmt_count, fmt_money, fmt_pacing, fmt_rate

LIST_LIMIT = 15
BATCH = 2_000  # influencer lines per write


def _json_value(value: object) -> str:
    """One JSON value, as json.dumps writes it (ensure_ascii off); a tuple is a list."""
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


_NUMBER_KEYS = ("followers", "engagement_rate", "impression_rate", "brands", "spend")


def _numbers_by_json(values: tuple[Any, ...]) -> str:
    """The numbers of a line with an infinite float in it (the importer refuses them)."""
    return "".join(
        f'"{key}": {_json_value(value)}, ' for key, value in zip(_NUMBER_KEYS, values, strict=True)
    )


def iter_json(head: dict[str, Any], influencers: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """The JSON report in pieces, the influencers one per line as they come (tuples in
    INFLUENCER_FIELDS order, flags a tuple): the same value json.dumps gives for the whole
    report, without building it. Strings go through the json module's own escaping (C); the few
    distinct platform, tier, flags and decision values are encoded once each."""
    opened = json.dumps(head, indent=2, ensure_ascii=False)[:-1].rstrip()  # without its "}"
    yield opened + ("," if head else "") + '\n  "influencers": ['
    text = encode_basestring  # str -> JSON string literal, as json.dumps(ensure_ascii=False)
    platform_tier: dict[tuple[Any, ...], str] = {}
    flags_decision: dict[tuple[Any, ...], str] = {}
    lines: list[str] = []
    written = 0
    for (
        handle,
        platform,
        tier,
        followers,
        engagement_rate,
        impression_rate,
        brands,
        spend,
        flags,
        decision,
        note,
        reviewer,
    ) in influencers:
        middle = platform_tier.get((platform, tier))
        if middle is None:
            middle = platform_tier[(platform, tier)] = (
                f'"platform": {_json_value(platform)}, "tier": {_json_value(tier)}, '
            )
        review = flags_decision.get((flags, decision))
        if review is None:
            review = flags_decision[(flags, decision)] = (
                f'"flags": {_json_value(flags)}, "decision": {_json_value(decision)}, '
            )
        # !r of an int or a finite float is what json.dumps writes; None is null; an infinite
        # float is left to json.dumps (no key contains "None" or "inf"; there is no nan:
        # SQLite stores it as NULL)
        numbers = (
            f'"followers": {followers!r}, "engagement_rate": {engagement_rate!r}, '
            f'"impression_rate": {impression_rate!r}, "brands": {brands!r}, "spend": {spend!r}, '
        )
        if "N" in numbers:
            numbers = numbers.replace("None", "null")
        if "inf" in numbers:
            numbers = _numbers_by_json((followers, engagement_rate, impression_rate, brands, spend))
        lines.append(
            f'{{"handle": {text(handle)}, {middle}{numbers}{review}'
            f'"note": {"null" if note is None else text(note)}, '
            f'"reviewer": {"null" if reviewer is None else text(reviewer)}}}'
        )
        if len(lines) >= BATCH:
            yield ("," if written else "") + "\n    " + ",\n    ".join(lines)
            written += len(lines)
            lines.clear()
    if lines:
        yield ("," if written else "") + "\n    " + ",\n    ".join(lines)
        written += len(lines)
    yield "\n  ]\n}" if written else "]\n}"


def render_json(report: dict[str, Any]) -> str:
    """The JSON report of an in-memory report (see iter_json)."""
    head = {key: value for key, value in report.items() if key != "influencers"}
    values = (
        tuple(tuple(e[f]) if f == "flags" else e[f] for f in INFLUENCER_FIELDS)
        for e in report["influencers"]
    )
    return "".join(iter_json(head, values))


def _tier_rows(report: dict[str, Any]) -> list[list[str]]:
    by_tier: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in report["influencers"]:
        by_tier[entry["tier"] or "unknown"].append(entry)
    # tiers in follower order (the scheme in force may come from the settings), unknown last
    order = sorted(
        by_tier,
        key=lambda tier: (tier == "unknown", min(e["followers"] or 0 for e in by_tier[tier])),
    )
    rows = []
    for tier in order:
        entries = by_tier.get(tier)
        if not entries:
            continue
        rows.append(
            [
                tier,
                fmt_count(len(entries)),
                fmt_rate(median(e["engagement_rate"] for e in entries)),
                fmt_rate(median(e["impression_rate"] for e in entries)),
                f"{median(e['brands'] for e in entries) or 0:g}",
            ]
        )
    return rows


def _sections(report: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]], str | None]]:
    """(title, header, rows, footnote) for each section."""
    platform_rows = [
        [
            p["platform"],
            fmt_money(p["spend"]),
            fmt_rate(p["spend_share"]),
            p["risk"].upper() if p["risk"] != "none" else "none",
        ]
        for p in report["platforms"]
    ]
    reasons = [f"{p['platform']}: {r}" for p in report["platforms"] for r in p["reasons"]]
    flagged = [e for e in report["influencers"] if e["flags"]]
    flagged.sort(key=lambda e: (-len(e["flags"]), e["platform"], e["handle"].lower()))
    flag_counts = {f: sum(f in e["flags"] for e in report["influencers"]) for f in FLAG_ORDER}
    flagged_rows = [
        [e["handle"], e["platform"], e["tier"] or "—", ", ".join(e["flags"])]
        for e in flagged[:LIST_LIMIT]
    ]
    ranked = [e for e in report["influencers"] if e["engagement_rate"] is not None]
    ranked.sort(key=lambda e: -e["engagement_rate"])
    best_rows = [
        [
            e["handle"],
            e["platform"],
            e["tier"] or "—",
            fmt_count(e["followers"]),
            fmt_rate(e["engagement_rate"]),
            fmt_rate(e["impression_rate"]),
            str(e["brands"]),
        ]
        for e in ranked[:LIST_LIMIT]
    ]
    more = len(flagged) - LIST_LIMIT
    flag_summary = ", ".join(f"{n} {f}" for f, n in flag_counts.items() if n) or "none"
    return [
        *_review_section(report),
        *_accepted_section(report),
        (
            "Platforms",
            ["platform", "spend", "share", "risk"],
            platform_rows,
            "\n".join(reasons) or None,
        ),
        *_rebalance_section(report),
        (
            f"Tiers ({report['tier_scheme']})",
            ["tier", "influencers", "median ER", "median IR", "median brands"],
            _tier_rows(report),
            None,
        ),
        (
            "Highest engagement rate",
            ["handle", "platform", "tier", "followers", "ER", "IR", "brands"],
            best_rows,
            None,
        ),
        (
            f"Flagged influencers ({len(flagged)}: {flag_summary})",
            ["handle", "platform", "tier", "flags"],
            flagged_rows,
            f"… and {more} more (see --format json)" if more > 0 else None,
        ),
    ]


def _review_section(
    report: dict[str, Any],
) -> list[tuple[str, list[str], list[list[str]], str | None]]:
    """The campaign review: every decided influencer with its note, and who is still open."""
    progress = report.get("progress")
    if not progress:
        return []
    order = {decision: index for index, decision in enumerate(REVIEWED)}
    decided = [e for e in report["influencers"] if e["decision"] in order]
    decided.sort(key=lambda e: (order[e["decision"]], e["platform"], e["handle"].lower()))
    rows = [
        [e["decision"], e["handle"], e["platform"], e["reviewer"] or "", e["note"] or ""]
        for e in decided
    ]
    open_ = [e for e in report["influencers"] if e["decision"] == UNREVIEWED]
    footnote = None
    if open_:
        names = ", ".join(e["handle"] for e in open_[:LIST_LIMIT])
        more = f" and {len(open_) - LIST_LIMIT} more" if len(open_) > LIST_LIMIT else ""
        footnote = f"not reviewed yet ({len(open_)}): {names}{more}"
    counts = Progress(progress["total"], progress["keep"], progress["watch"], progress["drop"])
    title = f"Review: {counts.line()}"
    return [(title, ["decision", "handle", "platform", "reviewer", "note"], rows, footnote)]


def _rebalance_section(
    report: dict[str, Any],
) -> list[tuple[str, list[str], list[list[str]], str | None]]:
    """The rebalance proposal: one row per move, the plain summary below."""
    plan = report.get("rebalance")
    if not plan or not (plan["moves"] or plan["left_out"]):
        return []
    rows = [
        [m["from"], m["to"], fmt_money(m["amount_per_week"]) + "/wk",
         f"{m['engagements_per_week']:+,}".replace("-", "−")]
        for m in plan["moves"]
    ]  # fmt: skip
    footnote = "\n".join(plan.get("summary", [])) or None
    return [("Rebalance (proposal)", ["from", "to", "amount", "engagements/wk"], rows, footnote)]


def _accepted_section(
    report: dict[str, Any],
) -> list[tuple[str, list[str], list[list[str]], str | None]]:
    """Rebalance proposals accepted in the review: who, when, the numbers."""
    accepted = report.get("rebalances_accepted")
    if not accepted:
        return []
    rows = [
        [a["accepted_at"], a["reviewer"], a["as_of"] or "", "; ".join(a["summary"])]
        for a in accepted
    ]
    return [("Rebalances accepted", ["when", "reviewer", "as of", "moves"], rows, None)]


def _heading(report: dict[str, Any]) -> str:
    campaign = f" · campaign {report['campaign']}" if report.get("campaign") else ""
    if report.get("filters"):
        campaign += f" · {report['filters']}"
    return (
        f"influence-tui report · as of {report['as_of'] or 'no data'} · "
        f"tiers {report['tier_scheme']}{campaign} · {counted(len(report['influencers']), 'influencers')}"
    )


def _budget_line(report: dict[str, Any]) -> str | None:
    """The campaign's budget pacing, in the words of the explorer's title."""
    budget = report.get("budget")
    if not budget:
        return None
    pacing = Pacing(budget["budget"], budget["spent"], budget["spent_share"], budget["time_share"])
    return fmt_pacing(pacing)


def _line(value: object) -> str:
    """Data in a report is one plain line: no escapes, no invisible or reordering characters."""
    return visible(str(value))


def render_text(report: dict[str, Any]) -> str:
    lines = [_line(_heading(report)), ""]
    if budget := _budget_line(report):
        lines[1:1] = [_line(budget)]
    for title, header, rows, footnote in _sections(report):
        rows = [[_line(c) for c in row] for row in rows]
        lines.append(_line(title))
        if not rows:
            lines.append("  (none)")
        else:
            widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
            for cells in [header, *rows]:
                lines.append(
                    "  "
                    + "  ".join(
                        str(c).ljust(w) for c, w in zip(cells, widths, strict=True)
                    ).rstrip()
                )
        if footnote:
            lines += ["  " + _line(line) for line in footnote.splitlines()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")


def _md_cell(text: str) -> str:
    """Escaped so a handle like `[x](http://…)` or `**x**` is shown, not followed or styled."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _line(text))


def render_markdown(report: dict[str, Any]) -> str:
    lines = [f"# {_md_cell(_heading(report))}", ""]
    if budget := _budget_line(report):
        lines += [_md_cell(budget), ""]
    for title, header, rows, footnote in _sections(report):
        lines += [f"## {_md_cell(title)}", ""]
        if rows:
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
        else:
            lines.append("(none)")
        if footnote:
            lines += [""] + [f"- {_md_cell(line)}" for line in footnote.splitlines()]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


RENDERERS = {"json": render_json, "text": render_text, "markdown": render_markdown}
