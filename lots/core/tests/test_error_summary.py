"""The error summary: every staff form sent with errors gets one at the top of the page, linked to the fields, and a
page title starting with "Fel:" (lots.core.templatetags.error_summary, used once in base.html)."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from lots.accounts.models import Role
from lots.improvements.tests.helpers import make_action
from lots.processes.tests.helpers import make_process

# The main create form of every module, filled in by someone who may use it; "?…" is the query of a form sent by GET.
CREATE_FORMS = [
    ("accounts:person_create", Role.KVALITETSSAMORDNARE),
    ("accounts:token_create", Role.MEDARBETARE),
    ("improvements:create", Role.KVALITETSSAMORDNARE),
    ("improvements:propose", Role.MEDARBETARE),
    ("processes:create", Role.KVALITETSSAMORDNARE),
    ("processes:routine_create", Role.KVALITETSSAMORDNARE),
    ("processes:law_create", Role.KVALITETSSAMORDNARE),
    ("processes:responsibility_create", Role.KVALITETSSAMORDNARE),
    ("processes:rule_create", Role.KVALITETSSAMORDNARE),
    ("deviations:report", Role.MEDARBETARE),
    ("feedback:register", Role.ENHETSCHEF),
    ("risks:analysis_create", Role.KVALITETSSAMORDNARE),
    ("risks:inspection_plan_create", Role.KVALITETSSAMORDNARE),
    ("risks:internal_control_create", Role.KVALITETSSAMORDNARE),
    ("risks:followup_create", Role.KVALITETSSAMORDNARE),
    ("requirements:contract_create", Role.KVALITETSSAMORDNARE),
    ("requirements:follow_up_create", Role.KVALITETSSAMORDNARE),
    ("reports:report_create", Role.KVALITETSSAMORDNARE),
    ("workenv:new?enhet=", Role.AVDELNINGSCHEF),  # the first step: the area, as a query
    ("rounds:create", Role.ENHETSCHEF),
    ("agreements:create", Role.KVALITETSSAMORDNARE),
    ("interventions:create", Role.ENHETSCHEF),
    ("ledger:create", Role.ENHETSCHEF),
]


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def summary(page: str) -> str:
    match = re.search(r'<div class="error-summary" id="error-summary".*?</div>', page, re.S)
    assert match, "no error summary"
    return match.group(0)


@pytest.mark.parametrize("url_name, role", CREATE_FORMS)
def test_a_form_sent_empty_gets_the_summary_linked_to_its_fields_and_an_error_title(world, client_for, url_name, role):
    client = client_for(world.persona(role))
    name, _mark, query = url_name.partition("?")
    url = reverse(name) + (f"?{query}" if query else "")
    response = client.post(url, {"unit": ""})  # something, so that the view binds its form (rounds: the first step)
    page = response.content.decode()
    assert response.status_code in (200, 400, 422), response.status_code
    assert title(page).startswith("Fel:")
    box = summary(page)
    anchors = re.findall(r'href="#([^"]+)"', box)
    assert anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in page, anchor
    assert page.count('id="error-summary"') == 1
    assert page.index('id="error-summary"') < page.index("<h1")


def test_a_form_shown_the_first_time_has_neither_summary_nor_error_title(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(reverse("processes:create")).content.decode()
    assert 'id="error-summary"' not in page
    assert not title(page).startswith("Fel:")


def test_the_login_form_announces_a_wrong_password(db, client):
    page = client.post(reverse("accounts:login"), {"username": "ingen", "password": "fel"}).content.decode()
    assert title(page).startswith("Fel:")
    assert 'id="error-summary"' in page


class Sample(forms.Form):
    name = forms.CharField(label="Namn")
    kind = forms.ChoiceField(label="Typ", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    secret = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("Hela formuläret är fel.")


PAGE = Template(
    '{% load error_summary %}{% page_errors as errors %}{% include "includes/error_summary.html" with errors=errors %}'
)


def render(**context) -> str:
    return PAGE.render(Context(context))


def test_each_field_error_links_to_its_control_with_the_label():
    form = Sample({"name": "", "secret": ""})
    form.is_valid()
    box = render(form=form)
    assert '<a href="#id_name">Namn: ' in box
    assert '<a href="#id_kind_0">Typ: ' in box


def test_the_forms_own_errors_and_hidden_fields_errors_link_to_its_first_field():
    form = Sample({"name": "x", "kind": "a", "secret": ""})
    form.is_valid()
    box = render(form=form)
    assert '<a href="#id_name">Hela formuläret är fel.</a>' in box
    assert box.count('href="#id_name"') == 2


def test_a_form_not_yet_validated_is_not_validated_by_the_summary():
    form = Sample({"name": ""})
    assert render(form=form).strip() == ""
    assert form._errors is None


def test_forms_in_lists_and_formsets_are_found_once():
    first, second = Sample({"name": ""}, prefix="a"), Sample({"name": ""}, prefix="b")
    formset = forms.formset_factory(Sample, extra=0)({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-kind": "a"})
    for candidate in (first, second, formset):
        candidate.is_valid()
    box = render(rows=[(1, first), (2, second)], form=first, formset=formset)
    # The form's own error, the name's and the hidden field's, each once although the form is in the context twice.
    assert box.count('href="#id_a-name"') == 3
    assert box.count('href="#id_b-name"') == 3
    assert 'href="#id_form-0-name"' in box


def test_the_heading_counts_the_errors():
    form = Sample({"name": "x", "kind": "a", "secret": "s"})
    form.is_valid()
    assert "Rätta 1 sak innan du fortsätter" in render(form=form)


def test_an_edit_form_sent_with_errors_gets_the_summary(world, client_for):
    process = make_process(world, world.own, steps=())
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.post(reverse("processes:edit", args=[process.pk]), {"name": "", "version": process.version}).content.decode()
    assert title(page).startswith("Fel:")
    assert 'href="#id_name"' in summary(page)


def test_an_edit_that_lost_a_race_links_the_conflict_to_the_form(world, client_for):
    action = make_action(world, world.own)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    data = {
        "title": "Ny rubrik",
        "description": "",
        "expected_effect": "",
        "unit": world.own.pk,
        "owner": action.owner_id,
        "source_kind": action.source_kind,
        "due_date": action.due_date.isoformat(),
        "version": action.version - 1,
    }
    page = client.post(reverse("improvements:edit", args=[action.pk]), data).content.decode()
    box = summary(page)
    assert "Någon annan har sparat ändringar" in box
    assert re.search(r'<a href="#id_\w+">Någon annan har sparat ändringar', box)
