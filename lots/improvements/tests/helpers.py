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
        missing = {name: text for name, text in STEP_CONTENT[step].items() if not getattr(action, name)}
        services.improvement_move(actor=owner, action=action, stage=step, content=missing)
        action.refresh_from_db()
    return ImprovementAction.objects.get(pk=action.pk)


# What each stage holds when a test walks an action forward through it (the stage moved to → the content written).
STEP_CONTENT = {
    "do": {"description": "Införa en checklista.", "expected_effect": "Färre missade steg."},
    "study": {"done_notes": "Checklistan infördes på arbetsplatsträffen."},
    "act": {"effect_measure": "Antal missade steg per månad.", "effect_result": "Från sex till två."},
}
