import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.requirements import results, services
from lots.requirements.models import Assessment, Attachment, DemandedAction, FollowUp
from lots.requirements.tests.conftest import A, M, assess_all

S = FollowUp.Status


def entry(assessment, status, **kwargs):
    return services.AssessmentEntry(assessment, assessment.version, status, **kwargs)


def test_planning_creates_one_assessment_per_requirement_and_audits_it(world, make_follow_up):
    follow_up = make_follow_up(team=[world.persona("enhetschef")])
    assert follow_up.status == S.PLANNED and follow_up.municipality == world.m1
    positions = list(follow_up.assessments.values_list("requirement__position", "status"))
    assert positions == [(p, A.NOT_ASSESSED) for p in range(5)]
    assert list(follow_up.team.all()) == [world.persona("enhetschef")]
    entry_ = AuditEntry.objects.get(action="create", object_id=str(follow_up.pk), content_type__model="followup")
    assert entry_.actor == world.persona("kvalitetssamordnare") and entry_.unit_id == world.own.pk
    assert entry_.note == "5 krav"


def test_an_internal_unit_is_followed_up_and_its_audit_rows_are_filed_under_it(world, make_follow_up):
    follow_up = make_follow_up(world.sub)
    assert (follow_up.unit, follow_up.provider, follow_up.target_name) == (world.sub, None, "Underenheten")
    assert (
        AuditEntry.objects.get(action="create", object_id=str(follow_up.pk), content_type__model="followup").unit_id
        == world.sub.pk
    )


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"period_start": datetime.date(2025, 7, 1)}, "period_end"),
        ({"methods": []}, "methods"),
        ({"methods": ["telepati"]}, "methods"),
        ({"target": "unit", "methods": [M.SELF_ASSESSMENT]}, "methods"),
        ({"self_assessment_due": datetime.date(2025, 3, 1)}, "self_assessment_due"),
        ({"responsible_unit": "foreign"}, "responsible_unit"),
    ],
)
def test_planning_mistakes_are_refused_at_the_right_field(world, make_follow_up, kwargs, field):
    if kwargs.pop("target", None) == "unit":
        kwargs["target"] = world.own
    if kwargs.get("responsible_unit") == "foreign":
        kwargs["responsible_unit"] = world.foreign
    methods = kwargs.pop("methods", (M.DOCUMENTS,))
    with pytest.raises(ValidationError) as excinfo:
        make_follow_up(methods=methods, **kwargs)
    assert field in excinfo.value.message_dict
    assert not FollowUp.objects.exists()


def test_a_catalogue_of_another_municipality_cannot_be_used(world, make_follow_up):
    from lots.requirements.tests.conftest import small_data

    _c, foreign_version = services.catalogue_import(actor=None, municipality=world.m2, data=small_data())
    with pytest.raises(ValidationError) as excinfo:
        make_follow_up(version=foreign_version)
    assert "catalogue_version" in excinfo.value.message_dict


