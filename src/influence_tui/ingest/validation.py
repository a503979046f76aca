"""Validating a batch of parsed rows with the kind's pydantic TypeAdapter: one call per batch; the
rows it refuses become rejects with a short reason per field."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from influence_tui.domain.models import ROW_ADAPTERS
from influence_tui.ingest.options import ImportResult, Reject, printable

_BOUNDS = {
    "greater_than_equal": "is below",
    "greater_than": "must be above",
    "less_than_equal": "is above",
    "less_than": "must be below",
}


def validate_batch(
    kind: str, batch: list[tuple[str, dict[str, Any], dict[str, Any]]], result: ImportResult
) -> list[dict[str, Any]]:
    """Validate a batch with the kind's TypeAdapter; invalid rows become rejects."""
    adapter = ROW_ADAPTERS[kind]
    typed = [row for _, row, _ in batch]
    try:
        checked: list[dict[str, Any]] = adapter.validate_python(typed)
        return checked
    except ValidationError as exc:
        reasons: dict[int, list[str]] = {}
        for err in exc.errors():
            loc = err["loc"]
            index = int(loc[0])  # the row's place in the batch
            name = ".".join(str(p) for p in loc[1:2]) or "row"
            message = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] in _BOUNDS:
                message = (
                    f"{err['input']!r} {_BOUNDS[err['type']]} {next(iter(err['ctx'].values()))}"
                )
            if err["type"] == "missing" or (err["input"] is None and "none" not in message.lower()):
                message = "missing"
            reasons.setdefault(index, []).append(f"{name}: {message}")
        valid = []
        for index, (location, row, raw) in enumerate(batch):
            if index in reasons:
                result.rejects.append(Reject(location, "; ".join(reasons[index]), printable(raw)))
            else:
                valid.append(row)
        checked = adapter.validate_python(valid)
        return checked
