"""A field with a maximum length carries a live region saying so once it is reached (lots.js fills it), and a
value over the limit that gets past the browser is refused next to the field in Swedish."""

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


class Sample(forms.Form):
    title = forms.CharField(label="Rubrik", max_length=200)
    note = forms.CharField(label="Anteckning", widget=forms.Textarea, max_length=2000, required=False)
    free = forms.CharField(label="Fritext", widget=forms.Textarea, required=False)


def field(form, name) -> str:
    return render_to_string("includes/field.html", {"field": form[name]})


def test_a_field_with_a_maximum_length_has_a_live_region_with_the_message():
    html = field(Sample(), "title")
    assert 'id="id_title_limit" aria-live="polite" data-limit-for="id_title"' in html
    assert 'data-limit-message="Du har nått maxlängden 200 tecken."' in html


def test_a_text_area_with_a_maximum_length_has_one_too():
    assert 'data-limit-for="id_note"' in field(Sample(), "note")


def test_a_field_without_a_maximum_length_has_none():
    assert "data-limit-for" not in field(Sample(), "free")


def test_a_value_over_the_limit_gets_the_swedish_message_at_the_field():
    with translation.override("sv"):
        form = Sample({"title": "x" * 201})
        html = field(form, "title")
    assert "Säkerställ att detta värde har som mest 200 tecken (den har 201)." in html
    assert 'id="id_title_errors"' in html
