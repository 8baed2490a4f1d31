import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lots.deviations import services
from lots.deviations.compilation import compile_for
from lots.deviations.models import Deviation, DeviationCategory, LexSarahInvestigation

S = Deviation.State
C = LexSarahInvestigation.Classification


@pytest.fixture
def period(world, report):
    """Four reports on own/sub this year, one outside the period, one on another unit."""
    manager = world.persona("enhetschef")
    start = timezone.now() - datetime.timedelta(days=40)
    handling = DeviationCategory.objects.get(municipality=world.m1, name="Handläggning")

    def at(days):
        moment = start + datetime.timedelta(days=days)
        return {"reported_at": moment, "occurred_at": moment - datetime.timedelta(hours=1)}

    closed_fast = report(**at(0))
    closed_slow = report(unit=world.sub, category=handling, **at(1))
    services.deviation_analyse(
        actor=manager, deviation=closed_fast, expected_version=None, causes=["routines", "staffing"], severity=4, probability=3
    )
    for deviation, days in ((closed_fast, 4), (closed_slow, 11)):
        for step, state in enumerate((S.RECEIVED, S.INVESTIGATING, S.RESOLVED, S.CLOSED), start=1):
            moment = deviation.reported_at + datetime.timedelta(days=days * step / 4)
            services.deviation_transition(actor=manager, deviation=deviation, to_state=state, comment="Gjort", at=moment)
    services.deviation_action_create(actor=manager, deviation=closed_fast, title="Ny rutin", owner=manager)
    serious = report(possible_lex_sarah=True, **at(5))
    services.investigation_update(
        actor=manager, investigation=serious.lex_sarah, expected_version=None, data={"classification": C.SERIOUS}
    )
    report(possible_lex_sarah=True, **at(6))
    report(unit=world.other, **at(2))
    long_ago = timezone.now() - datetime.timedelta(days=400)
    report(reported_at=long_ago, occurred_at=long_ago)
    return start


def test_the_compilation_counts_what_the_board_needs(world, period):
    result = compile_for(world.own, timezone.localdate(period), timezone.localdate())
    assert result.total == 4
    assert dict(result.by_category) == {"Bemötande": 3, "Handläggning": 1}
    assert dict(result.by_unit) == {"Egna avdelningen": 3, "Underenheten": 1}
    assert result.lex_sarah == 2
    assert dict(result.by_classification) == {"Allvarligt missförhållande": 1, "Inte bedömd ännu": 1}
    assert (result.ivo_notified, result.ivo_pending) == (0, 1)
    assert result.closed == 2
    assert (result.median_days_to_close, result.mean_days_to_close) == (7.5, 7.5)
    assert dict(result.by_state)["Avslutad"] == 2 and dict(result.by_state)["Rapporterad"] == 2
    assert dict(result.by_cause) == {"Rutiner": 1, "Bemanning": 1}
    assert dict(result.by_risk) == {"Mycket hög": 1}
    assert (result.actions_total, result.actions_closed, result.action_titles) == (1, 0, [("Ny rutin", 1)])


def test_a_sub_unit_compilation_counts_only_its_subtree(world, period):
    result = compile_for(world.sub, timezone.localdate(period), timezone.localdate())
    assert result.total == 1 and result.lex_sarah == 0


def test_a_role_without_sub_units_compiles_the_unit_alone(world, period, client_for):
    query = {"unit": world.own.pk, "start": timezone.localdate(period).isoformat(), "end": timezone.localdate().isoformat()}
    staff = client_for(world.persona("medarbetare")).get(reverse("deviations:compilation"), query)
    assert staff.status_code == 200
    assert staff.context["result"].total == 3 and dict(staff.context["result"].by_unit) == {"Egna avdelningen": 3}
    board = client_for(world.persona("namndledamot")).get(reverse("deviations:compilation"), query)
    assert board.context["result"].total == 4


def test_the_page_and_the_pdf_show_the_figures(world, period, client_for):
    client = client_for(world.persona("namndledamot"))
    query = {"unit": world.own.pk, "start": timezone.localdate(period).isoformat(), "end": timezone.localdate().isoformat()}
    page = client.get(reverse("deviations:compilation"), query)
    assert page.status_code == 200
    assert page.context["result"].total == 4
    pdf = client.get(reverse("deviations:compilation_pdf"), query)
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for expected in ("Egna avdelningen", "Handläggning", "Allvarligt missförhållande", "Ny rutin", "7,5"):
        assert expected in text, expected


def test_the_compilation_shows_no_case_contents(world, period, client_for):
    content = client_for(world.persona("namndledamot")).get(reverse("deviations:compilation")).content.decode()
    assert "Brukaren fick vänta" not in content


def test_a_unit_outside_ones_scope_cannot_be_compiled(world, client_for):
    response = client_for(world.persona("namndledamot")).get(
        reverse("deviations:compilation"), {"unit": world.foreign.pk, "start": "2026-01-01", "end": "2026-12-31"}
    )
    assert response.status_code == 422
    assert response.context["result"] is None


def test_board_members_are_sent_from_the_menu_to_the_compilation(world, client_for):
    response = client_for(world.persona("namndledamot")).get(reverse("deviations:index"))
    assert response.status_code == 302 and response.url == reverse("deviations:compilation")


def test_external_providers_get_no_compilation(world, client_for):
    assert client_for(world.persona("extern_utforare")).get(reverse("deviations:compilation")).status_code == 404
