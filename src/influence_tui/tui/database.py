"""One database thread: the explorer's session is opened there, and every query runs there on
that thread's own connection. Thread workers (tui/workers.py) wait for it, the UI thread never
does: once the app has started, a call from its thread is refused."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from influence_tui.analysis.session import Session
from influence_tui.domain.rules import DEFAULT_RULES, RollupRules
from influence_tui.tui.changes import Change, ChangeWatch

T = TypeVar("T")
P = ParamSpec("P")


class DatabaseThread:
    def __init__(
        self,
        path: Path,
        *,
        read_only: bool,
        as_of: dt.date | None,
        today: dt.date | None = None,
        rules: RollupRules = DEFAULT_RULES,
    ) -> None:
        self.path = path
        self.rules = rules
        self.read_only = read_only
        self.as_of = as_of
        self.today = today
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="influence-db")
        self._session: Session | None = None
        self._watch: ChangeWatch | None = None
        self._ui_thread: int | None = None

    def refuse_waits_from_this_thread(self) -> None:
        """Called by the app on its own thread once it runs: from then on, `call` there raises
        instead of freezing the screen behind a query."""
        self._ui_thread = threading.get_ident()

    def _wait_for(self, job: Callable[[], T]) -> T:
        if threading.get_ident() == self._ui_thread:
            raise RuntimeError("the UI thread never waits on SQLite: run this in a worker")
        return self._executor.submit(job).result()

    def open(self) -> Session:
        """Open the session on the database thread (at start-up: a bad file is one line on
        stderr before any screen opens). Returns it for reading its as-of date."""
        return self._wait_for(self._connection)

    def _connection(self) -> Session:
        if self._session is None:
            self._session = Session.open(
                self.path,
                read_only=self.read_only,
                as_of=self.as_of,
                today=self.today,
                rules=self.rules,
            )
            self._watch = ChangeWatch(self._session, self.path)
        return self._session

    def _reopen(self) -> Session:
        if self._session is not None:
            self._session.close()
            self._session = None
        return self._connection()

    def poll(self) -> Change | None:
        """None when nothing changed since the last poll."""
        return self._wait_for(self._poll)

    def _poll(self) -> Change | None:
        session = self._connection()
        assert self._watch is not None
        return self._watch.poll(session, self._reopen)

    def call(
        self, function: Callable[Concatenate[Any, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run function(db, *args) on the database thread and wait for its result."""
        return self._wait_for(lambda: function(self._connection().db, *args, **kwargs))

    def call_session(
        self, function: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run function(session, *args) on the database thread: for writes."""
        return self._wait_for(lambda: function(self._connection(), *args, **kwargs))

    def close(self) -> None:
        def _close() -> None:
            if self._session is not None:
                self._session.close()
                self._session = None

        self._executor.submit(_close).result()
        self._executor.shutdown(wait=True)
