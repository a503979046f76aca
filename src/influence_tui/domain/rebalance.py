"""What to do about a platform at risk (DESIGN.md §4): move part of its recent weekly spend to the
platforms not at risk, in proportion to their engagements per dollar (1 ÷ CPE), with the expected
change in weekly engagements at current CPE. A suggestion with its inputs shown, never a score."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from influence_tui.domain.risk import RiskConfig, Severity


@dataclass(frozen=True)
class PlatformFunds:
    """The inputs for one platform: its risk, its recent weekly spend and its CPE (None: no
    costs or no engagements, so no engagements per dollar to compare)."""

    platform: str
    risk: Severity
    weekly_spend: float
    cpe: float | None


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    amount: float  # per week
    engagements: float  # expected change in weekly engagements (gain at target − loss at source)


@dataclass(frozen=True)
class Rebalance:
    moves: tuple[Move, ...]
    left_out: tuple[tuple[str, str], ...]  # (platform, why)
    inputs: tuple[PlatformFunds, ...]

    @property
    def amount(self) -> float:
        return sum(m.amount for m in self.moves)

    @property
    def engagements(self) -> float:
        return sum(m.engagements for m in self.moves)

    def sources(self) -> list[str]:
        return list(dict.fromkeys(m.source for m in self.moves))

    def summary(self) -> list[str]:
        """One plain line per platform the money leaves, and the reasons for those left out."""
        lines = []
        for source in self.sources():
            moves = [m for m in self.moves if m.source == source]
            total = sum(m.amount for m in moves)
            gain = sum(m.engagements for m in moves)
            parts = ", ".join(f"{_money(m.amount)} to {m.target}" for m in moves)
            lines.append(
                f"move {_money(total)}/wk from {source}: {parts}; about "
                f"{_signed(gain)} engagements/wk at current CPE"
            )
        lines.extend(f"{platform}: {why}" for platform, why in self.left_out)
        return lines


def _money(amount: float) -> str:
    return f"${amount:,.0f}"


def _signed(count: float) -> str:
    rounded = round(count, -2) if abs(count) >= 1000 else round(count)
    return f"{'+' if rounded >= 0 else '−'}{abs(rounded):,.0f}"


def _cents(amount: float) -> float:
    return round(amount + 0.0, 2)


def propose_rebalance(
    platforms: Sequence[PlatformFunds], config: RiskConfig | None = None
) -> Rebalance:
    """Move `rebalance_medium_share` (medium) or `rebalance_high_share` (high) of each at-risk
    platform's weekly spend to the platforms not at risk, split by 1 ÷ CPE. The amounts moved
    out of a platform add up exactly (to the cent) to what it gives; nothing goes to a platform
    at risk or without a CPE."""
    config = config or RiskConfig()
    shares = {"medium": config.rebalance_medium_share, "high": config.rebalance_high_share}
    left_out: list[tuple[str, str]] = []
    targets = []
    for p in platforms:
        if p.risk != "none":
            continue
        if p.cpe is None or p.cpe <= 0:
            left_out.append((p.platform, "no cost per engagement yet, so it gets no share"))
        else:
            targets.append(p)
    weights = {p.platform: 1 / p.cpe for p in targets if p.cpe}
    total_weight = sum(weights.values())
    moves: list[Move] = []
    for source in platforms:
        if source.risk == "none" or source.weekly_spend <= 0:
            continue
        if not targets:
            left_out.append((source.platform, "at risk, but no platform not at risk to move to"))
            continue
        if source.cpe is None or source.cpe <= 0:
            left_out.append(
                (source.platform, "at risk, but no cost per engagement to weigh a move against")
            )
            continue
        amount = _cents(shares[source.risk] * source.weekly_spend)
        given = 0.0
        for i, target in enumerate(targets):
            if i == len(targets) - 1:
                part = _cents(amount - given)  # the remainder: the parts add up to the cent
            else:
                part = _cents(amount * weights[target.platform] / total_weight)
            given = _cents(given + part)
            assert target.cpe is not None
            gain = part / target.cpe - part / source.cpe
            moves.append(Move(source.platform, target.platform, part, gain))
    return Rebalance(tuple(moves), tuple(left_out), tuple(platforms))
