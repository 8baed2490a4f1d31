"""A choice field with CachedChoiceIterator reads its queryset once, however often its choices are rendered."""

from django import forms

from lots.core.forms import CachedChoiceIterator
from lots.organisation.models import Unit


class _Form(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), empty_label="Välj")

    def __init__(self, *args, units, cached: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if cached:
            self.fields["unit"].iterator = CachedChoiceIterator
        self.fields["unit"].queryset = units


def test_the_choices_are_read_once_and_offer_every_unit(world, django_assert_num_queries):
    units = Unit.objects.filter(municipality=world.own.municipality).order_by("path")
    expected = [("", "Välj")] + [(u.pk, str(u)) for u in units]
    form = _Form(units=units, cached=True)
    with django_assert_num_queries(1):
        html = str(form["unit"]) + str(form["unit"])
        offered = [(c[0] if c[0] == "" else c[0].value, c[1]) for c in form.fields["unit"].choices]
    assert offered == expected
    assert html.count(f'value="{world.sub.pk}"') == 2


def test_without_it_each_rendering_reads_the_units_again(world, django_assert_num_queries):
    form = _Form(units=Unit.objects.filter(municipality=world.own.municipality), cached=False)
    with django_assert_num_queries(2):  # one query per rendering
        str(form["unit"])
        str(form["unit"])


def test_a_bound_form_still_validates_against_the_queryset(world):
    units = Unit.objects.filter(pk=world.own.pk)
    assert _Form({"unit": world.own.pk}, units=units, cached=True).is_valid()
    refused = _Form({"unit": world.other.pk}, units=units, cached=True)
    assert not refused.is_valid() and "unit" in refused.errors
