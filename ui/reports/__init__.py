"""Report dialogs: leader reports with preview and printing, and the reporting bundle."""

from ui.reports.bundle_dialog import BundleDialog, open_bundle_dialog
from ui.reports.dialog import ReportDialog, open_report_dialog

__all__ = ["BundleDialog", "ReportDialog", "open_bundle_dialog", "open_report_dialog"]
