import datetime

from lots.accounts.models import Role
from lots.goals import services
from lots.goals.models import Activity, GoalArea, ResultGoal
from lots.processes.models import Law

YEAR = 2026


def coordinator(world):
    return world.persona(Role.KVALITETSSAMORDNARE)


def make_area(world, *, year=YEAR, name="Omsorg och trygghet", number=4, municipality=None) -> GoalArea:
    return services.goal_area_create(
        actor=coordinator(world),
        municipality=municipality or world.m1,
        year=year,
        name=name,
        number=number,
        decided_by="Kommunfullmäktige",
    )


def make_goal(world, *, area=None, unit=None, title="Fler brukare är nöjda med sitt stöd", **fields) -> ResultGoal:
    return services.result_goal_create(
        actor=coordinator(world),
        area=area or make_area(world),
        unit=unit or world.own,
        title=title,
        decided_by="Socialnämnden",
        decision_reference="§ 45",
        **fields,
    )


def make_law(world, *, number="2025:400") -> Law:
    return Law.objects.create(municipality=world.m1, number=number, title="Socialtjänstlag", short_name="SoL")


def make_activity(
    world, *, goals=(), laws=(), unit=None, year=YEAR, title="Brukarenkät i alla verksamheter", **fields
) -> Activity:
    values = {
        "starts_on": datetime.date(year, 2, 1),
        "ends_on": datetime.date(year, 10, 31),
        "owner": world.persona(Role.ENHETSCHEF),
    }
    values.update(fields)
    return services.activity_create(
        actor=coordinator(world), unit=unit or world.own, year=year, title=title, goals=goals, laws=laws, **values
    )
