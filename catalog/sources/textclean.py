"""Catalog bytes to clean text: the size limit, encoding checks, byte-order mark, HTML entities
and white space. Shared by the source adapters; standard library only."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from catalog.sources.records import MAX_FILE_BYTES, CatalogFormatError, Problem, Tally

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")  # no character in Windows-1252: no text has them
# what UTF-8 text of Western names looks like and Windows-1252 text practically never does:
# Latin-1 letters (`é` is C3 A9, `Ã©` in Windows-1252), no-break space to `¿`, quotes and dashes
UTF8_LOOKING = re.compile(rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]|\xe2\x80[\x80-\xbf]")
NON_ASCII = re.compile(rb"[\x80-\xff]")
SEPARATORS = (",", ";", "\t", "|")  # Excel saves "CSV" with its locale's list separator; `|`: a database export
HEAD_LINES = 10  # lines a title or export note above a CSV's header may take
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")
# what the catalog keeps of free text the database would hold whole (a course's description, a
# section's notes, an instructor's name): more is a paste gone wrong, and would bloat every page
DESCRIPTION_LIMIT = 5000
NOTES_LIMIT = 5000
PREREQUISITES_LIMIT = 5000
INSTRUCTOR_LIMIT = 200
CUT_SHOWN = 200  # the start of a text cut that its warning keeps as the value


def cut(text: str, limit: int, *, warnings: Tally, where: str, field: str, rid: str = "") -> str:
    """`text` cut to the `limit` characters the catalog keeps of `field`, with a warning when that
    loses any: one wording for every format, so a title cut is never silent.

    >>> t = Tally()
    >>> cut("x" * 301, 300, warnings=t, where="line 2", field="Title") == "x" * 300
    True
    >>> t.problems()[0].message
    '301 characters, over the 300 the catalog keeps; cut to 300'
    """
    if len(text) > limit:
        warnings.add(where, field, text[:CUT_SHOWN], cut_words(len(text), limit), rid)  # the report keeps no 5 MB value
    return text[:limit]


def cut_words(length: int, limit: int) -> str:
    """What `cut` says of a text of `length` characters cut to `limit`."""
    return f"{length:,} characters, over the {limit:,} the catalog keeps; cut to {limit:,}"


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
    bytes are no catalog at all: too large, empty, NUL bytes, UTF-16, not UTF-8. For JSON, which
    is UTF-8 by definition (RFC 8259); a spreadsheet's CSV goes through `decode_spreadsheet`."""
    data, bom = checked_bytes(data, name=name, expected=expected, max_bytes=max_bytes)
    if data.startswith(UTF16_BOMS):
        raise CatalogFormatError(
            f"file is UTF-16 text; expected {expected} in UTF-8 (re-save it as UTF-8)",
            path=name,
            location="line 1",
        )
    refuse_nul(data, bom=bom, name=name, expected=expected)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(data, exc.start, bom=bom, name=name, expected=expected) from None


@dataclass(frozen=True, slots=True)
class Decoded:
    """A spreadsheet file's text, the encoding it was read in, and the warning for the report
    when that encoding was a guess (None for UTF-8 and for UTF-16 with a byte-order mark)."""

    text: str
    encoding: str
    warning: Problem | None = None


def decode_spreadsheet(data: bytes, *, name: str, expected: str, max_bytes: int = MAX_FILE_BYTES) -> Decoded:
    """The text of a CSV as spreadsheets save it: UTF-8 (with or without a byte-order mark),
    UTF-16 with a byte-order mark (Excel's "Unicode text"), or else Windows-1252 (Excel's "CSV"
    on Windows; Latin-1 files read the same), with a warning naming the first line a guessed
    character is on. Refused with a CatalogFormatError: what `decode` refuses except UTF-16,
    bytes Windows-1252 leaves undefined (a binary file), and UTF-8 mixed with another encoding."""
    data, bom = checked_bytes(data, name=name, expected=expected, max_bytes=max_bytes)
    if data.startswith(UTF16_BOMS):
        return Decoded(utf16_text(data, name=name, expected=expected), "UTF-16")
    refuse_nul(data, bom=bom, name=name, expected=expected)
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if bom:  # the file says it is UTF-8, so a byte that is not is damage, not another encoding
        raise not_utf8(
            data, bad, bom=bom, name=name, expected=expected, hint="though it starts with a UTF-8 byte-order mark"
        )
    undefined = CP1252_UNDEFINED.search(data)
    if undefined:
        at = undefined.start()
        raise CatalogFormatError(
            f"byte 0x{data[at]:02x} at byte offset {at} (column {column_of(data, at)}) is not valid UTF-8, nor "
            f"any Windows-1252 character; expected {expected}, a text file (is this a binary file or a spreadsheet?)",
            path=name,
            location=f"line {line_of(data, at)}",
        )
    utf8 = UTF8_LOOKING.search(data)
    if utf8:
        sample = utf8[0].decode("utf-8")
        raise CatalogFormatError(
            f"the file mixes two encodings: line {line_of(data, utf8.start())} has UTF-8 text ({sample!r}) but "
            f"byte 0x{data[bad]:02x} at byte offset {bad} (column {column_of(data, bad)}) is not UTF-8; expected "
            f"{expected} in one encoding (were two files joined? re-save it as UTF-8 in one piece)",
            path=name,
            location=f"line {line_of(data, bad)}",
        )
    text = data.decode("cp1252")
    first = NON_ASCII.search(data).start()
    line = line_of(data, first)
    start, end = data.rfind(b"\n", 0, first) + 1, data.find(b"\n", first)
    shown = data[start : end if end >= 0 else len(data)].decode("cp1252").strip()[:200]
    lines = sum(1 for row in data.split(b"\n") if NON_ASCII.search(row))
    warning = Problem(
        f"line {line}",
        "the file is not UTF-8; it was read as Windows-1252 (cp1252: Excel on Windows saves CSV so, and "
        f"Latin-1 reads the same): check that accented names came through ({lines:,} line(s) have "
        "characters outside ASCII, this is the first)",
        value=shown,
    )
    return Decoded(text, "Windows-1252", warning)


