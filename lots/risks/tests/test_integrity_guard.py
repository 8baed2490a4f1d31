"""The integrity guard on risk analyses: the analysis, its risks and their consequence for the client go to the board."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from lots.risks.models import QUESTION_FIELDS, RiskAnalysis
from lots.risks.services import analysis as services
from lots.risks.tests.helpers import make_analysis, make_risk

NAME_TEXT = "Risken att kalle skadar sig."


def create(world, **texts):
    fields = {"title": "Årlig riskanalys", **texts}
    return services.analysis_create(
        actor=world.persona("kvalitetssamordnare"),
        unit=world.own,
        trigger=RiskAnalysis.Trigger.YEARLY_CLIENT,
        performed_on=datetime.date.today(),
        participants="Anna Svensson och Kalle Berg",
        **fields,
    )


@pytest.mark.parametrize("field", ["title", "trigger_note", *QUESTION_FIELDS])
def test_an_analysis_text_naming_someone_is_refused_unless_confirmed(world, field):
    with pytest.raises(ValidationError) as raised:
        create(world, **{field: NAME_TEXT})
    assert list(raised.value.error_dict) == [field]
    assert getattr(create(world, integrity_confirmed=True, **{field: NAME_TEXT}), field) == NAME_TEXT


def test_the_participants_are_staff_and_may_be_named(world):
    assert create(world).participants == "Anna Svensson och Kalle Berg"


@pytest.mark.parametrize("field", services.ANALYSIS_TEXTS)
def test_changing_an_analysis_text_to_a_name_is_refused_unless_confirmed(world, field):
    analysis = make_analysis(world)
    actor = world.persona("kvalitetssamordnare")
    with pytest.raises(ValidationError):
        services.analysis_update(actor=actor, analysis=analysis, expected_version=None, **{field: NAME_TEXT})
    confirmed = {field: NAME_TEXT, "integrity_confirmed": True}
    services.analysis_update(actor=actor, analysis=analysis, expected_version=None, **confirmed)
    analysis.refresh_from_db()
    assert getattr(analysis, field) == NAME_TEXT


@pytest.mark.parametrize("field", services.RISK_TEXTS)
def test_a_risk_or_its_consequence_naming_someone_is_refused_unless_confirmed(world, field):
    analysis = make_analysis(world)
    risk = make_risk(analysis)
    texts = {"description": risk.description, "client_consequence": risk.client_consequence, field: NAME_TEXT}
    values = {"severity": 3, "probability": 2}
    with pytest.raises(ValidationError) as raised:
        services.risk_create(actor=analysis.created_by, analysis=analysis, **texts, **values)
    assert list(raised.value.error_dict) == [field]
    with pytest.raises(ValidationError):
        services.risk_update(actor=analysis.created_by, risk=risk, expected_version=None, **texts, **values)
    services.risk_update(
        actor=analysis.created_by, risk=risk, expected_version=None, integrity_confirmed=True, **texts, **values
    )
    risk.refresh_from_db()
    assert getattr(risk, field) == NAME_TEXT
