"""Flags on screen: a one-letter code per flag, so every flag of a row fits a narrow column early
in the row (the codes are in the help and the flag picker; the details spell each one out)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from influence_tui.domain.flags import FLAG_ORDER
from influence_tui.domain.posts import POST_FLAG_ORDER

INFLUENCER_CODES = {
    "saturated": "S",
    "undisclosed": "U",
    "brand-unnamed": "B",
    "low-engagement": "L",
    "cost-outlier": "C",
    "followers-unknown": "F",
}
POST_CODES = {
    "undisclosed": "U",
    "brand-unnamed": "B",
    "sponsored": "$",
    "likes-hidden": "H",
    "estimated": "E",
}
assert set(INFLUENCER_CODES) == set(FLAG_ORDER) and set(POST_CODES) == set(POST_FLAG_ORDER)

FLAG_STYLE = "bold magenta"


def flag_codes(flags: Iterable[str], codes: dict[str, str]) -> Text:
    """The row's flags as their codes, in the order of `codes` (readable without colour: letters)."""
    present = set(flags)
    return Text(
        "".join(code for name, code in codes.items() if name in present),
        style=FLAG_STYLE,
        no_wrap=True,
    )


def coded(name: str, codes: dict[str, str]) -> str:
    """A flag with its code, as the help and the picker list it: `U undisclosed`."""
    return f"{codes.get(name, '?')} {name}"
