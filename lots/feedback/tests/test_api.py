from django.core import mail

from lots.audit.models import AuditEntry
from lots.feedback.models import FeedbackCase
from lots.testing.grants import audit_grant

C = FeedbackCase


def test_the_list_is_scoped_to_the_persons_units(world, api, make_case):
    own = make_case(world.own)
    make_case(world.other)
    make_case(world.foreign)
    response = api(world.persona("enhetschef"), "get", "/feedback")
    assert response.status_code == 200
    assert [c["reference"] for c in response.json()] == [own.reference]
    assert api(world.persona("medarbetare"), "get", "/feedback").json() == []


def test_contact_details_are_only_given_to_those_handling_the_case(world, api, make_case):
    case = make_case(reply=C.Reply.EMAIL, contact_email="e@example.invalid")
    audit_grant(world)
    handler = api(world.persona("enhetschef"), "get", f"/feedback/{case.pk}").json()
    assert handler["contact"]["email"] == "e@example.invalid"
    auditor = api(world.persona("granskare"), "get", f"/feedback/{case.pk}")
    assert auditor.status_code == 200
    assert auditor.json()["contact"] is None
    assert "e@example.invalid" not in auditor.content.decode()
    assert AuditEntry.objects.filter(action="view", object_id=str(case.pk)).count() == 2
    assert api(world.persona("enhetschef"), "get", "/feedback/999999").status_code == 404


def test_a_case_goes_through_its_transitions(world, api, make_case):
    manager = world.persona("enhetschef")
    case = make_case(reply=C.Reply.EMAIL, contact_email="f@example.invalid")
    received = api(manager, "post", f"/feedback/{case.pk}/receive", data={"version": case.version})
    assert received.status_code == 200, received.content
    assert received.json()["status"] == "pagar"
    version = received.json()["version"]
    patched = api(
        manager,
        "patch",
        f"/feedback/{case.pk}",
        data={"version": version, "category": "handlaggning", "investigation": "Utrett."},
    )
    assert patched.json()["category"] == "handlaggning"
    stale = api(manager, "post", f"/feedback/{case.pk}/answer", data={"version": version, "method": "e_post", "answer": "Svar"})
    assert stale.status_code == 409
    answered = api(
        manager,
        "post",
        f"/feedback/{case.pk}/answer",
        data={"version": patched.json()["version"], "method": "e_post", "answer": "Svar"},
    )
    assert answered.json()["status"] == "besvarad"
    closed = api(
        manager, "post", f"/feedback/{case.pk}/close", data={"version": answered.json()["version"], "category": "handlaggning"}
    )
    assert closed.status_code == 200
    assert closed.json()["status"] == "avslutad"
    assert closed.json()["closed_at"] is not None


def test_viewers_who_may_not_handle_get_403_on_transitions(world, api, make_case):
    case = make_case()
    audit_grant(world)
    response = api(world.persona("granskare"), "post", f"/feedback/{case.pk}/receive", data={"version": case.version})
    assert response.status_code == 403
    response = api(world.persona("enhetschef"), "post", f"/feedback/{case.pk}/close", data={"version": 1, "category": "x"})
    assert response.status_code == 422


def test_staff_register_through_the_api_and_the_manager_is_told(world, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(
            world.persona("medarbetare"),
            "post",
            "/feedback",
            data={
                "unit_id": world.own.pk,
                "kind": "synpunkt",
                "channel": "telefon",
                "description": "Ring oftare.",
                "sender_role": "anhorig",
            },
        )
    assert response.status_code == 201, response.content
    assert "description" not in response.json()
    case = FeedbackCase.objects.get()
    assert case.registered_by == world.persona("medarbetare")
    assert world.persona("enhetschef").email in [m.to[0] for m in mail.outbox]
    foreign = api(
        world.persona("medarbetare"),
        "post",
        "/feedback",
        data={"unit_id": world.foreign.pk, "kind": "synpunkt", "channel": "telefon", "description": "X", "sender_role": "annan"},
    )
    assert foreign.status_code == 404
    unknown = api(
        world.persona("medarbetare"),
        "post",
        "/feedback",
        data={"unit_id": world.own.pk, "kind": "synpunkt", "channel": "telefon", "description": "X", "hemligt": 1},
    )
    assert unknown.status_code == 422


def test_a_complaint_becomes_a_lex_sarah_report_through_the_api(world, api, make_case):
    case = make_case()
    url = f"/feedback/{case.pk}/lex-sarah"
    assert api(world.persona("enhetschef"), "post", url).status_code == 422  # the time of the event is required
    when = {"occurred_at": "2026-03-01T14:30:00+01:00"}
    assert api(world.persona("enhetschef"), "post", url, data={"occurred_at": "2026-03-01T14:30:00"}).status_code == 422
    response = api(world.persona("enhetschef"), "post", url, data=when)
    assert response.status_code == 201, response.content
    assert response.json()["url"].startswith("/avvikelser/")
    again = api(world.persona("enhetschef"), "post", url, data=when)
    assert again.status_code == 422


def test_a_text_naming_someone_answers_422_with_the_warning_until_confirmed(world, api):
    manager = world.persona("enhetschef")
    payload = {
        "unit_id": world.own.pk,
        "kind": "klagomal",
        "channel": "telefon",
        "sender_role": "anhorig",
        "description": "Kalle Svensson fick vänta i två timmar.",
    }
    warned = api(manager, "post", "/feedback", data=payload)
    assert warned.status_code == 422
    message = warned.json()["detail"]["description"][0]
    assert "namn" in message and "integrity_confirmed=true" in message
    assert not C.objects.exists()
    created = api(manager, "post", "/feedback", data={**payload, "integrity_confirmed": True})
    assert created.status_code == 201, created.content
    case = C.objects.get()
    assert case.description == payload["description"]
    patch = {"version": case.version, "investigation": "Talade med Kalle Svensson i dag."}
    warned = api(manager, "patch", f"/feedback/{case.pk}", data=patch)
    assert warned.status_code == 422
    assert "integrity_confirmed=true" in warned.json()["detail"]["investigation"][0]
    patched = api(manager, "patch", f"/feedback/{case.pk}", data={**patch, "integrity_confirmed": True})
    assert patched.status_code == 200, patched.content
    assert patched.json()["investigation"] == "Talade med Kalle Svensson i dag."
    other_error = api(manager, "patch", f"/feedback/{case.pk}", data={"version": case.version, "unit_id": world.foreign.pk})
    assert other_error.status_code == 422
    assert "integrity_confirmed" not in str(other_error.json())
