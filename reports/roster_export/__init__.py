"""Roster exports (XLSX, CSV, iCalendar, PDF) and the import of an existing roster to pin it."""

from reports.roster_export.calendar import to_ics_dir
from reports.roster_export.importer import ImportProblem, RosterImportError, read_pinned
from reports.roster_export.pdf import to_pdf
from reports.roster_export.tables import to_csv, to_xlsx

__all__ = ["ImportProblem", "RosterImportError", "read_pinned", "to_csv", "to_ics_dir", "to_pdf", "to_xlsx"]
