"""Reading the Excel and CSV downloads of lists in tests (lots.lib.spreadsheets writes them)."""

import csv
import io

from openpyxl import load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_rows(response) -> list[tuple]:
    """Every row of an Excel download, the header first; fails unless the response is one."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def csv_rows(response) -> list[list[str]]:
    """Every row of a CSV download, the header first; fails unless it is UTF-8 with a BOM (so spreadsheet programs
    read it as UTF-8), semicolon-separated."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
