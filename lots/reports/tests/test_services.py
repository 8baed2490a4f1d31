"""Services: creating, writing and establishing the report (frozen snapshot), denominators and comparison imports."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lots.audit.models import AuditEntry
from lots.audit.versioning import ConcurrentEditError
from lots.deviations.models import Deviation
from lots.reports import sections, services
from lots.reports.models import ComparisonIndicator, ComparisonValue, DenominatorSeries, QualityReport, ReportNarrative
from lots.reports.tests.conftest import kolada


def _audit(obj, action=None):
    qs = AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
    return qs.filter(action=action) if action else qs


def test_creating_a_report_gives_one_empty_text_per_written_section_and_is_logged(world, year):
    actor = world.persona("kvalitetssamordnare")
    report = services.report_create(actor=actor, unit=world.own, year=year)
    assert report.status == QualityReport.Status.DRAFT
    assert sorted(report.narratives.values_list("section", flat=True)) == sorted(sections.narrative_keys())
    assert set(report.narratives.values_list("text", flat=True)) == {""}
    entry = _audit(report, AuditEntry.Action.CREATE).get()
    assert entry.actor == actor and entry.unit_id == world.own.pk and entry.changes["year"] == [None, year]


@pytest.mark.parametrize(
    ("place", "offset", "field", "message"),
    [
        ("namnd", 0, "unit", "Välj en förvaltning, en avdelning eller en enhet."),
        ("own", 1, "year", "Välj ett år som har börjat"),
        ("own", -100, "year", "Välj ett år som har börjat"),
    ],
)
def test_a_report_needs_an_administration_department_or_unit_and_a_started_year(world, year, place, offset, field, message):
    unit = world.namnd if place == "namnd" else world.own
    with pytest.raises(ValidationError) as caught:
        services.report_create(actor=world.persona("kvalitetssamordnare"), unit=unit, year=year + offset)
    assert message in " ".join(caught.value.message_dict[field])
    assert not QualityReport.objects.exists()


def test_there_is_one_report_per_unit_and_year(world, draft, year):
    with pytest.raises(ValidationError) as caught:
        services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.own, year=year)
    assert "finns redan" in caught.value.message_dict["year"][0]
    assert QualityReport.objects.count() == 1


def test_a_narrative_is_saved_as_plain_text_and_logged(world, draft):
    actor = world.persona("avdelningschef")
    narrative = draft.narratives.get(section="deviations")
    services.narrative_update(
        actor=actor,
        report=draft,
        section="deviations",
        text="<script>alert(1)</script>Första stycket.\r\n\r\n\r\n\r\nAndra <b>stycket</b>.\x07\u202e",
        expected_version=narrative.version,
        integrity_confirmed=True,  # "alert(1)Första" puts a capital mid-sentence
    )
    narrative.refresh_from_db()
    assert narrative.text == "alert(1)Första stycket.\n\nAndra stycket."
    assert narrative.updated_by == actor and narrative.version == 2
    entry = _audit(narrative, AuditEntry.Action.UPDATE).get()
    assert entry.changes["text"] == [None, {"chars": len(narrative.text)}] and entry.unit_id == world.own.pk


def test_a_concurrent_edit_of_the_same_section_is_refused(world, draft):
    narrative = draft.narratives.get(section="focus")
    seen = narrative.version
    services.narrative_update(
        actor=world.persona("enhetschef"), report=draft, section="focus", text="Först", expected_version=seen
    )
    with pytest.raises(ConcurrentEditError):
        services.narrative_update(
            actor=world.persona("avdelningschef"), report=draft, section="focus", text="Sedan", expected_version=seen
        )
    assert ReportNarrative.objects.get(pk=narrative.pk).text == "Först"


def test_edits_of_different_sections_do_not_conflict(world, draft):
    first = draft.narratives.get(section="focus")
    second = draft.narratives.get(section="deviations")
    services.narrative_update(
        actor=world.persona("enhetschef"), report=draft, section="focus", text="A", expected_version=first.version
    )
    services.narrative_update(
        actor=world.persona("avdelningschef"), report=draft, section="deviations", text="B", expected_version=second.version
    )
    assert dict(draft.narratives.values_list("section", "text"))["focus"] == "A"


def test_unknown_sections_and_appendices_have_no_text(world, draft):
    for key in ("okänt", "appendix_law_list"):
        with pytest.raises(ValidationError):
            services.narrative_update(
                actor=world.persona("enhetschef"), report=draft, section=key, text="x", expected_version=None
            )


def test_too_long_a_text_is_refused_at_the_field(world, draft):
    with pytest.raises(ValidationError) as caught:
        services.narrative_update(
            actor=world.persona("enhetschef"),
            report=draft,
            section="focus",
            text="x" * (services.NARRATIVE_MAX + 1),
            expected_version=None,
        )
    assert "för lång" in caught.value.message_dict["text"][0]


def _last_year_deviation(report_fixture, world, day):
    moment = timezone.make_aware(datetime.datetime(timezone.localdate().year - 1, 3, day, 10))
    return report_fixture(unit=world.sub, reported_at=moment, occurred_at=moment - datetime.timedelta(hours=1))


def test_an_established_report_is_a_frozen_snapshot(world, report):
    last_year = timezone.localdate().year - 1
    _last_year_deviation(report, world, 3)
    _last_year_deviation(report, world, 4)
    quality = services.report_create(actor=world.persona("kvalitetssamordnare"), unit=world.own, year=last_year)
    services.narrative_update(
        actor=world.persona("kvalitetssamordnare"),
        report=quality,
        section="deviations",
        text="Två rapporter.",
        expected_version=None,
    )
    chief = world.persona("forvaltningschef")
    established = services.report_establish(actor=chief, report=quality, expected_version=quality.version)
    assert established.status == QualityReport.Status.ESTABLISHED and established.established_by == chief

    def deviations_section(r):
        data = services.report_data(r)
        return next(s for s in data["sections"] if s["key"] == "deviations")

    before = deviations_section(QualityReport.objects.get(pk=quality.pk))
    assert before["figures"]["total"] == 2 and before["narrative"] == "Två rapporter."

    # Later changes to the data: another report that year, one deleted, a unit renamed.
    _last_year_deviation(report, world, 5)
    Deviation.objects.filter(pk=Deviation.objects.order_by("pk").first().pk).delete()
    world.sub.name = "Nytt namn"
    world.sub.save(update_fields=["name"])
    live = sections.compute_all(world.own, last_year)
    assert next(s for s in live if s["key"] == "deviations")["figures"]["total"] == 2  # (3 made, 1 deleted)
    assert "Nytt namn" in next(s for s in live if s["key"] == "deviations")["figures"]["by_unit"]

    after = deviations_section(QualityReport.objects.get(pk=quality.pk))
    assert after == before
    assert "Underenheten" in after["figures"]["by_unit"] and "Nytt namn" not in after["figures"]["by_unit"]
    entry = _audit(established, AuditEntry.Action.TRANSITION).get()
    assert entry.actor == chief and entry.changes == {"status": ["draft", "established"]}


def test_an_established_report_can_be_neither_edited_nor_established_again(world, draft):
    services.report_establish(actor=world.persona("forvaltningschef"), report=draft, expected_version=None)
    with pytest.raises(ValidationError):
        services.narrative_update(
            actor=world.persona("enhetschef"), report=draft, section="focus", text="Sent", expected_version=None
        )
    with pytest.raises(ValidationError):
        services.report_establish(actor=world.persona("forvaltningschef"), report=draft, expected_version=None)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TRANSITION).count() == 1


def test_establishing_a_report_changed_since_it_was_opened_is_refused(world, draft):
    seen = draft.version
    QualityReport.objects.filter(pk=draft.pk).update(version=seen + 1)
    with pytest.raises(ConcurrentEditError):
        services.report_establish(actor=world.persona("forvaltningschef"), report=draft, expected_version=seen)
    assert QualityReport.objects.get(pk=draft.pk).status == QualityReport.Status.DRAFT


# --- Denominators ----------------------------------------------------------------------------------------


def test_denominators_are_created_updated_and_guarded_against_lost_updates(world):
    actor = world.persona("kvalitetssamordnare")
    series = services.denominators_save(
        actor=actor, unit=world.sub, kind="clients", year=2025, values=[10] * 6 + [None] * 6, expected_version=0
    )
    assert series.values == [10.0] * 6 + [None] * 6
    assert _audit(series, AuditEntry.Action.CREATE).exists()
    seen = series.version
    services.denominators_save(actor=actor, unit=world.sub, kind="clients", year=2025, values=[11] * 12, expected_version=seen)
    with pytest.raises(ConcurrentEditError):
        services.denominators_save(
            actor=actor, unit=world.sub, kind="clients", year=2025, values=[12] * 12, expected_version=seen
        )
    with pytest.raises(ConcurrentEditError):  # a form opened before the series existed
        services.denominators_save(actor=actor, unit=world.sub, kind="clients", year=2025, values=[12] * 12, expected_version=0)
    assert DenominatorSeries.objects.get().values == [11.0] * 12
    assert _audit(series, AuditEntry.Action.UPDATE).get().changes["values"][1] == [11.0] * 12


def test_denominators_must_be_positive(world):
    with pytest.raises(ValidationError) as caught:
        services.denominators_save(
            actor=world.persona("kvalitetssamordnare"),
            unit=world.sub,
            kind="staff",
            year=2025,
            values=[0] + [5] * 11,
            expected_version=0,
        )
    assert "större än noll" in caught.value.message_dict["m1"][0]
    assert not DenominatorSeries.objects.exists()


# --- Comparison data ---------------------------------------------------------------------------------


def test_importing_kolada_values_adds_and_then_replaces_them(world):
    actor = world.persona("kvalitetssamordnare")
    raw = kolada([("N00945", "0001", 2024, {"T": 12.3, "K": 11.0, "M": 13.6}), ("N00945", "0000", 2024, {"T": 10.0})])
    assert services.comparisons_import(actor=actor, raw=raw) == {
        "values_created": 4,
        "values_updated": 0,
        "indicators_created": 1,
    }
    again = kolada([("N00945", "0001", 2024, {"T": 12.5})])
    assert services.comparisons_import(actor=actor, raw=again) == {
        "values_created": 0,
        "values_updated": 1,
        "indicators_created": 0,
    }
    assert ComparisonValue.objects.count() == 4
    assert ComparisonValue.objects.get(municipality_code="0001", gender="T").value == 12.5
    notes = list(
        AuditEntry.objects.filter(note__startswith="Import av jämförelsetal").order_by("pk").values_list("note", flat=True)
    )
    assert len(notes) == 2 and "4 nya" in notes[0] and "1 uppdaterade" in notes[1]
    assert ComparisonIndicator.objects.get().kpi == "N00945"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("inte json", "inte giltig JSON"),
        ('{"value": []}', 'saknar listan "values"'),
        ('{"values": []}', "inga värden"),
        (
            '{"values": [{"kpi": "N1", "municipality": "12", "period": 2024, "values": [{"gender": "T", "value": 1}]}]}',
            "fyra siffror",
        ),
        (
            '{"values": [{"kpi": "N1", "municipality": "0001", "period": 2024, "values": [{"gender": "X", "value": 1}]}]}',
            "T, K eller M",
        ),
        (
            '{"values": [{"kpi": "N1", "municipality": "0001", "period": 2024, "values": [{"gender": "T", "value": "12"}]}]}',
            "ett tal",
        ),
        (
            '{"values": [{"kpi": "N1", "municipality": "0001", "period": 1200, "values": [{"gender": "T", "value": 1}]}]}',
            "orimligt",
        ),
    ],
)
def test_a_file_that_is_not_a_kolada_answer_is_refused_whole(world, raw, message):
    with pytest.raises(ValidationError) as caught:
        services.comparisons_import(actor=world.persona("kvalitetssamordnare"), raw=raw)
    assert message in " ".join(caught.value.messages)
    assert not ComparisonValue.objects.exists() and not ComparisonIndicator.objects.exists()


def test_missing_values_are_kept_as_missing_not_zero(world):
    services.comparisons_import(actor=None, raw=kolada([("U1", "0001", 2024, {"T": None, "K": 3.5})]))
    assert dict(ComparisonValue.objects.values_list("gender", "value")) == {"T": None, "K": 3.5}


def test_a_report_established_by_someone_reading_english_is_frozen_and_archived_in_swedish(world, draft):
    from django.utils import translation

    from lots.archive.models import ArchivedDocument

    with translation.override("en"):
        services.report_establish(actor=world.persona("forvaltningschef"), report=draft, expected_version=None)
    draft.refresh_from_db()
    titles = {section["key"]: section["title"] for section in draft.snapshot["sections"]}
    with translation.override("sv"):
        swedish = {section["key"]: section["title"] for section in sections.compute_all(world.own, draft.year)}
    assert titles == swedish
    assert titles["deviations"] != "Deviations and lex Sarah"
    archived = ArchivedDocument.objects.get(kind=ArchivedDocument.Kind.ANNUAL_REPORT)
    assert archived.title.startswith("Kvalitetsberättelse")


def test_the_archived_copy_of_a_report_established_in_english_is_rendered_in_swedish(
    world, draft, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from lots.reports import documents

    languages = []
    real = documents.pdf_bytes

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "pdf_bytes", recording)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.report_establish(actor=world.persona("forvaltningschef"), report=draft, expected_version=None)
    assert languages and set(languages) == {"sv"}
