"""Streaming a log file as blocks of raw lines, whether it is plain or compressed.

Compression is recognised by the file's first bytes, not its name: rotated logs are
often renamed (``access.log.1``) or compressed without the ``.gz`` suffix. Lines are
bytes, split on ``\\n`` only; nothing is decoded here. Memory stays bounded whatever the
file holds: data is read in fixed-size blocks, and a "line" longer than
``MAX_LINE_BYTES`` (a binary file, a corrupted log) is cut there and the rest of it
dropped, instead of growing a buffer without limit.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from ..model.exceptions import MetricsError

BLOCK_BYTES = 1 << 20
MAX_LINE_BYTES = 64 * 1024

# Long enough that no log line starts with one: gzip with deflate; bzip2 with its block
# size digit and the block header (or the end-of-stream marker of an empty stream).
_MAGIC = (
    (re.compile(rb"\x1f\x8b\x08"), "gzip"),
    (
        re.compile(rb"BZh[1-9](?:\x31\x41\x59\x26\x53\x59|\x17\x72\x45\x38\x50\x90)", re.DOTALL),
        "bzip2",
    ),
    (re.compile(rb"\xfd7zXZ\x00"), "xz"),
)


class Readable(Protocol):
    """A binary stream: a file, or a decompressor reading one."""

    def read(self, size: int = -1, /) -> bytes: ...


# What the decompressors raise on a truncated or corrupt file.
DECOMPRESSION_ERRORS: tuple[type[BaseException], ...] = (
    EOFError,
    gzip.BadGzipFile,
    zlib.error,
    lzma.LZMAError,
    OSError,
)


def detect_compression(path: Path) -> str | None:
    """``"gzip"``, ``"bzip2"``, ``"xz"`` or ``None`` for a plain file, from its magic bytes."""
    with path.open("rb") as handle:
        head = handle.read(10)
    for magic, name in _MAGIC:
        if magic.match(head):
            return name
    return None


@contextmanager
def open_log(path: Path) -> Iterator[tuple[Readable, BinaryIO]]:
    """The decompressed stream of ``path`` and the file on disk beneath it.

    The second handle's position is how far into the file on disk the reading has
    got, which is what a progress bar over the file's size needs.
    """
    try:
        compression = detect_compression(path)
        raw = path.open("rb")
    except OSError as exc:
        raise MetricsError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        stream: Readable
        if compression == "gzip":
            stream = gzip.GzipFile(fileobj=raw, mode="rb")
        elif compression == "bzip2":
            stream = bz2.BZ2File(raw, mode="rb")
        elif compression == "xz":
            stream = lzma.LZMAFile(raw, mode="rb")
        else:
            stream = raw
        yield stream, raw
    finally:
        raw.close()


def iter_line_blocks(stream: Readable, raw: BinaryIO) -> Iterator[tuple[list[bytes], int]]:
    """Blocks of lines (without their ``\\n``) and the position reached on disk.

    The last line is yielded even without a final newline. A line longer than
    ``MAX_LINE_BYTES`` is yielded cut to that length.
    """
    carry = b""
    dropping = False
    while True:
        chunk = stream.read(BLOCK_BYTES)
        if not chunk:
            break
        if dropping:
            newline = chunk.find(b"\n")
            if newline < 0:
                continue
            chunk = chunk[newline + 1 :]
            dropping = False
        lines = (carry + chunk if carry else chunk).split(b"\n")
        carry = lines.pop()
        if len(carry) > MAX_LINE_BYTES:
            lines.append(carry[:MAX_LINE_BYTES])
            carry = b""
            dropping = True
        yield lines, raw.tell()
    if carry:
        yield [carry], raw.tell()
