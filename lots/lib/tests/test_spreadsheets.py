"""Table downloads: the same rows as Excel or CSV by the URL's suffix, and nothing for any other suffix."""

import csv
import datetime
import io

import pytest
from django.http import Http404
from openpyxl import load_workbook

from lots.lib.spreadsheets import table_response

HEADERS = ["Namn", "Antal", "Datum"]
ROWS = [["Enheten Ä", 3, datetime.date(2026, 3, 1)], ["Enheten B", None, datetime.date(2026, 4, 2)]]


def test_excel_has_the_headers_and_rows():
    response = table_response("xlsx", "tabell", HEADERS, ROWS, title="Tabell")
    assert 'filename="tabell.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Namn", "Antal", "Datum")
    assert values[1][:2] == ("Enheten Ä", 3) and values[1][2].date() == datetime.date(2026, 3, 1)
    assert values[2][:2] == ("Enheten B", None)


def test_csv_has_the_headers_and_rows():
    response = table_response("csv", "tabell", HEADERS, ROWS)
    assert 'filename="tabell.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0] else ","))
    assert rows[0] == HEADERS and rows[1][:2] == ["Enheten Ä", "3"] and rows[2][0] == "Enheten B"


@pytest.mark.parametrize("fmt", ["pdf", "xls", ""])
def test_any_other_format_is_not_found(fmt):
    with pytest.raises(Http404):
        table_response(fmt, "tabell", HEADERS, ROWS)
