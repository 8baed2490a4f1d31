import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.improvements.models import ImprovementAction
from lots.risks.models import Assessment, ControlPoint, ControlRound, ReviewedRecord
from lots.risks.services import inspection as services
from lots.risks.tests.helpers import CRITERIA, make_plan, make_review_point, review

YEAR = datetime.date.today().year
M, N, X = "met", "not_met", "na"


def test_the_schedule_follows_the_frequency_within_the_plans_year():
    assert services.schedule(datetime.date(2026, 3, 31), 4) == [
        datetime.date(2026, 3, 31),
        datetime.date(2026, 6, 30),
        datetime.date(2026, 9, 30),
        datetime.date(2026, 12, 31),
    ]
    assert services.schedule(datetime.date(2026, 8, 31), 2) == [datetime.date(2026, 8, 31)]  # February next year is dropped
    assert len(services.schedule(datetime.date(2026, 1, 31), 12)) == 12
    assert services.schedule(datetime.date(2026, 1, 31), 12)[1] == datetime.date(2026, 2, 28)


def test_a_plan_per_unit_and_year(world):
    plan = make_plan(world)
    assert AuditEntry.objects.filter(object_id=str(plan.pk), action="create", content_type__model="inspectionplan").exists()
    with pytest.raises(ValidationError) as excinfo:
        make_plan(world)
    assert f"redan en egenkontrollplan för {YEAR}" in excinfo.value.message_dict["year"][0]


def test_a_control_point_gets_its_criteria_and_a_planned_round_per_due_date(world):
    responsible = world.persona("enhetschef")
    point = services.control_point_create(
        actor=responsible,
        plan=make_plan(world),
        title="Journalgranskning",
        method=ControlPoint.Method.RECORD_REVIEW,
        frequency=ControlPoint.Frequency.HALF_YEARLY,
        responsible=responsible,
        first_due=datetime.date(YEAR, 5, 31),
        criteria=["  Första  ", "", "Andra"],
        sample_size=10,
    )
    assert [c.text for c in point.criteria.all()] == ["Första", "Andra"]
    assert [r.due_date for r in point.rounds.all()] == [datetime.date(YEAR, 5, 31), datetime.date(YEAR, 11, 30)]
    assert all(r.status == ControlRound.Status.PLANNED for r in point.rounds.all())
    entry = AuditEntry.objects.get(object_id=str(point.pk), action="create", content_type__model="controlpoint")
    assert entry.unit_id == world.own.pk and "Första; Andra" in entry.note


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"sample_size": None}, "sample_size", "hur många akter"),
        ({"sample_size": 500}, "sample_size", "mellan 1 och 200"),
        ({"first_due": datetime.date(YEAR + 1, 1, 31)}, "first_due", f"planens år, {YEAR}"),
        ({"criteria": ["", " "]}, "criteria", "minst ett kriterium"),
        ({"criteria": ["Samma", "samma"]}, "criteria", "två gånger"),
    ],
)
def test_invalid_control_points_are_refused(world, changes, field, message):
    responsible = world.persona("enhetschef")
    data = {
        "actor": responsible,
        "plan": make_plan(world),
        "title": "Granskning",
        "method": "record_review",
        "frequency": 1,
        "responsible": responsible,
        "first_due": datetime.date(YEAR, 6, 30),
        "criteria": ["A"],
        "sample_size": 5,
    }
    data.update(changes)
    with pytest.raises(ValidationError) as excinfo:
        services.control_point_create(**data)
    assert message in excinfo.value.message_dict[field][0]


