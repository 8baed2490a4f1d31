"""Daily reminders: an overdue step is mailed to the responsible manager; overdue by the escalation time, to the next level up.

Keys name the report, the step and its due date, so each reminder is sent once
(``send_each_once``), and a reopened report with a new due date is reminded again.
"""

import datetime

from django.conf import settings

from lots.deviations import drafts
from lots.deviations.models import Deviation, DeviationSettings
from lots.deviations.responsibility import next_level
from lots.deviations.steps import pending_steps
from lots.notifications.services import Mail, send_each_once


def _mail(key: str, to: str, deviation: Deviation, step, escalated: bool) -> Mail:
    link = f"{settings.SITE_URL}{deviation.get_absolute_url()}"
    context = {"deviation": deviation, "step": step, "escalated": escalated, "link": link}
    return Mail(key, to, template="deviations/mail/overdue_step.txt", context=context)


def send_reminders(today: datetime.date) -> int:
    """One pass over the open reports; the managers one level up are looked up once per unit and responsible person.
    The daily run also removes report drafts left untouched (lots.deviations.drafts)."""
    drafts.remove_stale(today)
    mails = []
    above: dict = {}
    deviations = Deviation.objects.open().select_related("unit", "responsible", "lex_sarah", "ivo_notification").order_by("pk")
    configs = {c.municipality_id: c for c in DeviationSettings.objects.all()}
    for deviation in deviations:
        config = configs.get(deviation.municipality_id) or DeviationSettings(municipality_id=deviation.municipality_id)
        for step in pending_steps(deviation, config):
            if step.due is None or step.due >= today:
                continue
            base = f"deviations:{deviation.pk}:{step.kind}:{deviation.state}:{step.due.isoformat()}"
            if deviation.responsible is not None:
                mails.append(_mail(f"{base}:reminder", deviation.responsible.email, deviation, step, False))
            if (today - step.due).days < config.escalation_days and deviation.responsible is not None:
                continue
            key = (deviation.unit_id, deviation.responsible_id)
            if key not in above:
                above[key] = next_level(deviation.unit, deviation.responsible)
            for manager in above[key]:
                mails.append(_mail(f"{base}:escalation:{manager.pk}", manager.email, deviation, step, True))
    return send_each_once(mails)
