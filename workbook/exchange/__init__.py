"""Import and export: the JSON interchange document and the coachee roster CSV."""

from workbook.exchange.json_format import ImportResult, export_json, import_json, write_export
from workbook.exchange.roster import RosterResult, import_roster

__all__ = [
    "ImportResult",
    "RosterResult",
    "export_json",
    "import_json",
    "import_roster",
    "write_export",
]
