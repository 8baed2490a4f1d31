"""The case page and the manager's work on it: transitions, analysis, actions, investigation and IVO."""

import pytest
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.models import Deviation, LexSarahInvestigation
from lots.improvements.models import ImprovementAction
from lots.testing.grants import audit_grant

S = Deviation.State
C = LexSarahInvestigation.Classification


def detail_url(d):
    return reverse("deviations:detail", args=[d.pk])


def test_the_case_page_shows_the_next_step_and_is_access_logged(world, report, client_for):
    deviation = report()
    manager = world.persona("enhetschef")
    response = client_for(manager).get(detail_url(deviation))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Nästa steg" in content and "Ta emot rapporten" in content
    assert AuditEntry.objects.filter(action="view", object_id=str(deviation.pk), actor=manager).count() == 1


@pytest.mark.parametrize(
    ("state", "step"),
    [
        (S.RECEIVED, "Påbörja utredningen"),
        (S.INVESTIGATING, "Analysera och åtgärda"),
        (S.RESOLVED, "Följ upp och avsluta"),
        (S.CLOSED, "Inget mer att göra"),
    ],
)
def test_every_state_has_a_clear_next_step(world, report, client_for, state, step):
    manager = world.persona("enhetschef")
    deviation = report()
    for s in [S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED][
        : [S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED].index(state) + 1
    ]:
        services.deviation_transition(actor=manager, deviation=deviation, to_state=s, comment="Gjort")
    assert step in client_for(manager).get(detail_url(deviation)).content.decode()


def test_a_manager_moves_the_report_on_from_the_page(world, report, client_for):
    deviation = report()
    response = client_for(world.persona("enhetschef")).post(
        reverse("deviations:transition", args=[deviation.pk]),
        {"t-received-to_state": "received", "t-received-comment": "Läst.", "t-received-version": deviation.version},
    )
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.state == S.RECEIVED
    assert deviation.events.last().comment == "Läst."


def test_a_missing_comment_is_shown_at_the_field(world, report, client_for):
    manager = world.persona("enhetschef")
    deviation = report()
    for s in (S.RECEIVED, S.INVESTIGATING):
        services.deviation_transition(actor=manager, deviation=deviation, to_state=s)
    response = client_for(manager).post(
        reverse("deviations:transition", args=[deviation.pk]),
        {"t-resolved-to_state": "resolved", "t-resolved-comment": "", "t-resolved-version": deviation.version},
    )
    assert response.status_code == 422
    assert "Skriv en kommentar om vad som har gjorts." in response.content.decode()
    deviation.refresh_from_db()
    assert deviation.state == S.INVESTIGATING


def test_a_stale_page_does_not_overwrite_a_newer_state(world, report, client_for):
    manager = world.persona("enhetschef")
    deviation = report()
    old_version = deviation.version
    services.deviation_transition(actor=manager, deviation=deviation, to_state=S.RECEIVED)
    response = client_for(manager).post(
        reverse("deviations:transition", args=[deviation.pk]),
        {"t-investigating-to_state": "investigating", "t-investigating-comment": "x", "t-investigating-version": old_version},
    )
    assert response.status_code == 409
    assert "Någon annan har sparat" in response.content.decode()
    deviation.refresh_from_db()
    assert deviation.state == S.RECEIVED


def test_the_reporter_sees_their_report_without_the_handling(world, report, reporter, client_for):
    deviation = report(possible_lex_sarah=True)
    services.deviation_transition(
        actor=world.persona("enhetschef"), deviation=deviation, to_state=S.RECEIVED, comment="Intern notering"
    )
    response = client_for(reporter).get(detail_url(deviation))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Din rapport" in content and "Mottagen" in content
    assert "Intern notering" not in content and "Nästa steg" not in content
    assert client_for(reporter).get(reverse("deviations:investigation", args=[deviation.pk])).status_code == 404
    assert client_for(reporter).post(reverse("deviations:transition", args=[deviation.pk]), {}).status_code == 403


def test_the_analysis_uses_the_shared_risk_scale(world, report, client_for):
    deviation = report()
    response = client_for(world.persona("enhetschef")).post(
        reverse("deviations:analysis", args=[deviation.pk]),
        {
            "causes": ["routines", "staffing"],
            "cause_description": "Rutinen saknades.",
            "severity": "4",
            "probability": "3",
            "version": deviation.version,
        },
    )
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert (deviation.causes, deviation.severity, deviation.probability) == (["routines", "staffing"], 4, 3)
    page = client_for(world.persona("enhetschef")).get(detail_url(deviation)).content.decode()
    assert "Mycket hög" in page  # 4 × 3 = 12 on the default scale
    assert "Rutiner, Bemanning" in page


def test_the_analysis_refuses_values_outside_the_scale(world, report):
    deviation = report()
    with pytest.raises(services.ValidationError):
        services.deviation_analyse(actor=None, deviation=deviation, expected_version=None, causes=[], severity=5, probability=1)
    with pytest.raises(services.ValidationError):
        services.deviation_analyse(
            actor=None, deviation=deviation, expected_version=None, causes=[], severity=2, probability=None
        )
    with pytest.raises(services.ValidationError):
        services.deviation_analyse(actor=None, deviation=deviation, expected_version=None, causes=["weather"])


