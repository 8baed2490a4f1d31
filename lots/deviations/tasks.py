"""Steps waiting for the responsible manager, shown in "Mina uppgifter"."""

import datetime

from django.utils.translation import gettext as _

from lots.deviations.models import Deviation, DeviationSettings
from lots.deviations.steps import pending_steps
from lots.home.my_tasks import Task


def tasks_for(user, today: datetime.date) -> list[Task]:
    """One task per pending step of every open report the person is responsible for (three queries in all)."""
    if not getattr(user, "is_authenticated", False):
        return []
    deviations = list(
        Deviation.objects.open()
        .filter(responsible=user)
        .select_related("unit", "lex_sarah", "ivo_notification")
        .order_by("reported_at")
    )
    if not deviations:
        return []
    configs = {
        c.municipality_id: c
        for c in DeviationSettings.objects.filter(municipality_id__in={d.municipality_id for d in deviations})
    }
    tasks = []
    for deviation in deviations:
        config = configs.get(deviation.municipality_id) or DeviationSettings(municipality_id=deviation.municipality_id)
        for step in pending_steps(deviation, config):
            if step.due is None:
                continue
            tasks.append(
                Task(
                    title=_("%(step)s: avvikelse %(number)s") % {"step": step.title, "number": deviation.number},
                    due=step.due,
                    url=deviation.get_absolute_url(),
                    module=_("Avvikelser"),
                    unit_name=deviation.unit.name,
                )
            )
    return tasks
