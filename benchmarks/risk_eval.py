"""Evaluation harness of the platform risk rule (DESIGN.md §4, issue #13).

Synthetic series with the weekly volatility of real ones, each rule evaluated at every weekly
as-of date (a Friday for daily prices: the trading week's close; a Sunday for weekly engagement
series, whose weeks count once they are over):

- calm: stationary noise, random walks, rising walks, spikes that recover, gaps: how often is the
  verdict `none` (target ≥ 95% of as-of dates), and how many alarms start per series-year
  (`medium` or worse, and `high`; target for `high`: 0);
- events: one-week shocks of −15/−25/−40% and slides of −20/−40% over 4/8/12 weeks, the level
  held after: is a shock at least `medium` at the first as-of after its week, and is a fall of
  ≥ 20% `high` once it has been held for 3 weeks; the delays in weeks;
- the labelled real series in ../shared/data/real (`*.labels.csv`: as_of, expected): agreement.

    .venv/bin/python benchmarks/risk_eval.py                          # print the table
    .venv/bin/python benchmarks/risk_eval.py --results benchmarks/RESULTS.md
    .venv/bin/python benchmarks/risk_eval.py --series 3               # a quick look

Volatilities: prices move like PINS 2021 (weekly closes: sd 8.3%, robust spread 1.4826 × MAD
6.4%) and like a calmer large cap ("a usual week moves ±5%"); engagement rates get 8% weekly
noise (the daily median ER by views of the US YouTube trending file moves 12.5% day to day; a
weekly median over several days and posts moves less)."""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import math
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from risk_old_rule import old_severity, old_weekly_signal  # noqa: E402

REAL = HERE.parent.parent / "shared" / "data" / "real"
START = dt.date(2019, 1, 7)  # a Monday
RANK = {"none": 0, "medium": 1, "high": 2}
SECTION = "## Platform risk rule: evaluation harness"

Observation = tuple[dt.date, float]
# a rule: (observations up to as_of, oldest first; as_of; daily?) -> severity
Rule = Callable[[Sequence[Observation], dt.date, bool], str]


# --- the rules ------------------------------------------------------------------------------------


def old_rule(observations: Sequence[Observation], as_of: dt.date, daily: bool) -> str:
    if daily:
        return old_severity(old_weekly_signal(observations, as_of))
    # weekly series: one value per week (None: a week with too few posts), dated Monday
    return old_severity([v for monday, v in observations if monday + dt.timedelta(days=6) <= as_of])


def rules(overrides: dict[str, float] | None = None) -> dict[str, Rule]:
    found: dict[str, Rule] = {"old": old_rule}
    try:
        from influence_tui.domain.risk import RiskConfig, assess_series
        from influence_tui.domain.weeks import signal_weeks, weekly_points
    except ImportError:  # before the new rule existed
        return found
    config = RiskConfig(**(overrides or {}))  # type: ignore[arg-type]

    def new_rule(observations: Sequence[Observation], as_of: dt.date, daily: bool) -> str:
        if daily:
            weeks = signal_weeks(observations, as_of)
        else:
            weeks = weekly_points(
                [(m, v) for m, v in observations if m + dt.timedelta(days=6) <= as_of]
            )
        return assess_series("share_price", weeks, "number", config).severity

    found["new"] = new_rule
    return found


# --- synthetic series -----------------------------------------------------------------------------


@dataclass
class Series:
    daily: bool
    observations: list[Observation]  # daily: (day, value); weekly: (Monday, value or None)
    event_week: int | None = None  # week index of the shock or of the slide's start
    fall: float = 0.0
    slide_weeks: int = 0  # 0: a one-week shock
    weeks: int = 0

    def factor(self, week: float) -> float:
        """The planned level (1 before the event) at a fractional week index."""
        if self.event_week is None or week < self.event_week:
            return 1.0
        if not self.slide_weeks:
            return 1.0 - self.fall
        done = min(1.0, (week - self.event_week) / self.slide_weeks)
        return 1.0 - self.fall * done

    def first_week_fallen(self, fraction: float) -> int | None:
        """The first week whose planned level (at its end) is ≥ `fraction` below the start."""
        if self.event_week is None:
            return None
        for week in range(self.event_week, self.weeks):
            if self.factor(week + 1 - 1e-9) <= 1 - fraction + 1e-9:
                return week
        return None


