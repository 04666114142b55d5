"""Read JSON Lines record files line by line, reporting every bad line with its number."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from web.errors import RecordFileError
from web.records import strict_json


@dataclass(frozen=True)
class LineError:
    """Why one line of a file was rejected."""

    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class ParsedFile:
    """The valid records of a file, with their line numbers, and the rejected lines."""

    records: list[tuple[int, BaseModel]] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


class _LineRejected(ValueError):
    pass


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise RecordFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RecordFileError(f"{path}: is a folder, not a JSON Lines file") from None
    except OSError as error:
        raise RecordFileError(f"{path}: cannot be read ({error.strerror})") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            yield number, raw


def _decode(raw: bytes) -> dict[str, Any] | None:
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _LineRejected(
            f"not valid UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1}); "
            "save the file as UTF-8"
        ) from None
    if not line.strip():
        return None
    try:
        value = strict_json.loads(line)
    except json.JSONDecodeError as error:
        raise _LineRejected(f"not valid JSON: {error.msg} at column {error.colno}") from None
    except strict_json.StrictJSONError as error:
        raise _LineRejected(str(error)) from None
    if not isinstance(value, dict):
        raise _LineRejected(f"expected a JSON object, got {type(value).__name__}")
    return value


def describe_validation_error(error: ValidationError) -> str:
    """Turn a pydantic error into one line naming each bad field and why."""
    parts = []
    for item in error.errors():
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"]
        ).lstrip(".")
        kind = item["type"]
        if kind == "missing" or (item.get("input") is None and kind.endswith("_type")):
            reason = "is required (missing, null or empty)"
        elif kind == "extra_forbidden":
            reason = "is not a key of the contract (check the spelling)"
        elif kind == "literal_error":
            reason = f"{item['msg'][0].lower()}{item['msg'][1:]} (got {item['input']!r})"
        else:
            reason = item["msg"].removeprefix("Value error, ")
            if kind.endswith("_type"):
                reason += f" (got {type(item['input']).__name__} {item['input']!r})"
        parts.append(f"{where or 'record'}: {reason}")
    return "; ".join(parts)


def parse_lines(lines: Iterable[tuple[int, bytes]], schema: type[BaseModel]) -> ParsedFile:
    """Validate numbered raw lines against a record schema."""
    parsed = ParsedFile()
    lines_by_id: dict[str, list[int]] = defaultdict(list)
    for number, raw in lines:
        try:
            value = _decode(raw)
            if value is None:
                continue
            record = schema.model_validate(value)
        except _LineRejected as error:
            parsed.errors.append(LineError(number, str(error)))
            continue
        except ValidationError as error:
            parsed.errors.append(LineError(number, describe_validation_error(error)))
            continue
        lines_by_id[record.external_id].append(number)
        parsed.records.append((number, record))
    repeated = {key: lines for key, lines in lines_by_id.items() if len(lines) > 1}
    if repeated:
        # Which copy is meant is unknowable, so none of them is stored.
        parsed.records = [(n, r) for n, r in parsed.records if r.external_id not in repeated]
        for key, numbers in repeated.items():
            listed = ", ".join(map(str, numbers))
            for number in numbers:
                parsed.errors.append(
                    LineError(
                        number,
                        f"external_id {key!r} appears on lines {listed}; "
                        "a file may hold each id once",
                    )
                )
    parsed.errors.sort(key=lambda error: error.line)
    return parsed


def read_file(path: Path, schema: type[BaseModel]) -> ParsedFile:
    """Read and validate a JSON Lines file; raise RecordFileError if it cannot be opened."""
    return parse_lines(_lines(Path(path)), schema)


def write_file(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write records as UTF-8 JSON Lines and return how many were written."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, separators=(", ", ": ")))
            handle.write("\n")
            count += 1
    return count
