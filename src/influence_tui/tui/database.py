"""One database thread: the explorer's session is opened there, and every query runs there on
that thread's own connection, called from thread workers so the UI never waits on SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from influence_tui.analysis.session import Session, StoreError, version_token
from influence_tui.domain.rules import DEFAULT_RULES, RollupRules

T = TypeVar("T")
P = ParamSpec("P")

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel


def notify_from_worker(
    app: App[Any], message: object, severity: SeverityLevel = "information"
) -> None:
    """A notification from a thread worker; the message is shown as plain text, never markup."""
    app.call_from_thread(app.notify, str(message), severity=severity, markup=False)


def file_identity(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        raise StoreError(
            f"{path}: the database file is gone; the data shown may be stale"
        ) from None
    return stat.st_dev, stat.st_ino


@dataclass(frozen=True)
class Change:
    """What a poll found: "changed" (another connection committed) or "replaced" (the path is
    another file now), and the as-of date in force afterwards."""

    kind: str
    as_of: dt.date | None


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

    def open(self) -> Session:
        """Open the session on the database thread (at start-up: a bad file is one line on
        stderr before any screen opens). Returns it for reading its as-of date."""
        return self._executor.submit(self._connection).result()

    def _connection(self) -> Session:
        if self._session is None:
            self._session = Session.open(
                self.path,
                read_only=self.read_only,
                as_of=self.as_of,
                today=self.today,
                rules=self.rules,
            )
            self._identity = file_identity(self.path)
            self._version = version_token(self._session, self.path)
            self._reported_as_of = self._session.as_of
        return self._session

    def _reopen(self) -> Session:
        if self._session is not None:
            self._session.close()
            self._session = None
        return self._connection()

    def poll(self) -> Change | None:
        """None when nothing changed since the last poll."""
        return self._executor.submit(self._poll).result()

    def _poll(self) -> Change | None:
        session = self._connection()
        if file_identity(self.path) != self._identity:
            session = self._reopen()
            return Change("replaced", session.as_of)
        version = version_token(session, self.path)
        if version == self._version:
            if session.as_of == self._reported_as_of:
                return None
            # this session's own write (a spend entry, an import) moved the data's date
            self._reported_as_of = session.as_of
            return Change("changed", session.as_of)
        self._version = version
        if session.snapshot:  # an immutable snapshot does not see changes
            session = self._reopen()
        else:
            session.refresh()
        self._reported_as_of = session.as_of
        return Change("changed", session.as_of)

    def call(
        self, function: Callable[Concatenate[Any, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run function(db, *args) on the database thread and wait for its result."""
        future = self._executor.submit(lambda: function(self._connection().db, *args, **kwargs))
        return future.result()

    def call_session(
        self, function: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run function(session, *args) on the database thread: for writes."""
        future = self._executor.submit(lambda: function(self._connection(), *args, **kwargs))
        return future.result()

    def close(self) -> None:
        def _close() -> None:
            if self._session is not None:
                self._session.close()
                self._session = None

        self._executor.submit(_close).result()
        self._executor.shutdown(wait=True)
