"""The module's lists show the governing documents the person reads: those of their units and of the units above.

A document on the förvaltning ("above") opens for everyone below it (lots/access/tests/test_visibility_matrix.py),
so it is listed for them too, and the list never links to a page that answers 404.
"""

import pytest
from django.urls import reverse

from lots.accounts.models import Role
from lots.risks.tests.helpers import make_analysis, make_followup, make_internal_control, make_plan, make_review_point, make_risk


def _linked(client, list_name: str, detail_name: str, pk: int, **params) -> bool:
    return reverse(detail_name, args=[pk]) in client.get(reverse(list_name), params).content.decode()


@pytest.mark.parametrize("role", [Role.ENHETSCHEF, Role.MEDARBETARE, Role.NAMNDLEDAMOT])
def test_the_plan_and_analysis_lists_show_the_documents_above_and_not_beside(world, client_for, role):
    client = client_for(world.persona(role))
    for place, listed in (("forvaltning", True), ("other", False)):
        analysis = make_analysis(world, place)
        risk = make_risk(analysis)
        plan = make_plan(world, place)
        internal, _activity = make_internal_control(world, place)
        followup, _item = make_followup(world, place)
        assert _linked(client, "risks:analyses", "risks:analysis", analysis.pk) is listed
        assert _linked(client, "risks:risk_list", "risks:risk", risk.pk) is listed
        assert _linked(client, "risks:inspection_plans", "risks:inspection_plan", plan.pk) is listed
        assert _linked(client, "risks:internal_controls", "risks:internal_control", internal.pk) is listed
        assert _linked(client, "risks:followups", "risks:followup", followup.pk) is listed


def test_rounds_of_a_plan_above_are_listed_and_open(world, client_for):
    plan = make_plan(world, "forvaltning")
    point = make_review_point(plan, responsible=world.outsider, actor=world.persona(Role.KVALITETSSAMORDNARE))
    round_ = point.rounds.get()
    client = client_for(world.persona(Role.ENHETSCHEF))
    assert _linked(client, "risks:rounds", "risks:round", round_.pk, year="")
    assert client.get(reverse("risks:round", args=[round_.pk])).status_code == 200


def test_the_person_named_in_a_part_reads_the_document_but_does_not_change_it(world, client_for):
    internal, activity = make_internal_control(world, "other", responsible=world.outsider)
    followup, _item = make_followup(world, "other", who=world.outsider)
    plan = make_plan(world, "other")
    make_review_point(plan, responsible=world.outsider, actor=world.persona(Role.KVALITETSSAMORDNARE))
    client = client_for(world.outsider)
    for name, document in (("internal_control", internal), ("followup", followup), ("inspection_plan", plan)):
        assert client.get(reverse(f"risks:{name}", args=[document.pk])).status_code == 200
        assert client.get(reverse(f"risks:{name}_edit", args=[document.pk])).status_code == 403
    result = client.get(reverse("risks:activity_result", args=[activity.pk])).content.decode()
    assert reverse("risks:internal_control", args=[internal.pk]) in result
    colleague = client_for(world.persona(Role.MEDARBETARE))
    assert colleague.get(reverse("risks:internal_control", args=[internal.pk])).status_code == 404


def test_the_approver_of_a_risk_reads_its_analysis(world, client_for):
    analysis = make_analysis(world, "other")
    risk = make_risk(analysis)
    risk.approver = world.outsider
    risk.save(update_fields=["approver"])
    client = client_for(world.outsider)
    assert client.get(reverse("risks:risk", args=[risk.pk])).status_code == 200
    assert client.get(reverse("risks:analysis", args=[analysis.pk])).status_code == 200
    assert client.get(reverse("risks:analysis_edit", args=[analysis.pk])).status_code == 403


@pytest.mark.parametrize("role", [Role.ENHETSCHEF, Role.MEDARBETARE])
def test_the_lists_can_be_narrowed_to_a_unit_above_whose_documents_the_person_reads(world, client_for, role):
    analysis = make_analysis(world, "forvaltning")
    risk = make_risk(analysis)
    client = client_for(world.persona(role))
    narrowed = {"unit": world.forvaltning.pk}
    assert _linked(client, "risks:analyses", "risks:analysis", analysis.pk, **narrowed)
    assert _linked(client, "risks:risk_list", "risks:risk", risk.pk, **narrowed)
    beside = client.get(reverse("risks:analyses"), {"unit": world.other.pk})
    assert beside.status_code == 422
