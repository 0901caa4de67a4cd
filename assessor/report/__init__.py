"""Reports: the report model (also the JSON format), charts and rendering."""

from assessor.report.assemble import plan_for, report_for
from assessor.report.model import Report, report_json_schema
from assessor.report.render import FORMATS, ReportError, render

__all__ = [
    "FORMATS",
    "Report",
    "ReportError",
    "plan_for",
    "render",
    "report_for",
    "report_json_schema",
]
