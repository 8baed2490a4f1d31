"""What the demo must hold for processes and routines; run against the whole demo by lots/core/tests/test_demo.py."""

from django.db.models import Count

from lots.improvements.models import ImprovementAction
from lots.processes.models import Acknowledgement, CalendarTask, Law, Process, Responsibility, Routine


def check_processes_routines_reading_laws_a_year_of_tasks_and_actions_at_every_stage(ctx):
    processes = Process.objects.filter(municipality__slug="exempelkommun").annotate(steps=Count("activities"))
    assert processes.count() >= 15
    assert all(p.steps >= 3 for p in processes)
    reception = Process.objects.get(name="Mottagning barn och unga")
    assert list(reception.activities.order_by("position").values_list("name", flat=True)) == [
        "Aktualisering",
        "Förhandsbedömning",
        "Skyddsbedömning",
        "Beslut om att inleda utredning",
    ]
    assert reception.routines.filter(current_version__isnull=False).count() == 3
    assert Process.objects.filter(status="draft", versions__isnull=False).exists()  # changed after establishing
    routines = Routine.objects.filter(municipality__slug="exempelkommun", current_version__isnull=False)
    assert routines.count() >= 15
    assert routines.filter(versions__status="draft").exists()  # a draft to compare
    assert routines.filter(current_version__number=2).exists()
    # Reading is partly done: some confirmations, but not every routine fully read.
    from lots.processes.acknowledgements import people_asked

    read = Acknowledgement.objects.filter(version_id__in=[r.current_version_id for r in routines]).count()
    asked = sum(len(people_asked(r)) for r in routines)
    assert 0 < read < asked
    assert Law.objects.filter(municipality__slug="exempelkommun").count() == 10
    assert Responsibility.objects.filter(municipality__slug="exempelkommun").values("phase").distinct().count() == 4
    months = set(CalendarTask.objects.filter(unit__municipality__slug="exempelkommun").values_list("due_date__month", flat=True))
    assert len(months) >= 8
    assert (
        CalendarTask.objects.filter(done_at__isnull=False).exists() and CalendarTask.objects.filter(done_at__isnull=True).exists()
    )
    stages = set(ImprovementAction.objects.filter(unit__municipality__slug="exempelkommun").values_list("stage", flat=True))
    assert {"plan", "do", "study", "act", "closed"} <= stages
