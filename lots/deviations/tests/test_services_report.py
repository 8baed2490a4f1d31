import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.deviations import services
from lots.deviations.models import Deviation, DeviationCategory, DeviationEvent, LexSarahInvestigation
from lots.deviations.tests.conftest import TEST_IDENTITY
from lots.organisation.services import unit_close


def test_a_report_is_numbered_per_municipality_and_year(world, report):
    first = report()
    second = report()
    year = timezone.localdate().year
    assert (first.year, first.sequence, second.sequence) == (year, 1, 2)
    assert first.number == f"AV-{year}-0001"
    assert report(unit=world.foreign).sequence == 1


def test_reporting_records_the_event_the_responsible_manager_and_an_audit_row(world, report, reporter):
    deviation = report(case_reference="BU-17")
    assert deviation.state == Deviation.State.REPORTED
    assert deviation.responsible == world.persona("enhetschef")
    event = DeviationEvent.objects.get(deviation=deviation)
    assert (event.actor, event.from_state, event.to_state) == (reporter, "", "reported")
    entry = AuditEntry.objects.get(object_id=str(deviation.pk), action="create", content_type__model="deviation")
    assert entry.actor == reporter
    assert entry.changes["case_reference"] == [None, "BU-17"]
    assert entry.unit_id == world.own.pk


def test_the_responsible_manager_is_told_by_mail_without_the_contents(world, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deviation = report(description="Känslig beskrivning av händelsen.")
    assert [m.to for m in mail.outbox] == [[world.persona("enhetschef").email]]
    assert deviation.number in mail.outbox[0].subject
    assert "Känslig" not in mail.outbox[0].body


def test_a_possible_wrong_starts_the_lex_sarah_investigation_at_once(world, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        deviation = report(possible_lex_sarah=True, description="Ingen tillsyn under natten.")
    investigation = LexSarahInvestigation.objects.get(deviation=deviation)
    assert investigation.is_open
    assert investigation.started_at == deviation.reported_at
    assert investigation.what_happened == "Ingen tillsyn under natten."
    assert "Lex Sarah" in mail.outbox[0].subject
    assert AuditEntry.objects.filter(content_type__model="lexsarahinvestigation", action="create").count() == 1


def test_an_ordinary_report_has_no_investigation(report):
    assert not LexSarahInvestigation.objects.filter(deviation=report()).exists()


def test_a_report_cannot_be_about_the_future(report):
    with pytest.raises(ValidationError) as excinfo:
        report(occurred_at=timezone.now() + datetime.timedelta(hours=2))
    assert "framtiden" in str(excinfo.value)


def test_a_report_needs_a_description(report):
    with pytest.raises(ValidationError) as excinfo:
        report(description="   ")
    assert "description" in excinfo.value.error_dict


def test_a_category_of_another_municipality_is_refused(world, report):
    services.categories_ensure(municipality=world.m2)
    foreign_category = DeviationCategory.objects.filter(municipality=world.m2).first()
    with pytest.raises(ValidationError) as excinfo:
        report(category=foreign_category)
    assert "category" in excinfo.value.error_dict


def test_an_inactive_category_is_refused(report, category):
    services.category_update(actor=None, category=category, name=category.name, is_active=False)
    with pytest.raises(ValidationError):
        report(category=category)


def test_a_closed_unit_cannot_receive_reports(world, report):
    unit_close(actor=None, unit=world.sub, closed_at=timezone.localdate())
    world.sub.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        report(unit=world.sub)
    assert "unit" in excinfo.value.error_dict


@pytest.mark.parametrize("reference", [TEST_IDENTITY, "1212121212", "ärende 121212-1212"])
def test_the_case_reference_can_never_be_a_personal_number(report, reference):
    with pytest.raises(ValidationError) as excinfo:
        report(case_reference=reference)
    assert "case_reference" in excinfo.value.error_dict
    assert not Deviation.objects.exists()


def test_a_report_keeps_a_link_to_its_source_both_ways(world, report):
    source = world.own  # any model instance works as a source; the feedback module passes its case
    deviation = report(source=source, possible_lex_sarah=True)
    assert deviation.source == source
    assert list(Deviation.objects.for_source(source)) == [deviation]
    assert list(Deviation.objects.for_source(world.sub)) == []


def test_categories_are_seeded_once_and_then_belong_to_the_municipality(world):
    services.categories_ensure(municipality=world.m1)
    names = list(DeviationCategory.objects.filter(municipality=world.m1).values_list("name", flat=True))
    assert names == [
        "Bemötande",
        "Handläggning",
        "Dokumentation",
        "Sekretess och integritet",
        "Genomförande av insats",
        "Samverkan",
        "Våld och hot",
        "Övrigt",
    ]
    DeviationCategory.objects.filter(municipality=world.m1, name="Övrigt").delete()
    services.categories_ensure(municipality=world.m1)
    assert not DeviationCategory.objects.filter(municipality=world.m1, name="Övrigt").exists()


def test_category_names_are_unique_in_a_municipality(world):
    services.categories_ensure(municipality=world.m1)
    with pytest.raises(ValidationError) as excinfo:
        services.category_create(actor=None, municipality=world.m1, name="bemötande")
    assert "finns redan" in str(excinfo.value)
    created = services.category_create(actor=None, municipality=world.m1, name="Läkemedel")
    assert created.position == 9
