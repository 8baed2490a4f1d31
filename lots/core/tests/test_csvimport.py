"""The one CSV reader and column mapping of the imports (deviations, employments, placements)."""

import pytest

from lots.core import csvimport
from lots.core.csvimport import ImportFileError, Target

TARGETS = [
    Target("unit", "Enhet", True, ("enhet", "enhetskod")),
    Target("date", "Datum", False, ("datum",)),
]


def read(data: bytes, **options):
    return csvimport.read_csv(data, **({"max_bytes": 1024, "max_rows": 3, "what": "rader"} | options))


def test_semicolons_commas_and_tabs_in_utf8_or_windows_1252_are_read_the_same():
    expected = (["Enhet", "Datum"], [["Vallmo", "2026-01-02"]])
    assert read(b"Enhet;Datum\nVallmo;2026-01-02\n") == expected
    assert read("\ufeffEnhet,Datum\r\nVallmo,2026-01-02\r\n".encode()) == expected
    assert read(b"Enhet\tDatum\nVallmo\t2026-01-02\n") == expected
    assert read("Enhet;Datum\nÅsen;2026-01-02\n".encode("cp1252"))[1] == [["Åsen", "2026-01-02"]]


def test_control_characters_are_dropped_and_blank_rows_left_out():
    assert read(b"Enhet;Datum\n\n;\nVal\x07lmo;2026\n")[1] == [["Vallmo", "2026"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Filen är tom."),
        (b"Enhet\nVallmo\n", "rubrikrad"),
        (b"Enhet;Datum\n", "inga rader"),
        (b"Enhet;Datum\n" + b"a;b\n" * 4, "fler än 3 rader"),
        (b"x" * 2048, "för stor"),
    ],
)
def test_a_file_that_cannot_be_imported_says_why(data, message):
    with pytest.raises(ImportFileError, match=message):
        read(data)


def test_a_file_the_csv_reader_gives_up_on_is_refused_with_a_message_not_an_error():
    """A field over the reader's limit (131 072 characters) stops it: the person is told, nothing breaks."""
    data = b'Enhet;Datum\n"' + b"x" * 140_000 + b'";2026\n'
    with pytest.raises(ImportFileError, match="CSV"):
        read(data, max_bytes=1_000_000)


def test_columns_are_guessed_from_their_headers_and_each_column_is_used_once():
    assert csvimport.guess_mapping(TARGETS, ["Datum", "ENHET", "enhetskod"]) == {"unit": 1, "date": 0}
    assert csvimport.guess_mapping(TARGETS, ["Något"]) == {"unit": None, "date": None}


class Mapping(csvimport.ColumnMappingForm):
    targets = TARGETS


def test_the_mapping_form_refuses_one_column_for_two_fields_and_a_required_field_unmapped():
    form = Mapping({"unit": "0", "date": "0"}, headers=["Enhet", "Datum"])
    assert not form.is_valid() and "date" in form.errors
    form = Mapping({"unit": "", "date": "1"}, headers=["Enhet", "Datum"])
    assert not form.is_valid() and "unit" in form.errors
    form = Mapping({"unit": "0", "date": ""}, headers=["Enhet", "Datum"])
    assert form.is_valid() and form.mapping() == {"unit": 0, "date": None}
    assert Mapping.guessed(["Datum", "Enhet"]).initial == {"unit": "1", "date": "0"}
