"""Counting distinct 8-byte hashes in little memory.

A Python ``set`` of 8-byte ``bytes`` costs about 90 bytes per entry; a million distinct
readers would take 90 MB. ``DistinctHashes`` keeps each hash as a 64-bit integer in an
open-addressing table (an ``array``, at most half full): 16 to 32 bytes per entry, with
no Python object per entry.
"""

from __future__ import annotations

from array import array

_EMPTY = array("Q")


class DistinctHashes:
    """A set of 8-byte hashes that only answers how many distinct ones were added."""

    __slots__ = ("_count", "_mask", "_table")

    def __init__(self) -> None:
        self._table = _EMPTY  # never written: the first add allocates a table
        self._mask = 0
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, digest: bytes) -> None:
        """Add a hash (8 bytes, uniformly distributed); adding it again changes nothing."""
        value = int.from_bytes(digest, "little") or 1  # 0 marks a free slot
        if (self._count + 1) * 2 > len(self._table):
            self._grow()
        table = self._table
        mask = self._mask
        slot = value & mask
        while True:
            found = table[slot]
            if found == value:
                return
            if not found:
                table[slot] = value
                self._count += 1
                return
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        old = self._table
        size = max(64, len(old) * 2)
        table = array("Q", (0,)) * size
        mask = size - 1
        for value in old:
            if value:
                slot = value & mask
                while table[slot]:
                    slot = (slot + 1) & mask
                table[slot] = value
        self._table = table
        self._mask = mask
