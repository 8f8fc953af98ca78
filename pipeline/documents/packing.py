"""Zip packages assembled from pieces deflated apart: what is the same in many packages is compressed once.

A piece is raw deflate ended by a full flush, so pieces compressed apart join into one valid deflate
stream; their CRC-32s combine without reading the data again. The zip layout is the one zipfile writes
for `finalize_docx` (deflate, fixed date, no extra fields), so a package made here and one saved by
`finalize_docx` are alike.
"""
from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

END = b"\x03\x00"  # an empty final block: the end of a deflate stream


@dataclass(frozen=True)
class Assembled:
    """What many packages made from one shared set of parts hold, as the leak guard searches it without
    unpacking each: every XML part as all of them share it (the places that differ hold a marker there),
    and per package only what it holds of its own: each paragraph (up to and with its `</w:p>`) that holds
    a place that differs, filled in, and its own parts (its document properties)."""

    shared: dict[str, bytes]  # part name -> XML
    own: dict[str, dict[str, bytes]]  # package path -> part name -> its own paragraphs or part


class Piece:
    """Raw deflate of one piece, ended by a full flush (no back references beyond it, byte-aligned), so
    that pieces compressed apart join into one valid stream; with the piece's own CRC-32."""

    def __init__(self, data: bytes):
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.compressed = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        self.crc = zlib.crc32(data)
        self.size = len(data)


def _apply(matrix: list[int], vector: int) -> int:
    """A 32x32 matrix over GF(2), given by its columns, times a vector."""
    total, n = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[n]
        vector >>= 1
        n += 1
    return total


@functools.cache
def _zero_byte_powers() -> list[list[int]]:
    """The operators that advance a CRC-32 register over 1, 2, 4, ... 2**63 zero bytes."""
    power = [0xEDB88320] + [1 << n for n in range(31)]  # over one zero bit
    powers = []
    for n in range(3 + 64):
        power = [_apply(power, column) for column in power]  # squared: twice as many zero bits
        if n >= 2:
            powers.append(power)
    return powers


def crc_shift(crc: int, length: int) -> int:
    """The CRC-32 of `a + b` is `_shift(crc32(a), len(b)) ^ crc32(b)` (zlib's crc32_combine)."""
    powers, n = _zero_byte_powers(), 0
    while length and crc:
        if length & 1:
            crc = _apply(powers[n], crc)
        length >>= 1
        n += 1
    return crc


# --- the zip around the pieces ------------------------------------------------------------------------

_DOS_DATE, _DOS_TIME = (0 << 9) | (1 << 5) | 1, 0  # 1980-01-01 00:00:00, as finalize_docx writes them


def zip_members(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already deflated members (name, deflate data, CRC-32, size): the layout zipfile writes
    for finalize_docx (deflate, fixed date, no extra fields, create_system 0)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else 0x800
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
                              crc, len(data), size, len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, zipfile.ZIP_DEFLATED,
                                   _DOS_TIME, _DOS_DATE, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
                                   offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()
