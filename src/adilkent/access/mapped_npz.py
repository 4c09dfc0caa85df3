"""Arrays of an uncompressed ``.npz`` read in place, from a memory map of the file.

``numpy.load`` copies each member out of the zip and checks its CRC-32 as it goes. A file whose
members are stored uncompressed holds each array's bytes as they are, so :func:`member` finds
them through the zip directory and returns a view of the map instead: nothing is copied. The
saved street networks (:mod:`adilkent.access.saved`) are read this way; their own header
carries the checksums.
"""

from __future__ import annotations

import mmap
import re
import struct
import zipfile
from typing import Any

import numpy as np
import numpy.typing as npt


class MemberError(ValueError):
    """A member of the file is not a plain array stored as it is."""


_NPY_DICT = re.compile(
    r"\{'descr': '([<>|=][a-zA-Z]\d*)', 'fortran_order': (False|True), "
    r"'shape': \(((?:\d+, ?)*\d*)\), \} *\n"
)


def npy_header(
    mapped: mmap.mmap, start: int, end: int
) -> tuple[tuple[int, ...], bool, np.dtype[Any], int]:
    """Shape, Fortran order, dtype and data offset of the ``.npy`` array at ``start``.

    Only the form that ``numpy.lib.format`` writes for a plain array is accepted (what
    ``adilkent.access.saved`` writes), read with one regular expression: NumPy's own reader
    evaluates the header's text as a Python literal, which took about a fifth of loading a small
    saved network (Helsinki's 3.4 ms, 2.7 without it).
    """
    magic = mapped[start : start + 8]
    if len(magic) < 8 or magic[:6] != b"\x93NUMPY" or magic[6] not in (1, 2) or magic[7] != 0:
        raise ValueError("no .npy format 1.0 or 2.0 magic")
    size = 2 if magic[6] == 1 else 4
    length = int.from_bytes(mapped[start + 8 : start + 8 + size], "little")
    first = start + 8 + size
    if first + length > end:
        raise ValueError("its header runs past the array")
    found = _NPY_DICT.fullmatch(mapped[first : first + length].decode("latin-1"))
    if found is None:
        raise ValueError("not the header of a plain array")
    descr, fortran, shape = found.groups()
    dims = tuple(int(d) for d in re.findall(r"\d+", shape))
    return dims, fortran == "True", np.dtype(descr), first + length


def member(archive: zipfile.ZipFile, mapped: mmap.mmap, name: str) -> npt.NDArray[Any]:
    """One ``.npy`` member as an array over the mapped file (no copy).

    The members are stored uncompressed, so each array's bytes lie in the file as they are:
    reading them through ``zipfile`` would copy every array once and check its CRC-32 a second
    time; here only the caller's check reads them. :class:`MemberError` says what is wrong
    with a member; :class:`KeyError` that there is none of that name.
    """
    info = archive.getinfo(f"{name}.npy")
    if info.compress_type != zipfile.ZIP_STORED:
        raise MemberError(f"array {name!r} is compressed, the format stores it as is")
    local = info.header_offset
    fixed = mapped[local : local + 30]
    if len(fixed) < 30 or fixed[:4] != b"PK\x03\x04":
        raise MemberError(f"array {name!r}: its zip entry is damaged")
    name_length, extra_length = struct.unpack("<HH", fixed[26:30])
    if mapped[local + 30 : local + 30 + name_length] != info.filename.encode():
        raise MemberError(f"array {name!r}: its zip entry is damaged")
    start = local + 30 + name_length + extra_length
    end = start + info.file_size
    if end > len(mapped):
        raise MemberError(f"array {name!r} is cut short: the file is truncated")
    try:
        shape, fortran, dtype, offset = npy_header(mapped, start, end)
    except ValueError as error:
        raise MemberError(f"array {name!r}: its .npy header is damaged ({error})") from error
    if fortran or dtype.hasobject:
        raise MemberError(f"array {name!r} is not a plain array")
    count = int(np.prod(shape, dtype=np.int64))
    if offset + count * dtype.itemsize != end:
        raise MemberError(
            f"array {name!r} holds {end - offset:,} bytes, its shape needs "
            f"{count * dtype.itemsize:,}",
        )
    if count == 0:
        return np.empty(shape, dtype=dtype)
    return np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)
