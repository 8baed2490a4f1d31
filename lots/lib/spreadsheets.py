"""Excel (openpyxl) and CSV exports of tabular data, as Swedish Excel reads them.

Every cell passes through one cleaning step, so that no record can break a download
for everyone else or turn into something it is not:

- control characters that Excel files cannot hold are dropped (one report with a
  stray ``\\x07`` would otherwise make the whole export fail);
- text that a spreadsheet program would take for a formula (``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return first) stays text: a string cell in Excel, and
  prefixed with an apostrophe in CSV, where the program decides on its own;
- dates and times are real dates in Excel (local time, whole seconds); in CSV they
  read ``2026-03-01``, ``2026-03-01 14:05:09`` and ``14:05:09``, and decimals have a decimal
  comma and never an exponent (``0,00001``, not ``1e-05``), since the CSV is
  semicolon-separated for Swedish Excel; in Excel an amount keeps its decimals (``12,50``).
"""

import csv
import datetime
import decimal
import io
import math
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
TIME_FORMAT = "hh:mm:ss"


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
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, float | decimal.Decimal) and not math.isfinite(value):
        return None  # an Excel file cannot hold NaN or infinity
    if value is None or isinstance(value, bool | int | float | datetime.date):
        return value
    if isinstance(value, decimal.Decimal):
        return float(value)
    return clean_text(str(value))


def _decimal_text(value: float | decimal.Decimal) -> str:
    """The number with a decimal comma and without an exponent: ``0,00001`` and ``100``, never ``1e-05`` or ``1E+2``."""
    number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(repr(value))
    if not number.is_finite():
        return ""
    return format(number, "f").replace(".", ",")


def _places_format(value: decimal.Decimal) -> str | None:
    """The Excel number format that shows an amount's decimals (``12.50`` as 12,50), or None for a whole number."""
    exponent = value.as_tuple().exponent if value.is_finite() else 0
    return "0." + "0" * -exponent if isinstance(exponent, int) and exponent < 0 else None


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime.datetime):
        return f"{_local(value):%Y-%m-%d %H:%M:%S}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return f"{value:%H:%M:%S}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | decimal.Decimal):
        return _decimal_text(value)
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
        row = list(row)
        values = [_cell(v) for v in row]
        sheet.append(values)
        for i, (cell, v, original) in enumerate(zip(sheet[sheet.max_row], values, row, strict=False)):
            if isinstance(v, str) and looks_like_formula(v):
                cell.data_type = "s"  # openpyxl stores a string starting with "=" as a formula otherwise
            elif isinstance(v, datetime.datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(v, datetime.date):
                cell.number_format = DATE_FORMAT
            elif isinstance(v, datetime.time):
                cell.number_format = TIME_FORMAT
            elif isinstance(original, decimal.Decimal) and _places_format(original):
                cell.number_format = _places_format(original)
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