def bom_length(data: bytes) -> int:
    """The length of the UTF-8 byte-order marks `data` starts with: one, or several when the file
    went through more than one tool that adds one (each a zero-width no-break space, never text)."""
    at = 0
    while data.startswith(UTF8_BOM, at):
        at += len(UTF8_BOM)
    return at


def checked_bytes(data: bytes, *, name: str, expected: str, max_bytes: int) -> tuple[bytes, int]:
    """The bytes without their UTF-8 byte-order marks (`bom_length`), and the marks' length; a
    CatalogFormatError for a file over the limit or one with nothing in it."""
    if len(data) > max_bytes:
        raise CatalogFormatError(
            f"file is {len(data):,} bytes; the limit is {max_bytes:,} bytes "
            "(a registrar term is a few MB: is this the right file?)",
            path=name,
        )
    bom = bom_length(data)
    data = data[bom:]
    if not data.strip() or data in UTF16_BOMS:
        raise CatalogFormatError(f"file is empty; expected {expected}", path=name)
    return data, bom


def refuse_nul(data: bytes, *, bom: int, name: str, expected: str) -> None:
    nul = data.find(b"\x00")
    if nul < 0:
        return
    what = "is this a binary file, a spreadsheet or UTF-16 text?"
    if data.startswith(b"PK\x03\x04"):
        what = "this is a ZIP archive, such as an Excel workbook (.xlsx): save the sheet as CSV"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        what = "this is an Office document, such as an old Excel workbook (.xls): save the sheet as CSV"
    raise CatalogFormatError(
        f"NUL byte at byte offset {bom + nul}; expected {expected}, a text file ({what})",
        path=name,
        location=f"line {line_of(data, nul)}",
    )


def not_utf8(data: bytes, at: int, *, bom: int, name: str, expected: str, hint: str = "") -> CatalogFormatError:
    return CatalogFormatError(
        f"byte 0x{data[at]:02x} at byte offset {bom + at} (column {column_of(data, at)}) is not valid UTF-8"
        f"{f', {hint}' if hint else ''}; expected {expected} in UTF-8 "
        "(re-save the file as UTF-8; Latin-1 or Windows-1252 exports look like this)",
        path=name,
        location=f"line {line_of(data, at)}",
    )


def utf16_text(data: bytes, *, name: str, expected: str) -> str:
    """The text of UTF-16 bytes with a byte-order mark, refused when they are not UTF-16 text
    (an odd byte, a lone surrogate) or hold a NUL character."""
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise CatalogFormatError(
            f"the file starts with a UTF-16 byte-order mark but byte offset {exc.start} is not UTF-16 text "
            f"({exc.reason}); expected {expected} (is the file cut short? re-save it as UTF-8)",
            path=name,
            location=f"line {data[: exc.start].decode('utf-16', errors='replace').count(chr(10)) + 1}",
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CatalogFormatError(f"file is empty; expected {expected}", path=name)
    nul = text.find("\x00")
    if nul >= 0:
        raise CatalogFormatError(
            f"NUL character at character {nul} of this UTF-16 text; expected {expected}, a text file "
            "(is this a binary file?)",
            path=name,
            location=f"line {text.count(chr(10), 0, nul) + 1}",
        )
    return text


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line number of byte `offset`."""
    return data.count(b"\n", 0, offset) + 1


def column_of(data: bytes, offset: int) -> int:
    """The 1-based column (in bytes) of byte `offset` on its line."""
    return offset - data.rfind(b"\n", 0, offset)


def clean(text: str) -> str:
    """`text` with HTML entities decoded (`&#39;` → `'`, `&nbsp;` → space) and runs of white
    space folded to one space.

    >>> clean("  Writer&#39;s&nbsp;Craft\\n")
    "Writer's Craft"
    """
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def clean_lines(text: str) -> str:
    """`clean` of each line of `text`, its line breaks kept (blank lines at either end dropped):
    a description or note's paragraphs survive a CSV, which quotes them.

    >>> clean_lines(" Bring\r\n goggles.  \n")
    'Bring\ngoggles.'
    """
    return "\n".join(clean(line) for line in text.splitlines()).strip("\n")


def column_key(header: str) -> str:
    """A CSV header cell as the column it names: any case, spaces, `_` and `-` ignored, so
    `Class Number`, `class_number` and `CLASSNUMBER` all name ClassNumber.

    >>> column_key(" Class_Number "), column_key("Start-Time")
    ('classnumber', 'starttime')
    """
    return re.sub(r"[^a-z0-9]", "", header.lower())


def separator(text: str, names: set[str]) -> str:
    """The field separator of a CSV: a comma, or the `;`, tab or `|` it was saved with,
    whichever splits one of its first non-blank lines into the most of `names` (header cells
    as `column_key` gives them); ties keep the comma.

    >>> separator("Subject;Number;Title\\nCS;1110;Intro\\n", {"subject", "number", "title"})
    ';'
    """
    head = islice(LINE.finditer(text), HEAD_LINES)  # the first lines only, never the whole file
    lines = [match[0] for match in head if match[0].strip()]

    def found(sep: str) -> int:
        return max(
            (len(names & {column_key(cell.strip().strip('"')) for cell in line.split(sep)}) for line in lines),
            default=0,
        )

    return max(SEPARATORS, key=found)