@dataclass
class Scenario:
    name: str
    kind: str  # calm | shock | slide
    series: list[Series] = field(default_factory=list)


def _monday(week: int) -> dt.date:
    return START + dt.timedelta(weeks=week)


def price_series(
    rng: random.Random,
    weeks: int,
    weekly_sd: float,
    *,
    drift: float = 0.0,
    event_week: int | None = None,
    fall: float = 0.0,
    slide_weeks: int = 0,
    spikes: bool = False,
    gaps: bool = False,
) -> Series:
    """A daily trading-day price (Monday–Friday, a few holidays): a random walk of log returns
    with `weekly_sd` per week, `drift` per week, and the event (a one-day fall on a random day of
    the event week, or a slide over `slide_weeks` weeks)."""
    series = Series(True, [], event_week, fall, slide_weeks, weeks)
    daily_sd = weekly_sd / math.sqrt(5)
    walk = math.log(50.0)
    shock_day = rng.randrange(5)
    spike_until = -1
    spike = 0.0
    for week in range(weeks):
        if gaps and rng.random() < 0.04:  # a week without any reading
            walk += rng.gauss(drift, weekly_sd)
            continue
        for weekday in range(5):
            walk += rng.gauss(drift / 5, daily_sd)
            index = week * 5 + weekday
            if spikes and index > spike_until and rng.random() < 0.02:
                spike, spike_until = rng.choice((0.25, 0.35)), index + rng.randint(2, 4)
            if index > spike_until:
                spike = 0.0
            holiday = rng.random() < (0.12 if gaps else 0.035)
            if holiday:
                continue
            position = week + (weekday + 1) / 5
            if not slide_weeks and event_week is not None:
                level = 1 - fall if (week, weekday) >= (event_week, shock_day) else 1.0
            else:
                level = series.factor(position)
            day = _monday(week) + dt.timedelta(days=weekday)
            series.observations.append((day, round(math.exp(walk) * level * (1 + spike), 4)))
    return series


def rate_series(
    rng: random.Random,
    weeks: int,
    noise: float,
    *,
    drift: float = 0.0,
    event_week: int | None = None,
    fall: float = 0.0,
    slide_weeks: int = 0,
    spikes: bool = False,
    gaps: bool = False,
) -> Series:
    """A weekly engagement rate (the median of the week's posts): a stationary level around
    2.5% with multiplicative noise, a drift per week, the event, spikes of +30–40% for one week,
    and gap weeks (too few posts: None)."""
    series = Series(False, [], event_week, fall, slide_weeks, weeks)
    for week in range(weeks):
        if gaps and rng.random() < 0.12:
            series.observations.append((_monday(week), None))  # type: ignore[arg-type]
            continue
        level = 0.025 * (1 + drift) ** week * series.factor(week + 1 - 1e-9)
        if spikes and rng.random() < 0.08:
            level *= rng.uniform(1.3, 1.4)
        value = level * math.exp(rng.gauss(0, noise))
        series.observations.append((_monday(week), round(value, 6)))
    return series


