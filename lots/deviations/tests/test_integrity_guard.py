"""The integrity guard on the report, the lex Sarah investigation and the IVO notification: every text that goes into
the IVO notification is checked in the service, and the pages let the person confirm or change it.

The only personal number used is the published test identity 19121212-1212 (Tolvan Tolvansson)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.deviations import services
from lots.deviations.models import Deviation, LexSarahInvestigation
from lots.deviations.tests.conftest import TEST_IDENTITY

C = LexSarahInvestigation.Classification
NAME_TEXT = "Kalle blev slagen av en annan boende."
NUMBER_TEXT = f"Gäller {TEST_IDENTITY}."


@pytest.fixture
def investigation(report):
    return report(possible_lex_sarah=True).lex_sarah


@pytest.fixture
def notification(investigation):
    data = {"classification": C.SERIOUS}
    services.investigation_update(actor=None, investigation=investigation, expected_version=None, data=data)
    return investigation.deviation.ivo_notification


@pytest.mark.parametrize("field", services.INVESTIGATION_TEXTS)
@pytest.mark.parametrize("text", [NAME_TEXT, NUMBER_TEXT])
def test_every_investigation_text_is_refused_with_a_name_or_personal_number_unless_confirmed(world, investigation, field, text):
    manager = world.persona("enhetschef")
    with pytest.raises(ValidationError) as raised:
        services.investigation_update(actor=manager, investigation=investigation, expected_version=None, data={field: text})
    assert list(raised.value.error_dict) == [field]
    assert raised.value.error_dict[field][0].code == "integrity"
    investigation.refresh_from_db()
    assert getattr(investigation, field) != text
    services.investigation_update(
        actor=manager, investigation=investigation, expected_version=None, data={field: text}, integrity_confirmed=True
    )
    investigation.refresh_from_db()
    assert getattr(investigation, field) == text


def test_text_already_saved_is_not_checked_again_when_another_field_changes(world, investigation):
    manager = world.persona("enhetschef")
    services.investigation_update(
        actor=manager, investigation=investigation, expected_version=None, data={"causes": NAME_TEXT}, integrity_confirmed=True
    )
    data = {"causes": NAME_TEXT, "final_assessment": "Allvarligt."}
    services.investigation_update(actor=manager, investigation=investigation, expected_version=None, data=data)
    investigation.refresh_from_db()
    assert investigation.final_assessment == "Allvarligt."


@pytest.mark.parametrize("field", services.IVO_TEXTS)
def test_the_ivo_notifications_texts_are_refused_with_a_name_unless_confirmed(world, notification, field):
    coordinator = world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError) as raised:
        services.ivo_notification_update(
            actor=coordinator, notification=notification, expected_version=None, data={field: NAME_TEXT}
        )
    assert list(raised.value.error_dict) == [field]
    services.ivo_notification_update(
        actor=coordinator, notification=notification, expected_version=None, data={field: NAME_TEXT}, integrity_confirmed=True
    )
    notification.refresh_from_db()
    assert getattr(notification, field) == NAME_TEXT


def test_the_ivo_contact_person_is_staff_and_may_be_named(world, notification):
    coordinator = world.persona("kvalitetssamordnare")
    data = {"contact_name": "Kalle Svensson"}
    services.ivo_notification_update(actor=coordinator, notification=notification, expected_version=None, data=data)
    notification.refresh_from_db()
    assert notification.contact_name == "Kalle Svensson"


@pytest.mark.parametrize("field", ["description", "immediate_action"])
def test_the_report_service_refuses_a_name_unless_confirmed_whoever_calls_it(world, reporter, field):
    fields = {"description": "Fel dos.", field: NAME_TEXT}
    kwargs = dict(actor=reporter, unit=world.own, occurred_at=timezone.now(), **fields)
    with pytest.raises(ValidationError) as raised:
        services.deviation_report(**kwargs)
    assert list(raised.value.error_dict) == [field]
    assert not Deviation.objects.exists()
    assert services.deviation_report(**kwargs, integrity_confirmed=True).integrity_confirmed


def test_the_investigation_page_warns_at_the_field_and_saves_once_confirmed(world, investigation, client_for):
    deviation = investigation.deviation
    client = client_for(world.persona("enhetschef"))
    url = reverse("deviations:investigation", args=[deviation.pk])
    data = {name: getattr(investigation, name) for name in services.INVESTIGATION_FIELDS}
    data.update(affected="Den enskilde kalle blev rädd.", version=investigation.version, action="save")
    response = client.post(url, data)
    assert response.status_code == 422
    form = response.context["form"]
    assert "ett namn: kalle" in form.errors["affected"][0]
    assert 'type="checkbox" name="integrity_confirmed"' in response.content.decode()
    assert client.post(url, {**data, "integrity_confirmed": "on"}).status_code == 302
    investigation.refresh_from_db()
    assert investigation.affected == "Den enskilde kalle blev rädd."


def test_the_confirmation_stays_hidden_until_the_guard_has_warned(world, investigation, client_for):
    response = client_for(world.persona("enhetschef")).get(reverse("deviations:investigation", args=[investigation.deviation.pk]))
    assert 'type="hidden" name="integrity_confirmed"' in response.content.decode()


def test_the_ivo_page_warns_at_the_field(world, notification, client_for):
    url = reverse("deviations:ivo", args=[notification.deviation.pk])
    data = {"action": "save", "ivo-activity_area": "IFO", "ivo-other_notifications": NAME_TEXT}
    data["ivo-version"] = notification.version
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(url, data)
    assert response.status_code == 422
    assert "ett namn: Kalle" in response.content.decode()
    assert client.post(url, {**data, "ivo-integrity_confirmed": "on"}).status_code == 302
