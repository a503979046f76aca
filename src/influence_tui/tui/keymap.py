"""Keymaps and help from bindings: a keymap checked against the binding ids before the app starts,
and the help screen's lines built from the bindings in force (keymap applied). The list of every
binding is `tui.launch.every_binding`, at the top of the tui, which may import every screen."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from textual.binding import Binding


class KeymapError(ValueError):
    def __init__(self, binding_id: str, message: str) -> None:
        super().__init__(f"keymap.{binding_id}: {message}")
        self.binding_id = binding_id


def check_keymap(keymap: Mapping[str, str], known: Mapping[str, Binding]) -> None:
    """Raises KeymapError for an id no binding in `known` has, or an empty key list."""
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            hint = difflib.get_close_matches(binding_id, sorted(known), n=1)
            suggestion = f" (did you mean {hint[0]}?)" if hint else ""
            raise KeymapError(binding_id, f"no key binding has this id{suggestion}")
        if not [key for key in keys.split(",") if key.strip()]:
            raise KeymapError(binding_id, "names no key")


def help_lines(bindings: Iterable[tuple[str, Binding]]) -> list[tuple[str, str]]:
    """(keys, what they do) for the explorer's bindings in force, one line per action: keys that
    do the same thing (j and ↓) share a line. `bindings` are (key shown, binding) pairs."""
    lines: dict[tuple[str, str], list[str]] = {}
    for shown, binding in bindings:
        what = binding.tooltip
        if not what:
            continue  # Textual's own bindings (focus, copy) are not the explorer's to explain
        keys = lines.setdefault((binding.action, what), [])
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), what) for (_, what), keys in lines.items()]
