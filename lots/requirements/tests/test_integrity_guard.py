"""The integrity guard on follow-up texts: the assessment, the provider's answers, the notes, the report's summary and
the demanded actions are read by others (the report, the provider, the follow-up team), so a name or personal number
in them is saved only once the writer confirms it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.accounts.services import api_token_create
from lots.requirements import services
from lots.requirements.models import DemandedAction
from lots.requirements.tests.conftest import A, M, assess_all

NAME_TEXT = "Vi träffade Kalle Svensson som saknade genomförandeplan."
NUMBER_TEXT = "Journalen för 19121212-1212 saknade plan."


def entry(assessment, status=A.MET, **kwargs):
    return services.AssessmentEntry(assessment, assessment.version, status, **kwargs)


def first(follow_up):
    return follow_up.assessments.order_by("requirement__position").first()


@pytest.mark.parametrize("field", ["comment", "interview_notes"])
def test_an_assessment_text_naming_someone_is_refused_unless_confirmed(world, make_follow_up, field):
    follow_up = make_follow_up()
    assessment = first(follow_up)
    actor = world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError) as raised:
        services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, **{field: NAME_TEXT})])
    assert list(raised.value.error_dict) == [field]
    assert raised.value.assessment_id == assessment.pk
    assessment.refresh_from_db()
    assert getattr(assessment, field) == ""
    services.assessments_save(
        actor=actor, follow_up=follow_up, entries=[entry(assessment, integrity_confirmed=True, **{field: NAME_TEXT})]
    )
    assessment.refresh_from_db()
    assert getattr(assessment, field) == NAME_TEXT


def test_a_demanded_action_with_a_personal_number_is_refused_unless_confirmed(world, make_follow_up):
    follow_up = make_follow_up()
    assessment = first(follow_up)
    actor = world.persona("kvalitetssamordnare")
    demanded = entry(assessment, A.NOT_MET, action_text=NUMBER_TEXT, action_due=datetime.date(2030, 1, 31))
    with pytest.raises(ValidationError) as raised:
        services.assessments_save(actor=actor, follow_up=follow_up, entries=[demanded])
    assert list(raised.value.error_dict) == ["action_text"]
    assert not DemandedAction.objects.exists()
    demanded.integrity_confirmed = True
    services.assessments_save(actor=actor, follow_up=follow_up, entries=[demanded])
    assert DemandedAction.objects.get().text == NUMBER_TEXT


def test_text_already_saved_is_not_asked_about_again_and_the_providers_name_is_no_person(world, make_follow_up):
    follow_up = make_follow_up()
    assessment = first(follow_up)
    actor = world.persona("kvalitetssamordnare")
    services.assessments_save(
        actor=actor, follow_up=follow_up, entries=[entry(assessment, comment=NAME_TEXT, integrity_confirmed=True)]
    )
    assessment.refresh_from_db()
    services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, A.NOT_APPLICABLE, comment=NAME_TEXT)])
    assessment.refresh_from_db()
    about_provider = f"Rutinerna hos {world.provider.name} följs."
    services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, comment=about_provider)])
    assessment.refresh_from_db()
    assert (assessment.status, assessment.comment) == (A.MET, about_provider)


def test_the_providers_self_assessment_is_guarded(world, make_follow_up):
    follow_up = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT))
    services.follow_up_start_self_assessment(actor=None, follow_up=follow_up)
    assessment = first(follow_up)
    provider = world.persona("extern_utforare")
    answer = services.SelfEntry(assessment, assessment.version, A.MET, NAME_TEXT)
    with pytest.raises(ValidationError) as raised:
        services.self_assessment_save(actor=provider, follow_up=follow_up, entries=[answer])
    assert list(raised.value.error_dict) == ["self_comment"]
    answer.integrity_confirmed = True
    services.self_assessment_save(actor=provider, follow_up=follow_up, entries=[answer])
    assessment.refresh_from_db()
    assert assessment.self_comment == NAME_TEXT


def test_the_reports_summary_is_guarded(world, make_follow_up):
    follow_up = make_follow_up()
    actor = world.persona("kvalitetssamordnare")
    assess_all(follow_up, actor=actor)
    follow_up.refresh_from_db()
    complete = {"actor": actor, "follow_up": follow_up, "completed_on": datetime.date(2025, 7, 15), "summary": NAME_TEXT}
    with pytest.raises(ValidationError) as raised:
        services.follow_up_complete(expected_version=follow_up.version, **complete)
    assert list(raised.value.error_dict) == ["summary"]
    follow_up.refresh_from_db()
    assert not follow_up.is_completed
    services.follow_up_complete(expected_version=follow_up.version, integrity_confirmed=True, **complete)
    follow_up.refresh_from_db()
    assert follow_up.summary == NAME_TEXT


def test_the_actions_response_closing_note_and_reason_to_reopen_are_guarded(world, completed_follow_up):
    action = DemandedAction.objects.filter(follow_up=completed_follow_up).order_by("pk").first()
    provider, quality = world.persona("extern_utforare"), world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError) as raised:
        services.demanded_action_report(actor=provider, action=action, expected_version=action.version, response=NAME_TEXT)
    assert list(raised.value.error_dict) == ["response"]
    services.demanded_action_report(
        actor=provider, action=action, expected_version=action.version, response=NAME_TEXT, integrity_confirmed=True
    )
    action.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.demanded_action_reopen(actor=quality, action=action, expected_version=action.version, note=NAME_TEXT)
    assert list(raised.value.error_dict) == ["note"]
    services.demanded_action_reopen(
        actor=quality, action=action, expected_version=action.version, note="Planen saknas fortfarande."
    )
    action.refresh_from_db()
    close = {"actor": quality, "action": action, "note": NUMBER_TEXT, "closed_on": datetime.date(2025, 9, 1)}
    with pytest.raises(ValidationError) as raised:
        services.demanded_action_close(expected_version=action.version, **close)
    assert list(raised.value.error_dict) == ["note"]
    services.demanded_action_close(expected_version=action.version, integrity_confirmed=True, **close)
    action.refresh_from_db()
    assert action.closing_note == NUMBER_TEXT


def test_the_assessment_page_warns_at_each_requirement_keeps_the_text_and_saves_once_confirmed(world, client_for, make_follow_up):
    follow_up = make_follow_up()
    client = client_for(world.persona("kvalitetssamordnare"))
    section = first(follow_up).requirement.section
    assessments = list(follow_up.assessments.filter(requirement__section=section).order_by("requirement__position"))
    assert len(assessments) == 2
    data = {}
    for a in assessments:
        data.update({f"a{a.pk}-status": A.MET, f"a{a.pk}-comment": NAME_TEXT, f"a{a.pk}-version": a.version})
    url = reverse("requirements:follow_up_assess", args=[follow_up.pk, section.pk])
    response = client.post(url, data)
    assert response.status_code == 422
    for _assessment, form in response.context["items"]:
        assert "Kalle Svensson" in form.errors["comment"][0]
        assert form["comment"].value() == NAME_TEXT
    assert f'type="checkbox" name="a{assessments[1].pk}-integrity_confirmed"' in response.content.decode()
    confirmed = {**data, **{f"a{a.pk}-integrity_confirmed": "on" for a in assessments}}
    assert client.post(url, confirmed).status_code == 302
    assert {a.comment for a in follow_up.assessments.filter(requirement__section=section)} == {NAME_TEXT}


def test_the_action_page_warns_and_saves_once_confirmed(world, client_for, completed_follow_up):
    action = DemandedAction.objects.filter(follow_up=completed_follow_up).order_by("pk").first()
    provider = client_for(world.persona("extern_utforare"))
    url = reverse("requirements:action", args=[action.pk])
    data = {"step": "report", "report-response": NAME_TEXT, "report-version": action.version}
    response = provider.post(url, data)
    assert response.status_code == 422
    assert "Kalle Svensson" in response.content.decode()
    assert provider.post(url, {**data, "report-integrity_confirmed": "on"}).status_code == 302
    action.refresh_from_db()
    assert action.provider_response == NAME_TEXT


def test_the_api_answers_422_until_the_text_is_confirmed(world, client, make_follow_up):
    follow_up = make_follow_up()
    assessment = first(follow_up)
    _token, key = api_token_create(actor=world.persona("kvalitetssamordnare"), name="test")
    payload = {"version": assessment.version, "status": A.MET, "comment": NAME_TEXT}

    def patch(body):
        return client.patch(
            f"/api/v1/assessments/{assessment.pk}", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
        )

    refused = patch(payload)
    assert refused.status_code == 422
    assert "Kalle Svensson" in refused.json()["detail"]["comment"][0]
    accepted = patch({**payload, "integrity_confirmed": True})
    assert accepted.status_code == 200
    assessment.refresh_from_db()
    assert assessment.comment == NAME_TEXT


def test_the_self_assessment_page_warns_the_provider_and_saves_once_confirmed(world, client_for, make_follow_up):
    follow_up = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT))
    services.follow_up_start_self_assessment(actor=None, follow_up=follow_up)
    assessment = first(follow_up)
    section = assessment.requirement.section
    data = {}
    for a in follow_up.assessments.filter(requirement__section=section):
        data.update({f"a{a.pk}-self_status": A.MET, f"a{a.pk}-self_comment": "Vi gör så.", f"a{a.pk}-version": a.version})
    data[f"a{assessment.pk}-self_comment"] = NAME_TEXT
    provider = client_for(world.persona("extern_utforare"))
    url = reverse("requirements:follow_up_self", args=[follow_up.pk, section.pk])
    response = provider.post(url, data)
    assert response.status_code == 422
    warned = {a.pk: form for a, form in response.context["items"] if form.errors}
    assert list(warned) == [assessment.pk]
    assert warned[assessment.pk]["self_comment"].value() == NAME_TEXT
    assert provider.post(url, {**data, f"a{assessment.pk}-integrity_confirmed": "on"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.self_comment == NAME_TEXT
