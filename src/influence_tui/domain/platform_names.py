"""The platform registry's rules (DESIGN §2): well-known platforms and their aliases (`ig`, `insta` →
instagram; `yt` → youtube; `snap` → snapchat; twitter → x; …), and how a name in a file becomes a
platform: a platform already in the database, one of its aliases (kept when a platform is renamed or
merged), a well-known platform, or a name the import declares new (`--new-platform`); anything else
is refused with the nearest name as a suggestion."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from influence_tui.domain.models import normalize_platform

WELL_KNOWN = (
    "instagram", "youtube", "snapchat", "tiktok", "facebook", "x", "pinterest", "twitch",
    "linkedin", "threads", "reddit", "bluesky", "tumblr", "kick", "telegram", "discord", "vk",
    "weibo", "douyin", "bilibili", "spotify",
)  # fmt: skip
BUILT_IN_ALIASES = {
    "ig": "instagram", "insta": "instagram", "instagr.am": "instagram",
    "yt": "youtube", "youtu.be": "youtube", "ytshorts": "youtube", "youtubeshorts": "youtube",
    "snap": "snapchat", "sc": "snapchat",
    "tt": "tiktok", "tik-tok": "tiktok", "tik_tok": "tiktok", "douyin.com": "douyin",
    "fb": "facebook", "meta": "facebook",
    "twitter": "x", "x.com": "x", "tw": "x",
    "pin": "pinterest", "li": "linkedin", "bsky": "bluesky", "ttv": "twitch",
}  # fmt: skip


class UnknownPlatform(ValueError):
    """A platform name the registry does not know (with the nearest known name, if any)."""

    def __init__(self, given: str, suggestion: str | None) -> None:
        self.given = given
        self.suggestion = suggestion
        hint = f" — did you mean {suggestion}?" if suggestion else ""
        super().__init__(
            f"unknown platform {given!r}{hint} (if it is new, pass --new-platform {given})"
        )


@dataclass
class PlatformNames:
    """The names a database knows: its platforms and its own aliases (old name → platform)."""

    in_use: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    new: set[str] = field(default_factory=set)  # declared new by this import

    @classmethod
    def of(
        cls, in_use: Iterable[str], aliases: Mapping[str, str], new: Iterable[str] = ()
    ) -> PlatformNames:
        return cls(set(in_use), dict(aliases), {normalize_platform(n) for n in new})

    def resolve(self, text: str) -> str:
        """The platform a name stands for; UnknownPlatform (a ValueError) when there is none."""
        name = normalize_platform(text)
        if name in self.in_use or name in self.new:
            return name
        target = self.aliases.get(name) or BUILT_IN_ALIASES.get(name)
        if target is not None:
            return self.aliases.get(target, target)
        if name in WELL_KNOWN:
            return name
        raise UnknownPlatform(name, self.suggest(name))

    def suggest(self, name: str) -> str | None:
        targets = {**BUILT_IN_ALIASES, **self.aliases}
        candidates = sorted(self.in_use | set(WELL_KNOWN) | set(targets))
        close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
        if not close:
            return None
        return targets.get(close[0], close[0])
