"""Journeys in a real browser: a department head's yearly analysis placed on the heat map, a case-record review
with its figures, and axe-core on every page of the module."""

import datetime

import pytest
from django.urls import reverse

from lots.risks.models import Risk
from lots.risks.services import analysis as analysis_services
from lots.risks.services import inspection as inspection_services
from lots.risks.tests.helpers import (
    completed_analysis,
    make_analysis,
    make_followup,
    make_internal_control,
    make_plan,
    make_review_point,
    make_risk,
)
from lots.risks.tests.listdata import build_activities, build_risks, build_rounds
from lots.testing.browser import PHONE, assert_accessible
from lots.testing.factories import RoleAssignmentFactory

pytestmark = pytest.mark.browser


def test_a_department_head_starts_the_yearly_analysis_from_the_task_and_places_risks(world, live_server, new_page):
    page = new_page(user=world.persona("avdelningschef"))
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Gör den årliga riskanalysen med klientperspektiv för Egna avdelningen").click()
    assert page.get_by_label("Rubrik").input_value().startswith("Årlig riskanalys med klientperspektiv")
    assert_accessible(page, "ny riskanalys")
    page.get_by_label("Vad är vårt uppdrag och vilka är våra viktigaste processer och mål?").fill("Att utreda och besluta.")
    page.get_by_role("button", name="Starta analysen").click()
    page.get_by_role("link", name="Ny risk med allvarlighetsgrad 4 och sannolikhet 3").click()
    assert page.locator("#id_severity").input_value() == "4" and page.locator("#id_probability").input_value() == "3"
    assert_accessible(page, "ny risk")
    page.locator("#id_description").fill("Skyddsbedömning görs inte samma dag")
    page.get_by_label("Möjlig konsekvens för den enskilde").fill("Barnet lämnas utan skydd")
    page.get_by_label("Allvarlighetsgrad efter åtgärder").select_option("4")
    page.get_by_label("Sannolikhet efter åtgärder").select_option("1")
    page.get_by_role("button", name="Spara", exact=True).click()
    current = page.locator("table.heatmap").first
    cell = current.locator("td", has=page.locator("a", has_text="R1"))
    assert cell.locator(".heatmap__value").inner_text() == "12"
    assert cell.locator(".heatmap__level").inner_text() == "Mycket hög"
    assert page.locator("#risker").locator("..").get_by_text("Mycket hög (12)").is_visible()
    assert_accessible(page, "riskanalysen")
    risk = Risk.objects.get()
    assert (risk.value, risk.residual_value) == (12, 4)


def test_a_unit_carries_out_a_case_record_review_and_sees_the_compliance_figures(world, live_server, new_page):
    responsible = world.persona("enhetschef")
    point = make_review_point(make_plan(world), responsible=responsible, sample_size=2)
    round_ = point.rounds.get()
    page = new_page(user=responsible)
    page.goto(live_server.url + reverse("risks:round", args=[round_.pk]))
    page.get_by_role("link", name="Granska en akt").first.click()
    assert_accessible(page, "granska en akt")
    page.get_by_label("Aktens referens").fill("A-01")
    for criterion, answer in zip(point.criteria.all(), ["Uppfyllt", "Ej uppfyllt", "Ej tillämpligt"], strict=True):
        page.get_by_role("group", name=criterion.text).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="Spara och granska nästa").click()
    page.get_by_label("Aktens referens").fill("A-02")
    for criterion in point.criteria.all():
        page.get_by_role("group", name=criterion.text).get_by_label("Uppfyllt", exact=True).check()
    page.get_by_role("button", name="Spara", exact=True).click()
    # By hand: met 4, not met 1, n/a 1 → 4/5 = 80 %; the second criterion 1 of 2 = 50 %.
    assert "80\u00a0%" in page.locator(".big-figure").inner_text()
    row = page.locator("table.compliance tr", has=page.get_by_role("rowheader", name=point.criteria.all()[1].text))
    assert "50\u00a0%" in row.inner_text()
    assert_accessible(page, "genomförd journalgranskning")
    page.get_by_role("link", name="Skriv resultat och markera som genomförd").click()
    page.get_by_label("Resultat och analys").fill("Barnets uppfattning saknas i en akt.")
    page.get_by_role("button", name="Markera som genomförd").click()
    assert page.get_by_text("Omgången är markerad som genomförd.").is_visible()


