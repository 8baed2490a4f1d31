"""Internal control and the follow-up plan."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from lots.audit.models import AuditEntry
from lots.improvements.models import ImprovementAction
from lots.risks.models import ControlActivity, FollowUpItem
from lots.risks.services import control as services
from lots.risks.services import followup as followup_services
from lots.risks.tests.helpers import make_analysis, make_followup, make_internal_control, make_risk

YEAR = datetime.date.today().year
TODAY = datetime.date.today()


def test_an_activity_is_valued_on_the_scale_and_audited(world):
    plan, activity = make_internal_control(world)
    assert activity.value == 6 and activity.status == ControlActivity.Status.PLANNED
    entry = AuditEntry.objects.get(object_id=str(activity.pk), action="create", content_type__model="controlactivity")
    assert entry.changes["what"] == [None, {"chars": 31}] and entry.unit_id == world.own.pk


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"severity": 9}, "severity"),
        ({"what": " "}, "what"),
        ({"due_date": datetime.date(YEAR + 1, 1, 1)}, "due_date"),
        ({"reporting": "email"}, "reporting"),
    ],
)
def test_invalid_activities_are_refused(world, changes, field):
    plan, _activity = make_internal_control(world)
    data = {
        "risk_description": "R",
        "severity": 2,
        "probability": 2,
        "what": "V",
        "method": "H",
        "responsible": world.persona("kvalitetssamordnare"),
        "due_date": datetime.date(YEAR, 6, 1),
        "reporting": "annual",
    }
    data.update(changes)
    with pytest.raises(ValidationError) as excinfo:
        services.control_activity_create(actor=world.persona("kvalitetssamordnare"), plan=plan, **data)
    assert field in excinfo.value.message_dict


def test_a_risk_outside_the_plans_unit_cannot_be_linked(world):
    plan, activity = make_internal_control(world, "own")
    foreign_risk = make_risk(make_analysis(world, "other"))
    with pytest.raises(ValidationError) as excinfo:
        services.control_activity_update(
            actor=world.persona("kvalitetssamordnare"), activity=activity, expected_version=activity.version, risk=foreign_risk
        )
    assert "utanför planens verksamhet" in excinfo.value.message_dict["risk"][0]
    own_risk = make_risk(make_analysis(world, "sub"))
    services.control_activity_update(
        actor=world.persona("kvalitetssamordnare"), activity=activity, expected_version=activity.version, risk=own_risk
    )
    assert ControlActivity.objects.get(pk=activity.pk).risk == own_risk


def test_recording_a_result_needs_a_result_a_conclusion_and_sensible_dates(world):
    _plan, activity = make_internal_control(world)
    actor = world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError) as excinfo:
        services.control_activity_report_result(
            actor=actor,
            activity=activity,
            expected_version=activity.version,
            performed_on=TODAY + datetime.timedelta(days=3),
            result="",
            conclusion="",
        )
    assert set(excinfo.value.message_dict) == {"performed_on", "result", "conclusion"}
    with pytest.raises(ValidationError) as excinfo:
        services.control_activity_report_result(
            actor=actor,
            activity=activity,
            expected_version=activity.version,
            performed_on=TODAY,
            result="Ok",
            conclusion="minor",
            reported_on=TODAY - datetime.timedelta(days=1),
        )
    assert "reported_on" in excinfo.value.message_dict
    services.control_activity_report_result(
        actor=actor,
        activity=activity,
        expected_version=activity.version,
        performed_on=TODAY,
        result="Två brister",
        conclusion="minor",
    )
    activity.refresh_from_db()
    assert activity.is_done and activity.conclusion == "minor"
    assert AuditEntry.objects.filter(object_id=str(activity.pk), note="Resultat").exists()


def test_the_person_responsible_records_the_result_even_without_the_change_permission(world, client_for):
    staff = world.persona("enhetschef")
    plan, activity = make_internal_control(world, responsible=staff)
    client = client_for(staff)
    assert client.get(reverse("risks:activity_edit", args=[activity.pk])).status_code == 403
    response = client.post(
        reverse("risks:activity_result", args=[activity.pk]),
        {"performed_on": "2026-13-01", "result": "Allt stämde", "version": activity.version},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in html and "Välj en slutsats." in html and "Allt stämde</textarea>" in html
    response = client.post(
        reverse("risks:activity_result", args=[activity.pk]),
        {"performed_on": TODAY.isoformat(), "result": "Allt stämde", "conclusion": "no_remarks", "version": activity.version},
    )
    assert response.status_code == 302
    assert (
        client_for(world.persona("verksamhetsledare")).get(reverse("risks:activity_result", args=[activity.pk])).status_code
        == 403
    )


def test_unfinished_controls_are_visible_and_the_pdf_carries_plan_and_results(world, client_for):
    plan, done = make_internal_control(world)
    actor = world.persona("kvalitetssamordnare")
    pending = services.control_activity_create(
        actor=actor,
        plan=plan,
        risk_description="Placerade barn besöks inte.",
        severity=4,
        probability=2,
        what="Att placerade barn besöks.",
        method="Genomgång av anteckningar.",
        responsible=actor,
        due_date=datetime.date(YEAR, 1, 1),
        reporting="annual",
    )
    services.control_activity_report_result(
        actor=actor,
        activity=done,
        expected_version=done.version,
        performed_on=TODAY,
        result="Två beslut saknade delegation.",
        conclusion="minor",
    )
    services.control_activity_action_create(
        actor=actor, activity=done, title="Uppdatera förordnanden", owner=actor, due_date=None
    )
    client = client_for(world.persona("namndledamot"))
    html = client.get(reverse("risks:internal_control", args=[plan.pk])).content.decode()
    assert "1 kontroll är inte genomförd" in html and "Att placerade barn besöks." in html
    assert "Uppdatera förordnanden" in html
    list_html = client.get(reverse("risks:internal_controls")).content.decode()
    assert f"#aktivitet-{pending.pk}" in list_html and f"#aktivitet-{done.pk}" not in list_html
    response = client.get(reverse("risks:internal_control_pdf", args=[plan.pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Två beslut saknade delegation." in text and "Mindre brister" in text and "1 kontroll är inte genomförd." in text
    assert ImprovementAction.objects.get().source_kind == ImprovementAction.Source.INTERNAL_CONTROL


def test_one_internal_control_plan_per_unit_and_year(world):
    make_internal_control(world)
    with pytest.raises(ValidationError):
        make_internal_control(world)


def test_the_internal_control_list_needs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona("kvalitetssamordnare"))
    make_internal_control(world)
    client.get(reverse("risks:internal_controls"))
    # The page is counted, its ids found, its plans loaded with their activities (lots.core.lists).
    with django_assert_num_queries(11) as first:
        client.get(reverse("risks:internal_controls"))
    make_internal_control(world, "sub")
    make_internal_control(world, year=YEAR - 1)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("risks:internal_controls"))


# Follow-up plan.


def test_progress_is_reported_through_the_year(world):
    plan, item = make_followup(world)
    actor = world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError) as excinfo:
        followup_services.followup_item_progress(actor=actor, item=item, expected_version=item.version, status="done")
    assert "Ange när punkten blev klar." in excinfo.value.message_dict["done_on"][0]
    followup_services.followup_item_progress(
        actor=actor, item=item, expected_version=item.version, status="done", done_on=TODAY, progress_note="Redovisat"
    )
    item.refresh_from_db()
    assert item.is_done and item.done_on == TODAY
    followup_services.followup_item_progress(actor=actor, item=item, expected_version=item.version, status="in_progress")
    item.refresh_from_db()
    assert item.done_on is None and item.status == FollowUpItem.Status.IN_PROGRESS


def test_an_item_needs_what_when_who_and_how_in_the_plans_year(world):
    plan, _item = make_followup(world)
    with pytest.raises(ValidationError) as excinfo:
        followup_services.followup_item_create(
            actor=world.persona("kvalitetssamordnare"),
            plan=plan,
            area="fire_safety",
            what="",
            when="",
            how_reported="",
            due_date=datetime.date(YEAR + 1, 2, 1),
            who=world.persona("kvalitetssamordnare"),
        )
    assert set(excinfo.value.message_dict) == {"what", "when", "how_reported", "due_date"}


def test_the_plan_page_shows_progress_and_the_areas_still_missing(world, client_for):
    plan, item = make_followup(world, who=world.persona("enhetschef"))
    followup_services.followup_item_create(
        actor=world.persona("kvalitetssamordnare"),
        plan=plan,
        area="fire_safety",
        what="Brandskyddsrond",
        when="I maj",
        due_date=datetime.date(YEAR, 5, 31),
        who=world.persona("kvalitetssamordnare"),
        how_reported="Protokoll",
    )
    followup_services.followup_item_progress(
        actor=world.persona("enhetschef"), item=item, expected_version=item.version, status="done", done_on=TODAY
    )
    html = client_for(world.persona("forvaltningschef")).get(reverse("risks:followup", args=[plan.pk])).content.decode()
    assert "1 av 2 punkter klara (50 %)" in html
    assert 'max="2" value="1"' in html
    assert (
        "Områden utan punkter: Nyckeltal, Synpunkter, klagomål och avvikelser, Kompetensutveckling, Egenkontroll, "
        "Systematiskt kvalitetsarbete, Arbetsmiljö." in html
    )


def test_the_person_named_for_an_item_may_update_its_progress_but_not_the_plan(world, client_for):
    staff = world.persona("medarbetare")
    plan, item = make_followup(world, who=staff)
    client = client_for(staff)
    assert client.get(reverse("risks:followup_item_edit", args=[item.pk])).status_code == 403
    response = client.post(
        reverse("risks:followup_item_progress", args=[item.pk]), {"status": "done", "done_on": "", "version": item.version}
    )
    assert response.status_code == 422 and "Ange när punkten blev klar." in response.content.decode()
    response = client.post(
        reverse("risks:followup_item_progress", args=[item.pk]),
        {"status": "in_progress", "progress_note": "Påbörjat", "version": item.version},
    )
    assert response.status_code == 302
    assert FollowUpItem.objects.get(pk=item.pk).progress_note == "Påbörjat"


def test_the_follow_up_list_needs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona("kvalitetssamordnare"))
    make_followup(world)
    client.get(reverse("risks:followups"))
    # The page is counted and its ids found before its plans are loaded (lots.core.lists).
    with django_assert_num_queries(9) as first:
        client.get(reverse("risks:followups"))
    make_followup(world, "sub")
    make_followup(world, year=YEAR - 1)
    with django_assert_num_queries(len(first.captured_queries)):
        html = client.get(reverse("risks:followups")).content.decode()
    assert "3 uppföljningsplaner" in html
