"""The complainant asks for the complaint delegation on their status page, on a phone, with axe-core clean."""

import pytest
from django.urls import reverse

from lots.feedback import delegation, services
from lots.feedback.models import DelegationRequest, FeedbackCase
from lots.testing.browser import PHONE, assert_accessible

pytestmark = pytest.mark.browser
C = FeedbackCase


def test_a_complainant_asks_for_the_complaint_delegation_on_a_phone(world, make_case, new_page, live_server):
    case = make_case(public=True, reply=C.Reply.EMAIL, contact_email="klagande@example.invalid")
    manager = world.persona("enhetschef")
    services.feedback_receive(actor=manager, case=case)
    services.feedback_answer(actor=manager, case=case, expected_version=None, method=C.AnswerMethod.EMAIL, answer="Vi beklagar.")
    page = new_page(viewport=PHONE)
    page.goto(live_server.url + reverse("feedback_public:status", args=[world.m1.slug, case.token]))
    assert_accessible(page, "statussidan med begäran om prövning")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("button", name="Begär prövning").click()
    page.wait_for_selector("#error-summary")
    assert_accessible(page, "begäran utan text")
    page.get_by_label("Varför är du inte nöjd med svaret?").fill("Ni svarade inte på det jag frågade om.")
    page.get_by_role("button", name="Begär prövning").click()
    page.wait_for_selector("text=Din begäran är mottagen.")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, "statussidan med pågående prövning")
    track = DelegationRequest.objects.get(case=case)
    assert track.reason == "Ni svarade inte på det jag frågade om."

    delegation.delegation_decide(
        actor=world.persona("forvaltningschef"),
        track=track,
        expected_version=None,
        basis=DelegationRequest.Basis.DELEGATION,
        reference="KD § 4",
        decision="Befogat.",
        answer="Klagomålsdelegationen ger dig rätt.",
    )
    page.reload()
    assert page.get_by_text("Klagomålsdelegationen ger dig rätt.").is_visible()
    assert_accessible(page, "statussidan med delegationens svar")