def test_every_page_of_the_module_is_accessible(world, live_server, new_page):
    quality = world.persona("kvalitetssamordnare")
    RoleAssignmentFactory(user=quality, role="kvalitetssamordnare", unit=world.namnd, include_subunits=True)
    analysis = completed_analysis(world, "own")
    open_analysis = make_analysis(world, "sub", actor=quality)
    risk = make_risk(open_analysis, actor=quality)
    analysis_services.risk_decide(
        actor=quality, risk=risk, expected_version=risk.version, treatment="accept", justification="Låg", approver=quality
    )
    plan = make_plan(world)
    point = make_review_point(plan, responsible=quality)
    checklist_point = inspection_services.control_point_create(
        actor=quality,
        plan=plan,
        title="Rutinen följs",
        method="routines",
        frequency=1,
        responsible=quality,
        first_due=datetime.date(plan.year, 9, 30),
        criteria=["Rutinen är känd"],
    )
    ic_plan, activity = make_internal_control(world)
    fu_plan, item = make_followup(world)
    round_ = point.rounds.get()
    pages = [
        reverse("risks:index"),
        reverse("risks:analyses"),
        reverse("risks:yearly"),
        reverse("risks:consequence"),
        reverse("risks:scale", args=[world.m1.slug]),
        reverse("risks:scale_edit", args=[world.m1.slug]),
        reverse("risks:analysis", args=[analysis.pk]),
        reverse("risks:analysis", args=[open_analysis.pk]),
        reverse("risks:analysis_edit", args=[open_analysis.pk]),
        reverse("risks:analysis_reported", args=[analysis.pk]),
        reverse("risks:risk", args=[risk.pk]),
        reverse("risks:risk_treatment", args=[risk.pk]),
        reverse("risks:risk_action", args=[risk.pk]),
        reverse("risks:inspection_plans"),
        reverse("risks:inspection_plan_create"),
        reverse("risks:inspection_plan", args=[plan.pk]),
        reverse("risks:control_point_create", args=[plan.pk]),
        reverse("risks:round", args=[round_.pk]),
        reverse("risks:checklist", args=[checklist_point.rounds.get().pk]),
        reverse("risks:round_complete", args=[round_.pk]),
        reverse("risks:internal_controls"),
        reverse("risks:internal_control_create"),
        reverse("risks:internal_control", args=[ic_plan.pk]),
        reverse("risks:activity_create", args=[ic_plan.pk]),
        reverse("risks:activity_result", args=[activity.pk]),
        reverse("risks:followups"),
        reverse("risks:followup_create"),
        reverse("risks:followup", args=[fu_plan.pk]),
        reverse("risks:followup_item_create", args=[fu_plan.pk]),
        reverse("risks:followup_item_progress", args=[item.pk]),
    ]
    page = new_page(user=quality)
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert_accessible(page, path)
    # A form with errors is accessible too.
    page.goto(live_server.url + reverse("risks:record_add", args=[round_.pk]))
    page.get_by_role("button", name="Spara", exact=True).click()
    assert page.get_by_text("Skriv aktens referens.", exact=True).is_visible()
    # Next to each of the three criteria (the error summary's links also name the field, so they are not exact matches).
    assert page.get_by_text("Välj uppfyllt, ej uppfyllt eller ej tillämpligt.", exact=True).count() == 3
    assert_accessible(page, "granskning med fel")


def test_the_lists_across_analyses_and_plans_are_accessible_and_filter_from_the_form(world, live_server, new_page):
    build_risks(world)
    build_rounds(world)
    build_activities(world)
    quality = world.persona("kvalitetssamordnare")
    page = new_page(user=quality)
    page.goto(live_server.url + reverse("risks:risk_list"))
    assert_accessible(page, "risklistan")
    page.get_by_label("Enhet med underenheter").select_option(str(world.sub.pk))
    page.get_by_label("Risknivå").select_option("Hög")
    page.get_by_role("button", name="Visa").click()
    assert page.get_by_role("status").inner_text() == "1 risk"
    assert page.get_by_text("Hög (8)").is_visible()
    assert_accessible(page, "risklistan filtrerad")
    page.get_by_label("Analys gjord från").fill("2026-05-01")
    page.get_by_label("till och med").fill("2026-04-01")
    page.get_by_role("button", name="Visa").click()
    assert page.get_by_text("Slutdatumet ligger före startdatumet.", exact=True).is_visible()
    assert_accessible(page, "risklistan med fel")
    for name, label in (("risks:rounds", "genomföranden"), ("risks:activities", "kontrollaktiviteter")):
        page.goto(live_server.url + reverse(name))
        assert_accessible(page, label)
        page.get_by_label("Status").select_option(label="Försenade")
        page.get_by_role("button", name="Visa").click()
        assert "status=overdue" in page.url
        assert_accessible(page, f"{label}, försenade")
        page.goto(live_server.url + reverse(name) + "?status=snart")
        assert page.get_by_text("Välj ett av alternativen i listan.", exact=True).first.is_visible()
        assert_accessible(page, f"{label} med fel")
    phone = new_page(user=quality, viewport=PHONE)
    for name in ("risks:risk_list", "risks:rounds", "risks:activities"):
        phone.goto(live_server.url + reverse(name) + "?year=")
        assert_accessible(phone, f"{name} på mobil")
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
