"""The campaign-record sections of the progress report (issue 9), after the progress ones."""

from __future__ import annotations

from brandoffice.reports.common import Numbering, ReportOptions, Steps
from brandoffice.reports.layout import ReportDocument
from brandoffice.reports.records import members, work
from brandoffice.reports.records.data import RecordsData, load_records

__all__ = ["RecordsData", "load_records", "write_records"]

SECTIONS = ("党员评议", "党性分析报告", "公开承诺", "书记抓党建述职评议", "先进典型与示范点",
            "专项经费", "分级分批培训", "对标晋档")  # fmt: skip
"""The headings, in the order written."""


def write_records(
    doc: ReportDocument, data: RecordsData, n: Numbering, steps: Steps, options: ReportOptions
) -> None:
    """Write the eight record sections, each headed 一、… in sequence after the ones before.

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
    members.evaluation(doc, data, n, steps)
    members.party_spirit(doc, data, n, steps)
    members.commitments(doc, data, n, steps)
    members.secretaries(doc, data, n, steps)
    work.models(doc, data, n, steps, options)
    work.funds(doc, data, n, steps)
    work.training(doc, data, n, steps)
    work.benchmarking(doc, data, n, steps)
