import datetime
import io
import re

from django.urls import reverse
from pypdf import PdfReader

from lots.risks import heatmap
from lots.risks.models import Risk, RiskAnalysis, RiskScale
from lots.risks.services.analysis import risk_decide
from lots.risks.tests.helpers import ANSWERS, completed_analysis, make_analysis, make_risk


def test_starting_an_analysis_with_bad_input_keeps_what_was_typed_and_explains(world, client_for):
    client = client_for(world.persona("avdelningschef"))
    response = client.post(
        reverse("risks:analysis_create"),
        {
            "unit": world.own.pk,
            "title": "Min analys",
            "trigger": "other",
            "performed_on": "12/3",
            "participants": "Jag",
            "q_mission": "Vårt uppdrag",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in html
    assert 'value="Min analys"' in html and "Vårt uppdrag</textarea>" in html
    response = client.post(
        reverse("risks:analysis_create"),
        {"unit": world.own.pk, "title": "Min analys", "trigger": "other", "performed_on": "2026-03-12", "participants": "Jag"},
    )
    assert response.status_code == 422
    assert "Beskriv anledningen" in response.content.decode()
    assert not RiskAnalysis.objects.exists()


def test_a_unit_outside_the_persons_scope_cannot_be_chosen(world, client_for):
    response = client_for(world.persona("avdelningschef")).post(
        reverse("risks:analysis_create"),
        {"unit": world.other.pk, "title": "X", "trigger": "new_method", "performed_on": "2026-03-12", "participants": "Jag"},
    )
    assert response.status_code == 422
    assert "Välj en enhet i listan." in response.content.decode()


def test_the_yearly_start_link_prefills_the_form_for_the_department(world, client_for):
    head = world.persona("avdelningschef")
    html = client_for(head).get(reverse("risks:analysis_create") + f"?enhet={world.own.pk}&arlig=1").content.decode()
    year = datetime.date.today().year
    assert f'value="Årlig riskanalys med klientperspektiv {year} – Egna avdelningen"' in html
    assert f'<option value="{world.own.pk}" selected>' in html
    assert '<option value="yearly_client" selected>' in html
    assert "Avdelningschef Persona" in html


def test_creating_an_analysis_leads_to_its_page(world, client_for):
    response = client_for(world.persona("avdelningschef")).post(
        reverse("risks:analysis_create"),
        {
            "unit": world.own.pk,
            "title": "Årlig",
            "trigger": "yearly_client",
            "performed_on": "2026-03-12",
            "participants": "Jag",
            **ANSWERS,
        },
    )
    analysis = RiskAnalysis.objects.get()
    assert response.status_code == 302 and response.url == reverse("risks:analysis", args=[analysis.pk])
    assert analysis.q_newspaper == ANSWERS["q_newspaper"]


def test_placing_a_risk_from_a_heat_map_cell_prefills_its_severity_and_probability(world, client_for):
    analysis = make_analysis(world)
    client = client_for(world.persona("kvalitetssamordnare"))
    html = client.get(reverse("risks:risk_create", args=[analysis.pk]) + "?s=3&p=2").content.decode()
    assert '<option value="3" selected>3 – Kännbar</option>' in html
    assert '<option value="2" selected>2 – Mindre sannolik</option>' in html
    response = client.post(
        reverse("risks:risk_create", args=[analysis.pk]),
        {"description": "Barnets röst saknas", "client_consequence": "Barnet hörs inte", "severity": "3", "probability": "2"},
    )
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert (risk.severity, risk.probability, risk.value) == (3, 2, 6)


def test_an_impossible_residual_risk_is_explained_at_the_field(world, client_for):
    analysis = make_analysis(world)
    response = client_for(world.persona("kvalitetssamordnare")).post(
        reverse("risks:risk_create", args=[analysis.pk]),
        {
            "description": "Risk",
            "client_consequence": "Följd",
            "severity": "2",
            "probability": "2",
            "residual_severity": "4",
            "residual_probability": "4",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Den kvarvarande risken kan inte vara högre än den nuvarande." in html
    assert 'id="id_residual_severity_errors"' in html


def test_the_heat_map_places_each_risk_in_its_cell():
    scale = RiskScale(size=3, severity_labels=["a", "b", "c"], probability_labels=["x", "y", "z"])
    items = [
        Risk(number=1, severity=3, probability=1),
        Risk(number=2, severity=3, probability=1),
        Risk(number=3, severity=1, probability=3, residual_severity=1, residual_probability=1),
    ]
    current = heatmap.build(scale, items)
    assert [row.severity for row in current.rows] == [3, 2, 1]
    assert [c.value for c in current.rows[0].cells] == [3, 6, 9]
    assert [i.number for i in current.rows[0].cells[0].items] == [1, 2]
    assert [i.number for i in current.rows[2].cells[2].items] == [3]
    residual = heatmap.build(scale, items, residual=True)
    assert residual.placed == 1 and [i.number for i in residual.unplaced] == [1, 2]
    assert [i.number for i in residual.rows[2].cells[0].items] == [3]


def test_the_analysis_page_reads_without_colour(world, client_for):
    analysis = make_analysis(world)
    make_risk(analysis, severity=4, probability=3, residual=(2, 1))
    html = client_for(world.persona("medarbetare")).get(reverse("risks:analysis", args=[analysis.pk])).content.decode()
    assert '<span class="heatmap__value">12</span>' in html
    assert '<span class="heatmap__level">Mycket hög</span>' in html
    assert "Mycket hög (12)" in html and "Låg (2)" in html  # the table equivalent
    assert "<caption>Nuvarande risk</caption>" in html and "Kvarvarande risk efter planerade åtgärder" in html
    assert "Lägg till risk" not in html and "Ny risk med allvarlighetsgrad" not in html  # medarbetare may read, not change


def test_the_analysis_list_needs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona("kvalitetssamordnare"))
    make_risk(make_analysis(world))
    client.get(reverse("risks:analyses"))
    # The page is counted, its ids found and then its analyses loaded (lots.core.lists); the units to filter by.
    with django_assert_num_queries(11) as first:
        client.get(reverse("risks:analyses"))
    for place in ("own", "sub", "own"):
        make_risk(make_analysis(world, place, title=f"Analys {place}"))
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(reverse("risks:analyses"))
    assert len(re.findall(r'href="/risker/analyser/\d+/"', response.content.decode())) == 4


def test_a_concurrent_edit_of_an_analysis_is_not_overwritten(world, client_for):
    analysis = make_analysis(world)
    seen = analysis.version
    RiskAnalysis.objects.filter(pk=analysis.pk).update(title="Någon annans rubrik", version=seen + 1)
    response = client_for(world.persona("kvalitetssamordnare")).post(
        reverse("risks:analysis_edit", args=[analysis.pk]),
        {
            "unit": world.own.pk,
            "title": "Min rubrik",
            "trigger": "yearly_client",
            "performed_on": "2026-03-12",
            "participants": "Vi",
            "version": seen,
        },
    )
    assert response.status_code == 409
    assert "Någon annan har sparat ändringar" in response.content.decode() and 'value="Min rubrik"' in response.content.decode()
    assert f'name="version" value="{seen + 1}"' in response.content.decode()
    assert RiskAnalysis.objects.get(pk=analysis.pk).title == "Någon annans rubrik"


def test_the_treatment_form_explains_what_accepting_needs(world, client_for):
    risk = make_risk(make_analysis(world))
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(reverse("risks:risk_treatment", args=[risk.pk]), {"treatment": "accept", "version": risk.version})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Motivera varför risken kan accepteras." in html and "Välj vem som ska godkänna" in html
    assert '<legend>Beslut om hantering <span class="required">' in html


def test_the_approver_sees_and_uses_the_approve_button(world, client_for):
    risk = make_risk(make_analysis(world, actor=world.persona("enhetschef")))
    approver = world.persona("avdelningschef")
    risk_decide(
        actor=risk.created_by,
        risk=risk,
        expected_version=risk.version,
        treatment="accept",
        justification="Skäl",
        approver=approver,
    )
    assert (
        "Godkänn att risken accepteras"
        not in client_for(world.persona("enhetschef")).get(reverse("risks:risk", args=[risk.pk])).content.decode()
    )
    client = client_for(approver)
    assert "Godkänn att risken accepteras" in client.get(reverse("risks:risk", args=[risk.pk])).content.decode()
    assert client.post(reverse("risks:risk_approve", args=[risk.pk])).status_code == 302
    assert Risk.objects.get(pk=risk.pk).approved_at is not None


def test_completing_from_the_page_and_downloading_the_board_pdf(world, client_for):
    analysis = completed_analysis(world)
    client = client_for(world.persona("namndledamot"))
    response = client.get(reverse("risks:analysis_pdf", args=[analysis.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Årlig riskanalys" in text and "Rutin för skyddsbedömning" in text and "Mycket hög" in text
    assert "Vad vill vi inte läsa om i tidningarna?" in text


def test_the_complete_button_reports_what_is_missing(world, client_for):
    analysis = make_analysis(world, answered=False)
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(reverse("risks:analysis_complete", args=[analysis.pk]), follow=True)
    assert "Analysen kan inte klarmarkeras än" in response.content.decode()
    assert not RiskAnalysis.objects.get(pk=analysis.pk).is_completed