def test_a_record_is_reviewed_by_pseudonymous_reference_against_every_criterion(world):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world), responsible=responsible, sample_size=2)
    round_ = point.rounds.get()
    criteria = list(point.criteria.all())
    with pytest.raises(ValidationError) as excinfo:
        services.record_review_add(
            actor=responsible, round_=round_, reference="191212121212", answers={c.pk: M for c in criteria}
        )
    assert "Aldrig personnummer" in excinfo.value.message_dict["reference"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.record_review_add(actor=responsible, round_=round_, reference="A-1", answers={criteria[0].pk: M})
    assert set(excinfo.value.message_dict) == {f"criterion_{criteria[1].pk}", f"criterion_{criteria[2].pk}"}
    record = services.record_review_add(
        actor=responsible, round_=round_, reference="A-1", answers={c.pk: M for c in criteria}, comments={criteria[0].pk: "Bra"}
    )
    round_.refresh_from_db()
    assert round_.status == ControlRound.Status.IN_PROGRESS
    assert list(record.assessments.values_list("answer", flat=True)) == [M, M, M]
    entry = AuditEntry.objects.get(object_id=str(record.pk), action="create", content_type__model="reviewedrecord")
    assert entry.unit_id == world.own.pk and "Uppfyllt" in entry.note
    with pytest.raises(ValidationError) as excinfo:
        services.record_review_add(actor=responsible, round_=round_, reference="a-1", answers={c.pk: M for c in criteria})
    assert "redan granskad" in excinfo.value.message_dict["reference"][0]
    services.record_review_add(actor=responsible, round_=round_, reference="A-2", answers={c.pk: N for c in criteria})
    with pytest.raises(ValidationError) as excinfo:
        services.record_review_add(actor=responsible, round_=round_, reference="A-3", answers={c.pk: N for c in criteria})
    assert "Urvalet är 2 akter" in excinfo.value.message_dict["reference"][0]


def test_a_review_is_marked_done_only_when_the_whole_sample_is_reviewed(world):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world), responsible=responsible, sample_size=2)
    round_ = point.rounds.get()
    review(point, round_, {"A-1": [M, N, X]})
    with pytest.raises(ValidationError) as excinfo:
        services.round_complete(
            actor=responsible, round_=round_, expected_version=None, performed_on=datetime.date.today(), summary="S"
        )
    assert "(1 av 2 klara)" in excinfo.value.messages[0]
    review(point, round_, {"A-2": [M, M, M]})
    with pytest.raises(ValidationError) as excinfo:
        services.round_complete(
            actor=responsible, round_=round_, expected_version=None, performed_on=datetime.date.today(), summary=" "
        )
    assert "summary" in excinfo.value.message_dict
    services.round_complete(
        actor=responsible, round_=round_, expected_version=None, performed_on=datetime.date.today(), summary="Bra"
    )
    round_.refresh_from_db()
    assert round_.is_done and round_.performed_by == responsible
    record = round_.records.first()
    with pytest.raises(ValidationError):
        services.record_review_delete(actor=responsible, record=record)
    services.round_reopen(actor=world.persona("kvalitetssamordnare"), round_=round_)
    services.record_review_delete(actor=responsible, record=record)
    assert round_.records.count() == 1


def test_updating_a_reviewed_record_audits_the_changed_answers(world):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world), responsible=responsible)
    round_ = point.rounds.get()
    review(point, round_, {"A-1": [M, M, M]})
    record = round_.records.get()
    criteria = list(point.criteria.all())
    seen = record.version
    services.record_review_update(
        actor=responsible,
        record=record,
        expected_version=seen,
        reference="A-01",
        answers={c.pk: a for c, a in zip(criteria, [M, N, M], strict=True)},
    )
    assert list(record.assessments.order_by("criterion__position").values_list("answer", flat=True)) == [M, N, M]
    entry = AuditEntry.objects.get(object_id=str(record.pk), action="update", content_type__model="reviewedrecord")
    assert entry.changes == {"reference": ["A-1", "A-01"], CRITERIA[1]: ["met", "not_met"]}
    with pytest.raises(ConcurrentEditError):
        services.record_review_update(
            actor=responsible,
            record=ReviewedRecord.objects.get(pk=record.pk),
            expected_version=seen,
            reference="A-01",
            answers={c.pk: N for c in criteria},
        )
    assert list(record.assessments.order_by("criterion__position").values_list("answer", flat=True)) == [M, N, M]


