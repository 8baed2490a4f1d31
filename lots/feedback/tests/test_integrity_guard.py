"""The integrity guard on feedback: what staff register and what the public submit, in the services and on the forms.

The public get a warning that explains why (names undo anonymity) and may send anyway; nothing is refused outright.
The only personal number used is the published test identity 19121212-1212 (Tolvan Tolvansson)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.feedback import services
from lots.feedback.models import FeedbackCase
from lots.feedback.tests.test_public_views import form_url, valid

C = FeedbackCase


@pytest.fixture
def public_unit(world):
    world.sub.public_name = "Stöd till familjer"
    world.sub.save(update_fields=["public_name"])
    return world.sub


NAMED = ["Personalen kalle var otrevlig mot min pappa.", "Gäller min pappa 19121212-1212."]


@pytest.mark.parametrize("text", NAMED)
@pytest.mark.parametrize("public", [True, False], ids=["submitted", "registered"])
def test_a_description_naming_someone_is_refused_unless_confirmed(world, make_case, text, public):
    with pytest.raises(ValidationError) as raised:
        make_case(public=public, description=text)
    assert list(raised.value.error_dict) == ["description"]
    assert raised.value.error_dict["description"][0].code == "integrity"
    assert not FeedbackCase.objects.exists()
    assert make_case(public=public, description=text, integrity_confirmed=True).description == text


def test_the_public_are_told_that_names_undo_anonymity(world, make_case):
    with pytest.raises(ValidationError) as raised:
        make_case(public=True, description=NAMED[0])
    assert "även om du inte lämnar några kontaktuppgifter" in raised.value.messages[0]


def test_a_changed_investigation_text_is_refused_with_a_name_unless_confirmed(world, make_case):
    case = make_case()
    manager = world.persona("enhetschef")
    fields = {"case": case, "expected_version": None, "category": "", "sender_role": case.sender_role, "unit": case.unit}
    with pytest.raises(ValidationError) as raised:
        services.feedback_update(actor=manager, investigation=NAMED[0], **fields)
    assert list(raised.value.error_dict) == ["investigation"]
    services.feedback_update(actor=manager, investigation=NAMED[0], integrity_confirmed=True, **fields)
    case.refresh_from_db()
    assert case.investigation == NAMED[0]
    services.feedback_update(actor=manager, investigation=NAMED[0], **{**fields, "category": C.Category.TREATMENT})


def test_the_public_form_warns_keeps_the_text_and_sends_once_confirmed(world, client, public_unit):
    data = valid(public_unit, description=NAMED[0])
    response = client.post(form_url(world), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "även om du inte lämnar några kontaktuppgifter" in page
    assert 'type="checkbox" name="integrity_confirmed"' in page
    assert NAMED[0] in page
    assert not FeedbackCase.objects.exists()
    assert client.post(form_url(world), {**data, "integrity_confirmed": "on"}).status_code == 302
    assert FeedbackCase.objects.get().description == NAMED[0]


def test_the_public_form_does_not_show_the_confirmation_before_a_warning(world, client, public_unit):
    page = client.get(form_url(world)).content.decode()
    assert 'type="checkbox" name="integrity_confirmed"' not in page


def test_staff_registering_feedback_get_the_warning_at_the_description(world, client_for):
    client = client_for(world.persona("medarbetare"))
    data = {
        "unit": world.own.pk,
        "kind": "synpunkt",
        "channel": "besok",
        "received_on": datetime.date.today().isoformat(),
        "sender_role": "berord",
        "description": NAMED[0],
        "reply": "ingen",
    }
    response = client.post(reverse("feedback:register"), data)
    assert response.status_code == 422
    assert "ett namn: kalle" in response.context["form"].errors["description"][0]
    assert client.post(reverse("feedback:register"), {**data, "integrity_confirmed": "on"}).status_code == 302
    assert FeedbackCase.objects.get().description == NAMED[0]
