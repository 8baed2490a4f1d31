import datetime

from lots.accounts.models import Role
from lots.improvements import services
from lots.improvements.models import ImprovementAction


def make_action(world, unit, *, owner=None, title="Checklista för skyddsbedömning", due=None, stage="plan", **data):
    owner = owner or world.persona(Role.ENHETSCHEF)
    action = services.improvement_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE),
        unit=unit,
        title=title,
        owner=owner,
        due_date=due or datetime.date.today() + datetime.timedelta(days=30),
        **data,
    )
    order = ["plan", "do", "study", "act"]
    for step in order[1 : order.index(stage) + 1]:
        services.improvement_move(actor=owner, action=action, stage=step)
    return ImprovementAction.objects.get(pk=action.pk)