def test_the_self_assessment_runs_from_opening_to_submitting_and_mails_the_right_people(
    world, make_follow_up, django_capture_on_commit_callbacks
):
    world.persona("extern_utforare").__class__.objects.filter(username="extern_utforare").update(email="utforare@example.invalid")
    follow_up = make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT), self_assessment_due=datetime.date(2025, 5, 1))
    lead = world.persona("kvalitetssamordnare")
    provider_user = world.persona("extern_utforare")
    with pytest.raises(ValidationError):
        services.self_assessment_save(actor=provider_user, follow_up=follow_up, entries=[])
    with pytest.raises(ValidationError, match="inte öppen|status"):
        services.self_assessment_submit(actor=provider_user, follow_up=follow_up)
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_up_start_self_assessment(actor=lead, follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.status == S.SELF_ASSESSMENT
    assessments = list(follow_up.assessments.order_by("requirement__position"))
    services.self_assessment_save(
        actor=provider_user,
        follow_up=follow_up,
        entries=[services.SelfEntry(a, a.version, A.MET, "Vi har en rutin.") for a in assessments[:4]],
    )
    with pytest.raises(ValidationError, match="1 krav saknar bedömning"):
        services.self_assessment_submit(actor=provider_user, follow_up=follow_up)
    last = Assessment.objects.get(pk=assessments[4].pk)
    services.self_assessment_save(
        actor=provider_user, follow_up=follow_up, entries=[services.SelfEntry(last, last.version, A.PARTLY, "")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.self_assessment_submit(actor=provider_user, follow_up=follow_up)
    follow_up.refresh_from_db()
    assert follow_up.status == S.ASSESSMENT
    assert follow_up.self_assessment_submitted_by == provider_user
    assert Assessment.objects.filter(follow_up=follow_up, self_assessed_by=provider_user).count() == 5
    assert Assessment.objects.filter(follow_up=follow_up, status=A.NOT_ASSESSED).count() == 5  # the municipality's are untouched
    subjects = [(m.subject, m.to) for m in mail.outbox]
    assert subjects == [
        ("Självskattning: Uppföljning 2025", ["utforare@example.invalid"]),
        ("Självskattning inskickad: Uppföljning 2025", [lead.email]),
    ]
    notes = list(
        AuditEntry.objects.filter(object_id=str(follow_up.pk), content_type__model="followup").values_list("note", flat=True)
    )
    assert "Självskattning öppnad" in notes and "Självskattning inskickad" in notes


def test_self_assessment_is_only_for_follow_ups_that_use_it(world, make_follow_up):
    follow_up = make_follow_up()
    with pytest.raises(ValidationError, match="använder inte självskattning"):
        services.follow_up_start_self_assessment(actor=None, follow_up=follow_up)


def test_unfulfilled_requirements_need_a_demanded_action_with_a_date(world, make_follow_up):
    follow_up = make_follow_up()
    assessment = follow_up.assessments.first()
    actor = world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError) as excinfo:
        services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, A.NOT_MET)])
    assert set(excinfo.value.message_dict) == {"action_text", "action_due"}
    assert excinfo.value.assessment_id == assessment.pk
    with pytest.raises(ValidationError) as excinfo:
        services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, A.MET, action_text="Gör något")])
    assert "action_text" in excinfo.value.message_dict
    assessment.refresh_from_db()
    assert assessment.status == A.NOT_ASSESSED


def test_an_assessment_creates_changes_and_removes_its_demanded_action_and_audits_each_step(world, make_follow_up):
    follow_up = make_follow_up()
    actor = world.persona("kvalitetssamordnare")
    assessment = follow_up.assessments.first()
    services.assessments_save(
        actor=actor,
        follow_up=follow_up,
        entries=[
            entry(
                assessment,
                A.PARTLY,
                comment="Rutinen är gammal.",
                action_text="Uppdatera rutinen.",
                action_due=datetime.date(2025, 9, 1),
            )
        ],
    )
    follow_up.refresh_from_db()
    assert follow_up.status == S.ASSESSMENT  # assessing a planned follow-up starts the assessment
    action = DemandedAction.objects.get(assessment=assessment)
    assert (action.text, action.due_date, action.follow_up) == ("Uppdatera rutinen.", datetime.date(2025, 9, 1), follow_up)
    assessment.refresh_from_db()
    assert (assessment.status, assessment.assessed_by) == (A.PARTLY, actor)
    services.assessments_save(
        actor=actor,
        follow_up=follow_up,
        entries=[
            entry(
                assessment,
                A.NOT_MET,
                comment="Rutinen saknas.",
                action_text="Skriv en rutin.",
                action_due=datetime.date(2025, 8, 1),
            )
        ],
    )
    action.refresh_from_db()
    assert (action.text, action.due_date) == ("Skriv en rutin.", datetime.date(2025, 8, 1))
    assessment.refresh_from_db()
    services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, A.MET, comment="Nu finns den.")])
    assert not DemandedAction.objects.exists()
    actions_logged = list(
        AuditEntry.objects.filter(content_type__model="demandedaction").order_by("pk").values_list("action", flat=True)
    )
    assert actions_logged == ["create", "update", "delete"]
    assert AuditEntry.objects.filter(content_type__model="assessment", object_id=str(assessment.pk), action="update").count() == 3


