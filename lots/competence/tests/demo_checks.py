"""The demo gives every demo unit's staff a realistic mix of appraisals and plans, and every unit a plan.

Run against the whole demo by lots/core/tests/test_demo.py."""

from lots.competence import demo, tasks
from lots.competence.models import PlanRow, Student, Supervision, UnitPlan
from lots.competence.status import staff_status
from lots.staff.models import Employment


def check_a_realistic_mix(ctx):
    current = list(Employment.objects.current(ctx.today))
    statuses = staff_status(current, ctx.today)
    appraised = [s for s in statuses.values() if s.last_appraisal is not None]
    overdue = [s for s in statuses.values() if s.appraisal_overdue]
    assert len(appraised) > len(current) / 2
    assert 0 < len(overdue) < len(current) / 3
    assert PlanRow.objects.filter(done_on__isnull=False).exists() and PlanRow.objects.filter(done_on__isnull=True).exists()
    staffed = {e.unit_id for e in current}
    assert staffed <= set(UnitPlan.objects.filter(year=ctx.today.year).values_list("unit_id", flat=True))
    assert Supervision.objects.exists() and Student.objects.exists()
    managers = {m.pk: m for m in (demo._manager(ctx, e.unit) for e in current)}
    assert any(tasks.tasks_for(m, ctx.today) for m in managers.values())
