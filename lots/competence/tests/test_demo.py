"""The demo gives every demo unit's staff a realistic mix of appraisals and plans, and every unit a plan."""

import pytest
from django.utils import timezone

from lots.accounts import demo as accounts_demo
from lots.competence import demo, tasks
from lots.competence.models import Appraisal, IndividualPlan, PlanRow, Student, Supervision, UnitPlan
from lots.competence.status import staff_status
from lots.core.demo import DemoContext
from lots.organisation import demo as organisation_demo
from lots.processes import demo as processes_demo
from lots.staff import demo as staff_demo
from lots.staff.models import Employment

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ctx = DemoContext(today=timezone.localdate())
    for module in (organisation_demo, accounts_demo, processes_demo, staff_demo, demo):
        module.load(ctx)
    return ctx


def test_the_demo_has_a_realistic_mix(ctx):
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


def test_loading_twice_changes_nothing(ctx):
    counts = [model.objects.count() for model in (Appraisal, IndividualPlan, PlanRow, UnitPlan, Supervision, Student)]
    demo.load(ctx)
    assert [model.objects.count() for model in (Appraisal, IndividualPlan, PlanRow, UnitPlan, Supervision, Student)] == counts
