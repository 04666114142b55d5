"""Read an OpenSanctions file (targets.simple.csv or FtM entities as JSON lines) and check it whole.

A file is taken all or nothing: one unreadable row, a cut-off last line, a wrong checksum or a
missing newline at the end rejects the whole file, so a half-downloaded list never replaces a
complete one.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from web.errors import TalentBridgeError

# The columns of OpenSanctions' targets.simple.csv (zavod's SimpleCSVExporter); newer exports add
# `program_ids` and `last_change`. Only these must be present; any other column is ignored.
CSV_REQUIRED = ("id", "schema", "name", "aliases", "birth_date", "dataset")
CSV_KNOWN = (
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "program_ids",
    "dataset",
    "first_seen",
    "last_seen",
    "last_change",
)
PERSON_SCHEMAS = frozenset({"Person"})
ORGANIZATION_SCHEMAS = frozenset({"Organization", "Company", "PublicBody"})
# LegalEntity is used when a list does not say whether the target is a person or a body.
SCREENED_SCHEMAS = PERSON_SCHEMAS | ORGANIZATION_SCHEMAS | {"LegalEntity"}
_CHUNK = 1 << 20
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


class SanctionsListError(TalentBridgeError):
    """A sanctions list file that cannot be loaded; nothing of it is used."""


@dataclass
class Entry:
    """One list entry as screening needs it."""

    id: str
    schema: str
    caption: str
    names: list[str]
    birth_dates: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    sanctions: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return the entry as plain JSON data."""
        return asdict(self)


@dataclass
class ParsedFile:
    """Every screenable entry of a file, with what was skipped and the file's checksum."""

    entries: list[Entry]
    sha256: str
    format: str
    rows: int
    skipped: int
    list_date: str | None


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def declared_sha256(path: Path) -> str | None:
    """Return the checksum in `<file>.sha256` (sha256sum's format), if that file exists."""
    sidecar = path.with_name(path.name + ".sha256")
    if not sidecar.is_file():
        return None
    words = sidecar.read_text(encoding="utf-8", errors="replace").split()
    if not words or not _HEX.match(words[0]):
        raise SanctionsListError(f"{sidecar.name} does not start with a SHA-256 checksum")
    return words[0].lower()


def read_file(path: Path, expected_count: int | None = None) -> ParsedFile:
    """Parse and check a whole list file; raise SanctionsListError at the first problem."""
    if not path.is_file():
        raise SanctionsListError(f"{path} is not a file")
    size = path.stat().st_size
    if size == 0:
        raise SanctionsListError(f"{path.name} is empty")
    sha256 = file_sha256(path)
    declared = declared_sha256(path)
    if declared is not None and declared != sha256:
        raise SanctionsListError(
            f"{path.name} does not match the checksum in {path.name}.sha256: "
            "the download is incomplete or changed; fetch it again"
        )
    with path.open("rb") as handle:
        handle.seek(size - 1)
        if handle.read(1) != b"\n":
            raise SanctionsListError(
                f"{path.name} does not end with a line break: the last record is cut off "
                "(truncated download?)"
            )
        handle.seek(0)
        first = handle.read(64).lstrip(codecs.BOM_UTF8).lstrip()
    kind = "jsonl" if first.startswith(b"{") else "csv"
    try:
        with path.open(encoding="utf-8-sig", errors="strict", newline="") as text:
            parsed = _parse_jsonl(text) if kind == "jsonl" else _parse_csv(text)
    except UnicodeDecodeError as error:
        raise SanctionsListError(f"{path.name} is not UTF-8 text ({error.reason})") from None
    entries, rows, skipped, list_date = parsed
    if rows == 0:
        raise SanctionsListError(f"{path.name} holds no entries")
    if expected_count is not None and rows != expected_count:
        raise SanctionsListError(
            f"{path.name} holds {rows} entries, not the {expected_count} expected: "
            "the file is incomplete or not the one meant"
        )
    return ParsedFile(entries, sha256, kind, rows, skipped, list_date)


def _values(cell: str) -> list[str]:
    """Split a targets.simple.csv multi-value cell (itself `;`-separated CSV)."""
    if not cell:
        return []
    return [value.strip() for value in next(csv.reader([cell], delimiter=";")) if value.strip()]


def _later(current: str | None, value: str | None) -> str | None:
    if value and _DATE.match(value):
        day = value[:10]
        return day if current is None or day > current else current
    return current


