"""The campaign-record sections of the progress report (issue 9), after the progress ones."""

from __future__ import annotations

from brandoffice.kinds import KINDS
from brandoffice.reports.common import Numbering, ReportOptions, Steps
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.records.data import RecordsData, load_records

__all__ = ["RecordsData", "load_records", "write_records"]

SECTIONS = tuple(k.label for k in KINDS if k.section is not None)
"""The headings, in the order written (the registry's kinds that have a section)."""


def write_records(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write the record sections (one per registered kind that has one), each headed 一、… in sequence after the ones before.

    A section without records of the campaign's year keeps its heading and says so in
    one line. No ID or phone number is printed; notes are masked unless the clerk asked
    for numbers in full.

    Args:
        doc: The report being written.
        data: From :func:`load_records`.
        n: The report's table numbering.
        steps: The report's progress; one step per table row.
        options: The reveal level (for free text).
    """
    for kind in KINDS:
        if kind.section is not None:
            doc.heading1(kind.label)
            kind.hook("section")(doc, data, n, steps, options)