def test_a_stale_version_is_refused_and_nothing_of_the_batch_is_saved(world, make_follow_up):
    follow_up = make_follow_up()
    first, second = follow_up.assessments.order_by("requirement__position")[:2]
    Assessment.objects.filter(pk=second.pk).update(version=second.version + 1, comment="Någon annans")
    with pytest.raises(ConcurrentEditError):
        services.assessments_save(actor=None, follow_up=follow_up, entries=[entry(first, A.MET), entry(second, A.MET)])
    first.refresh_from_db()
    assert first.status == A.NOT_ASSESSED


def test_evidence_files_are_checked_by_content(world, make_follow_up, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    follow_up = make_follow_up()
    assessment = follow_up.assessments.first()
    actor = world.persona("kvalitetssamordnare")
    pdf = SimpleUploadedFile("rutin.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
    services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, A.MET)], uploads={assessment.pk: pdf})
    text = SimpleUploadedFile("anteckningar.txt", "Intervju med två medarbetare.".encode())
    assessment.refresh_from_db()
    services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(assessment, A.MET)], uploads={assessment.pk: text})
    assert list(Attachment.objects.order_by("pk").values_list("name", "content_type")) == [
        ("rutin.pdf", "application/pdf"),
        ("anteckningar.txt", "text/plain"),
    ]
    assert AuditEntry.objects.filter(content_type__model="attachment", action="create").count() == 2
    program = SimpleUploadedFile("rutin.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)
    assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="Filtypen tillåts inte"):
        services.assessments_save(
            actor=actor, follow_up=follow_up, entries=[entry(assessment, A.NOT_APPLICABLE)], uploads={assessment.pk: program}
        )
    assessment.refresh_from_db()
    assert assessment.status == A.MET and Attachment.objects.count() == 2


def test_completing_needs_an_assessment_and_a_summary_and_then_tells_the_provider(
    world, make_follow_up, django_capture_on_commit_callbacks
):
    world.persona("extern_utforare").__class__.objects.filter(username="extern_utforare").update(email="u@example.invalid")
    follow_up = make_follow_up()
    actor = world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError, match="Inget krav är bedömt"):
        services.follow_up_complete(
            actor=actor, follow_up=follow_up, expected_version=None, completed_on=datetime.date(2025, 7, 1), summary="X"
        )
    assess_all(follow_up, {2: A.NOT_MET}, actor=actor)
    follow_up.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        services.follow_up_complete(
            actor=actor,
            follow_up=follow_up,
            expected_version=follow_up.version,
            completed_on=datetime.date(2025, 7, 1),
            summary="  ",
        )
    assert "summary" in excinfo.value.message_dict
    with pytest.raises(ConcurrentEditError):
        services.follow_up_complete(
            actor=actor,
            follow_up=follow_up,
            expected_version=follow_up.version - 1,
            completed_on=datetime.date(2025, 7, 1),
            summary="Bra.",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.follow_up_complete(
            actor=actor,
            follow_up=follow_up,
            expected_version=follow_up.version,
            completed_on=datetime.date(2025, 7, 1),
            summary="Bra.",
        )
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.completed_on, follow_up.completed_by) == (S.COMPLETED, datetime.date(2025, 7, 1), actor)
    assert [m.subject for m in mail.outbox] == ["Uppföljningen är klar: Uppföljning 2025"]
    with pytest.raises(ValidationError, match="klar"):
        services.assessments_save(actor=actor, follow_up=follow_up, entries=[entry(follow_up.assessments.first(), A.MET)])