def _parse_csv(text: io.TextIOBase) -> tuple[list[Entry], int, int, str | None]:
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise SanctionsListError("the file is empty") from None
    except csv.Error as error:
        raise SanctionsListError(f"line 1: {error}") from None
    header = [column.strip() for column in header]
    missing = [column for column in CSV_REQUIRED if column not in header]
    if missing:
        raise SanctionsListError(
            "this is not a targets.simple.csv file: the header lacks "
            + ", ".join(missing)
            + f" (expected columns: {', '.join(CSV_KNOWN)})"
        )
    position = {column: index for index, column in enumerate(header)}
    entries: list[Entry] = []
    seen: set[str] = set()
    rows = skipped = 0
    list_date: str | None = None
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                raise SanctionsListError(
                    f"line {line}: {len(row)} fields where the header has {len(header)} "
                    "(a cut-off or malformed record)"
                )

            def cell(name: str, row=row) -> str:
                index = position.get(name)
                return row[index].strip() if index is not None else ""

            entry_id, schema, name = cell("id"), cell("schema"), cell("name")
            if not entry_id or not schema:
                raise SanctionsListError(f"line {line}: a record without an id or a schema")
            if entry_id in seen:
                raise SanctionsListError(f"line {line}: the id {entry_id!r} appears twice")
            seen.add(entry_id)
            rows += 1
            list_date = _later(list_date, cell("last_seen") or cell("last_change"))
            if schema not in SCREENED_SCHEMAS or not name:
                skipped += 1
                continue
            names = [name] + [alias for alias in _values(cell("aliases")) if alias != name]
            entries.append(
                Entry(
                    id=entry_id,
                    schema=schema,
                    caption=name,
                    names=names,
                    birth_dates=_values(cell("birth_date")),
                    countries=_values(cell("countries")),
                    datasets=_values(cell("dataset")),
                    sanctions=_values(cell("sanctions")),
                    programs=_values(cell("program_ids")),
                )
            )
    except csv.Error as error:
        raise SanctionsListError(
            f"line {reader.line_num}: {error} (a cut-off or malformed record)"
        ) from None
    return entries, rows, skipped, list_date


def _strings(properties: dict, *names: str) -> list[str]:
    values: list[str] = []
    for name in names:
        for value in properties.get(name) or []:
            if isinstance(value, str) and value.strip() and value.strip() not in values:
                values.append(value.strip())
    return values


def _parse_jsonl(text: io.TextIOBase) -> tuple[list[Entry], int, int, str | None]:
    entries: list[Entry] = []
    seen: set[str] = set()
    rows = skipped = 0
    list_date: str | None = None
    for line_number, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise SanctionsListError(
                f"line {line_number}: not JSON ({error.msg}; a cut-off or malformed record)"
            ) from None
        if not isinstance(data, dict):
            raise SanctionsListError(f"line {line_number}: not a JSON object")
        entry_id, schema = data.get("id"), data.get("schema")
        properties = data.get("properties", {})
        if not isinstance(entry_id, str) or not entry_id or not isinstance(schema, str):
            raise SanctionsListError(f"line {line_number}: an entity without an id or a schema")
        if not isinstance(properties, dict):
            raise SanctionsListError(f"line {line_number}: `properties` is not an object")
        if entry_id in seen:
            raise SanctionsListError(f"line {line_number}: the id {entry_id!r} appears twice")
        seen.add(entry_id)
        rows += 1
        list_date = _later(list_date, data.get("last_seen") or data.get("last_change"))
        names = _strings(properties, "name", "alias", "previousName")
        # FtM exports also carry the sanctions, addresses and relatives around each target.
        if schema not in SCREENED_SCHEMAS or not names or data.get("target") is False:
            skipped += 1
            continue
        datasets = data.get("datasets") or []
        entries.append(
            Entry(
                id=entry_id,
                schema=schema,
                caption=data.get("caption") if isinstance(data.get("caption"), str) else names[0],
                names=names,
                birth_dates=_strings(properties, "birthDate"),
                countries=_strings(properties, "nationality", "citizenship", "country"),
                datasets=[value for value in datasets if isinstance(value, str)],
                sanctions=_strings(properties, "program"),
                programs=_strings(properties, "programId"),
            )
        )
    return entries, rows, skipped, list_date
