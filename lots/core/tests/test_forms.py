from django import forms
from django.template.loader import render_to_string

from lots.core.forms import LotsForm


class ExampleForm(LotsForm):
    name = forms.CharField(label="Namn", help_text="Hela namnet.")
    towns = forms.MultipleChoiceField(
        label="Kommuner", choices=[("a", "Alby"), ("b", "Byn")], widget=forms.CheckboxSelectMultiple, required=False
    )
    agree = forms.BooleanField(label="Jag godkänner")


def test_help_text_and_errors_are_referenced_by_ids_that_exist():
    form = ExampleForm({})
    assert not form.is_valid()
    html = render_to_string("includes/form.html", {"form": form})
    assert 'aria-describedby="id_name_helptext id_name_errors"' in html
    assert 'id="id_name_helptext"' in html and 'id="id_name_errors"' in html
    assert 'id="id_agree_errors"' in html


def test_an_error_added_after_validation_is_referenced_by_an_id_that_exists_too():
    form = ExampleForm({"name": "Kim", "agree": "on"})
    assert form.is_valid()
    form.add_error("name", "Namnet är redan taget.")
    html = render_to_string("includes/form.html", {"form": form})
    assert 'aria-describedby="id_name_helptext id_name_errors"' in html and 'id="id_name_errors"' in html


def test_a_group_of_checkboxes_is_a_fieldset_with_a_legend():
    html = render_to_string("includes/form.html", {"form": ExampleForm()})
    assert "<legend>Kommuner" in html
    assert html.count('type="checkbox"') == 3
    assert '<label for="id_agree">Jag godkänner</label>' in html


def test_every_form_drops_control_and_bidirectional_characters_from_text():
    from django import forms as django_forms

    from lots.core.forms import LotsForm

    class NoteForm(LotsForm):
        text = django_forms.CharField()
        count = django_forms.IntegerField()

    form = NoteForm({"text": "Larm\x07 gick\u202e av\r\nsedan", "count": "3"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"text": "Larm gick av\r\nsedan", "count": 3}
