"""Reading a file into (location, record) pairs: encodings, delimiters, CSV / JSON / JSON Lines."""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

DELIMITERS = (",", ";", "\t", "|")
# how many lines above the header may be blank, comma-only or a title
PREAMBLE_LINES = 20
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


class InputError(Exception):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass
class SourceFile:
    path: Path
    text: str
    format: str  # csv | json | jsonl
    encoding: str
    delimiter: str = ","
    warnings: list[str] = field(default_factory=list)
    preamble: int = 0  # rows above the header that were skipped

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES.get(self.delimiter, repr(self.delimiter))


def _decode(path: Path, data: bytes, warnings: list[str]) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(f"{path}: starts with a UTF-16 mark but is not UTF-16") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{path}: is {what}, not a CSV or JSON file")
    # a stray NUL byte is a damaged row (rejected with its line), not a binary file
    if _mostly_control(data[:65536]):
        raise InputError(f"{path}: is binary data, not a CSV or JSON file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        warnings.append(
            f"not UTF-8 (byte {exc.start}); read as Windows-1252 — check accented names"
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_MAGIC = (
    (b"SQLite format 3\x00", "a SQLite database"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive (an Excel .xlsx file is one: save it as CSV)"),
    (b"\x1f\x8b", "gzip-compressed (gunzip it first)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file (save it as CSV)"),
)


def _mostly_control(head: bytes) -> bool:
    """Text files have almost no control bytes besides tab, CR and LF. NUL bytes alone mark
    damaged rows (each rejected) unless they are a large share of the file (UTF-16 without its
    mark, a zero-filled file)."""
    if not head:
        return False
    nul = head.count(0)
    control = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 13))
    return control > max(8, len(head) // 100) or nul > len(head) * 0.3


def _sniff_delimiter(text: str) -> str:
    """The delimiter of the first line that has one and is not only delimiters (blank, comma-only
    and title lines above the header say nothing)."""
    for line in text.split("\n", PREAMBLE_LINES)[:PREAMBLE_LINES]:
        counts = {d: line.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.__getitem__)
        if counts[best] and line.strip(" \t\r\"'" + "".join(DELIMITERS)):
            return best
    return ","


def open_source(path: str | Path, fmt: str | None = None) -> SourceFile:
    path = Path(path)
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise InputError(f"{path}: no permission to read it") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror})") from None
    warnings: list[str] = []
    text, encoding = _decode(path, data, warnings)
    if not text.strip():
        raise InputError(f"{path}: is empty")
    suffix = path.suffix.lower()
    if fmt is None:
        if suffix in (".jsonl", ".ndjson"):
            fmt = "jsonl"
        elif suffix == ".json":
            fmt = "json"
        else:
            head = text.lstrip()[:1]
            fmt = "json" if head == "[" else "jsonl" if head == "{" else "csv"
    source = SourceFile(path, text, fmt, encoding, warnings=warnings)
    if fmt == "csv":
        source.delimiter = _sniff_delimiter(text)
    return source


def _filled(cells: list[str]) -> int:
    return sum(1 for cell in cells if cell.strip())


def _header_at(
    rows: list[list[str]], names_a_field: Callable[[list[str]], bool] | None = None
) -> int | None:
    """Which row is the header: the first one that is not a preamble row. A row is preamble when
    it is blank or comma-only, or a title: one filled cell above a row with several; or fewer
    cells and fewer filled cells than the row below it (`Top creators, 2024` above a header of
    five columns) and no cell that names a field. A pandas header with an empty index cell is
    still the header, and so is a header above rows with extra cells."""
    filled = [i for i, cells in enumerate(rows) if _filled(cells)]
    for place, i in enumerate(filled):
        below = rows[filled[place + 1]] if place + 1 < len(filled) else None
        if below is None:
            return i
        row = rows[i]
        if _filled(row) <= 1 and any(_filled(rows[j]) >= 2 for j in filled[place + 1 :]):
            continue
        fewer = len(row) < len(below) and _filled(row) < _filled(below)
        if fewer and (names_a_field is None or not names_a_field(row)):
            continue
        return i
    return None


class Unreadable(str):
    """In place of a record's cells: why the record cannot be read."""


def csv_records(
    source: SourceFile, names_a_field: Callable[[list[str]], bool] | None = None
) -> tuple[list[str], Iterator[tuple[str, list[str] | Unreadable]]]:
    """The header and an iterator of (location, cells). Blank lines are not records. Blank,
    comma-only and title rows (one filled cell) above the header are skipped and counted in
    `source.preamble`, when a later row has more filled cells."""
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=source.delimiter)
    window: list[tuple[int, list[str]]] = []
    broken: tuple[str, Unreadable] | None = None  # a record after the header that failed
    start = 1
    while len(window) < PREAMBLE_LINES:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if not any(_filled(c) for _, c in window):
                raise InputError(
                    f"{source.path}: the header cannot be read as CSV ({exc})"
                ) from None
            broken = (f"line {start}", Unreadable(f"unreadable CSV: {exc}"))
            start = reader.line_num + 1
            break
        window.append((start, cells))
        start = reader.line_num + 1
        wide = next((i for i, (_, c) in enumerate(window) if _filled(c) >= 2), None)
        if wide is not None and any(_filled(c) for _, c in window[wide + 1 :]):
            break  # a candidate header and a row below it to compare with
    at = _header_at([cells for _, cells in window], names_a_field)
    if at is None:
        raise InputError(f"{source.path}: is empty")
    header = window[at][1]
    source.preamble = sum(1 for _, cells in window[:at])
    if len(header) > 10_000 or any(len(cell) > 1000 for cell in header):
        raise InputError(f"{source.path}: the first line is not a CSV header")
    buffered = window[at + 1 :]

    def records() -> Iterator[tuple[str, list[str] | Unreadable]]:
        nonlocal start
        for line, cells in buffered:
            if cells and any(c.strip() for c in cells):
                yield f"line {line}", cells
        if broken is not None:
            yield broken
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield f"line {start}", Unreadable(f"unreadable CSV: {exc}")
                start = reader.line_num + 1
                continue
            if cells and any(c.strip() for c in cells):
                yield f"line {start}", cells
            start = reader.line_num + 1

    return header, records()


def json_records(source: SourceFile) -> Iterator[tuple[str, object]]:
    """(location, object) pairs from a JSON array or JSON Lines; a broken line is one record."""
    if source.format == "json":
        try:
            data = json.loads(source.text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{source.path}: not valid JSON ({exc.msg} at line {exc.lineno})"
            ) from None
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), None)
        if not isinstance(data, list):
            raise InputError(f"{source.path}: JSON must be a list of objects")
        for index, item in enumerate(data, start=1):
            yield f"item {index}", item
        return
    for number, line in enumerate(source.text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {number}", ValueError(f"not valid JSON ({exc.msg})")
