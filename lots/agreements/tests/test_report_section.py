"""The annual report's section: each figure equals the register's list with the same filters for a reader who sees
the whole unit."""

import datetime

from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements.report_section import SECTIONS, AgreementSection
from lots.agreements.tests.helpers import TODAY, make_agreement
from lots.processes import services
from lots.processes.tests.helpers import make_process
from lots.reports.providers.base import Scope
from lots.reports.sections import PROVIDERS


def test_the_section_is_placed_in_the_report():
    assert any(isinstance(section, AgreementSection) for section in PROVIDERS)
    assert len(SECTIONS) == 1


def test_each_figure_equals_its_list(world, client_for):
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    make_agreement(world, [world.own], title="Gäller")
    make_agreement(world, [world.sub], title="Försenad", review_date=TODAY - datetime.timedelta(days=10))
    make_agreement(world, [world.forvaltning], title="Ovanför")
    make_agreement(world, [world.own], title="Utkast", active=False)
    make_agreement(world, [world.other], title="Annan avdelning", review_date=TODAY - datetime.timedelta(days=10))
    process = make_process(world, world.sub)
    services.collaboration_create(actor=actor, process=process, partner="Polisen", kind="external")
    elsewhere = make_process(world, world.other, name="Annan")
    services.collaboration_create(actor=actor, process=elsewhere, partner="Polisen", kind="external")

    figures = SECTIONS[0].compute(Scope(unit=world.own, year=TODAY.year, today=TODAY))["figures"]
    assert figures == {"in_force": 3, "review_overdue": 1, "without_assessment": 1, "collaboration_without_agreement": 1}

    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))  # sees the whole municipality
    for key, state in [("in_force", "in_force"), ("review_overdue", "review_overdue"), ("without_assessment", "no_assessment")]:
        page = client.get(reverse("agreements:index"), {"unit": world.own.pk, "state": state})
        assert page.context["page_obj"].paginator.count == figures[key], key
    listed = client.get(reverse("agreements:collaborations"), {"unit": world.own.pk, "missing": "on"})
    rows = listed.context["process_entries"] + listed.context["routine_entries"]
    assert len(rows) == figures["collaboration_without_agreement"]


def test_an_empty_unit_says_so(world):
    result = SECTIONS[0].compute(Scope(unit=world.other, year=TODAY.year, today=TODAY))
    assert result["figures"]["in_force"] == 0
    assert "Inga samverkansöverenskommelser" in result["blocks"][0]["text"]


def test_the_annual_report_page_shows_the_section(world, client_for):
    from lots.reports import services as report_services

    make_agreement(world, [world.own], title="Gällande med skolan")
    report = report_services.report_create(actor=world.persona(Role.KVALITETSSAMORDNARE), unit=world.own, year=TODAY.year)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(reverse("reports:report", args=[report.pk]))
    assert page.status_code == 200
    assert "Samverkansöverenskommelser" in page.content.decode() and "Gällande med skolan" in page.content.decode()
