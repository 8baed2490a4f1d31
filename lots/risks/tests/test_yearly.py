"""The yearly client-perspective analysis per department: who has none, the task, and the consequence statement."""

import datetime
import io

from django.urls import reverse
from pypdf import PdfReader

from lots.home.my_tasks import tasks_for
from lots.organisation.models import Unit
from lots.risks.models import RiskAnalysis
from lots.risks.services import analysis as services
from lots.risks.tests.helpers import completed_analysis, make_analysis, make_risk, reduce_with_action
from lots.testing.factories import RoleAssignmentFactory, UserFactory

YEAR = datetime.date.today().year


def missing(year=YEAR):
    return list(RiskAnalysis.objects.departments_without_yearly(Unit.objects.all(), year).order_by("path"))


def test_only_a_completed_yearly_client_analysis_of_the_department_that_year_counts(world):
    assert [u.code for u in missing()] == ["own", "other"]
    make_analysis(world, "own", trigger="new_method")  # another trigger
    make_analysis(world, "sub")  # made for a unit below, not for the department
    completed_analysis(world, "own", performed_on=datetime.date(YEAR - 1, 4, 1))  # last year
    assert [u.code for u in missing()] == ["own", "other"]
    started = make_analysis(world, "own")
    rows = missing()
    assert [u.code for u in rows] == ["own", "other"]
    assert rows[0].yearly_started_id == started.pk and rows[1].yearly_started_id is None
    completed_analysis(world, "own")
    assert [u.code for u in missing()] == ["other"]
    assert [u.code for u in missing(YEAR - 1)] == ["other"]


def test_closed_departments_are_not_asked_for_an_analysis(world):
    Unit.objects.filter(pk=world.other.pk).update(closed_at=datetime.date(2020, 1, 1))
    assert [u.code for u in missing()] == ["own"]


def test_the_department_head_gets_a_task_that_starts_the_analysis_in_one_click(world):
    head = world.persona("avdelningschef")
    tasks = [t for t in tasks_for(head, datetime.date.today()) if "årliga riskanalysen" in t.title]
    assert len(tasks) == 1
    task = tasks[0]
    assert task.title == "Gör den årliga riskanalysen med klientperspektiv för Egna avdelningen"
    assert task.url == reverse("risks:analysis_create") + f"?enhet={world.own.pk}&arlig=1"
    assert task.due == datetime.date(YEAR, 4, 30) and task.unit_name == "Egna avdelningen"
    started = make_analysis(world, "own", actor=head)
    [task] = [t for t in tasks_for(head, datetime.date.today()) if "årliga riskanalysen" in t.title]
    assert task.title.startswith("Slutför") and task.url == reverse("risks:analysis", args=[started.pk])
    reduce_with_action(make_risk(started, actor=head), head)
    services.analysis_complete(actor=head, analysis=started)
    assert not [t for t in tasks_for(head, datetime.date.today()) if "årliga riskanalysen" in t.title]


def test_only_department_heads_get_the_yearly_task(world):
    for role in ("forvaltningschef", "enhetschef", "kvalitetssamordnare", "medarbetare"):
        assert not [t for t in tasks_for(world.persona(role), datetime.date.today()) if "årliga riskanalysen" in t.title]


def test_the_yearly_page_lists_departments_in_scope_with_their_state(world, client_for, django_assert_max_num_queries):
    started = make_analysis(world, "own")
    chief = UserFactory(username="socialchef")
    RoleAssignmentFactory(user=chief, role="forvaltningschef", unit=world.forvaltning, include_subunits=True)
    client = client_for(chief)
    client.get(reverse("risks:yearly"))
    with django_assert_max_num_queries(10):
        html = client.get(reverse("risks:yearly")).content.decode()
    assert "2 avdelningar saknar klar analys" in html
    assert reverse("risks:analysis", args=[started.pk]) in html
    assert "Starta analysen för Andra avdelningen" in html
    html = client_for(world.persona("avdelningschef")).get(reverse("risks:yearly")).content.decode()
    assert "1 avdelning saknar klar analys" in html and "Andra avdelningen" not in html


def test_the_consequence_statement_shows_only_high_risks_of_completed_analyses_with_actions(world, client_for):
    actor = world.persona("kvalitetssamordnare")
    analysis = make_analysis(world, "own", actor=actor)
    high = make_risk(analysis, actor=actor, severity=4, probability=2, description="Skyddsbedömning dröjer")
    low = make_risk(analysis, actor=actor, severity=1, probability=2, description="Blanketter saknas")
    reduce_with_action(high, actor)
    reduce_with_action(low, actor, residual=(1, 1))
    pending = make_analysis(world, "other", actor=actor, title="Pågående analys")
    make_risk(pending, actor=actor, severity=4, probability=4, description="Ska inte synas")
    board_member = UserFactory(username="ledamot")
    RoleAssignmentFactory(user=board_member, role="namndledamot", unit=world.namnd, include_subunits=True)
    client = client_for(board_member)
    url = reverse("risks:consequence") + f"?unit={world.forvaltning.pk}&year={YEAR}"
    assert "Skyddsbedömning dröjer" not in client.get(url).content.decode()  # not completed yet
    services.analysis_complete(actor=actor, analysis=analysis)
    html = client.get(url).content.decode()
    assert "Skyddsbedömning dröjer" in html and "Rutin för skyddsbedömning" in html
    assert "Blanketter saknas" not in html and "Ska inte synas" not in html
    assert "Avdelningar utan klar årlig riskanalys med klientperspektiv: Andra avdelningen." in html
    response = client.get(reverse("risks:consequence_pdf", args=[world.forvaltning.pk, YEAR]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Skyddsbedömning dröjer" in text and "Blanketter saknas" not in text


def test_a_department_head_gets_the_statements_of_the_department_and_of_the_forvaltning_above(world, client_for):
    completed_analysis(world, "own")
    client = client_for(world.persona("avdelningschef"))
    html = client.get(reverse("risks:consequence"), {"unit": world.own.pk, "year": YEAR}).content.decode()
    heading = f'Konsekvensbeskrivning {YEAR}, <span lang="sv">Egna avdelningen</span>'
    assert heading in html and "Skyddsbedömning görs för sent." in html
    assert client.get(reverse("risks:consequence_pdf", args=[world.forvaltning.pk, YEAR])).status_code == 200
    assert client.get(reverse("risks:consequence_pdf", args=[world.other.pk, YEAR])).status_code == 404
    assert client.get(reverse("risks:consequence_pdf", args=[world.sub.pk, YEAR])).status_code == 404
    assert client.get(reverse("risks:consequence_pdf", args=[world.own.pk, YEAR])).status_code == 200
    assert client_for(world.persona("extern_utforare")).get(reverse("risks:consequence")).status_code == 404


def test_the_module_start_page_offers_the_department_head_the_next_step(world, client_for):
    head = world.persona("avdelningschef")
    client = client_for(head)
    html = client.get(reverse("risks:index")).content.decode()
    start_url = reverse("risks:analysis_create") + f"?enhet={world.own.pk}&amp;arlig=1"
    assert f'href="{start_url}"' in html and "Inte påbörjad" in html
    started = make_analysis(world, "own", actor=head)
    html = client.get(reverse("risks:index")).content.decode()
    assert f'href="{reverse("risks:analysis", args=[started.pk])}"' in html and "Fortsätt" in html
    reader_html = client_for(world.persona("granskare")).get(reverse("risks:index")).content.decode()
    assert "Årets riskanalys med klientperspektiv" not in reader_html
