"""Table downloads: the same rows as Excel or CSV by the URL's suffix, and nothing for any other suffix."""

import csv
import datetime
import decimal
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


def _xlsx_cells(rows):
    response = table_response("xlsx", "tabell", ["Text"], rows)
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [row[0] for row in sheet.iter_rows(min_row=2)]


def _csv_values(rows, headers=("Text",)):
    text = table_response("csv", "tabell", list(headers), rows).content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+46 70", "-2+3", "@SUM(A1)", "\t=1"])
def test_text_that_looks_like_a_formula_stays_text_in_excel(text):
    (cell,) = _xlsx_cells([[text]])
    assert cell.data_type == "s" and cell.value == text


@pytest.mark.parametrize("text", ["=1+1", "+46 70", "-2+3", "@SUM(A1)"])
def test_text_that_looks_like_a_formula_is_neutralised_in_csv(text):
    assert _csv_values([[text]]) == [["'" + text]]


def test_control_characters_cannot_break_an_excel_export():
    (cell,) = _xlsx_cells([["Larm\x07 gick\x00 av\x1b"]])
    assert cell.value == "Larm gick av"


def test_control_characters_are_dropped_from_csv_but_line_breaks_kept():
    assert _csv_values([["rad ett\x0b\nrad två"]]) == [["rad ett\nrad två"]]


def test_csv_has_decimal_commas_and_dates_without_microseconds():
    moment = datetime.datetime(2026, 3, 1, 13, 5, 9, 123456, tzinfo=datetime.UTC)
    row = [21.0, decimal.Decimal("3.25"), moment, datetime.date(2026, 3, 1), True]
    rows = _csv_values([row], headers="abcde")
    assert rows == [["21,0", "3,25", "2026-03-01 14:05:09", "2026-03-01", "Ja"]]


def test_excel_dates_are_dates_in_local_time_to_the_second():
    moment = datetime.datetime(2026, 3, 1, 13, 5, 9, 123456, tzinfo=datetime.UTC)
    row = [moment, datetime.date(2026, 3, 1), decimal.Decimal("3.25")]
    response = table_response("xlsx", "tabell", ["När", "Dag", "Belopp"], [row])
    sheet = load_workbook(io.BytesIO(response.content)).active
    when, day, amount = next(sheet.iter_rows(min_row=2))
    assert when.value == datetime.datetime(2026, 3, 1, 14, 5, 9) and when.is_date
    assert day.is_date and day.number_format == "yyyy-mm-dd"
    assert amount.value == 3.25 and amount.data_type == "n"


@pytest.mark.parametrize(
    "number, text",
    [
        (0.00001, "0,00001"),
        (1e20, "100000000000000000000"),
        (decimal.Decimal("1E+2"), "100"),
        (decimal.Decimal("-12.50"), "-12,50"),
        (float("nan"), ""),
    ],
)
def test_csv_numbers_never_have_an_exponent(number, text):
    assert _csv_values([[number]]) == [[text]]


def test_csv_times_have_no_microseconds():
    assert _csv_values([[datetime.time(14, 5, 9, 123456)]]) == [["14:05:09"]]


def test_excel_amounts_keep_their_decimals_and_times_are_times():
    row = [decimal.Decimal("12.50"), decimal.Decimal("3"), datetime.time(14, 5, 9, 123456), float("inf")]
    response = table_response("xlsx", "tabell", ["Belopp", "Antal", "Klockan", "Kvot"], [row])
    amount, whole, clock, ratio = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))
    assert amount.value == 12.5 and amount.number_format == "0.00"
    assert whole.value == 3 and whole.number_format == "General"
    assert clock.value == datetime.time(14, 5, 9) and clock.number_format == "hh:mm:ss"
    assert ratio.value is None


def test_rows_may_be_any_iterable():
    response = table_response("xlsx", "tabell", ["a", "b"], (iter([decimal.Decimal("1.5"), 2]) for _ in range(2)))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows == [(1.5, 2), (1.5, 2)]
