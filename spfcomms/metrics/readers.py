"""Reading export files safely: hash, encoding, separators, line numbers, numbers.

Every complaint names the file and line (``reports.csv:7: column 'Unique Opens': 'abc'
is not a whole number``). Files are streamed: one pass hashes the bytes and checks the
encoding, the second parses rows one at a time.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path

from ..model.exceptions import MetricsError
from ..model.problems import Problem, SourceLocation, error, note, warning

_CHUNK = 1 << 20
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Bytes that Windows-1252 text in English and western European languages is made of:
# curly quotes, dashes, the ellipsis, the euro and pound signs, accented letters.
_CP1252_COMMON = frozenset(
    [0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0xA0, 0xA3, 0xA9, 0xAE, 0xB0, 0xB7]
    + [b for b in range(0xC0, 0x100) if b not in (0xD7, 0xF7)]
)


class SourceFormatError(MetricsError):
    """A row or the layout of an export is wrong: carries the ``Problem``, which names
    the file and line."""

    def __init__(self, file: str, line: int | None, message: str, code: str = "bad-export") -> None:
        self.problem = error(SourceLocation(file, line), message, code)
        super().__init__(f"{self.problem.location}: {message}")

    @property
    def file(self) -> str:
        """The export's file name."""
        return self.problem.file

    @property
    def line(self) -> int | None:
        """The line of the file, when the error is in one row."""
        return self.problem.line

    @property
    def message(self) -> str:
        """What is wrong, without the place."""
        return self.problem.message

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.file, self.line, self.message, self.problem.code))


@dataclass(slots=True)
class SourceFile:
    """An export file after the first pass: its digest, encoding and size in lines."""

    path: Path
    sha256: str
    size: int
    lines: int
    encoding: str | None
    """``None`` for binary formats (gzip) that the reader decodes itself."""
    problems: list[Problem] = field(default_factory=list)
    """Warnings met while reading (an encoding guessed, rows skipped)."""

    @property
    def name(self) -> str:
        """The name used in messages (``reports.csv``)."""
        return self.path.name

    def warn(self, line: int | None, message: str, code: str) -> None:
        """Note a warning at ``line`` of this file."""
        self.problems.append(warning(SourceLocation(self.name, line), message, code))

    def note(self, line: int | None, message: str, code: str) -> None:
        """Note what the import decided at ``line`` of this file (not a fault)."""
        self.problems.append(note(SourceLocation(self.name, line), message, code))

    def error(self, line: int | None, message: str) -> SourceFormatError:
        """An error at ``line`` of this file."""
        return SourceFormatError(self.name, line, message)


