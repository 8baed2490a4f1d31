import pytest
from django.core.exceptions import ValidationError

from lots.lib.identifiers import normalise_organisation_number


def test_it_formats_a_valid_number_with_a_hyphen():
    assert normalise_organisation_number("5560160680") == "556016-0680"
    assert normalise_organisation_number(" 212000-0142 ") == "212000-0142"


@pytest.mark.parametrize("value", ["556016-0681", "12345", "", "abcdefghij", "556016-06800"])
def test_it_rejects_invalid_numbers_in_swedish(value):
    with pytest.raises(ValidationError) as excinfo:
        normalise_organisation_number(value)
    assert "Organisationsnumret är inte giltigt" in excinfo.value.messages[0]
