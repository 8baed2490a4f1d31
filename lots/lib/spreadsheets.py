"""Excel (openpyxl) and CSV exports of tabular data, as Swedish Excel reads them.

Every cell passes through one cleaning step, so that no record can break a download
for everyone else or turn into something it is not:

- control characters that Excel files cannot hold are dropped (one report with a
  stray ``\\x07`` would otherwise make the whole export fail);
- text that a spreadsheet program would take for a formula (``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return first) stays text: a string cell in Excel, and
  prefixed with an apostrophe in CSV, where the program decides on its own;
- dates and times are real dates in Excel (local time, whole seconds); in CSV they
  read ``2026-03-01`` and ``2026-03-01 14:05:09``, and decimals have a decimal comma,
  since the CSV is semicolon-separated for Swedish Excel.
"""

import csv
import datetime
import decimal
import io
import re

from django.http import Http404, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# C0 controls and DEL, except tab, line feed and carriage return, which text may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def clean_text(value: str) -> str:
    """``value`` without the control characters a spreadsheet cannot hold."""
    return _CONTROL.sub("", value)


def looks_like_formula(value: str) -> bool:
    return value.startswith(_FORMULA_START)


def _local(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)
    return value.replace(microsecond=0)


def _cell(value):
    """The value as the Excel writer takes it: numbers, dates and text; anything else as its text."""
    if isinstance(value, datetime.datetime):
        return _local(value)
    if value is None or isinstance(value, bool | int | float | datetime.date):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return clean_text(str(value))


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.datetime):
        return f"{_local(value):%Y-%m-%d %H:%M:%S}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | decimal.Decimal):
        return str(value).replace(".", ",")
    text = clean_text(str(value))
    return "'" + text if looks_like_formula(text) else text


def xlsx_bytes(headers: list[str], rows, *, title: str = "Lots") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = clean_text(title)[:31] or "Lots"
    sheet.append([_cell(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet.append(values)
        for i, (cell, v) in enumerate(zip(sheet[sheet.max_row], values, strict=False)):
            if isinstance(v, str) and looks_like_formula(v):
                cell.data_type = "s"  # openpyxl stores a string starting with "=" as a formula otherwise
            elif isinstance(v, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(v, datetime.date):
                cell.number_format = DATE_FORMAT
            if i < len(widths):
                widths[i] = max(widths[i], min(len(str(v)) if v is not None else 0, 60))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, headers: list[str], rows, *, title: str = "Lots") -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(headers, rows, title=title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_write(out, headers: list[str], rows) -> None:
    out.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_csv_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])


def csv_response(filename: str, headers: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    _csv_write(response, headers, rows)
    return response


def csv_bytes(headers: list[str], rows) -> bytes:
    out = io.StringIO(newline="")
    _csv_write(out, headers, rows)
    return out.getvalue().encode("utf-8")


FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv; charset=utf-8"}


def table_bytes(fmt: str, headers: list[str], rows, *, title: str = "Lots") -> bytes:
    """The table as the bytes of an .xlsx or .csv file, written as the export URLs write it (for background jobs)."""
    if fmt == "xlsx":
        return xlsx_bytes(headers, rows, title=title)
    if fmt == "csv":
        return csv_bytes(headers, rows)
    raise ValueError(f"Unknown table format {fmt!r}")


def table_response(fmt: str, filename: str, headers: list[str], rows, *, title: str = "Lots") -> HttpResponse:
    """The table as ``filename``.xlsx or .csv by ``fmt`` (the export URLs' suffix); any other format is a 404."""
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", headers, rows, title=title)
    if fmt == "csv":
        return csv_response(f"{filename}.csv", headers, rows)
    raise Http404
