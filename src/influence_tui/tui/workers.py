"""The one way the explorer runs database work: a thread worker whose results go back as messages
(tui/messages.py) and whose errors take one path: a one-line notification, and the screen stays.
A database that breaks under the explorer (a corrupted page, a vanished file, a bug in a query)
costs the view that asked, never the app."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar

from textual import work
from textual.dom import DOMNode
from textual.message import Message
from textual.worker import NoActiveWorker, Worker, get_current_worker

from influence_tui.tui.messages import Notice

P = ParamSpec("P")
N = TypeVar("N", bound=DOMNode)


def one_line(exc: BaseException) -> str:
    """The problem in one line: the error's own words (the store explains its errors in one
    line), else its type."""
    return " ".join(str(exc).split()) or type(exc).__name__


def problem(exc: BaseException) -> Notice:
    return Notice(one_line(exc), "error")


def report_problem(node: DOMNode, exc: BaseException) -> None:
    """From any thread: tell the app, which shows it as a notification."""
    node.app.post_message(problem(exc))


def deliver(node: DOMNode, message: Message) -> bool:
    """Post a worker's result to `node`, unless the worker was cancelled (a newer load replaced
    it, or the node is gone): a stale page never overwrites a newer one."""
    try:
        if get_current_worker().is_cancelled:
            return False
    except NoActiveWorker:
        pass
    return node.post_message(message)


def database_work(
    *, group: str = "default", exclusive: bool = False
) -> Callable[[Callable[Concatenate[N, P], None]], Callable[Concatenate[N, P], Worker[None]]]:
    """Decorate a method of a screen or widget that reads or writes on the database thread: it
    runs as a thread worker (`exclusive`: a newer call in its `group` cancels an older one), and
    any error it raises is reported by `report_problem`, never ends the app."""

    def decorate(
        method: Callable[Concatenate[N, P], None],
    ) -> Callable[Concatenate[N, P], Worker[None]]:
        @wraps(method)
        def guarded(node: N, /, *args: P.args, **kwargs: P.kwargs) -> None:
            try:
                method(node, *args, **kwargs)
            except Exception as exc:
                report_problem(node, exc)

        return work(guarded, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    return decorate
