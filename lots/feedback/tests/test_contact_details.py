"""The sender's contact details are shown to those who handle the case, as the privacy page promises, and to no one
else who reads it: not to a granskare reading under an audit grant."""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.feedback.models import FeedbackCase
from lots.testing.grants import audit_grant

C = FeedbackCase
EMAIL = "avsandare@example.invalid"


@pytest.fixture
def case(world, make_case):
    return make_case(world.sub, reply=C.Reply.EMAIL, contact_email=EMAIL, contact_name="Sigrid Avsändare")


@pytest.mark.parametrize("role", [Role.ENHETSCHEF, Role.AVDELNINGSCHEF, Role.FORVALTNINGSCHEF, Role.KVALITETSSAMORDNARE])
def test_those_handling_the_case_see_the_contact_details(world, client_for, case, role):
    page = client_for(world.persona(role)).get(reverse("feedback:detail", args=[case.pk])).content.decode()
    assert EMAIL in page and "Sigrid Avsändare" in page


def test_a_granskare_reading_under_a_grant_does_not_see_them(world, client_for, case):
    audit_grant(world)
    response = client_for(world.persona(Role.GRANSKARE)).get(reverse("feedback:detail", args=[case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert EMAIL not in page and "Sigrid Avsändare" not in page
    assert "Kontaktuppgifterna visas bara för dem som handlägger ärendet." in page


def test_the_privacy_page_makes_the_promise(world, client):
    page = client.get(reverse("feedback_public:privacy", args=[world.m1.slug])).content.decode()
    assert "Kontaktuppgifterna visas bara för dem som handlägger ärendet." in page