def test_results_per_section_and_overall(completed_follow_up):
    result = results.result_of(list(completed_follow_up.assessments.select_related("requirement__section")))
    assert [(r.section.title, r.tally.counts[A.MET], r.tally.unfulfilled, r.tally.score) for r in result.sections] == [
        ("Ledning", 1, 1, 75),
        ("Egenkontroll", 1, 0, 100),
        ("Personal", 1, 1, 50),
    ]
    assert (result.overall.total, result.overall.scored, result.overall.score) == (5, 5, 70)


def test_not_applicable_and_not_assessed_are_left_out_of_the_score(world, make_follow_up):
    follow_up = make_follow_up()
    assess_all(follow_up, {0: A.NOT_APPLICABLE, 1: A.NOT_ASSESSED, 2: A.PARTLY}, actor=None)
    tally = results.result_of(list(follow_up.assessments.select_related("requirement__section"))).overall
    assert (tally.counts[A.NOT_APPLICABLE], tally.counts[A.NOT_ASSESSED], tally.scored, tally.score) == (1, 1, 3, 83)


def test_a_follow_up_is_compared_with_the_providers_previous_one(world, make_follow_up, completed_follow_up):
    later = make_follow_up(
        title="Uppföljning 2026", period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 6, 30)
    )
    assess_all(later, {1: A.NOT_MET, 4: A.PARTLY}, actor=None)  # 1 worse than partly, 3 now met, 4 now partly
    other_provider = world.foreign_provider
    comparison = results.compare(later, list(later.assessments.select_related("requirement__section")))
    assert comparison.previous == completed_follow_up
    assert [(row.assessment.requirement.position, row.before, row.trend) for row in comparison.changed] == [
        (1, A.PARTLY, "worse"),
        (3, A.NOT_MET, "better"),
        (4, A.MET, "worse"),
    ]
    assert (comparison.before.score, comparison.after.score) == (70, 70)
    assert results.previous_follow_up(completed_follow_up) is None
    assert other_provider.follow_ups.count() == 0


def test_a_re_follow_up_takes_only_the_unfulfilled_requirements_and_closes_what_is_now_fulfilled(world, completed_follow_up):
    actor = world.persona("kvalitetssamordnare")
    again = services.re_follow_up_create(
        actor=actor,
        follow_up=completed_follow_up,
        title="Återuppföljning",
        period_start=datetime.date(2025, 8, 1),
        period_end=datetime.date(2025, 10, 31),
        methods=[M.DOCUMENTS],
        lead=actor,
    )
    assert again.previous == completed_follow_up
    assert list(again.assessments.values_list("requirement__position", flat=True).order_by("requirement__position")) == [1, 3]
    assess_all(again, {3: A.PARTLY}, actor=actor)
    again.refresh_from_db()
    services.follow_up_complete(
        actor=actor,
        follow_up=again,
        expected_version=again.version,
        completed_on=datetime.date(2025, 11, 5),
        summary="Ett krav åtgärdat.",
    )
    earlier = {a.assessment.requirement.position: a for a in DemandedAction.objects.filter(follow_up=completed_follow_up)}
    assert earlier[1].status == DemandedAction.Status.CLOSED
    assert earlier[1].closing_note == "Uppfyllt vid återuppföljningen 2025-11-05."
    assert earlier[3].status == DemandedAction.Status.OPEN


def test_there_is_no_re_follow_up_when_everything_was_fulfilled(world, make_follow_up):
    follow_up = make_follow_up()
    assess_all(follow_up, actor=None)
    follow_up.refresh_from_db()
    services.follow_up_complete(
        actor=None, follow_up=follow_up, expected_version=None, completed_on=datetime.date(2025, 7, 1), summary="Bra."
    )
    with pytest.raises(ValidationError, match="inget att följa upp"):
        services.re_follow_up_create(
            actor=None,
            follow_up=follow_up,
            title="X",
            period_start=datetime.date(2025, 8, 1),
            period_end=datetime.date(2025, 9, 1),
            methods=[M.DOCUMENTS],
            lead=world.persona("kvalitetssamordnare"),
        )


