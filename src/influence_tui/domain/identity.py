"""Who is who: the one key that decides whether two handles are the same creator, and the key of a
post that has no id of its own. Every write and every lookup goes through these functions; SQLite's
lower() (ASCII only) never decides identity."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1 << 12)  # campaign and brand names repeat on every row of a file
def name_key(text: str) -> str:
    """Case- and form-insensitive key of a name: Unicode NFKC, casefold, surrounding spaces
    removed ('Élodie', 'ÉLODIE' and 'élodie' are one key; so are 'Ольга' and 'ольга')."""
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    # casefold can produce text that is not in NFKC (e.g. 'ß' → 'ss' is fine, but some
    # compatibility characters decompose); normalise again so the key is a fixed point
    return unicodedata.normalize("NFKC", folded)


def clean_handle(handle: str) -> str:
    """The handle as shown: surrounding spaces and one leading '@' removed; case and every
    character kept as the file gave them."""
    text = handle.strip()
    return text[1:].lstrip() if text.startswith("@") else text


@lru_cache(maxsize=1 << 17)  # a file names each creator on many rows
def handle_key(handle: str) -> str:
    """The identity of a creator on a platform: (platform, handle_key(handle))."""
    return name_key(clean_handle(handle))


def post_key(external_id: str | None, handle: str, posted_at: str, title: str | None) -> str:
    """A post's natural key on its platform: its own id, else who posted it, when and what."""
    if external_id:
        return external_id
    return f"@{handle_key(handle)}|{posted_at}|{title or ''}"
