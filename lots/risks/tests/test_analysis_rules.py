"""Risk analysis data the board can trust: dates, independent approval, actions where a risk is lowered."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lots.risks.services import analysis as services
from lots.risks.tests.helpers import make_analysis, make_risk


def test_an_analysis_dated_in_a_future_year_is_refused(world):
    next_year = datetime.date(timezone.localdate().year + 1, 1, 15)
    with pytest.raises(ValidationError) as excinfo:
        make_analysis(world, performed_on=next_year)
    assert excinfo.value.message_dict["performed_on"] == ["En analys kan inte dateras ett kommande år."]


def test_an_analysis_cannot_be_moved_to_a_future_year(world):
    analysis = make_analysis(world)
    with pytest.raises(ValidationError) as excinfo:
        services.analysis_update(
            actor=analysis.created_by,
            analysis=analysis,
            expected_version=analysis.version,
            performed_on=datetime.date(timezone.localdate().year + 1, 3, 1),
        )
    assert "performed_on" in excinfo.value.message_dict
    analysis.refresh_from_db()
    assert analysis.performed_on.year == timezone.localdate().year


def test_whoever_accepts_a_very_high_risk_cannot_approve_that_acceptance_themselves(world):
    head = world.persona("avdelningschef")
    risk = make_risk(make_analysis(world, actor=head), severity=4, probability=4)
    with pytest.raises(ValidationError) as excinfo:
        services.risk_decide(
            actor=head, risk=risk, expected_version=risk.version, treatment="accept", justification="Skäl", approver=head
        )
    assert "mycket hög risk" in excinfo.value.message_dict["approver"][0]
    other = world.persona("forvaltningschef")
    services.risk_decide(
        actor=head, risk=risk, expected_version=risk.version, treatment="accept", justification="Skäl", approver=other
    )
    risk.refresh_from_db()
    assert risk.approver == other


def test_a_lower_risk_may_be_accepted_and_approved_by_the_same_manager(world):
    head = world.persona("avdelningschef")
    risk = make_risk(make_analysis(world, actor=head), severity=2, probability=2)
    services.risk_decide(
        actor=head, risk=risk, expected_version=risk.version, treatment="accept", justification="Skäl", approver=head
    )
    services.risk_approve(actor=head, risk=risk)


def test_a_residual_risk_lower_than_the_current_one_needs_an_action_before_completion(world):
    actor = world.persona("kvalitetssamordnare")
    analysis = make_analysis(world, actor=actor)
    risk = make_risk(analysis, severity=3, probability=3, residual=(2, 2))
    services.risk_decide(actor=actor, risk=risk, expected_version=risk.version, treatment="avoid", justification="Vi slutar.")
    problems = services.completion_problems(analysis)
    assert "En kvarvarande risk som är lägre än den nuvarande kräver minst en åtgärd: R1." in problems
    with pytest.raises(ValidationError):
        services.analysis_complete(actor=actor, analysis=analysis)
    services.risk_action_create(actor=actor, risk=risk, title="Avveckla", owner=actor, due_date=None)
    assert services.completion_problems(analysis) == []


def test_an_action_is_due_no_later_than_its_risk_level_demands(world):
    actor = world.persona("kvalitetssamordnare")
    risk = make_risk(make_analysis(world, actor=actor), severity=4, probability=4)  # "Mycket hög": within 7 days
    today = timezone.localdate()
    with pytest.raises(ValidationError) as excinfo:
        services.risk_action_create(
            actor=actor, risk=risk, title="Ny rutin", owner=actor, due_date=today + datetime.timedelta(days=8)
        )
    assert "inom 7 dagar" in excinfo.value.message_dict["due_date"][0]
    action = services.risk_action_create(
        actor=actor, risk=risk, title="Ny rutin", owner=actor, due_date=today + datetime.timedelta(days=7)
    )
    assert action.due_date == today + datetime.timedelta(days=7)


def test_an_action_without_a_date_gets_the_latest_its_risk_level_allows(world):
    actor = world.persona("kvalitetssamordnare")
    risk = make_risk(make_analysis(world, actor=actor), severity=2, probability=4)  # "Hög": within 30 days
    action = services.risk_action_create(actor=actor, risk=risk, title="Ny rutin", owner=actor, due_date=None)
    assert action.due_date == timezone.localdate() + datetime.timedelta(days=30)


def test_an_action_due_in_the_past_is_refused(world):
    actor = world.persona("kvalitetssamordnare")
    risk = make_risk(make_analysis(world, actor=actor))
    with pytest.raises(ValidationError) as excinfo:
        services.risk_action_create(
            actor=actor, risk=risk, title="Ny rutin", owner=actor, due_date=timezone.localdate() - datetime.timedelta(days=1)
        )
    assert "redan passerat" in excinfo.value.message_dict["due_date"][0]


def test_the_form_shows_the_future_year_beside_the_date_and_keeps_what_was_typed(world, client_for):
    from django.urls import reverse

    from lots.risks.models import RiskAnalysis

    client = client_for(world.persona("kvalitetssamordnare"))
    data = {
        "unit": world.own.pk,
        "title": "Min analys",
        "trigger": "new_method",
        "performed_on": f"{timezone.localdate().year + 1}-03-12",
        "participants": "Jag",
    }
    response = client.post(reverse("risks:analysis_create"), data)
    assert response.status_code == 422
    assert response.context["form"].errors["performed_on"] == ["En analys kan inte dateras ett kommande år."]
    assert 'value="Min analys"' in response.content.decode()
    assert not RiskAnalysis.objects.exists()