def test_demanded_actions_are_reported_closed_or_reopened_until_closed(
    world, completed_follow_up, django_capture_on_commit_callbacks
):
    world.persona("extern_utforare").__class__.objects.filter(username="extern_utforare").update(email="u@example.invalid")
    provider_user = world.persona("extern_utforare")
    lead = world.persona("kvalitetssamordnare")
    action = DemandedAction.objects.filter(follow_up=completed_follow_up).order_by("pk").first()
    with pytest.raises(ValidationError):
        services.demanded_action_reopen(actor=lead, action=action, expected_version=action.version, note="Nej")
    with pytest.raises(ValidationError) as excinfo:
        services.demanded_action_report(actor=provider_user, action=action, expected_version=action.version, response=" ")
    assert "response" in excinfo.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.demanded_action_report(actor=provider_user, action=action, expected_version=action.version, response="Klart.")
    action.refresh_from_db()
    assert (action.status, action.reported_by) == (DemandedAction.Status.REPORTED, provider_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.demanded_action_reopen(actor=lead, action=action, expected_version=action.version, note="Rutinen saknar datum.")
    action.refresh_from_db()
    assert action.status == DemandedAction.Status.OPEN
    with pytest.raises(ConcurrentEditError):
        services.demanded_action_close(
            actor=lead, action=action, expected_version=action.version - 1, note="Ok", closed_on=datetime.date(2025, 9, 1)
        )
    services.demanded_action_close(
        actor=lead, action=action, expected_version=action.version, note="Ok", closed_on=datetime.date(2025, 9, 1)
    )
    action.refresh_from_db()
    assert (action.status, action.closed_on, action.closed_by) == (DemandedAction.Status.CLOSED, datetime.date(2025, 9, 1), lead)
    assert [m.subject for m in mail.outbox][-2:] == [
        "Åtgärd redovisad: Uppföljning 2025",
        "Åtgärden behöver kompletteras: Uppföljning 2025",
    ]
    states = [
        c.get("status")
        for c in AuditEntry.objects.filter(content_type__model="demandedaction", action="update")
        .order_by("pk")
        .values_list("changes", flat=True)
    ]
    assert states == [["open", "reported"], ["reported", "open"], ["open", "closed"]]


def test_actions_of_a_follow_up_in_progress_cannot_be_reported(world, make_follow_up):
    follow_up = make_follow_up()
    assess_all(follow_up, {0: A.NOT_MET}, actor=None)
    action = DemandedAction.objects.get()
    with pytest.raises(ValidationError, match="när uppföljningen är klar"):
        services.demanded_action_report(actor=None, action=action, expected_version=None, response="Klart")


def test_a_finding_becomes_an_improvement_action_linked_back_to_it(world, completed_follow_up):
    from lots.improvements.models import ImprovementAction

    action = DemandedAction.objects.filter(follow_up=completed_follow_up).order_by("pk").first()
    owner = world.persona("enhetschef")
    improvement = services.demanded_action_improvement(actor=world.persona("kvalitetssamordnare"), action=action, owner=owner)
    assert (improvement.unit, improvement.owner, improvement.source_kind) == (
        world.own,
        owner,
        ImprovementAction.Source.FOLLOW_UP,
    )
    assert list(ImprovementAction.objects.for_source(action)) == [improvement]
    with pytest.raises(ValidationError, match="redan"):
        services.demanded_action_improvement(actor=None, action=action, owner=owner)


def test_provider_emails_come_only_from_active_assignments_on_that_provider(world, make_follow_up):
    from lots.requirements.services.follow_ups import _provider_emails

    world.persona("extern_utforare").__class__.objects.filter(username="extern_utforare").update(email="u@example.invalid")
    assert _provider_emails(world.provider) == ["u@example.invalid"]
    world.provider.assignments.update(ends_on=datetime.date(2000, 1, 1))
    assert _provider_emails(world.provider) == []
    assert _provider_emails(world.foreign_provider) == []