def test_a_concurrent_change_of_a_reviewed_record_keeps_the_typed_answers(world, client_for):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world), responsible=responsible)
    round_ = point.rounds.get()
    review(point, round_, {"A-1": [M, M, M]})
    record = round_.records.get()
    a, b, c = point.criteria.all()
    ReviewedRecord.objects.filter(pk=record.pk).update(version=record.version + 1)
    response = client_for(responsible).post(
        reverse("risks:record_edit", args=[round_.pk, record.pk]),
        {"reference": "A-1", f"criterion_{a.pk}": N, f"criterion_{b.pk}": N, f"criterion_{c.pk}": X, "version": record.version},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html
    assert re.findall(r'<input type="radio" name="criterion_\d+" value="(\w+)"[^>]*checked>', html) == [N, N, X]
    assert set(record.assessments.values_list("answer", flat=True)) == {M}


def test_a_checklist_round_needs_every_criterion_answered(world):
    responsible = world.persona("enhetschef")
    point = services.control_point_create(
        actor=responsible,
        plan=make_plan(world),
        title="Rutinen följs",
        method=ControlPoint.Method.ROUTINES,
        frequency=1,
        responsible=responsible,
        first_due=datetime.date(YEAR, 9, 30),
        criteria=["A", "B"],
    )
    round_ = point.rounds.get()
    a, b = point.criteria.all()
    with pytest.raises(ValidationError):
        services.checklist_save(actor=responsible, round_=round_, expected_version=None, answers={a.pk: M})
    assert services.round_completion_problems(round_) == [
        "Fyll i checklistan för alla kriterier innan omgången markeras som genomförd."
    ]
    seen = ControlRound.objects.get(pk=round_.pk).version
    services.checklist_save(actor=responsible, round_=round_, expected_version=seen, answers={a.pk: M, b.pk: N})
    with pytest.raises(ConcurrentEditError):
        services.checklist_save(actor=responsible, round_=round_, expected_version=seen, answers={a.pk: N, b.pk: N})
    services.checklist_save(actor=responsible, round_=round_, expected_version=seen + 1, answers={a.pk: M, b.pk: M})
    assert sorted(Assessment.objects.filter(round=round_).values_list("answer", flat=True)) == [M, M]
    assert services.round_completion_problems(round_) == []


def test_an_assessed_criterion_cannot_be_removed_and_a_new_schedule_keeps_started_rounds(world):
    responsible = world.persona("enhetschef")
    point = services.control_point_create(
        actor=responsible,
        plan=make_plan(world),
        title="Granskning",
        method="record_review",
        frequency=4,
        responsible=responsible,
        first_due=datetime.date(YEAR, 3, 31),
        criteria=["A", "B"],
        sample_size=1,
    )
    first = point.rounds.order_by("due_date").first()
    review(point, first, {"R-1": [M, N]})
    data = {
        "actor": responsible,
        "point": point,
        "title": "Granskning",
        "method": "record_review",
        "responsible": responsible,
        "sample_size": 1,
    }
    with pytest.raises(ValidationError) as excinfo:
        services.control_point_update(
            expected_version=point.version, frequency=4, first_due=point.first_due, criteria=["A"], **data
        )
    assert "”B” har redan bedömts" in excinfo.value.message_dict["criteria"][0]
    point.refresh_from_db()
    services.control_point_update(
        expected_version=point.version, frequency=2, first_due=datetime.date(YEAR, 3, 31), criteria=["C", "A", "B"], **data
    )
    assert [c.text for c in point.criteria.all()] == ["C", "A", "B"]
    assert [(r.due_date, r.status) for r in point.rounds.order_by("due_date")] == [
        (datetime.date(YEAR, 3, 31), ControlRound.Status.IN_PROGRESS),
        (datetime.date(YEAR, 9, 30), ControlRound.Status.PLANNED),
    ]
    assert ReviewedRecord.objects.filter(round=first).exists()


def test_reviewing_a_record_with_bad_input_keeps_the_answers_and_explains(world, client_for):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world), responsible=responsible)
    round_ = point.rounds.get()
    a, b, c = point.criteria.all()
    client = client_for(responsible)
    response = client.post(
        reverse("risks:record_add", args=[round_.pk]), {"reference": "B-7", f"criterion_{a.pk}": N, f"comment_{a.pk}": "Saknas"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    # Next to each of the two criteria, and again in the error summary at the top of the page.
    assert html.count("Välj uppfyllt, ej uppfyllt eller ej tillämpligt.") == 4
    assert 'value="B-7"' in html and 'value="Saknas"' in html
    checked = re.findall(r'<input type="radio" name="criterion_(\d+)" value="(\w+)"[^>]*checked>', html)
    assert checked == [(str(a.pk), N)]
    response = client.post(
        reverse("risks:record_add", args=[round_.pk]),
        {"reference": "B-7", f"criterion_{a.pk}": N, f"criterion_{b.pk}": M, f"criterion_{c.pk}": X},
    )
    assert response.status_code == 302
    assert list(round_.records.get().assessments.order_by("criterion__position").values_list("answer", flat=True)) == [N, M, X]


def test_a_staff_member_responsible_for_a_review_may_carry_it_out_but_not_change_the_plan(world, client_for):
    staff = world.persona("medarbetare")
    plan = make_plan(world)
    point = make_review_point(plan, responsible=staff, actor=world.persona("kvalitetssamordnare"))
    round_ = point.rounds.get()
    client = client_for(staff)
    assert client.get(reverse("risks:record_add", args=[round_.pk])).status_code == 200
    assert client.get(reverse("risks:control_point_edit", args=[point.pk])).status_code == 403
    other = client_for(world.persona("granskare"))
    assert other.get(reverse("risks:round", args=[round_.pk])).status_code == 200
    assert other.get(reverse("risks:record_add", args=[round_.pk])).status_code == 403


def test_findings_become_improvement_actions_of_the_unit(world, client_for):
    responsible = world.persona("enhetschef")
    round_ = make_review_point(make_plan(world), responsible=responsible).rounds.get()
    response = client_for(responsible).post(
        reverse("risks:round_action", args=[round_.pk]),
        {"title": "Utbildning i barnsamtal", "owner": responsible.pk, "due_date": "2099-01-31"},
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert action.source == round_ and action.source_kind == ImprovementAction.Source.SELF_INSPECTION and action.unit == world.own


def test_a_case_record_round_view_is_access_logged(world, client_for):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world), responsible=responsible)
    round_ = point.rounds.get()
    review(point, round_, {"A-1": [M, M, M]})
    client_for(world.persona("granskare")).get(reverse("risks:round", args=[round_.pk]))
    assert AuditEntry.objects.filter(action="view", object_id=str(round_.pk), actor=world.persona("granskare")).exists()


def test_the_plan_list_needs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona("kvalitetssamordnare"))
    make_review_point(make_plan(world), responsible=world.persona("enhetschef"))
    client.get(reverse("risks:inspection_plans"))
    # The page is counted and its ids found before its plans are loaded (lots.core.lists).
    with django_assert_num_queries(10) as first:
        client.get(reverse("risks:inspection_plans"))
    make_review_point(make_plan(world, "sub"), responsible=world.persona("enhetschef"))
    make_review_point(make_plan(world, year=YEAR - 1), responsible=world.persona("enhetschef"))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("risks:inspection_plans"))
