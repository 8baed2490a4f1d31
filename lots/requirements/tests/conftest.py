"""Fixtures for the requirements module: catalogues built through the services, follow-ups at each stage."""

import datetime

import pytest
from django.conf import settings

from lots.requirements import services
from lots.requirements.models import Assessment, FollowUp

# CI keeps the shared seeds beside the clone; the tests use the copy inside the repository.
SHARED_SEEDS = settings.BASE_DIR.parent / "shared" / "seeds"
DATA = settings.BASE_DIR / "lots" / "requirements" / "tests" / "data"
GOTLAND_SEED = DATA / "gotland-service-kvalitetskrav-2019.md"

A = Assessment.Status
M = FollowUp.Method

SMALL_CATALOGUE = {
    "key": "liten",
    "title": "Kvalitetskrav för boendestöd",
    "issuer": "Socialnämnden i Testkommun",
    "version": "1.0",
    "date": "2025-01-15",
    "sections": [
        {
            "title": "Ledning",
            "description": "Ledningen har det övergripande ansvaret.",
            "requirements": [
                {"text": "Utföraren ska ha ett ledningssystem för systematiskt kvalitetsarbete.", "binds": "management"},
                {"text": "Ledningen ska göra en riskanalys inför varje förändring (5 kap. 1 § SOSFS 2011:9)."},
            ],
            "sections": [
                {"title": "Egenkontroll", "requirements": [{"text": "Egenkontroll bör göras varje kvartal.", "strength": "bör"}]},
            ],
        },
        {
            "title": "Personal",
            "requirements": [
                {"text": "Personalen ska ha relevant utbildning.", "binds": "staff"},
                {"text": "Nyanställda ska få en introduktion."},
            ],
        },
    ],
}


def small_data(**changes) -> dict:
    import copy

    data = copy.deepcopy(SMALL_CATALOGUE)
    data.update(changes)
    return data


@pytest.fixture
def catalogue_version(world):
    """A five-requirement catalogue owned by the world's municipality."""
    _catalogue, version = services.catalogue_import(
        actor=world.persona("kvalitetssamordnare"), municipality=world.m1, data=small_data()
    )
    return version


@pytest.fixture
def make_follow_up(world, catalogue_version):
    """``make_follow_up(target=provider|unit, methods=…)`` plans a follow-up of the world's provider by default."""

    def make(target=None, *, methods=(M.DOCUMENTS, M.INTERVIEW), version=None, **kwargs):
        target = target if target is not None else world.provider
        is_provider = target.__class__.__name__ == "Provider"
        defaults = {
            "title": "Uppföljning 2025",
            "period_start": datetime.date(2025, 1, 1),
            "period_end": datetime.date(2025, 6, 30),
            "lead": world.persona("kvalitetssamordnare"),
            "responsible_unit": world.own,
        }
        defaults.update(kwargs)
        return services.follow_up_create(
            actor=world.persona("kvalitetssamordnare"),
            catalogue_version=version or catalogue_version,
            methods=list(methods),
            provider=target if is_provider else None,
            unit=None if is_provider else target,
            **defaults,
        )

    return make


def assess_all(follow_up, statuses: dict[int, str] | None = None, *, actor, due=datetime.date(2030, 1, 31)) -> None:
    """Assess every requirement (by position → status; the rest fulfilled), with actions where not fulfilled."""
    statuses = statuses or {}
    entries = []
    for assessment in follow_up.assessments.select_related("requirement").order_by("requirement__position"):
        status = statuses.get(assessment.requirement.position, A.MET)
        unfulfilled = status in Assessment.UNFULFILLED
        entries.append(
            services.AssessmentEntry(
                assessment,
                assessment.version,
                status,
                comment=f"Bedömning av krav {assessment.requirement.position}",
                action_text=f"Åtgärda krav {assessment.requirement.position}" if unfulfilled else "",
                action_due=due if unfulfilled else None,
            )
        )
    services.assessments_save(actor=actor, follow_up=follow_up, entries=entries)


@pytest.fixture
def completed_follow_up(world, make_follow_up):
    """A completed follow-up of the world's provider: requirement 1 partly, 3 not fulfilled, the rest fulfilled."""
    follow_up = make_follow_up()
    actor = world.persona("kvalitetssamordnare")
    assess_all(follow_up, {1: A.PARTLY, 3: A.NOT_MET}, actor=actor)
    follow_up.refresh_from_db()
    services.follow_up_complete(
        actor=actor,
        follow_up=follow_up,
        expected_version=follow_up.version,
        completed_on=datetime.date(2025, 7, 15),
        summary="Två brister.",
    )
    follow_up.refresh_from_db()
    return follow_up
