"""Regenerate the demo data set in this folder, byte for byte: `python sample_data/make_sample.py`.

The data tells the brief's story: micro-influencers have the best rates and work with ~3 brands,
celebrities work with 20+, one celebrity's five paid videos never name the brand, a few posts hide
the #ad, and Snapchat's engagement slides over the last weeks (risk high) while Instagram holds
steady (none) and YouTube takes a one-week dip in impressions (a 65% shock: high, since a fall of
30% or more once is a sustained drop).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261101
FIRST_MONDAY = dt.date(2026, 4, 6)
WEEKS = 30  # Monday 2026-04-06 … Sunday 2026-11-01, the data's as-of date
PLATFORMS = ("instagram", "youtube", "snapchat")
CAMPAIGNS = [
    ("Glow Summer", "GlowCo", "2026-04-06", "2026-09-30", 60000),
    ("Trail Run", "Stride", "2026-05-04", "2026-11-01", 650000),
    ("Snack Attack", "Crunchies", "2026-06-01", "2026-11-01", 45000),
]
OTHER_BRANDS = [
    "Nimbus Audio",
    "PeakFuel",
    "Luma Cosmetics",
    "Orbit Mobile",
    "Fernway Travel",
    "Bolt Energy",
    "Casa Verde",
    "Kite Finance",
    "Mango Bank",
    "Pixel Forge",
    "Saltwater Swim",
    "Northwind Coffee",
    "Velvet Hair",
    "ZenMat Yoga",
    "Rocket Meals",
    "Cobalt Watches",
    "Sprout Kids",
    "Harbor Hotels",
    "Lantern Games",
    "Tidal Drinks",
    "Quartz Skincare",
    "Ember Grills",
    "Atlas Bags",
    "Juniper Tea",
]
FIRST = [
    "mia",
    "leo",
    "ava",
    "kai",
    "zoe",
    "eli",
    "ivy",
    "max",
    "ana",
    "sam",
    "noa",
    "ben",
    "lea",
    "tom",
    "isa",
    "raj",
    "una",
    "gus",
    "ada",
    "jon",
]
TOPICS = ["makes", "runs", "eats", "glows", "travels", "lifts", "cooks", "styles", "plays", "reads"]
COUNTRIES = ["US", "GB", "DE", "FR", "BR", "IN", "ES", "CA", "AU", "MX"]
CATEGORIES = ["beauty", "fitness", "food", "travel", "lifestyle", "gaming"]
# tier -> (followers range, count per platform, base ER, base IR, cost per sponsored post)
TIERS = {
    "micro": ((1_500, 9_999), 10, 0.075, 0.42, (150, 450)),
    "macro": ((10_000, 900_000), 7, 0.028, 0.16, (1_500, 9_000)),
    "celebrity": ((1_200_000, 60_000_000), 3, 0.009, 0.05, (25_000, 60_000)),
}
PLAIN_TITLES = [
    "Sunday reset routine",
    "What I eat in a day",
    "Q&A: your questions answered",
    "Five things I learned this month",
    "Morning run by the river",
    "Behind the scenes",
    "Weekly vlog",
    "My honest favourites",
    "Trying the viral recipe",
    "Tour of my new place",
]


def _snapchat_er_factor(week: int) -> float:
    """A slide over the last eight weeks, to about half of the level before it."""
    start = WEEKS - 8
    return 1.0 if week < start else 1.0 - 0.065 * (week - start + 1)


def _youtube_ir_factor(week: int) -> float:
    """A one-week dip in impressions in the last week: a shock, not a slide."""
    return 0.35 if week == WEEKS - 1 else 1.0


def build(rng: random.Random):
    influencers, posts, spend, signals = [], [], [], []
    n = 0
    for platform in PLATFORMS:
        for tier, ((low, high), count, base_er, base_ir, (cost_lo, cost_hi)) in TIERS.items():
            for i in range(count):
                handle = f"{FIRST[n % len(FIRST)]}.{TOPICS[(n * 7) % len(TOPICS)]}{n:02d}"
                n += 1
                if tier == "celebrity":
                    followers = int(rng.uniform(low, high) // 1000 * 1000)
                else:
                    followers = rng.randint(low, high)
                if platform == "instagram" and tier == "micro" and i == 0:
                    followers = 9_999  # the tier edge: still micro
                if platform == "instagram" and tier == "macro" and i == 0:
                    followers = 10_000  # the tier edge: macro
                known = not (platform == "snapchat" and tier == "macro" and i == 6)
                influencers.append(
                    {
                        "platform": platform,
                        "handle": handle,
                        "name": handle.split(".")[0].title()
                        + " "
                        + handle.split(".")[1].rstrip("0123456789").title(),
                        "followers": followers if known else "",
                        "country": COUNTRIES[n % len(COUNTRIES)],
                        "category": CATEGORIES[n % len(CATEGORIES)],
                        "compensation": "product" if tier == "micro" and i % 3 == 0 else "cash",
                    }
                )
                person = {
                    "platform": platform,
                    "handle": handle,
                    "tier": tier,
                    "i": i,
                    "followers": followers,
                    "er": base_er * rng.uniform(0.8, 1.2),
                    "ir": base_ir * rng.uniform(0.8, 1.2),
                    "cost": (cost_lo, cost_hi),
                    "outlier": platform == "instagram" and tier == "macro" and i == 3,
                }
                posts += _posts_of(rng, person)
    spend += _spend(rng)
    signals += _signals(rng)
    return influencers, posts, spend, signals


def _brands_for(person) -> list[str]:
    offset = sum(map(ord, person["handle"])) % len(OTHER_BRANDS)
    rotated = OTHER_BRANDS[offset:] + OTHER_BRANDS[:offset]
    return rotated[: {"micro": 2, "macro": 5, "celebrity": 22}[person["tier"]]]


def _posts_of(rng: random.Random, person) -> list[dict]:
    rows = []
    campaign = CAMPAIGNS[(person["i"] + PLATFORMS.index(person["platform"])) % len(CAMPAIGNS)]
    other_brands = _brands_for(person)
    celebrity_deal = (
        person["platform"] == "youtube" and person["tier"] == "celebrity" and person["i"] == 0
    )
    other_count = 0
    for week in range(WEEKS):
        day = FIRST_MONDAY + dt.timedelta(days=7 * week + rng.randint(0, 6))
        er = person["er"] * rng.uniform(0.93, 1.07)
        ir = person["ir"] * rng.uniform(0.93, 1.07)
        if person["platform"] == "snapchat":
            er *= _snapchat_er_factor(week)
        if person["platform"] == "youtube":
            ir *= _youtube_ir_factor(week)
        followers = person["followers"]
        views = int(followers * ir)
        engagements = int(followers * er)
        comments = max(0, int(engagements * rng.uniform(0.04, 0.1)))
        likes = engagements - comments
        row = {
            "platform": person["platform"],
            "handle": person["handle"],
            "external_id": f"{person['platform'][:2]}-{person['handle']}-{week:02d}",
            "campaign": "",
            "brand": "",
            "posted_at": day.isoformat(),
            "title": rng.choice(PLAIN_TITLES),
            "views": views,
            "likes": likes,
            "comments": comments,
            "shares": int(engagements * rng.uniform(0.01, 0.05)),
            "cost": "",
            "sponsored": "false",
            "likes_hidden": "false",
            "provenance": "measured",
        }
        name, brand, start, end, _ = campaign
        in_campaign = start <= day.isoformat() <= end
        if celebrity_deal and in_campaign and week % 4 == 0 and 8 <= week <= 24:
            # the five-video deal: paid, disclosed, but the brand is never named
            row.update(
                campaign=name,
                brand=brand,
                sponsored="true",
                cost=100_000,
                title=f"The run that changed everything, part {week // 4 - 1} #ad",
            )
        elif in_campaign and week % 3 == 1:
            cost = rng.randint(*person["cost"]) * (5 if person["outlier"] else 1)
            disclosure = "" if person["i"] in (2, 5) and week % 6 == 1 else " #ad"
            row.update(
                campaign=name,
                brand=brand,
                sponsored="true",
                cost=cost,
                title=f"My week with {brand}{disclosure}",
            )
        elif week % 3 == 2 or person["tier"] == "celebrity":
            # micro creators rotate through two brands of their own, celebrities through 22
            other = other_brands[other_count % len(other_brands)]
            other_count += 1
            row.update(brand=other, sponsored="true", title=f"Loving {other} lately #sponsored")
        if person["platform"] == "instagram" and person["i"] == 4 and week % 5 == 0:
            row.update(likes="", likes_hidden="true")
        if person["platform"] == "snapchat" and week % 2 == 0:
            row["provenance"] = "estimated"  # Snapchat views read off screenshots
        rows.append(row)
    return rows


def _spend(rng: random.Random) -> list[dict]:
    rows = []
    weights = {"instagram": 1.0, "youtube": 0.8, "snapchat": 0.65}
    for week in range(WEEKS):
        monday = FIRST_MONDAY + dt.timedelta(days=7 * week)
        for name, _, start, end, budget in CAMPAIGNS:
            if not start <= monday.isoformat() <= end:
                continue
            for platform in PLATFORMS:
                amount = budget / WEEKS * weights[platform] * rng.uniform(0.85, 1.15) / 2.2
                rows.append(
                    {
                        "platform": platform,
                        "campaign": name,
                        "date": monday.isoformat(),
                        "amount": f"{amount:.2f}",
                        "currency": "USD",
                        "note": "weekly media",
                    }
                )
    deal_weeks = [w for w in range(8, WEEKS) if w % 4 == 0][:5]
    for week in deal_weeks:
        day = FIRST_MONDAY + dt.timedelta(days=7 * week + 2)
        rows.append(
            {
                "platform": "youtube",
                "campaign": "Trail Run",
                "date": day.isoformat(),
                "amount": "100000.00",
                "currency": "USD",
                "note": "celebrity video fee",
            }
        )
    rows.sort(key=lambda r: (r["date"], r["platform"], r["campaign"], r["note"]))
    return rows


def _signals(rng: random.Random) -> list[dict]:
    rows = []
    price = 11.0
    for day_index in range(WEEKS * 7):
        day = FIRST_MONDAY + dt.timedelta(days=day_index)
        if day.weekday() >= 5:
            continue
        price *= rng.uniform(0.985, 1.016)
        if day_index == 7 * 18 + 2:
            price *= 0.94  # the celebrity tweet: about −6% in a day
        rows.append(
            {
                "platform": "snapchat",
                "metric": "share_price",
                "date": day.isoformat(),
                "value": f"{price:.2f}",
            }
        )
    # a Sunday reading closes the last week, so the data's as-of date is that Sunday
    rows[-1]["date"] = (FIRST_MONDAY + dt.timedelta(days=WEEKS * 7 - 1)).isoformat()
    return rows


def _write(name: str, rows: list[dict]) -> None:
    with (HERE / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    rng = random.Random(SEED)
    influencers, posts, spend, signals = build(rng)
    _write(
        "campaigns.csv",
        [dict(zip(("name", "brand", "start", "end", "budget"), c, strict=True)) for c in CAMPAIGNS],
    )
    _write("influencers.csv", influencers)
    _write("posts.csv", posts)
    _write("spend.csv", spend)
    _write("signals.csv", signals)
    print(
        f"{len(influencers)} influencers, {len(posts)} posts, {len(spend)} spend, {len(signals)} signals"
    )


if __name__ == "__main__":
    main()
