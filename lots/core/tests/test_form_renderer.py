"""The form renderer writes a <select> exactly as Django's templates do, only faster."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from lots.core.forms import RENDERER, FormRenderer, LotsForm

STOCK = DjangoTemplates()


class _Options(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Alla"), ("a", "A & B"), (3, 3)], required=False)
    grouped = forms.ChoiceField(
        choices=[("", "Välj"), ("Öppna", [("r", "Rapporterad"), ("m", "Mottagen")]), ("Stängda", [("c", '"Avslutad"')])]
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "<Y>")], required=False)
    dated = forms.ChoiceField(choices=[(datetime.date(2026, 1, 2), datetime.date(2026, 1, 2))], required=False)
    safe = forms.ChoiceField(choices=[(mark_safe("s&amp;"), mark_safe("<b>fet</b>"))], required=False)
    flags = forms.ChoiceField(
        choices=[("1", "Ett")],
        widget=forms.Select(attrs={"data-x": 'a"b', "disabled": True, "hidden": False, "aria-describedby": "h e"}),
    )


@pytest.mark.parametrize("data", [None, {"plain": "a", "grouped": "m", "many": ["x", "y"], "flags": "1"}, {"plain": "3"}])
@pytest.mark.parametrize("name", list(_Options.base_fields))
def test_a_select_reads_character_for_character_as_the_stock_templates_write_it(name, data):
    fast = _Options(data, renderer=FormRenderer())[name]
    stock = _Options(data, renderer=STOCK)[name]
    assert str(fast) == str(stock)


def test_a_select_with_options_of_its_own_template_uses_the_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    class _Form(forms.Form):
        choice = forms.ChoiceField(choices=[("a", "A")], widget=Custom)

    assert str(_Form(renderer=FormRenderer())["choice"]) == str(_Form(renderer=STOCK)["choice"])


def test_the_project_forms_use_it():
    class _Form(LotsForm):
        choice = forms.ChoiceField(choices=[("a", "A")])

    assert _Form().renderer is RENDERER