def test_an_action_from_the_analysis_becomes_a_linked_improvement_action(world, report, client_for):
    deviation = report()
    manager = world.persona("enhetschef")
    response = client_for(manager).post(
        reverse("deviations:action_create", args=[deviation.pk]),
        {"title": "Ny rutin för nattbemanning", "owner": manager.pk, "due_date": "", "description": ""},
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.for_source(deviation).get()
    assert (action.title, action.unit, action.owner, action.source_kind) == (
        "Ny rutin för nattbemanning",
        deviation.unit,
        manager,
        ImprovementAction.Source.DEVIATION,
    )
    assert "Ny rutin för nattbemanning" in client_for(manager).get(detail_url(deviation)).content.decode()


def test_an_action_needs_a_title(world, report, client_for):
    deviation = report()
    response = client_for(world.persona("enhetschef")).post(
        reverse("deviations:action_create", args=[deviation.pk]), {"title": "", "owner": world.persona("enhetschef").pk}
    )
    assert response.status_code == 422
    assert "Skriv vad som ska göras." in response.content.decode()


def test_the_investigation_page_saves_and_a_serious_classification_starts_the_notification(world, report, client_for):
    deviation = report(possible_lex_sarah=True)
    investigation = deviation.lex_sarah
    client = client_for(world.persona("enhetschef"))
    data = {name: getattr(investigation, name) for name in services.INVESTIGATION_FIELDS}
    data.update(affected="Den enskilde blev rädd.", classification=C.SERIOUS, version=investigation.version, action="save")
    response = client.post(reverse("deviations:investigation", args=[deviation.pk]), data)
    assert response.status_code == 302
    investigation.refresh_from_db()
    assert investigation.affected == "Den enskilde blev rädd."
    assert Deviation.objects.get().ivo_notification.due_date


def test_completing_an_incomplete_investigation_keeps_what_was_typed(world, report, client_for):
    deviation = report(possible_lex_sarah=True)
    investigation = deviation.lex_sarah
    data = {name: getattr(investigation, name) for name in services.INVESTIGATION_FIELDS}
    data.update(causes="Schemat.", version=investigation.version, action="complete")
    response = client_for(world.persona("enhetschef")).post(reverse("deviations:investigation", args=[deviation.pk]), data)
    assert response.status_code == 422
    assert "Fyll i detta innan utredningen kan avslutas" in response.content.decode()
    investigation.refresh_from_db()
    assert investigation.causes == "Schemat." and investigation.is_open


def test_closing_early_without_a_position_is_refused_at_the_field(world, report, client_for):
    deviation = report(possible_lex_sarah=True)
    url = reverse("deviations:close_early", args=[deviation.pk])
    client = client_for(world.persona("enhetschef"))
    response = client.post(url, {"early_close_position": "", "version": deviation.lex_sarah.version})
    assert response.status_code == 422
    assert "Skriv ert ställningstagande" in response.content.decode()
    response = client.post(url, {"early_close_position": "Flyttat besök på begäran.", "version": deviation.lex_sarah.version})
    assert response.status_code == 302
    assert LexSarahInvestigation.objects.get().status == LexSarahInvestigation.Status.CLOSED_EARLY


def test_only_ivo_notifiers_edit_the_notification(world, report, client_for):
    deviation = report(possible_lex_sarah=True)
    services.investigation_update(
        actor=None, investigation=deviation.lex_sarah, expected_version=None, data={"classification": C.SERIOUS}
    )
    notification = deviation.ivo_notification
    url = reverse("deviations:ivo", args=[deviation.pk])
    data = {"action": "save", "ivo-contact_name": "Kim", "ivo-activity_area": "IFO", "ivo-version": notification.version}
    assert client_for(world.persona("enhetschef")).post(url, data).status_code == 403
    audit_grant(world)
    assert client_for(world.persona("granskare")).post(url, data).status_code == 403
    assert client_for(world.persona("kvalitetssamordnare")).post(url, data).status_code == 302
    notification.refresh_from_db()
    assert notification.contact_name == "Kim"
    assert client_for(world.persona("enhetschef")).get(url).status_code == 200


def test_marking_as_sent_from_the_page_shows_what_is_missing(world, report, client_for):
    deviation = report(possible_lex_sarah=True)
    services.investigation_update(
        actor=None, investigation=deviation.lex_sarah, expected_version=None, data={"classification": C.SERIOUS}
    )
    notification = deviation.ivo_notification
    services.ivo_notification_decide(
        actor=world.persona("forvaltningschef"), notification=notification, basis="delegation", reference="Punkt 1.4"
    )
    response = client_for(world.persona("kvalitetssamordnare")).post(
        reverse("deviations:ivo", args=[deviation.pk]),
        {"action": "sent", "sent-sent_at": "2026-01-01T10:00", "sent-version": notification.version},
    )
    assert response.status_code == 422
    assert "Anmälan är inte komplett" in response.content.decode()
