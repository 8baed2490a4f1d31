"""One time basis per figure: what stood at the year's end comes from the history, what happened during the year from
the dates, and a closed improvement action means the same in every section."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from lots.improvements.models import ImprovementAction
from lots.improvements.tests.helpers import make_action
from lots.processes import services as process_services
from lots.processes.models import ProcessVersion, RoutineVersion
from lots.processes.tests.helpers import make_law, make_process, make_routine
from lots.reports import sections
from lots.risks.models import Risk
from lots.risks.tests.helpers import make_analysis, make_risk


def _section(unit, year, key):
    return next(s for s in sections.compute_all(unit, year) if s["key"] == key)


def _moved_to(model, obj_filter, year, month=3):
    model.objects.filter(**obj_filter).update(established_at=datetime.datetime(year, month, 1, 9, tzinfo=datetime.UTC))


def test_last_years_report_counts_only_what_was_established_by_its_year_end(world):
    actor = world.persona("kvalitetssamordnare")
    year = timezone.localdate().year
    old = make_process(world, world.own, name="Fastställd i fjol")
    new = make_process(world, world.own, name="Fastställd i år")
    for process in (old, new):
        process_services.process_establish(actor=actor, process=process)
    _moved_to(ProcessVersion, {"process": old}, year - 1)
    old_routine = make_routine(world, world.own, title="Rutin från i fjol")
    make_routine(world, world.own, title="Rutin från i år")
    _moved_to(RoutineVersion, {"routine": old_routine}, year - 1)

    last = _section(world.own, year - 1, "management_system")["figures"]
    assert last["processes_established"] == 1 and last["processes_new_in_year"] == 1
    assert last["routines_in_force"] == 1 and last["routines_new_in_year"] == 1
    maps = _section(world.own, year - 1, "appendix_process_maps")
    assert [b["title"] for b in maps["blocks"]] == ["Fastställd i fjol"]
    appendix = _section(world.own, year - 1, "appendix_routines")
    assert [row[0] for row in appendix["blocks"][0]["rows"]] == ["Rutin från i fjol"]
    assert appendix["blocks"][0]["rows"][0][2] == f"{year - 1}-03-01"

    this = _section(world.own, year, "management_system")["figures"]
    assert this["processes_established"] == 2 and this["processes_new_in_year"] == 1
    assert this["routines_in_force"] == 2 and this["routines_new_in_year"] == 1


def test_a_process_established_and_then_reopened_as_a_draft_still_stood_at_the_year_end(world):
    actor = world.persona("kvalitetssamordnare")
    process = make_process(world, world.own, name="Ändras")
    process_services.process_establish(actor=actor, process=process)
    process.refresh_from_db()
    process_services.process_update(actor=actor, process=process, expected_version=process.version, purpose="Nytt syfte.")
    figures = _section(world.own, timezone.localdate().year, "management_system")["figures"]
    assert figures["processes_established"] == figures["processes_new_in_year"] == 1


def test_a_process_established_twice_in_a_year_counts_once_as_new(world):
    actor = world.persona("kvalitetssamordnare")
    process = make_process(world, world.own, name="Två versioner")
    process_services.process_establish(actor=actor, process=process)
    process.refresh_from_db()
    process_services.process_establish(actor=actor, process=process)
    assert process.versions.count() == 2
    figures = _section(world.own, timezone.localdate().year, "management_system")["figures"]
    assert figures["processes_new_in_year"] == 1
    assert figures["processes_changed_in_year"] == 1
    assert figures["process_versions_in_year"] == 2


def test_a_law_reviewed_after_the_year_end_shows_no_review_date_in_that_years_appendix(world):
    actor = world.persona("kvalitetssamordnare")
    law = make_law(world, world.own)
    process_services.law_review(actor=actor, law=law)
    year = timezone.localdate().year
    rows = _section(world.own, year - 1, "appendix_law_list")["blocks"][0]["rows"]
    assert rows[0][4] == "–"
    assert _section(world.own, year - 1, "management_system")["figures"]["laws_reviewed_in_year"] == 0


def test_risk_actions_count_as_closed_only_when_closed_by_the_year_end_as_in_the_improvement_section(world):
    year = timezone.localdate().year
    analysis = make_analysis(world, "own")
    risk = make_risk(analysis, severity=4, probability=3)
    action = make_action(world, world.own, title="Åtgärd från risken")
    ImprovementAction.objects.filter(pk=action.pk).update(
        source_type=ContentType.objects.get_for_model(Risk),
        source_id=str(risk.pk),
        stage=ImprovementAction.Stage.CLOSED,
        effect_measure="Andel skyddsbedömningar samma dag",
        effect_result="Alla gjordes samma dag.",
        closed_at=datetime.datetime(year + 1, 1, 10, 9, tzinfo=datetime.UTC),  # closed after the year ended
    )
    risks = _section(world.own, year, "risks")["figures"]
    improvements = _section(world.own, year, "improvements")["figures"]
    assert risks["actions_from_risks"] == 1
    assert risks["actions_from_risks_closed"] == improvements["closed"] == 0

    ImprovementAction.objects.filter(pk=action.pk).update(closed_at=timezone.now())
    risks = _section(world.own, year, "risks")["figures"]
    improvements = _section(world.own, year, "improvements")["figures"]
    assert risks["actions_from_risks_closed"] == improvements["closed"] == 1


def test_a_report_whose_deviations_span_too_few_months_says_so_instead_of_drawing_a_chart(world, report):
    """The municipality took the system into use in November: two months are too few for a control chart."""
    from lots.reports import trends

    year = timezone.localdate().year
    for month in (11, 12):
        moment = timezone.make_aware(datetime.datetime(year - 1, month, 1, 10))
        report(reported_at=moment, occurred_at=moment - datetime.timedelta(hours=1))
    section = _section(world.own, year - 1, "deviations")
    charts = [b for b in section["blocks"] if b["type"] == "chart" and b["id"] in {"control", "run"}]
    assert charts == []
    assert any(b["type"] == "text" and "För få punkter" in b["text"] for b in section["blocks"])
    assert trends.MIN_POINTS > 2
    signals = _section(world.own, year - 1, "trends")["figures"]["signals"]
    assert signals == []
