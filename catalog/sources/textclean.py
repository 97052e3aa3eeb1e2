"""Catalog bytes to clean text: the size limit, encoding checks, byte-order mark, HTML entities
and white space. Shared by the source adapters; standard library only."""

from __future__ import annotations

import html
from pathlib import Path

from catalog.sources.records import MAX_FILE_BYTES, CatalogFormatError

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_size(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> None:
    """Refuse a file over the limit from its size on disk, before reading any of it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise CatalogFormatError(
            f"file is {size:,} bytes; the limit is {max_bytes:,} bytes "
            "(a registrar term is a few MB: is this the right file?)",
            path=str(path),
        )


def decode(data: bytes, *, name: str, expected: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's UTF-8 text without a byte-order mark, or a CatalogFormatError saying why the
    bytes are no catalog at all: too large, empty, NUL bytes, UTF-16, not UTF-8."""
    if len(data) > max_bytes:
        raise CatalogFormatError(
            f"file is {len(data):,} bytes; the limit is {max_bytes:,} bytes "
            "(a registrar term is a few MB: is this the right file?)",
            path=name,
        )
    bom = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    data = data[bom:]
    if not data.strip():
        raise CatalogFormatError(f"file is empty; expected {expected}", path=name)
    if data.startswith(UTF16_BOMS):
        raise CatalogFormatError(
            f"file is UTF-16 text; expected {expected} in UTF-8 (re-save it as UTF-8)",
            path=name,
            location="line 1",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CatalogFormatError(
            f"NUL byte at byte offset {bom + nul}; expected {expected}, a text file "
            "(is this a binary file, a spreadsheet or UTF-16 text?)",
            path=name,
            location=f"line {line_of(data, nul)}",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise CatalogFormatError(
            f"byte 0x{data[exc.start]:02x} at byte offset {bom + exc.start} (column "
            f"{exc.start - line_start + 1}) is not valid UTF-8; expected {expected} in UTF-8 "
            "(re-save the file as UTF-8; Latin-1 or Windows-1252 exports look like this)",
            path=name,
            location=f"line {line_of(data, exc.start)}",
        ) from None


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line number of byte `offset`."""
    return data.count(b"\n", 0, offset) + 1


def clean(text: str) -> str:
    """`text` with HTML entities decoded (`&#39;` → `'`, `&nbsp;` → space) and runs of white
    space folded to one space.

    >>> clean("  Writer&#39;s&nbsp;Craft\\n")
    "Writer's Craft"
    """
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())
