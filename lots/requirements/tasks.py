"""'Mina uppgifter' from follow-ups: what the person leads, what the provider must answer, register checks due."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from lots.home.my_tasks import Task
from lots.requirements import access
from lots.requirements.models import Contract, DemandedAction, FollowUp

CHECK_NOTICE_DAYS = 30


def tasks_for(user, today: datetime.date) -> list[Task]:
    tasks: list[Task] = []
    providers = access.provider_ids(user)
    if providers:
        for follow_up in FollowUp.objects.filter(provider_id__in=providers, status=FollowUp.Status.SELF_ASSESSMENT):
            tasks.append(
                Task(
                    title=_("Fyll i självskattningen: %(title)s") % {"title": follow_up.title},
                    due=follow_up.self_assessment_due or follow_up.period_end,
                    url=reverse("requirements:follow_up", args=[follow_up.pk]),
                    module="requirements",
                )
            )
        open_actions = DemandedAction.objects.filter(
            follow_up__provider_id__in=providers, follow_up__status=FollowUp.Status.COMPLETED, status=DemandedAction.Status.OPEN
        )
        for action in open_actions:
            tasks.append(
                Task(
                    title=_("Redovisa åtgärd: %(text)s") % {"text": action.text[:80]},
                    due=action.due_date,
                    url=reverse("requirements:action", args=[action.pk]),
                    module="requirements",
                )
            )
    led = FollowUp.objects.filter(lead=user).open().select_related("provider", "unit")
    for follow_up in led:
        tasks.append(
            Task(
                title=_("Slutför uppföljningen: %(title)s") % {"title": follow_up.title},
                due=follow_up.period_end,
                url=reverse("requirements:follow_up", args=[follow_up.pk]),
                module="requirements",
                unit_name=follow_up.target_name,
            )
        )
    reported = DemandedAction.objects.filter(follow_up__lead=user, status=DemandedAction.Status.REPORTED).select_related(
        "follow_up__provider", "follow_up__unit"
    )
    for action in reported:
        tasks.append(
            Task(
                title=_("Bedöm redovisad åtgärd: %(text)s") % {"text": action.text[:80]},
                due=action.reported_at.date() if action.reported_at else action.due_date,
                url=reverse("requirements:action", args=[action.pk]),
                module="requirements",
                unit_name=action.follow_up.target_name,
            )
        )
    horizon = today + datetime.timedelta(days=CHECK_NOTICE_DAYS)
    contracts = Contract.objects.active(today).filter(follow_up_by=user, provider__kind="nonprofit").select_related("provider")
    for contract in contracts:
        for label, due in (
            (_("belastningsregistret"), contract.next_police_check),
            (_("socialtjänstens register"), contract.next_social_check),
        ):
            if due is not None and due <= horizon:
                tasks.append(
                    Task(
                        title=_("Registerkontroll i %(register)s: %(provider)s")
                        % {"register": label, "provider": contract.provider.name},
                        due=due,
                        url=reverse("requirements:contract", args=[contract.pk]),
                        module="requirements",
                        unit_name=contract.provider.name,
                    )
                )
    return tasks
