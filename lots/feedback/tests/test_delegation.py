"""The complaint delegation's track (Katrineholm §5.2): who may ask, when, its deadline, the decision and the answer."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.feedback import delegation, services
from lots.feedback.models import DelegationRequest, FeedbackCase, FeedbackSettings
from lots.feedback.reminders import send_reminders
from lots.feedback.tasks import tasks_for
from lots.feedback.tests.conftest import aware
from lots.testing.factories import RoleAssignmentFactory, UserFactory

C = FeedbackCase
D = DelegationRequest
REASON = "Svaret tog inte upp det jag klagade på."


@pytest.fixture
def answered(world, make_case):
    """``answered(unit=…, public=…)``: a complaint received and answered by e-mail by the enhetschef."""

    def make(unit=None, *, public=False, **fields):
        values = {"reply": C.Reply.EMAIL, "contact_email": "klagande@example.invalid"}
        values.update(fields)
        case = make_case(unit or world.own, public=public, **values)
        manager = world.persona("enhetschef")
        services.feedback_receive(actor=manager, case=case)
        services.feedback_answer(
            actor=manager, case=case, expected_version=None, method=C.AnswerMethod.EMAIL, answer="Vi har talat med personalen."
        )
        return case

    return make


def decide(world, track, **fields):
    values = {
        "actor": world.persona("forvaltningschef"),
        "track": track,
        "expected_version": None,
        "basis": D.Basis.DELEGATION,
        "reference": "KD § 4",
        "decision": "Klagomålet är befogat. Enheten ska se över sina rutiner.",
        "answer": "Klagomålsdelegationen har prövat ditt klagomål och ger dig rätt.",
    }
    values.update(fields)
    return delegation.delegation_decide(**values)


def entries(obj, action=None):
    qs = AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
    return qs.filter(action=action) if action else qs


# --- The rules of the request -------------------------------------------------------------------------------------


def test_only_an_answered_complaint_can_go_to_the_delegation(world, make_case):
    case = make_case(reply=C.Reply.EMAIL, contact_email="k@example.invalid")
    services.feedback_receive(actor=world.persona("enhetschef"), case=case)
    with pytest.raises(ValidationError, match="måste ha besvarats"):
        delegation.delegation_request(case=case, reason=REASON, actor=world.persona("enhetschef"))
    assert not DelegationRequest.objects.exists()


def test_praise_and_authority_reports_do_not_go_to_the_delegation(world, answered):
    praise = answered(kind=C.Kind.PRAISE)
    with pytest.raises(ValidationError, match="Bara klagomål"):
        delegation.delegation_request(case=praise, reason=REASON)


def test_a_complaint_goes_to_the_delegation_only_once(world, answered):
    case = answered()
    delegation.delegation_request(case=case, reason=REASON)
    case.refresh_from_db()
    with pytest.raises(ValidationError, match="redan lämnats"):
        delegation.delegation_request(case=case, reason=REASON, actor=world.persona("enhetschef"))
    assert DelegationRequest.objects.count() == 1


def test_the_track_has_its_own_deadline_from_the_municipality_setting(world, answered):
    case = answered()
    at = aware(datetime.date(2026, 3, 2))
    track = delegation.delegation_request(case=case, reason=REASON, at=at)
    assert track.due_date == datetime.date(2026, 3, 30)
    FeedbackSettings.objects.create(municipality=world.m1, delegation_deadline_days=10)
    other = answered()
    assert delegation.delegation_request(case=other, reason=REASON, at=at).due_date == datetime.date(2026, 3, 12)


def test_a_reason_is_required_and_guarded_for_names(world, answered):
    case = answered()
    with pytest.raises(ValidationError) as empty:
        delegation.delegation_request(case=case, reason="   ")
    assert "reason" in empty.value.message_dict
    with pytest.raises(ValidationError) as named:
        delegation.delegation_request(case=case, reason="Kalle Svensson blev illa behandlad igen.")
    assert "reason" in named.value.message_dict
    assert "Namn och personnummer" in named.value.message_dict["reason"][0]
    track = delegation.delegation_request(case=case, reason="Kalle Svensson blev illa behandlad igen.", integrity_confirmed=True)
    assert track.pk


def test_a_request_is_audited_and_the_deciders_and_the_complainant_are_mailed(
    world, answered, django_capture_on_commit_callbacks
):
    case = answered()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        track = delegation.delegation_request(case=case, reason=REASON, actor=world.persona("enhetschef"))
    assert track.channel == D.Channel.STAFF
    assert track.requested_by == world.persona("enhetschef")
    entry = entries(track, "create").get()
    assert entry.actor == world.persona("enhetschef")
    assert entry.unit_path == case.unit.path
    assert REASON not in str(entry.changes) + entry.note
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world.persona("forvaltningschef").email, "klagande@example.invalid"])
    decider_mail = next(m for m in mail.outbox if m.to == [world.persona("forvaltningschef").email])
    assert case.reference in decider_mail.body
    assert REASON not in decider_mail.body
    assert "klagande@example.invalid" not in decider_mail.body


# --- The decision -------------------------------------------------------------------------------------------------


def test_the_decision_and_answer_are_recorded_once_audited_and_mailed(world, answered, django_capture_on_commit_callbacks):
    case = answered()
    track = delegation.delegation_request(case=case, reason=REASON)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(world, track)
    track.refresh_from_db()
    assert track.is_decided
    assert track.decided_by == world.persona("forvaltningschef")
    answer_mail = [m for m in mail.outbox if m.to == ["klagande@example.invalid"]]
    assert len(answer_mail) == 1
    assert "ger dig rätt" in answer_mail[0].body
    entry = entries(track, "transition").get()
    assert entry.note == "Klagomålsdelegationen har beslutat"
    assert "ger dig rätt" not in str(entry.changes)
    with pytest.raises(ValidationError, match="redan registrerat"):
        decide(world, track)


def test_a_decision_needs_basis_reference_decision_and_answer(world, answered):
    track = delegation.delegation_request(case=answered(), reason=REASON)
    with pytest.raises(ValidationError) as error:
        decide(world, track, basis="", reference=" ", decision="", answer="")
    assert set(error.value.message_dict) == {"basis", "reference", "decision", "answer"}
    with pytest.raises(ValidationError) as named:
        decide(world, track, answer="Vi har talat med Kalle Svensson om saken.")
    assert "answer" in named.value.message_dict
    decide(world, track, answer="Vi har talat med Kalle Svensson om saken.", integrity_confirmed=True)


# --- Who may do what, through the pages ---------------------------------------------------------------------------

LINE_MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef"}
HANDLERS = LINE_MANAGERS | {"kvalitetssamordnare"}
DECIDERS = {"forvaltningschef"}


def test_who_registers_a_request_and_who_records_the_decision(world, client, answered):
    for place in ("own", "other"):
        for role in sorted(Role.values):
            case = answered(world.unit(place))
            client.force_login(world.persona(role))
            sees = role in HANDLERS and place == "own"
            request_url = reverse("feedback:request_delegation", args=[case.pk])
            assert client.get(request_url).status_code == (200 if sees else 404), (role, place)
            response = client.post(request_url, {"reason": REASON})
            assert response.status_code == (302 if sees else 404), (role, place)
            assert DelegationRequest.objects.filter(case=case).exists() == sees
            if not sees:
                delegation.delegation_request(case=case, reason=REASON)
            track = DelegationRequest.objects.get(case=case)
            decide_url = reverse("feedback:decide_delegation", args=[case.pk])
            expected = 404 if not sees else 200 if role in DECIDERS else 403
            assert client.get(decide_url).status_code == expected, (role, place)
            data = {
                "version": track.version,
                "basis": D.Basis.DELEGATED,
                "reference": "Delegationsordningen 5.2",
                "decision": "Klagomålet är inte befogat.",
                "answer": "Delegationen har prövat klagomålet.",
            }
            assert client.post(decide_url, data).status_code == (302 if expected == 200 else expected), (role, place)
            track.refresh_from_db()
            assert track.is_decided == (expected == 200), (role, place)


def test_the_staff_page_keeps_the_text_and_explains_an_error(world, client_for, answered):
    case = answered()
    client = client_for(world.persona("enhetschef"))
    url = reverse("feedback:request_delegation", args=[case.pk])
    response = client.post(url, {"reason": "Kalle Svensson fick fel besked."})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Kalle Svensson fick fel besked." in page
    assert "Spara texten som den står" in page
    assert client.post(url, {"reason": "Kalle Svensson fick fel besked.", "integrity_confirmed": "on"}).status_code == 302
    detail = client.get(case.get_absolute_url()).content.decode()
    assert "Väntar på beslut" in detail
    assert "Registrera en begäran om prövning" not in detail


def test_a_decision_saved_meanwhile_is_not_overwritten(world, client_for, answered):
    track = delegation.delegation_request(case=answered(), reason=REASON)
    stale_version = track.version
    delegation.delegation_escalate(track=track, to=[world.persona("kvalitetssamordnare")])
    client = client_for(world.persona("forvaltningschef"))
    data = {
        "version": stale_version,
        "basis": D.Basis.DELEGATION,
        "reference": "KD § 9",
        "decision": "Befogat, rutinen ändras.",
        "answer": "Du får rätt i ditt klagomål.",
    }
    response = client.post(reverse("feedback:decide_delegation", args=[track.case.pk]), data)
    assert response.status_code == 409
    assert "Du får rätt i ditt klagomål." in response.content.decode()
    track.refresh_from_db()
    assert not track.is_decided


def test_an_unanswered_case_offers_no_request(world, client_for, make_case):
    case = make_case()
    client = client_for(world.persona("enhetschef"))
    assert "Registrera en begäran om prövning" not in client.get(case.get_absolute_url()).content.decode()
    response = client.get(reverse("feedback:request_delegation", args=[case.pk]))
    assert response.status_code == 302
    assert not DelegationRequest.objects.exists()


# --- The status page ----------------------------------------------------------------------------------------------


def status_url(case):
    return reverse("feedback_public:status", args=[case.municipality.slug, case.token])


def request_url(case):
    return reverse("feedback_public:request_delegation", args=[case.municipality.slug, case.token])


def test_the_complainant_asks_on_the_status_page_and_sees_where_it_stands(
    world, client, answered, django_capture_on_commit_callbacks
):
    case = answered(public=True)
    response = client.get(status_url(case))
    # The token never leaves for another site, and the page's own form still carries its origin.
    assert response["Referrer-Policy"] == "same-origin"
    page = response.content.decode()
    assert "Begär prövning" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(request_url(case), {"reason": REASON})
    assert response.status_code == 302
    track = DelegationRequest.objects.get(case=case)
    assert track.channel == D.Channel.STATUS_PAGE
    assert track.requested_by is None
    assert entries(track, "create").get().actor is None
    page = client.get(response.url).content.decode()
    assert "Prövas av klagomålsdelegationen" in page
    assert track.due_date.isoformat() in page
    assert "Begär prövning" not in page
    again = client.post(request_url(case), {"reason": REASON})
    assert again.status_code == 422
    assert "redan lämnats" in again.content.decode()
    decide(world, track)
    page = client.get(status_url(case)).content.decode()
    assert "Prövad och besvarad" in page
    assert "ger dig rätt" in page


def test_the_status_page_offers_no_request_before_the_answer(world, client, make_case):
    case = make_case(public=True, reply=C.Reply.EMAIL, contact_email="k@example.invalid")
    assert "Begär prövning" not in client.get(status_url(case)).content.decode()
    response = client.post(request_url(case), {"reason": REASON})
    assert response.status_code == 422
    assert "måste ha besvarats" in response.content.decode()
    assert not DelegationRequest.objects.exists()


def test_the_status_page_warns_about_names_and_keeps_the_text(world, client, answered):
    case = answered(public=True)
    response = client.post(request_url(case), {"reason": "Kalle Svensson sa att jag ljög."})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Kalle Svensson sa att jag ljög." in page
    assert "Namn och personnummer" in page
    confirmed = client.post(request_url(case), {"reason": "Kalle Svensson sa att jag ljög.", "integrity_confirmed": "on"})
    assert confirmed.status_code == 302


def test_a_wrong_token_finds_nothing(world, client, answered):
    case = answered(public=True)
    url = reverse("feedback_public:request_delegation", args=[case.municipality.slug, "fel-" + case.token])
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert client.get(request_url(case)).status_code == 405
    assert not DelegationRequest.objects.exists()


# --- Overdue: Mina uppgifter, lists and escalation up the line -----------------------------------------------------


def test_an_open_track_is_a_task_for_the_decider_and_shows_overdue(world, client_for, answered):
    track = delegation.delegation_request(case=answered(), reason=REASON, at=aware(datetime.date(2026, 3, 2)))
    today = datetime.date(2026, 4, 2)
    tasks = tasks_for(world.persona("forvaltningschef"), today)
    mine = [t for t in tasks if "Klagomålsdelegationen" in t.title]
    assert len(mine) == 1 and mine[0].is_overdue(today)
    assert not [t for t in tasks_for(world.persona("avdelningschef"), today) if "Klagomålsdelegationen" in t.title]
    detail = client_for(world.persona("forvaltningschef")).get(track.case.get_absolute_url()).content.decode()
    assert "Försenad" in detail
    decide(world, track)
    assert not [t for t in tasks_for(world.persona("forvaltningschef"), today) if "Klagomålsdelegationen" in t.title]


def test_the_list_marks_and_filters_tracks_awaiting_the_delegation(world, client_for, answered, make_case):
    waiting = answered()
    late = answered()
    plain = make_case(received_at=timezone.now())  # today, and not later today: a case cannot come in ahead of time
    delegation.delegation_request(case=waiting, reason=REASON)
    delegation.delegation_request(case=late, reason=REASON, at=aware(timezone.localdate() - datetime.timedelta(days=40)))
    services.feedback_close(actor=world.persona("enhetschef"), case=late, expected_version=None, category=C.Category.OTHER)
    client = client_for(world.persona("enhetschef"))

    def shown(**query):
        page = client.get(reverse("feedback:index"), query).content.decode()
        return {c.reference for c in (waiting, late, plain) if c.reference in page}, page

    everything, page = shown()
    assert everything == {waiting.reference, late.reference, plain.reference}
    assert "Hos klagomålsdelegationen" in page and "Klagomålsdelegationen: försenad" in page
    assert shown(status="klagomalsdelegationen")[0] == {waiting.reference, late.reference}
    assert shown(overdue="on")[0] == {late.reference}


def test_an_overdue_track_escalates_up_the_whole_line(world, sub_manager, answered, django_capture_on_commit_callbacks):
    chief = UserFactory(username="fc-forv", first_name="Fia", last_name="Förvaltning")
    RoleAssignmentFactory(user=chief, role=Role.FORVALTNINGSCHEF, unit=world.forvaltning, include_subunits=True)
    case = answered(world.sub)
    track = delegation.delegation_request(case=case, reason=REASON, at=aware(datetime.date(2026, 3, 2)))
    assert track.due_date == datetime.date(2026, 3, 30)

    def escalated_on(day):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            send_reminders(today=day)
        return sorted(m.to[0] for m in mail.outbox if "Försenat beslut i klagomålsdelegationen" in m.subject)

    reminded = escalated_on(datetime.date(2026, 3, 28))
    assert reminded == []
    assert sorted(m.to[0] for m in mail.outbox if "Påminnelse: klagomålsdelegationen" in m.subject) == sorted(
        [world.persona("forvaltningschef").email, chief.email]
    )
    assert escalated_on(datetime.date(2026, 3, 31)) == [chief.email]
    track.refresh_from_db()
    assert track.escalated_to == chief
    assert escalated_on(datetime.date(2026, 4, 6)) == []
    assert escalated_on(datetime.date(2026, 4, 7)) == [world.persona("kvalitetssamordnare").email]
    track.refresh_from_db()
    assert track.escalated_to == world.persona("kvalitetssamordnare")
    assert track.escalated_at.date() == datetime.date(2026, 3, 31)
    tasks = tasks_for(world.persona("kvalitetssamordnare"), datetime.date(2026, 4, 7))
    escalated = [t.title for t in tasks if "klagomålsdelegationen" in t.title]
    assert escalated == [f"Eskalerat: klagomålsdelegationen, {case.reference}"]
    decide(world, track)
    assert escalated_on(datetime.date(2026, 4, 30)) == []


# --- The API ------------------------------------------------------------------------------------------------------


def test_the_api_shows_the_track_and_lets_staff_register_and_decide(world, api, answered):
    case = answered()
    assert api(world.persona("enhetschef"), "get", f"/feedback/{case.pk}").json()["delegation"] is None
    created = api(world.persona("enhetschef"), "post", f"/feedback/{case.pk}/delegation", data={"reason": REASON})
    assert created.status_code == 201, created.content
    assert created.json()["channel"] == "personal"
    again = api(world.persona("enhetschef"), "post", f"/feedback/{case.pk}/delegation", data={"reason": REASON})
    assert again.status_code == 422
    decision = {
        "version": created.json()["version"],
        "basis": "klagomalsdelegationen",
        "reference": "KD § 4",
        "decision": "Befogat.",
        "answer": "Du får rätt.",
    }
    refused = api(world.persona("enhetschef"), "post", f"/feedback/{case.pk}/delegation/decision", data=decision)
    assert refused.status_code == 403
    decided = api(world.persona("forvaltningschef"), "post", f"/feedback/{case.pk}/delegation/decision", data=decision)
    assert decided.status_code == 200, decided.content
    shown = api(world.persona("kvalitetssamordnare"), "get", f"/feedback/{case.pk}").json()["delegation"]
    assert shown["answer"] == "Du får rätt."
    assert shown["decided_by_id"] == world.persona("forvaltningschef").pk
    too_long = api(world.persona("enhetschef"), "post", f"/feedback/{answered().pk}/delegation", data={"reason": "x" * 5001})
    assert too_long.status_code == 422
    outsider = api(world.persona("enhetschef"), "post", f"/feedback/{answered(world.other).pk}/delegation", data={"reason": "x"})
    assert outsider.status_code == 404


def test_a_track_is_read_only_through_its_case(world, answered):
    track = delegation.delegation_request(case=answered(), reason=REASON)
    assert track.unit == track.case.unit
    assert str(track) == f"Klagomålsdelegationen: {track.case.reference}"
    assert track.days_left(timezone.localdate()) == (track.due_date - timezone.localdate()).days