def inspect_file(path: Path, *, text: bool = True) -> SourceFile:
    """Hash ``path`` and, for text, settle its encoding (UTF-8, UTF-8 with BOM,
    UTF-16 with BOM, or Windows-1252 when that is certain); otherwise raise."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise MetricsError(f"{path}: cannot read: {exc.strerror}") from None
    digest = hashlib.sha256()
    size = lines = 0
    first_bad: tuple[int, int, int] | None = None  # line, column, byte
    with handle:
        head = handle.read(4)
        handle.seek(0)
        is_utf16 = text and head.startswith(_UTF16_BOMS)
        check_utf8 = text and not is_utf16
        for raw in handle:
            digest.update(raw)
            size += len(raw)
            lines += 1
            if check_utf8 and first_bad is None:
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    first_bad = (lines, exc.start + 1, raw[exc.start])
    source = SourceFile(path, digest.hexdigest(), size, lines, None)
    if not text:
        return source
    if is_utf16:
        source.encoding = "utf-16"
    elif first_bad is None:
        source.encoding = "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    elif _is_cp1252(path):
        source.encoding = "cp1252"
        source.warn(
            None, "not UTF-8; read as Windows-1252 (save exports as UTF-8 to be sure)", "encoding"
        )
    else:
        line, column, byte = first_bad
        raise source.error(
            line,
            f"not UTF-8 text: byte 0x{byte:02x} at column {column} cannot be read; "
            "save the export as UTF-8",
        )
    return source


def _is_cp1252(path: Path) -> bool:
    """True when every non-ASCII byte is a common Windows-1252 character standing alone
    or in pairs; longer runs are more likely another code page, so we refuse to guess."""
    run = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            for byte in chunk:
                if byte < 0x80:
                    run = 0
                    continue
                run += 1
                if byte not in _CP1252_COMMON or run > 2:
                    return False
    return True


def open_text(source: SourceFile) -> Generator[tuple[int, str], None, None]:
    """The lines of a text export with their 1-based numbers, decoded."""
    assert source.encoding is not None
    with source.path.open(encoding=source.encoding, newline="") as handle:
        yield from enumerate(handle, start=1)


def detect_delimiter(header: str) -> str:
    """``,``, ``;`` or a tab: whichever the header row uses most outside quotes."""
    counts = dict.fromkeys(",;\t", 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ","


@dataclass(slots=True)
class CsvTable:
    """The rows of a CSV export as ``(line, {column: value})``, header checked."""

    source: SourceFile
    header: list[str]
    header_line: int
    delimiter: str
    rows: Iterator[tuple[int, dict[str, str]]]
    preamble: list[str]
    """Comment lines (``# ...``) before the header, without the ``#``."""
    lines: Generator[tuple[int, str], None, None]

    def close(self) -> None:
        """Close the file (reading all rows closes it too)."""
        self.lines.close()


def read_csv(
    source: SourceFile,
    *,
    comments: bool = False,
    stop_at_blank: bool = False,
) -> CsvTable:
    """Open a CSV export: find the header (after ``#`` comment lines when ``comments``),
    detect the separator, and stream the rows with the line each starts on."""
    lines = open_text(source)
    preamble: list[str] = []
    header_text = ""
    header_line = 0
    for number, text in lines:
        stripped = text.strip().lstrip("\ufeff")
        if comments and stripped.startswith("#"):
            preamble.append(stripped.lstrip("#").strip())
            continue
        if not stripped:
            continue
        header_text, header_line = stripped, number
        break
    if not header_text:
        lines.close()
        raise source.error(None, "the file is empty: no header row")
    delimiter = detect_delimiter(header_text)
    header = [h.strip() for h in next(csv.reader([header_text], delimiter=delimiter))]
    return CsvTable(
        source,
        header,
        header_line,
        delimiter,
        _rows(source, lines, header, delimiter, stop_at_blank),
        preamble,
        lines,
    )


def _rows(
    source: SourceFile,
    lines: Generator[tuple[int, str], None, None],
    header: list[str],
    delimiter: str,
    stop_at_blank: bool,
) -> Iterator[tuple[int, dict[str, str]]]:
    consumed: list[int] = []

    def feed() -> Iterator[str]:
        for number, text in lines:
            if stop_at_blank and not consumed and not text.strip():
                return
            consumed.append(number)
            yield text

    reader = csv.reader(feed(), delimiter=delimiter, strict=True)
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise source.error(consumed[0] if consumed else None, f"bad CSV: {exc}") from None
            start = consumed[0]
            consumed.clear()
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise source.error(
                    start, f"{len(row)} fields, but the header row has {len(header)}"
                )
            yield start, dict(zip(header, (cell.strip() for cell in row), strict=False))
    finally:
        lines.close()


def find_columns(
    table: CsvTable, wanted: Mapping[str, Sequence[str]], *, required: Iterable[str] = ()
) -> dict[str, str]:
    """Map our names to the file's column names (case-insensitive, any alias).

    ``wanted`` is ``{ours: (alias, ...)}``; every name in ``required`` must be found,
    otherwise all the missing ones are named in one error.
    """
    by_key = {_key(column): column for column in table.header}
    found: dict[str, str] = {}
    for ours, aliases in wanted.items():
        for alias in aliases:
            column = by_key.get(_key(alias))
            if column is not None:
                found[ours] = column
                break
    missing = [wanted[name][0] for name in required if name not in found]
    if missing:
        names = ", ".join(f"'{m}'" for m in missing)
        raise table.source.error(
            table.header_line,
            f"missing column{'s' if len(missing) > 1 else ''} {names} "
            f"(the header has: {', '.join(table.header)})",
        )
    return found


def _key(name: str) -> str:
    return re.sub(r"[\s_]+", " ", name.strip().lower())


_WHOLE = re.compile(r"^\d+$|^\d{1,3}(?P<sep>[,.\u00a0\u202f' ])\d{3}(?:(?P=sep)\d{3})*$")
_DECIMAL = re.compile(r"^-?\d+(?:\.\d+)?$")


MAX_COUNT = 1_000_000_000
"""The largest figure accepted: no export of a bulletin's reach counts a billion of
anything, so a bigger number is a broken export (and would be stored imprecisely)."""


def check_count(source: SourceFile, line: int | None, column: str, value: float) -> float:
    """``value``, or a ``SourceFormatError`` when it is beyond ``MAX_COUNT`` either way."""
    if not -MAX_COUNT <= value <= MAX_COUNT:
        shown = f"{value:,}" if isinstance(value, int) else f"{value:,.0f}"
        raise source.error(
            line,
            f"{column}: {shown} is larger than any real count (the limit is "
            f"{MAX_COUNT:,}); check the export",
        )
    return value


def parse_whole(
    source: SourceFile, line: int, column: str, text: str, *, delimiter: str = ","
) -> int:
    """A count such as ``1234`` or ``1,234`` (``1.234`` too in ``;``-separated files)."""
    value = text.strip()
    match = _WHOLE.match(value)
    if match and not (match.group("sep") == "." and delimiter != ";"):
        count = int(re.sub(r"\D", "", value))
        check_count(source, line, f"column '{column}'", count)
        return count
    raise source.error(line, f"column '{column}': '{text}' is not a whole number")


_COUNT_CELL = re.compile(r"^(?P<count>[\d.,\u00a0\u202f' ]+?)\s*(?:\(\s*[\d.,]+\s*%\s*\))?$")
NOT_AVAILABLE = frozenset({"n/a", "na", "-", "--", ""})


def parse_count_cell(
    source: SourceFile, line: int, column: str, text: str, *, delimiter: str = ","
) -> int | None:
    """A count as mailing tools write it: ``1,777``, ``1,777 (43.61%)`` (the count and its
    share), or ``n/a`` (None)."""
    value = text.strip()
    if value.lower() in NOT_AVAILABLE:
        return None
    match = _COUNT_CELL.match(value)
    if match is None:
        raise source.error(line, f"column '{column}': '{text}' is not a whole number")
    return parse_whole(source, line, column, match.group("count"), delimiter=delimiter)


def parse_decimal(source: SourceFile, line: int, column: str, text: str) -> float:
    """A whole number (with thousands separators) or a decimal with a point."""
    value = text.strip()
    if _WHOLE.match(value):
        number = float(int(re.sub(r"\D", "", value)))
    elif _DECIMAL.match(value):
        number = float(value)
    else:
        raise source.error(line, f"column '{column}': '{text}' is not a number")
    return check_count(source, line, f"column '{column}'", number)


_DATETIME_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %I:%M:%S %p",
    # Mailchimp's report CSVs: "Jun 09, 2018 09:30 pm", "Mon, Apr 26, 2021 12:25".
    "%b %d, %Y %H:%M",
    "%a, %b %d, %Y %I:%M %p",
    "%a, %b %d, %Y %H:%M",
    "%a, %b %d, %Y %I:%M:%S %p",
    "%a, %b %d, %Y %H:%M:%S",
)


_datetime_patterns = list(_DATETIME_FORMATS)


def parse_datetime(
    source: SourceFile, line: int | None, column: str, text: str, *, tz: tzinfo
) -> datetime:
    """An aware datetime; times without an offset are read in the workspace time zone."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
        for pattern in _datetime_patterns:
            try:
                parsed = datetime.strptime(value, pattern)
            except ValueError:
                continue
            # An export writes every date alike: try this pattern first next time.
            if _datetime_patterns[0] != pattern:
                _datetime_patterns.remove(pattern)
                _datetime_patterns.insert(0, pattern)
            break
    if parsed is None:
        try:
            return day_start(parse_date(source, line, column, text), tz)
        except SourceFormatError:
            raise source.error(
                line, f"column '{column}': '{text}' is not a date and time"
            ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed.astimezone(UTC)


def parse_date(source: SourceFile, line: int | None, column: str, text: str) -> date:
    """``2023-06-01``, ``20230601`` or ``01/06/2023`` (day first, as in the UK)."""
    value = text.strip()
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise source.error(line, f"column '{column}': '{text}' is not a date (use YYYY-MM-DD)")


def day_start(day: date, tz: tzinfo) -> datetime:
    """Midnight at the start of ``day`` in ``tz``, as UTC."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
