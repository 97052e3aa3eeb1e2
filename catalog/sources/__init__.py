"""Source adapters: one pure module per catalog file format, each turning bytes into records.

Every adapter exposes `parse(path)` and `parse_bytes(data, *, name, institution, term)`;
`sections-csv` also takes `columns`, a column mapping (canonical name → the file's header), and so does
`sections-json` (canonical name → a path inside a record); both expose `columns_load` to read one.
"""

from importlib import import_module
from types import ModuleType

FORMATS: dict[str, str] = {
    "canonical": "catalog.sources.canonical",
    "uva-csv": "catalog.sources.uva_csv",
    "gatech-json": "catalog.sources.gatech_json",
    "sections-csv": "catalog.sources.sections_csv",
    "sections-json": "catalog.sources.sections_json",
}

# formats a registrar opens and saves in a spreadsheet, which drops a section code's leading
# zeros (`001` → `1`): the import restores them (`sectioncodes`), naming this column in its warning;
# sections-json too, whose section codes may be JSON numbers (`"sequenceNumber": 1`), as sections-csv's
# would be (the same values import the same catalog)
SPREADSHEET_FORMATS: dict[str, str] = {"uva-csv": "Section", "sections-csv": "section", "sections-json": "section"}


def adapter(format_name: str) -> ModuleType:
    """The adapter module for a format name; ValueError names the formats there are."""
    try:
        return import_module(FORMATS[format_name])
    except KeyError:
        raise ValueError(f"unknown catalog format {format_name!r}; expected one of {', '.join(FORMATS)}") from None
