"""get_<field>_display() answers from a table built once per field, in the active language."""

from unittest import mock

from django.db.models import Field
from django.utils import translation

from lots.deviations.models import Deviation


def test_the_label_is_the_choice_label_in_the_active_language():
    deviation = Deviation(state=Deviation.State.CLOSED)
    with translation.override("sv"):
        assert deviation.get_state_display() == "Avslutad"
    with translation.override("en"):
        assert deviation.get_state_display() == "Closed"


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Deviation(state="unknown").get_state_display() == "unknown"
    assert Deviation(state=None).get_state_display() is None


def test_the_choices_are_read_once_however_many_rows_ask():
    Deviation(state=Deviation.State.RECEIVED).get_state_display()  # builds the table
    with mock.patch.object(Field, "flatchoices", new_callable=mock.PropertyMock, return_value=[]) as flatchoices:
        labels = [Deviation(state=Deviation.State.CLOSED).get_state_display() for _ in range(50)]
    assert labels == [str(Deviation.State.CLOSED.label)] * 50
    assert flatchoices.call_count == 0
