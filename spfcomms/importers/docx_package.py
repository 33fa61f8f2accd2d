"""Checking a ``.docx`` package before python-docx reads any of it.

A ``.docx`` is a zip of XML files, and both layers can be turned against a reader: a
3 MB zip can inflate to gigabytes (a "zip bomb"), and an XML file can declare entities
that expand a billion-fold ("billion laughs"). Word never writes either, so both are
refused before a byte is expanded:

- every member's stated size, the total, and each member's compression ratio are
  checked against ``limits.py`` (zipfile never inflates past a member's stated size,
  so the stated sizes bound the memory used);
- every XML member is read as a stream, at most ``DOCX_MAX_XML_BYTES``, and refused
  if it holds a document type declaration (``<!DOCTYPE``), where entities are declared.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ..model.exceptions import ImportSourceError
from .limits import (
    DOCX_MAX_MEMBER_BYTES,
    DOCX_MAX_MEMBERS,
    DOCX_MAX_RATIO,
    DOCX_MAX_TOTAL_BYTES,
    DOCX_MAX_XML_BYTES,
)

_XML_SUFFIXES = (".xml", ".rels")
_CHUNK = 1 << 16


def check_package(data: bytes, name: str) -> None:
    """Raise ``ImportSourceError`` unless ``data`` is a zip that is safe to unpack."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ImportSourceError(
            f"{name}: not a readable .docx document (not a zip archive); save it again "
            "from Word as .docx"
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > DOCX_MAX_MEMBERS:
            raise _refused(name, f"it holds {len(members):,} parts")
        total = 0
        for member in members:
            total += member.file_size
            limit = DOCX_MAX_XML_BYTES if _is_xml(member) else DOCX_MAX_MEMBER_BYTES
            if member.file_size > limit or total > DOCX_MAX_TOTAL_BYTES:
                raise _refused(name, f"'{member.filename}' unpacks to {member.file_size:,} bytes")
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > 1_000_000 and ratio > DOCX_MAX_RATIO:
                raise _refused(
                    name, f"'{member.filename}' is compressed {ratio:,.0f} to 1 (a zip bomb?)"
                )
        for member in members:
            if _is_xml(member):
                _check_xml(archive, member, name)


def _is_xml(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith(_XML_SUFFIXES)


def _check_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    read = 0
    tail = b""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                read += len(chunk)
                if read > DOCX_MAX_XML_BYTES:
                    raise _refused(name, f"'{member.filename}' unpacks past its stated size")
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<\x00!\x00D\x00O\x00C\x00" in window:
                    raise ImportSourceError(
                        f"{name}: '{member.filename}' declares a document type (<!DOCTYPE>), "
                        "which Word never writes and which can hide an entity bomb; "
                        "save the document again from Word"
                    )
                tail = window[-32:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise ImportSourceError(
            f"{name}: not a readable .docx document ('{member.filename}' is damaged); save "
            "it again from Word"
        ) from None


def _refused(name: str, why: str) -> ImportSourceError:
    return ImportSourceError(
        f"{name}: refused: {why}, more than any Word document holds; save it again from "
        "Word, or split it"
    )
