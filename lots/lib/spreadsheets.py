"""Excel (openpyxl) and CSV exports of tabular data."""

import csv
import datetime
import io

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def _cell(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone().replace(tzinfo=None)
    if value is None or isinstance(value, int | float | str | datetime.date | datetime.datetime):
        return value
    return str(value)


def xlsx_bytes(headers: list[str], rows, *, title: str = "Lots") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet.append(values)
        for i, v in enumerate(values):
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


def csv_response(filename: str, headers: list[str], rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return response


FORMATS = ("xlsx", "csv")


def table_response(fmt: str, filename: str, headers: list[str], rows, *, title: str = "Lots") -> HttpResponse:
    """The table as ``filename``.xlsx or .csv by ``fmt`` (the export URLs' suffix); any other format is a 404."""
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", headers, rows, title=title)
    if fmt == "csv":
        return csv_response(f"{filename}.csv", headers, rows)
    raise Http404
