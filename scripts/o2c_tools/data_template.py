"""Write the data template files in templates/: CSV, example CSV and XLSX.

Regenerate them from the scripts folder with
``python -m o2c_tools.data_template ../templates``; a test checks that the files in
the repository match this module.
"""

from __future__ import annotations

import csv
import sys
from datetime import datetime
from pathlib import Path

from o2c_tools.event_log_template import TEMPLATE_COLUMNS, TEMPLATE_HEADERS

TEMPLATE_CSV = "event_log_template.csv"
EXAMPLE_CSV = "event_log_example.csv"
TEMPLATE_XLSX = "event_log_template.xlsx"

# Rows of the XLSX event-log sheet that carry the activity validation list.
VALIDATED_ROWS = 50_000

# One paid invoice from the sales order to closure. Two timestamps carry a local
# offset and the last two share a time, so the example shows both rules.
_CASE = [
    "Northwind Traders",
    "SO-000457",
    "12500.00",
    "EUR",
    "2024-03-04",
    "2024-04-03",
    "Net 30",
    "Bank Transfer",
    "Enterprise Billing",
    "Mia Keller",
    "Paid",
    "EMEA",
]
EXAMPLE_ROWS: list[list[str]] = [
    ["INV-100234", activity, timestamp, resource, *_CASE]
    for activity, timestamp, resource in [
        ("Sales Order Fulfilled", "2024-03-01T09:12:00Z", "Lars Novak"),
        ("Invoice Generated", "2024-03-04T08:00:00Z", "Billing Integration"),
        ("Invoice Submitted for Approval", "2024-03-04T08:05:00Z", "Mia Keller"),
        ("Invoice Approved", "2024-03-04T10:40:00+01:00", "Lars Novak"),
        ("Invoice Posted", "2024-03-04T09:41:00Z", "Billing Integration"),
        ("Invoice Sent to Customer", "2024-03-04T09:45:00Z", "Billing Integration"),
        ("Payment Due Date Reached", "2024-04-03T00:00:00Z", ""),
        ("Payment Reminder Issued", "2024-04-05T14:30:00+02:00", "Mia Keller"),
        ("Customer Payment Received", "2024-04-12T16:02:00Z", "Bank Integration"),
        ("Payment Posted to Ledger", "2024-04-12T16:10:00Z", "Bank Integration"),
        ("Cash Applied/Reconciled", "2024-04-12T16:15:00Z", "Mia Keller"),
        ("Invoice Closed", "2024-04-12T16:15:00Z", ""),
    ]
]


def read_activities(seed_path: Path) -> list[tuple[str, str, str]]:
    """Read the canonical activities (name, stage, description) from the seed."""
    with open(seed_path, newline="", encoding="utf-8") as stream:
        rows = sorted(csv.DictReader(stream), key=lambda r: int(r["canonical_rank"]))
    return [(r["activity"], r["process_stage"], r["description"]) for r in rows]


def write_csv(path: Path, rows: list[list[str]]) -> None:
    """Write the template header and rows as UTF-8 CSV with \\n line ends."""
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(TEMPLATE_HEADERS)
        writer.writerows(rows)


def _column_note(column) -> str:
    need = "Required." if column.required else "Optional."
    return f"{need} {column.note}"


def write_xlsx(path: Path, activities: list[tuple[str, str, str]]) -> None:
    """Write the XLSX template: event-log, example, column and activity sheets.

    Each header cell carries a note on its column. The Activity column offers the
    canonical names in a list, but accepts other names after a warning. Date and
    time columns are formatted as text, so typed ISO values stay as written.
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")

    def add_table_sheet(sheet, rows: list[list[str]]) -> None:
        sheet.append(list(TEMPLATE_HEADERS))
        for index, column in enumerate(TEMPLATE_COLUMNS, start=1):
            cell = sheet.cell(row=1, column=index)
            cell.font = bold
            if column.required:
                cell.fill = required_fill
            cell.comment = Comment(_column_note(column), "o2c_billing")
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
            if column.kind in ("timestamp", "date"):
                sheet.column_dimensions[letter].number_format = "@"
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = "A2"

    event_log = workbook.active
    event_log.title = "Event log"
    add_table_sheet(event_log, [])
    activity_letter = get_column_letter(TEMPLATE_HEADERS.index("Activity") + 1)
    validation = DataValidation(
        type="list",
        formula1=f"=Activities!$A$2:$A${len(activities) + 1}",
        allow_blank=True,
        errorStyle="warning",
        errorTitle="Activity not in the canonical list",
        error="This name is not a canonical activity. Keep it only if your "
        "process has this step.",
    )
    validation.add(f"{activity_letter}2:{activity_letter}{VALIDATED_ROWS}")
    event_log.add_data_validation(validation)

    add_table_sheet(workbook.create_sheet("Example"), EXAMPLE_ROWS)

    columns = workbook.create_sheet("Columns")
    columns.append(["Column", "Required", "Format", "Note"])
    for column in TEMPLATE_COLUMNS:
        columns.append(
            [
                column.header,
                "yes" if column.required else "no",
                column.kind,
                column.note,
            ]
        )

    activity_sheet = workbook.create_sheet("Activities")
    activity_sheet.append(["Activity", "Process stage", "Description"])
    for activity in activities:
        activity_sheet.append(list(activity))
    for sheet in (columns, activity_sheet):
        for cell in sheet[1]:
            cell.font = bold
        sheet.column_dimensions["A"].width = 32
        sheet.column_dimensions["D" if sheet is columns else "C"].width = 80

    # openpyxl stamps the current time by default. A fixed time keeps the file the
    # same on every run.
    workbook.properties.created = datetime(2024, 1, 1)
    workbook.properties.modified = datetime(2024, 1, 1)
    workbook.save(path)


def write_templates(folder: Path, seed_path: Path) -> list[Path]:
    """Write the three template files into folder and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / TEMPLATE_CSV, [])
    write_csv(folder / EXAMPLE_CSV, EXAMPLE_ROWS)
    write_xlsx(folder / TEMPLATE_XLSX, read_activities(seed_path))
    return [folder / name for name in (TEMPLATE_CSV, EXAMPLE_CSV, TEMPLATE_XLSX)]


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "templates")
    seed = Path(__file__).resolve().parents[2] / "seeds" / "activities.csv"
    for written in write_templates(target, seed):
        print(f"wrote {written}")
