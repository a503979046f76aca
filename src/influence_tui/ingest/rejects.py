"""The rejects file: one CSV line per rejected row, with its location, its reason and its cells."""

from __future__ import annotations

import csv
from pathlib import Path

from influence_tui.ingest.options import ImportResult


def write_rejects(result: ImportResult, path: str | Path) -> None:
    fields = sorted({key for reject in result.rejects for key in reject.raw})
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["location", "reason", *fields])
        for reject in result.rejects:
            writer.writerow(
                [reject.location, reject.reason, *(reject.raw.get(f, "") for f in fields)]
            )