def scenarios(per: int, seed: int) -> list[Scenario]:
    rng = random.Random(seed)
    calm_weeks, history, after = 104, 40, 16
    found = [
        Scenario("calm: ER noise 8%", "calm",
                 [rate_series(rng, calm_weeks, 0.08) for _ in range(per)]),
        Scenario("calm: ER noise 8%, gap weeks", "calm",
                 [rate_series(rng, calm_weeks, 0.08, gaps=True) for _ in range(per)]),
        Scenario("calm: ER noise 8%, spikes that recover", "calm",
                 [rate_series(rng, calm_weeks, 0.08, spikes=True) for _ in range(per)]),
        Scenario("rising: ER +1%/wk, noise 8%", "calm",
                 [rate_series(rng, calm_weeks, 0.08, drift=0.01) for _ in range(per)]),
        Scenario("calm: price walk 5%/wk", "calm",
                 [price_series(rng, calm_weeks, 0.05) for _ in range(per)]),
        Scenario("calm: price walk 8%/wk (PINS)", "calm",
                 [price_series(rng, calm_weeks, 0.08) for _ in range(per)]),
        Scenario("calm: price walk 5%/wk, gaps", "calm",
                 [price_series(rng, calm_weeks, 0.05, gaps=True) for _ in range(per)]),
        Scenario("calm: price walk 5%/wk, spikes that recover", "calm",
                 [price_series(rng, calm_weeks, 0.05, spikes=True) for _ in range(per)]),
        Scenario("rising: price walk 5%/wk +1%/wk", "calm",
                 [price_series(rng, calm_weeks, 0.05, drift=0.01) for _ in range(per)]),
    ]  # fmt: skip
    weeks = history + after
    for fall in (0.15, 0.25, 0.40):
        found.append(Scenario(f"shock −{fall:.0%}: ER noise 8%", "shock", [
            rate_series(rng, weeks, 0.08, event_week=history, fall=fall) for _ in range(per)
        ]))  # fmt: skip
        found.append(Scenario(f"shock −{fall:.0%}: price 5%/wk", "shock", [
            price_series(rng, weeks, 0.05, event_week=history, fall=fall) for _ in range(per)
        ]))  # fmt: skip
        found.append(Scenario(f"shock −{fall:.0%}: price 8%/wk", "shock", [
            price_series(rng, weeks, 0.08, event_week=history, fall=fall) for _ in range(per)
        ]))  # fmt: skip
    for fall in (0.20, 0.40):
        for span in (4, 8, 12):
            found.append(Scenario(f"slide −{fall:.0%} over {span} wks: ER noise 8%", "slide", [
                rate_series(rng, weeks, 0.08, event_week=history, fall=fall, slide_weeks=span)
                for _ in range(per)
            ]))  # fmt: skip
            found.append(Scenario(f"slide −{fall:.0%} over {span} wks: price 5%/wk", "slide", [
                price_series(rng, weeks, 0.05, event_week=history, fall=fall, slide_weeks=span)
                for _ in range(per)
            ]))  # fmt: skip
    gap_rng = random.Random(seed + 1)
    found.append(Scenario("shock −25%: ER noise 8%, gap weeks", "shock", [
        rate_series(gap_rng, weeks, 0.08, event_week=history, fall=0.25, gaps=True)
        for _ in range(per)
    ]))  # fmt: skip
    found.append(Scenario("shock −25%: price 5%/wk, gaps", "shock", [
        price_series(gap_rng, weeks, 0.05, event_week=history, fall=0.25, gaps=True)
        for _ in range(per)
    ]))  # fmt: skip
    return found


# --- evaluation -----------------------------------------------------------------------------------


def as_of_of(series: Series, week: int) -> dt.date:
    """The weekly as-of date of a week: its Friday for a daily price, its Sunday for a weekly rate."""
    return _monday(week) + dt.timedelta(days=4 if series.daily else 6)


