"""Journeys through feedback in the system Chromium, with axe-core on every page and error state."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.feedback import services
from lots.feedback.models import FeedbackCase
from lots.feedback.reminders import send_reminders
from lots.feedback.tests.conftest import aware
from lots.testing.browser import DESKTOP, PHONE, assert_accessible
from lots.testing.factories import RoleAssignmentFactory

pytestmark = pytest.mark.browser
C = FeedbackCase


@pytest.fixture
def public_unit(world):
    world.sub.public_name = "Stöd till familjer"
    world.sub.save(update_fields=["public_name"])
    return world.sub


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement !== null && document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab (only Tab) until ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"{selector} gick inte att nå med tabbtangenten")


def test_an_anonymous_sender_completes_the_form_with_the_keyboard_alone(world, public_unit, new_page, live_server):
    page = new_page()
    page.goto(live_server.url + reverse("feedback_public:form", args=[world.m1.slug]))
    assert_accessible(page, "formuläret")

    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#error-summary")
    assert page.title().startswith("Fel:")
    assert focused(page, "#error-summary")
    assert_accessible(page, "formuläret med fel")

    tab_to(page, "a[href='#id_kind_0']")
    page.keyboard.press("Enter")
    assert focused(page, "#id_kind_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_unit")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_sender_role_0")
    page.keyboard.press("ArrowDown")
    tab_to(page, "#id_description")
    page.keyboard.type("Ingen ringde tillbaka fast det var lovat.")
    tab_to(page, "#id_reply_0")
    page.keyboard.press("ArrowUp")
    assert page.is_checked("#id_reply_3")
    assert page.is_hidden("#contact-details")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_selector(".reference")
    case = FeedbackCase.objects.get()
    assert (case.kind, case.unit, case.sender_role) == (C.Kind.COMPLAINT, public_unit, C.SenderRole.RELATIVE)
    assert case.is_anonymous
    assert page.inner_text(".reference") == case.reference
    assert "vi inte ge dig något svar" in page.content()
    assert_accessible(page, "kvittot")
    page.goto(page.get_attribute("a.status-link", "href"))
    assert "anonymt" in page.content()
    assert_accessible(page, "statussidan")


def test_a_sender_on_a_phone_without_javascript_follows_the_case_and_reads_the_answer(world, public_unit, new_page, live_server):
    page = new_page(viewport=PHONE, javascript=False)
    page.goto(live_server.url + reverse("feedback_public:form", args=[world.m1.slug]))
    page.check("#id_kind_1")
    page.select_option("#id_unit", label="Stöd till familjer")
    page.check("#id_sender_role_0")
    page.fill("#id_description", "Skulle vilja ha fler tider på kvällen.")
    page.check("#id_reply_0")
    page.fill("#id_contact_name", "Alex Provare")
    page.fill("#id_contact_email", "alex@example.invalid")
    page.get_by_role("button", name="Skicka").click()

    page.wait_for_selector(".reference")
    assert "Vi har också skickat den till din e-postadress" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    status_url = page.get_attribute("a.status-link", "href")
    case = FeedbackCase.objects.get()
    token_path = status_url.removeprefix(live_server.url)
    assert any(token_path in m.body for m in mail.outbox if m.to == ["alex@example.invalid"])

    page.goto(status_url)
    assert "väntar på att handläggas" in page.content()
    manager = world.persona("enhetschef")
    services.feedback_receive(actor=manager, case=case)
    services.feedback_answer(
        actor=manager,
        case=case,
        expected_version=None,
        method=C.AnswerMethod.EMAIL,
        answer="Från och med mars har vi öppet till kl. 19 på torsdagar.",
    )
    page.reload()
    assert page.inner_text(".answer-text") == "Från och med mars har vi öppet till kl. 19 på torsdagar."
    assert "Skulle vilja ha fler tider" not in page.content()
    assert "alex@example.invalid" not in page.content()
    # axe-core needs scripts to run, so it checks the same page in a second, scripted phone browser.
    checker = new_page(viewport=PHONE)
    checker.goto(status_url)
    assert_accessible(checker, "statussidan med svar på mobil")


def test_the_manager_receives_investigates_answers_and_closes(world, public_unit, new_page, live_server):
    case, _token = services.feedback_submit(
        municipality=world.m1,
        unit=public_unit,
        kind=C.Kind.COMPLAINT,
        sender_role=C.SenderRole.CONCERNED,
        description="Min handläggare svarar inte på mejl.",
        reply=C.Reply.EMAIL,
        contact_email="kim@example.invalid",
    )
    page = new_page(user=case.handler)
    page.goto(live_server.url + reverse("home:start"))
    page.get_by_role("link", name=re.compile(case.reference)).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Klagomål {case.reference}"
    assert "14 dagar kvar" in page.content()
    assert_accessible(page, "nytt ärende")

    page.get_by_role("button", name="Ta emot ärendet").click()
    assert "Du har tagit emot ärendet" in page.content()
    page.get_by_role("link", name="Utred och klassificera").click()
    page.get_by_label("Vad gäller det?").select_option("handlaggning")
    page.get_by_label("Utredning").fill("Handläggaren har varit sjuk; ärendet har fått en ersättare.")
    assert_accessible(page, "utredningen")
    page.get_by_role("button", name="Spara").click()

    page.get_by_role("link", name="Svara", exact=True).click()
    page.get_by_role("button", name="Spara och skicka svaret").click()
    assert "Skriv svaret." in page.content()
    assert_accessible(page, "svaret med fel")
    page.get_by_role("textbox", name=re.compile("^Svar")).fill("Du har nu fått en ny handläggare som ringer dig i veckan.")
    page.get_by_role("button", name="Spara och skicka svaret").click()
    assert "Svaret är skickat med e-post" in page.content()
    assert any("ny handläggare" in m.body for m in mail.outbox if m.to == ["kim@example.invalid"])

    page.get_by_role("link", name="Avsluta").click()
    page.get_by_label("Vad gällde ärendet?").select_option("")
    page.get_by_role("button", name="Avsluta ärendet").click()
    assert "Välj vad ärendet gäller innan du avslutar det." in page.content()
    assert_accessible(page, "avslut med fel")
    page.get_by_label("Vad gällde ärendet?").select_option("handlaggning")
    page.get_by_label("Sammanfattning").fill("Ny handläggare utsedd. Rutin för frånvaro ses över.")
    page.get_by_role("button", name="Avsluta ärendet").click()
    assert "Ärendet är avslutat." in page.content()
    assert "Inom tidsfristen" in page.content()
    assert_accessible(page, "avslutat ärende")
    case.refresh_from_db()
    assert case.status == C.Status.CLOSED and case.completed_in_time


def test_an_overdue_case_escalates_to_the_next_level_with_a_moved_clock(world, new_page, live_server):
    sub_manager = world.persona("verksamhetsledare")
    RoleAssignmentFactory(user=sub_manager, role=Role.ENHETSCHEF, unit=world.sub, include_subunits=True)
    received = timezone.localdate() - datetime.timedelta(days=30)
    case = services.feedback_register(
        actor=world.persona("medarbetare"),
        unit=world.sub,
        kind=C.Kind.COMPLAINT,
        sender_role=C.SenderRole.RELATIVE,
        channel=C.Channel.PHONE,
        description="Ingen återkoppling efter mötet.",
        received_at=aware(received),
    )
    assert case.handler == sub_manager
    mail.outbox.clear()
    send_reminders(today=received + datetime.timedelta(days=15))
    assert world.persona("avdelningschef").email in [m.to[0] for m in mail.outbox if "Försenat ärende" in m.subject]

    case.refresh_from_db()
    page = new_page(user=case.escalated_to)
    page.goto(live_server.url + reverse("home:start"))
    task = page.get_by_role("link", name=f"Eskalerat: Klagomål {case.reference}")
    assert "Försenad" in page.locator(".task-list li", has=task).inner_text()
    assert_accessible(page, "startsidan med eskalerat ärende")
    task.click()
    assert "Eskalerat" in page.inner_text(".badges")
    assert "Försenat 16 dagar" in page.content()
    assert_accessible(page, "eskalerat ärende")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_public_pages_have_no_accessibility_violations(world, public_unit, new_page, live_server, viewport):
    page = new_page(viewport=viewport)
    slug = world.m1.slug
    for name, args in (
        ("feedback_public:choose", []),
        ("feedback_public:form", [slug]),
        ("feedback_public:privacy", [slug]),
        ("feedback_public:sent", [slug]),
        ("feedback_public:status", [slug, "finns-inte"]),
        ("feedback_public:accessibility", [slug]),
    ):
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page, name)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], f"{name} är bredare än skärmen"
    page.get_by_role("button", name="Skicka rapporten").click()
    assert "Beskriv problemet." in page.content()
    assert_accessible(page, "tillgänglighetsrapport med fel")
    page.get_by_label("Beskriv problemet").fill("Länkarna i sidfoten är svåra att träffa.")
    page.get_by_role("button", name="Skicka rapporten").click()
    page.wait_for_selector("text=Tack! Din rapport")  # the post answers with a redirect: wait for the page it leads to
    assert_accessible(page, "tillgänglighetsrapport skickad")


def test_the_staff_pages_have_no_accessibility_violations(world, public_unit, new_page, live_server):
    coordinator = world.persona("kvalitetssamordnare")
    RoleAssignmentFactory(user=coordinator, role=Role.KVALITETSSAMORDNARE, unit=world.namnd, include_subunits=True)
    case = services.feedback_register(
        actor=coordinator,
        unit=world.sub,
        kind=C.Kind.COMPLAINT,
        sender_role="",
        channel=C.Channel.LETTER,
        description="IVO:s beslut om dokumentation.",
        authority=C.Authority.IVO,
        external_reference="IVO 1/2026",
    )
    services.feedback_receive(actor=coordinator, case=case)
    services.accessibility_report_create(municipality=world.m1, description="Kontrasten är låg.")
    page = new_page(user=coordinator)
    pages = [
        ("feedback:index", []),
        ("feedback:register", []),
        ("feedback:compilation", []),
        ("feedback:settings", [world.m1.slug]),
        ("feedback:accessibility_reports", []),
        ("feedback:detail", [case.pk]),
        ("feedback:edit", [case.pk]),
        ("feedback:close", [case.pk]),
        ("feedback:lex_sarah", [case.pk]),
        ("feedback:improvement", [case.pk]),
    ]
    for name, args in pages:
        page.goto(live_server.url + reverse(name, args=args))
        assert_accessible(page, name)
    page.goto(live_server.url + reverse("feedback:register"))
    page.get_by_role("button", name="Registrera").click()
    assert "Välj vilken enhet ärendet gäller." in page.content()
    assert_accessible(page, "registrering med fel")
    page.goto(live_server.url + reverse("feedback:index") + "?date_from=igår")
    assert_accessible(page, "listan med fel i filtret")

    staff = new_page(user=world.persona("medarbetare"))
    staff.goto(live_server.url + reverse("feedback:register"))
    staff.get_by_label("Ansvarig enhet").select_option(str(world.own.pk))
    staff.get_by_label("Typ").select_option("berom")
    staff.get_by_label("Hur kom det in?").select_option("besok")
    staff.get_by_label("Avsändare", exact=True).select_option("berord")
    staff.get_by_label("Vad framförde avsändaren?").fill("Tack för ett bra bemötande.")
    staff.get_by_role("button", name="Registrera").click()
    assert "är registrerat" in staff.content()
    assert_accessible(staff, "kvitto för personal")
    staff.goto(live_server.url + reverse("feedback:index"))
    assert_accessible(staff, "registreringssidan för medarbetare")
