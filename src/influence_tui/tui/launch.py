"""Opening the explorer on a database."""

from __future__ import annotations

import datetime as dt
import functools
import gc
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from influence_tui.config.settings import DEFAULT_SETTINGS, Settings

if TYPE_CHECKING:
    from textual.binding import Binding

    from influence_tui.tui.app import ExplorerApp


def explorer_app(
    path: Path,
    *,
    read_only: bool = False,
    as_of: dt.date | None = None,
    tier_scheme: str | None = None,
    campaign: str | None = None,
    reviewer: str | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    **app_options: Any,
) -> ExplorerApp:
    """The explorer with its session already open. The session is opened once, on the database
    thread, before any screen, so a bad database or campaign name is one line on stderr rather
    than a broken screen."""
    from influence_tui.analysis.session import view_settings
    from influence_tui.tui.database import DatabaseThread
    from influence_tui.tui.keymap import check_keymap

    if settings.keymap:  # finding every binding imports every screen: only for a keymap to check
        check_keymap(settings.keymap, every_binding())

    database = DatabaseThread(Path(path), read_only=read_only, as_of=as_of, rules=settings.rules)
    try:
        database.open()
        view = database.call_session(
            lambda s: view_settings(
                s, settings=settings, tier_scheme=tier_scheme, campaign=campaign
            )
        )
    except BaseException:
        database.close()
        raise
    from influence_tui.tui.app import ExplorerApp

    return ExplorerApp(
        Path(path),
        view,
        read_only=read_only,
        reviewer=reviewer,
        database=database,
        keymap=settings.keymap,
        **app_options,
    )


def explore(path: Path, **options: Any) -> None:
    resume = pause_collection()
    try:
        explorer_app(path, on_ready=resume, **options).run()
    finally:
        resume()


def pause_collection() -> Callable[[], None]:
    """Pause the cyclic garbage collector until the returned function is called (the explorer
    calls it once its first page is painted). Start-up imports textual, sqlite-utils and the app
    and builds the first screen: hundreds of thousands of objects that live as long as the
    process, which the collector would otherwise walk again and again before the first paint.
    Resuming freezes them out of its way (`gc.freeze`) and turns it back on."""
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    paused = [True]

    def resume() -> None:
        if paused:
            paused.clear()
            gc.freeze()
            gc.enable()

    return resume


@functools.cache
def every_binding() -> Mapping[str, Binding]:
    """Binding id -> binding, for every binding of the explorer that a keymap can change: those of
    every class in the tui's modules (found, not listed, so a new screen can't be forgotten). Found
    once: the command line checks a keymap before the terminal test, the explorer again."""
    import importlib
    import inspect
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import influence_tui.tui as package

    found: dict[str, Binding] = {}
    for module_info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(module_info.name)
        for _, owner in inspect.getmembers(module, inspect.isclass):
            if not issubclass(owner, DOMNode) or owner.__module__ != module.__name__:
                continue
            for binding in owner.BINDINGS:
                if isinstance(binding, Binding) and binding.id:
                    found.setdefault(binding.id, binding)
    return found