def weekly_closes(series: Series) -> dict[int, float]:
    """week index -> the series' last value of that week (what the weekly level did)."""
    found: dict[int, float] = {}
    for day, value in series.observations:
        if value is not None:
            found[(day - START).days // 7] = value
    return found


def drawdown(closes: dict[int, float], week: int, weeks: int = 12) -> float | None:
    """The week's close against the highest close of the `weeks` weeks before it."""
    before = [closes[w] for w in range(week - weeks, week) if w in closes]
    if week not in closes or not before:
        return None
    return closes[week] / max(before) - 1


class Verdicts:
    """A rule's verdict on a series at each week's as-of (computed once, on demand)."""

    def __init__(self, rule: Rule, series: Series) -> None:
        self.rule, self.series = rule, series
        self.days = [day for day, _ in series.observations]
        self.cache: dict[int, str] = {}

    def at(self, week: int) -> str:
        if week not in self.cache:
            as_of = as_of_of(self.series, week)
            # the rules look back at most 36 weeks (26 of changes + 8 of baseline + 2)
            first = bisect.bisect_left(self.days, as_of - dt.timedelta(weeks=40))
            last = bisect.bisect_right(self.days, as_of)
            observations = self.series.observations[first:last]
            self.cache[week] = self.rule(observations, as_of, self.series.daily)
        return self.cache[week]


@dataclass
class Row:
    scenario: str
    measure: str
    target: str
    values: dict[str, str] = field(default_factory=dict)


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _delay(values: list[int | None]) -> str:
    found = [v for v in values if v is not None]
    missed = len(values) - len(found)
    text = f"{round(statistics.median(found)):+d}" if found else "—"
    return text + (f" ({missed} missed)" if missed else "")


def evaluate_calm(scenario: Scenario, rule: Rule) -> tuple[str, str, str, str]:
    weeks_rated = none = medium_starts = high_starts = unexplained = 0
    years = 0.0
    for series in scenario.series:
        verdicts = Verdicts(rule, series)
        closes = weekly_closes(series)
        first = 36  # enough history for every look-back
        previous = "none"
        for week in range(first, series.weeks):
            verdict = verdicts.at(week)
            weeks_rated += 1
            none += verdict == "none"
            medium_starts += RANK[verdict] >= 1 and RANK[previous] < 1
            if verdict == "high" and previous != "high":
                high_starts += 1
                # a walk does fall: a high without a 20% fall from its 12-week high is false
                fell = drawdown(closes, week)
                unexplained += fell is None or fell > -0.20
            previous = verdict
        years += (series.weeks - first) / 52.18
    return (
        _pct(none, weeks_rated),
        f"{medium_starts / years:.2f}" if years else "—",
        f"{high_starts / years:.2f}" if years else "—",
        f"{unexplained / years:.2f}" if years else "—",
    )


def evaluate_event(scenario: Scenario, rule: Rule) -> dict[str, str]:
    at_first, medium_delays, high_hits, high_delays = 0, [], 0, []
    seen_fall = seen_caught = 0
    needs_high = False
    for series in scenario.series:
        assert series.event_week is not None
        verdicts = Verdicts(rule, series)
        reference = series.first_week_fallen(0.15)
        assert reference is not None
        caught = RANK[verdicts.at(reference)] >= 1
        at_first += caught
        if not series.slide_weeks:
            closes = weekly_closes(series)
            week = series.event_week
            if week in closes and week - 1 in closes and closes[week] / closes[week - 1] <= 0.85:
                seen_fall += 1  # the week, as the data shows it, fell ≥ 15%
                seen_caught += caught
        medium_delays.append(next(
            (w - reference for w in range(series.event_week, series.weeks)
             if RANK[verdicts.at(w)] >= 1), None,
        ))  # fmt: skip
        fallen = series.first_week_fallen(0.20)
        if fallen is not None:
            needs_high = True
            target = fallen + 2  # held for 3 weeks: the fallen week and two more
            if target < series.weeks and verdicts.at(target) == "high":
                high_hits += 1
            high_delays.append(next(
                (w - fallen for w in range(series.event_week, series.weeks)
                 if verdicts.at(w) == "high"), None,
            ))  # fmt: skip
    n = len(scenario.series)
    found = {
        "medium at 1st as-of": _pct(at_first, n)
        + (
            f" ({_pct(seen_caught, seen_fall)} of the {seen_fall} whose week fell ≥ 15%)"
            if not scenario.series[0].slide_weeks
            else ""
        ),
        "medium after": _delay(medium_delays),
    }
    if needs_high:
        found["high when held 3 wks"] = _pct(high_hits, n)
        found["high after"] = _delay(high_delays)
    return found


def read_real(
    folder: Path,
) -> list[tuple[str, list[Observation], list[tuple[dt.date, set[str], str]]]]:
    """Each labelled real series: (name, daily closes, [(as_of, expected verdicts, why)])."""
    found = []
    for labels in sorted(folder.glob("*.labels.csv")):
        data = labels.with_name(labels.name.replace(".labels.csv", ".csv"))
        if not data.exists():
            continue
        with data.open(encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        column = "Close" if "Close" in rows[0] else "value"
        date_column = "Date" if "Date" in rows[0] else "date"
        observations = [
            (dt.date.fromisoformat(r[date_column][:10]), float(r[column]))
            for r in rows if r[column] not in ("", "null")
        ]  # fmt: skip
        with labels.open(encoding="utf-8-sig") as handle:
            expected = [
                (dt.date.fromisoformat(r["as_of"]), set(r["expected"].split(" or ")),
                 r.get("what the price did", ""))
                for r in csv.DictReader(handle)
            ]  # fmt: skip
        found.append((data.stem, observations, expected))
    return found


def evaluate(
    per: int, seed: int, real: Path, overrides: dict[str, float] | None = None
) -> tuple[list[Row], list[str]]:
    chosen = rules(overrides)
    rows: list[Row] = []
    for scenario in scenarios(per, seed):
        row = Row(scenario.name, "", "")
        for name, rule in chosen.items():
            if scenario.kind == "calm":
                none, medium, high, unexplained = evaluate_calm(scenario, rule)
                row.target = "none ≥ 95%, high 0/yr"
                row.values[name] = (
                    f"none {none} · medium+ {medium}/yr · high {high}/yr "
                    f"({unexplained}/yr without a 20% fall)"
                )
            else:
                found = evaluate_event(scenario, rule)
                targets = []
                if scenario.kind == "shock":
                    targets.append("medium at 1st as-of 100%")
                if "high when held 3 wks" in found:
                    targets.append("high when held 3 wks 100%")
                row.target = ", ".join(targets)
                row.values[name] = " · ".join(f"{k} {v}" for k, v in found.items())
        rows.append(row)
    label_lines: dict[str, list[str]] = {name: [] for name in chosen}
    agreement: list[str] = []
    for name, observations, expected in read_real(real):
        for as_of, wanted, why in expected:
            cells = []
            for rule_name, rule in chosen.items():
                got = rule([o for o in observations if o[0] <= as_of], as_of, True)
                label_lines[rule_name].append("ok" if got in wanted else "MISS")
                cells.append(f"{rule_name}: {got}")
            agreement.append(
                f"| {name} | {as_of.isoformat()} | {' or '.join(sorted(wanted))} | "
                f"{' · '.join(cells)} | {why} |"
            )
    if agreement:
        values = {
            name: f"{lines.count('ok')} of {len(lines)} agree"
            for name, lines in label_lines.items()
        }
        rows.append(Row("real labelled series", "", "all agree", values))
    return rows, agreement


def table(rows: list[Row], names: list[str]) -> list[str]:
    lines = [
        "| scenario | target | " + " | ".join(f"{n} rule" for n in names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for row in rows:
        cells = " | ".join(row.values.get(n, "") for n in names)
        lines.append(f"| {row.scenario} | {row.target} | {cells} |")
    return lines


def write_results(path: Path, lines: list[str]) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    start = text.find(SECTION)
    block = "\n".join(lines) + "\n"
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + block
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + block + (text[end + 1 :] if end >= 0 else "")
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=40, help="series per scenario")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--real", type=Path, default=REAL, help="folder of labelled real series")
    parser.add_argument("--results", type=Path, help="write a section of this RESULTS.md")
    parser.add_argument("--notes", type=Path, help="a Markdown file appended to the section")
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE",
        help="try the new rule with another RiskConfig value (a trade-off), e.g. shock_fall=0.12",
    )  # fmt: skip
    args = parser.parse_args(argv)
    overrides = {k: float(v) for k, v in (item.split("=", 1) for item in args.set)}
    overrides = {
        k: int(v) if v.is_integer() and k.endswith(("weeks", "values", "declines", "window")) else v
        for k, v in overrides.items()
    }
    names = list(rules())
    rows, agreement = evaluate(args.series, args.seed, args.real, overrides)
    lines = table(rows, names)
    print("\n".join(lines))
    if agreement:
        print()
        print("\n".join(agreement))
    if args.results:
        command = f"python benchmarks/risk_eval.py --series {args.series} --seed {args.seed}"
        if args.notes:
            command += f" --notes {args.notes.as_posix()}"
        section = [
            SECTION,
            "",
            f"Command: `{command} --results benchmarks/RESULTS.md` · {args.series} series per "
            "scenario, each rated at every weekly as-of date (prices: Fridays; weekly rates: "
            "Sundays). *medium after*: weeks from the end of the first week the level had fallen "
            "≥ 15% (a shock's own week) to the first `medium` or worse (+0 = at the first as-of "
            "after it; negative: before); *high after*: weeks from the end of the first week it "
            "had fallen ≥ 20% to the first `high` (target ≤ +2: held 3 weeks); *missed*: never "
            "within 16 weeks of the event. Calm series: share of as-of dates rated `none`, and "
            "alarms started per series-year.",
            "",
            *lines,
        ]
        if agreement:
            section += [
                "",
                "| series | as-of | label | verdicts | what it did |",
                "|---|---|---|---|---|",
                *agreement,
            ]
        if args.notes and args.notes.exists():
            section += ["", args.notes.read_text(encoding="utf-8").rstrip("\n")]
        write_results(args.results, section + [""])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
