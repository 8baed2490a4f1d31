"""Excel and CSV exports of the risk analysis list and the self-inspection, internal-control and follow-up plan lists:
the rows the list shows for the same person and filters (all of them, in the list's order), the scope, bad filters,
the links on the lists, the audit entry and a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.organisation.models import Unit
from lots.processes import services as process_services
from lots.risks.models import RiskAnalysis
from lots.risks.services import analysis as analysis_services
from lots.risks.services import control as control_services
from lots.risks.services import followup as followup_services
from lots.risks.services import inspection as inspection_services
from lots.risks.services.scale import risk_scale_save
from lots.risks.tests.helpers import (
    completed_analysis,
    make_analysis,
    make_followup,
    make_internal_control,
    make_plan,
    make_review_point,
    make_risk,
)
from lots.risks.tests.listdata import build_activities, build_rounds, expected_progress
from lots.testing.factories import RoleAssignmentFactory, UserFactory
from lots.testing.lists import page_rows
from lots.testing.spreadsheets import csv_rows, xlsx_rows

ANALYSES = reverse("risks:analyses")
INSPECTION_PLANS = reverse("risks:inspection_plans")
INTERNAL_CONTROLS = reverse("risks:internal_controls")
FOLLOWUPS = reverse("risks:followups")
QUALITY = "Kvalitetssamordnare Persona"
MANAGER = "Enhetschef Persona"

# Each list with its export's URL name and what the audit entry calls its rows.
LISTS = [
    ("analyses", ANALYSES, "risks:analysis_export", "riskanalyser"),
    ("inspection", INSPECTION_PLANS, "risks:inspection_plan_export", "egenkontrollplaner"),
    ("internal", INTERNAL_CONTROLS, "risks:internal_control_export", "internkontrollplaner"),
    ("followup", FOLLOWUPS, "risks:followup_export", "uppföljningsplaner"),
]
FILTERED = [entry[:3] for entry in LISTS if entry[0] != "followup"]  # the follow-up list has no filter


def export(name: str, fmt: str = "xlsx") -> str:
    return reverse(name, args=[fmt])


def records(rows: list) -> list[dict]:
    """The rows of a download (header first) as dicts by header."""
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


def day(cell) -> datetime.date | None:
    """A date cell of an Excel download (openpyxl reads dates back as datetimes)."""
    return cell.date() if isinstance(cell, datetime.datetime) else cell


def export_links(response, name: str) -> list[str]:
    """The query strings of the page's Excel and CSV links to the export ``name``, in that order."""
    pattern = "|".join(re.escape(export(name, fmt)) for fmt in ("xlsx", "csv"))
    return re.findall(rf'href="(?:{pattern})([^"]*)"', response.content.decode())


def person_on(unit, role=Role.AVDELNINGSCHEF, username="annan"):
    user = UserFactory(username=username)
    RoleAssignmentFactory(user=user, role=role, unit=unit, include_subunits=True)
    return user


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def quality(world, client_for):
    return client_for(world.persona(Role.KVALITETSSAMORDNARE))


def this_year() -> int:
    return timezone.localdate().year


# Rows on every list, for the checks the four exports share.


def _some_rows(world, kind: str, place: str = "own", n: int = 0) -> None:
    """A row for ``kind``'s list on ``place``; ``n`` tells rows apart (and, for plans, their year)."""
    manager = world.persona(Role.ENHETSCHEF)
    if kind == "analyses":
        analysis = make_analysis(world, place, title=f"Analys {place} {n}")
        process = process_services.process_create(
            actor=manager, municipality=world.m1, name=f"Process {n}", units=[world.unit(place)]
        )
        analysis_services.analysis_update(actor=manager, analysis=analysis, expected_version=None, process=process)
        make_risk(analysis, severity=1 + n % 4, probability=2)
        make_risk(analysis, severity=4, probability=1 + n % 4, description="En risk till.")
    elif kind == "inspection":
        plan = make_plan(world, place, year=this_year() - n)
        make_review_point(plan, responsible=manager, title=f"Punkt {n}")
        make_review_point(plan, responsible=world.persona(Role.KVALITETSSAMORDNARE), title=f"Punkt {n} b")
    elif kind == "internal":
        make_internal_control(world, place, year=this_year() - n, responsible=manager)
    else:
        make_followup(world, place, year=this_year() - n, who=manager)


@pytest.mark.parametrize(("kind", "url", "name", "what"), LISTS)
def test_an_unknown_format_is_not_found(world, quality, kind, url, name, what):
    _some_rows(world, kind)
    assert quality.get(export(name, "pdf")).status_code == 404
    assert quality.get(export(name, "xls")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize(("kind", "url", "name", "what"), LISTS)
def test_people_without_the_permission_get_neither_the_list_nor_its_export(world, client_for, kind, url, name, what):
    _some_rows(world, kind)
    for user in (world.outsider, world.persona(Role.EXTERN_UTFORARE)):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.get(export(name, "xlsx")).status_code == 404
        assert client.get(export(name, "csv")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize(("kind", "url", "name", "what"), LISTS)
def test_each_export_is_audited_with_its_count_and_filters(world, quality, kind, url, name, what):
    _some_rows(world, kind)
    _some_rows(world, kind, "sub")
    _some_rows(world, kind, "other")  # outside the person's scope: not counted
    params = {} if kind == "followup" else {"year": this_year()}
    assert len(csv_rows(quality.get(export(name, "csv"), params))) == 3
    note = AuditEntry.objects.get(action="export", actor=world.persona(Role.KVALITETSSAMORDNARE)).note
    filters = "alla" if kind == "followup" else f"year={this_year()}"
    assert note == f"Export av 2 {what} ({filters})"


@pytest.mark.parametrize(("kind", "url", "name", "what"), LISTS)
def test_an_export_runs_a_fixed_number_of_queries(world, quality, kind, url, name, what):
    _some_rows(world, kind)
    params = {} if kind == "followup" else {"year": ""}
    quality.get(export(name), params)
    few = queries(quality, export(name), params)
    for n, place in enumerate(["sub", "own", "sub", "own"], start=1):
        _some_rows(world, kind, place, n)
    with CaptureQueriesContext(connection) as captured:
        rows = xlsx_rows(quality.get(export(name), params))
    assert len(captured.captured_queries) == few
    assert len(rows) == 1 + 5


@pytest.mark.parametrize(("kind", "url", "name"), FILTERED)
def test_the_links_on_a_list_carry_its_filters_but_not_the_page(world, quality, kind, url, name):
    _some_rows(world, kind)
    params = {"year": this_year(), "page": "2"}
    if kind == "analyses":
        params["trigger"] = "yearly_client"
    query = f"?year={this_year()}" + ("&amp;trigger=yearly_client" if kind == "analyses" else "")
    assert export_links(quality.get(url, params), name) == [query, query]
    assert export_links(quality.get(url), name) == ["", ""]


def test_the_follow_up_list_links_to_its_export_without_the_page(world, quality):
    make_followup(world)
    assert export_links(quality.get(FOLLOWUPS, {"page": "2"}), "risks:followup_export") == ["", ""]


@pytest.mark.parametrize(("kind", "url", "name"), FILTERED)
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "1999"}, "year", "Välj ett år i listan."),
        ({"year": "i år"}, "year", "Välj ett år i listan."),
    ],
)
def test_a_bad_year_is_explained_on_the_list_and_the_export_sends_the_person_there(
    world, quality, kind, url, name, params, field, message
):
    _some_rows(world, kind)
    page = quality.get(url, params)
    assert page.status_code == 422
    assert page.context["form"].errors[field] == [message]
    html = page.content.decode()
    assert message in html and "Exportera till Excel" not in html and "Exportera till CSV" not in html
    for fmt in ("xlsx", "csv"):
        response = quality.get(export(name, fmt), params)
        assert response.status_code == 302
        assert response.url == url + "?" + page.wsgi_request.GET.urlencode()
    assert not AuditEntry.objects.filter(action="export").exists()


# Risk analyses.


@pytest.fixture
def analyses(world):
    """This year on own a completed analysis (one risk, 12, reduced to 2) reported to the board, on sub a
    reorganisation analysis (risks 6 and 1), last year on own one without risks; the other department's and the
    other municipality's analyses are outside the quality coordinator's scope."""
    quality = world.persona(Role.KVALITETSSAMORDNARE)
    today = timezone.localdate()
    done = completed_analysis(world, "own", title="Årlig riskanalys Egna", performed_on=today)
    analysis_services.analysis_mark_reported(actor=quality, analysis=done, reported_on=today)
    sub = make_analysis(
        world, "sub", title="Omorganisation i underenheten", trigger=RiskAnalysis.Trigger.REORGANISATION, performed_on=today
    )
    process = process_services.process_create(
        actor=quality, municipality=world.m1, name="Mottagning barn och unga", units=[world.sub]
    )
    analysis_services.analysis_update(
        actor=quality, analysis=sub, expected_version=None, trigger_note="Två enheter slås ihop.", process=process
    )
    make_risk(sub, severity=2, probability=3, residual=(1, 2))
    make_risk(sub, severity=1, probability=1, description="Ett brev skickas fel.")
    make_analysis(world, "own", title="Förra årets analys", performed_on=datetime.date(today.year - 1, 6, 1))
    make_risk(make_analysis(world, "other", title="Andra avdelningens analys", performed_on=today), severity=4, probability=4)
    make_risk(make_analysis(world, "foreign", title="Främmande analys", performed_on=today), severity=2, probability=3)
    return {"done": done, "sub": sub}


def test_the_analysis_export_has_the_lists_rows_with_their_details(world, quality, analyses):
    today = timezone.localdate()
    params = {"year": today.year}
    page = quality.get(ANALYSES, params)
    rows = records(xlsx_rows(quality.get(export("risks:analysis_export"), params)))
    assert (
        [r["Riskanalys"] for r in rows]
        == [a.title for a in page.context["page_obj"]]
        == ["Omorganisation i underenheten", "Årlig riskanalys Egna"]
    )
    sub, done = rows
    assert (sub["Enhet"], sub["Anledning"], sub["Beskrivning av anledningen"]) == (
        "Underenheten",
        "Organisationsförändring",
        "Två enheter slås ihop.",
    )
    assert (day(sub["Datum"]), sub["Status"], sub["Klarmarkerad"], sub["Redovisad för nämnden"]) == (today, "Pågår", None, None)
    assert (sub["Antal risker"], sub["Risker utan beslut om hantering"]) == (2, 2)
    assert (sub["Högsta riskvärde"], sub["Högsta risknivå"], sub["Högsta kvarvarande riskvärde"]) == (6, "Måttlig", 2)
    assert (sub["Process"], sub["Deltagare"]) == ("Mottagning barn och unga", "Avdelningschef och två medarbetare")
    assert done["Process"] is None
    assert (done["Enhet"], done["Anledning"], done["Status"]) == (
        "Egna avdelningen",
        "Årlig riskanalys med klientperspektiv",
        "Klar",
    )
    assert (day(done["Klarmarkerad"]), day(done["Redovisad för nämnden"])) == (today, today)
    assert (done["Antal risker"], done["Risker utan beslut om hantering"]) == (1, 0)
    assert (done["Högsta riskvärde"], done["Högsta risknivå"], done["Högsta kvarvarande riskvärde"]) == (12, "Mycket hög", 2)


def test_the_analysis_export_applies_every_filter_and_has_every_row_not_one_page(world, quality, analyses):
    name = "risks:analysis_export"
    table = csv_rows(quality.get(export(name, "csv"), {"trigger": "reorganisation"}))
    assert table[0][:4] == ["Riskanalys", "Enhet", "Process", "Anledning"]
    assert [r[0] for r in table[1:]] == ["Omorganisation i underenheten"]
    assert table[1][9:14] == ["2", "2", "6", "Måttlig", "2"]
    completed = csv_rows(quality.get(export(name, "csv"), {"status": "completed"}))
    assert [r[0] for r in completed[1:]] == ["Årlig riskanalys Egna"]
    every_year = records(xlsx_rows(quality.get(export(name))))
    assert [r["Riskanalys"] for r in every_year] == [
        "Omorganisation i underenheten",
        "Årlig riskanalys Egna",
        "Förra årets analys",
    ]
    assert (every_year[2]["Antal risker"], every_year[2]["Högsta riskvärde"], every_year[2]["Högsta risknivå"]) == (0, None, None)
    last_year = csv_rows(quality.get(export(name, "csv"), {"year": timezone.localdate().year - 1}))
    assert [r[0] for r in last_year[1:]] == ["Förra årets analys"] and last_year[1][11:13] == ["", ""]
    for n in range(25):  # the list shows 25 a page
        make_analysis(world, "sub", title=f"Analys {n}")
    assert quality.get(ANALYSES).context["page_obj"].paginator.num_pages == 2
    assert len(xlsx_rows(quality.get(export(name)))) == 1 + 28


def test_the_highest_risks_level_is_named_on_its_municipalitys_scale(world, client_for, analyses):
    """Another municipality whose "Hög" begins at 6: a 6 there is "Hög", a 6 here "Måttlig"."""
    levels = [
        {"name": "Låg", "min": 1, "colour": "#2e7d32", "requirement": "Löpande.", "action_days": 90},
        {"name": "Hög", "min": 6, "colour": "#c62828", "requirement": "Genast.", "action_days": 7, "high": True},
    ]
    risk_scale_save(
        actor=None, municipality=world.m2, expected_version=None, size=4, severity_labels=["a", "b", "c", "d"],
        probability_labels=["a", "b", "c", "d"], levels=levels,
    )
    both = person_on(world.namnd, Role.KVALITETSSAMORDNARE, "bada")
    RoleAssignmentFactory(user=both, role=Role.KVALITETSSAMORDNARE, unit=world.foreign, include_subunits=True)
    rows = records(xlsx_rows(client_for(both).get(export("risks:analysis_export"), {"year": timezone.localdate().year})))
    level = {r["Riskanalys"]: (r["Högsta riskvärde"], r["Högsta risknivå"]) for r in rows}
    assert level == {
        "Främmande analys": (6, "Hög"),
        "Omorganisation i underenheten": (6, "Måttlig"),
        "Årlig riskanalys Egna": (12, "Mycket hög"),
        "Andra avdelningens analys": (16, "Mycket hög"),
    }


def test_the_analysis_export_stays_in_the_persons_scope(world, client_for, analyses):
    name = "risks:analysis_export"
    elsewhere = records(xlsx_rows(client_for(person_on(world.other)).get(export(name))))
    assert [r["Riskanalys"] for r in elsewhere] == ["Andra avdelningens analys"]
    staff = client_for(world.persona(Role.MEDARBETARE))
    own_only = csv_rows(staff.get(export(name, "csv")))
    assert [r[0] for r in own_only[1:]] == [a.title for a in staff.get(ANALYSES).context["page_obj"]]
    assert [r[0] for r in own_only[1:]] == ["Årlig riskanalys Egna", "Förra årets analys"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"trigger": "glömd"}, "trigger", "Välj ett av alternativen i listan."),
        ({"status": "klar"}, "status", "Välj ett av alternativen i listan."),
    ],
)
def test_a_bad_analysis_filter_is_explained_and_the_export_sends_the_person_to_the_list(
    world, quality, analyses, params, field, message
):
    page = quality.get(ANALYSES, params)
    assert page.status_code == 422
    assert page.context["form"].errors[field] == [message]
    assert "Exportera till Excel" not in page.content.decode()
    response = quality.get(export("risks:analysis_export"), params)
    assert response.status_code == 302
    assert response.url == ANALYSES + "?" + page.wsgi_request.GET.urlencode()


# Self-inspection plans.


def _progress_row(specs, place: str) -> list:
    """Control points, rounds, done, not done, overdue and the next date due, of ``place``'s plan this year."""
    counts = expected_progress(specs, places=(place,))
    open_dates = [s.due for s in specs if s.place == place and s.year_offset == 0 and not s.done]
    return [counts["total"], counts["total"], counts["done"], counts["not_done"], counts["overdue"], min(open_dates)]


def test_the_inspection_plan_export_has_the_lists_plans_with_their_progress(world, quality):
    specs = build_rounds(world)
    params = {"year": this_year()}
    page = quality.get(INSPECTION_PLANS, params)
    table = csv_rows(quality.get(export("risks:inspection_plan_export", "csv"), params))
    assert table[0] == [
        "År",
        "Enhet",
        "Plan",
        "Ansvariga",
        "Kontrollpunkter",
        "Genomföranden",
        "Genomförda",
        "Ej genomförda",
        "Försenade",
        "Nästa klart senast",
        "Kommentar",
    ]
    assert [r[2] for r in table[1:]] == [str(p) for p in page.context["plans"]]
    assert [r[:4] for r in table[1:]] == [
        [str(this_year()), "Egna avdelningen", f"Egenkontrollplan {this_year()}, Egna avdelningen", QUALITY],
        [str(this_year()), "Underenheten", f"Egenkontrollplan {this_year()}, Underenheten", QUALITY],
    ]
    rows = records(xlsx_rows(quality.get(export("risks:inspection_plan_export"), params)))
    for row, place in zip(rows, ("own", "sub"), strict=True):
        counts = [row[h] for h in ("Kontrollpunkter", "Genomföranden", "Genomförda", "Ej genomförda", "Försenade")]
        assert [*counts, day(row["Nästa klart senast"])] == _progress_row(specs, place), place
    assert {p.rounds_overdue for p in page.context["plans"]} == {r["Försenade"] for r in rows}


def test_the_inspection_plan_export_follows_the_year_like_the_list(world, quality):
    build_rounds(world)
    name = "risks:inspection_plan_export"
    default = records(xlsx_rows(quality.get(export(name))))
    assert [(r["År"], r["Enhet"]) for r in default] == [(this_year(), "Egna avdelningen"), (this_year(), "Underenheten")]
    every_year = records(xlsx_rows(quality.get(export(name), {"year": ""})))
    listed = quality.get(INSPECTION_PLANS, {"year": ""}).context["plans"]
    assert [(r["År"], r["Enhet"]) for r in every_year] == [(p.year, p.unit.name) for p in listed]
    assert [(r["År"], r["Enhet"]) for r in every_year][-1] == (this_year() - 1, "Egna avdelningen")
    last_year = records(xlsx_rows(quality.get(export(name), {"year": this_year() - 1})))
    assert [(r["Kontrollpunkter"], r["Genomförda"], r["Nästa klart senast"] is not None) for r in last_year] == [(2, 1, True)]


def test_the_responsible_people_are_named_once_each_in_date_order(world, quality):
    plan = make_plan(world)
    manager = world.persona(Role.ENHETSCHEF)
    make_review_point(plan, responsible=manager)
    make_review_point(plan, responsible=manager, title="Journalgranskning igen")
    inspection_services.control_point_create(
        actor=world.persona(Role.KVALITETSSAMORDNARE), plan=plan, title="Rutinen följs", method="routines", frequency=1,
        responsible=world.persona(Role.KVALITETSSAMORDNARE), first_due=datetime.date(plan.year, 9, 30),
        criteria=["Rutinen är känd"],
    )
    inspection_services.inspection_plan_update(
        actor=world.persona(Role.KVALITETSSAMORDNARE), plan=plan, expected_version=None, note="Fokus på dokumentation."
    )
    (row,) = records(xlsx_rows(quality.get(export("risks:inspection_plan_export"))))
    assert (row["Ansvariga"], row["Kontrollpunkter"], row["Kommentar"]) == (f"{QUALITY}, {MANAGER}", 3, "Fokus på dokumentation.")


def test_the_inspection_plan_export_stays_in_the_persons_scope(world, client_for):
    build_rounds(world)
    name = "risks:inspection_plan_export"
    elsewhere = records(xlsx_rows(client_for(person_on(world.other, Role.KVALITETSSAMORDNARE)).get(export(name))))
    assert [r["Enhet"] for r in elsewhere] == ["Andra avdelningen"]
    assert elsewhere[0]["Genomföranden"] == 2
    staff = records(xlsx_rows(client_for(world.persona(Role.MEDARBETARE)).get(export(name), {"year": ""})))
    assert [(r["År"], r["Enhet"]) for r in staff] == [(this_year(), "Egna avdelningen"), (this_year() - 1, "Egna avdelningen")]


# Internal-control plans.


def test_the_internal_control_export_has_the_lists_plans_with_their_progress(world, quality):
    specs = build_activities(world)
    params = {"year": this_year()}
    page = quality.get(INTERNAL_CONTROLS, params)
    rows = records(xlsx_rows(quality.get(export("risks:internal_control_export"), params)))
    assert [r["Plan"] for r in rows] == [str(p) for p in page.context["plans"]] == [
        f"Internkontrollplan {this_year()}, Egna avdelningen",
        f"Internkontrollplan {this_year()}, Underenheten",
    ]
    for row, place in zip(rows, ("own", "sub"), strict=True):
        total, _total, done, not_done, overdue, next_due = _progress_row(specs, place)
        assert (row["År"], row["Vem kontrollerar"], row["Beslutad av nämnden"]) == (this_year(), QUALITY, None)
        assert (row["Kontrollaktiviteter"], row["Genomförda"], row["Ej genomförda"], row["Försenade"]) == (
            total,
            done,
            not_done,
            overdue,
        )
        assert (row["Genomförda med brister"], day(row["Nästa klart senast"])) == (0, next_due)
    text = csv_rows(quality.get(export("risks:internal_control_export", "csv"), {"year": ""}))
    assert [r[1] for r in text[1:]] == ["Egna avdelningen", "Underenheten", "Egna avdelningen"]
    assert text[3][0] == str(this_year() - 1) and text[3][5:7] == ["2", "1"]


def test_the_internal_control_export_counts_shortcomings_and_names_who_checks(world, quality):
    quality_person = world.persona(Role.KVALITETSSAMORDNARE)
    plan, first = make_internal_control(world, responsible=world.persona(Role.ENHETSCHEF))
    control_services.internal_control_plan_update(
        actor=quality_person, plan=plan, expected_version=None, adopted_on=datetime.date(this_year(), 1, 20), note="Antagen."
    )
    second = control_services.control_activity_create(
        actor=quality_person, plan=plan, risk_description="Placerade barn besöks inte.", severity=4, probability=2,
        what="Att placerade barn besöks.", method="Genomgång av akter.", responsible=quality_person,
        due_date=datetime.date(this_year(), 1, 1), reporting="annual",
    )
    control_services.control_activity_report_result(
        actor=quality_person, activity=second, expected_version=None, performed_on=timezone.localdate(),
        result="Två besök saknades.", conclusion="minor",
    )
    (row,) = records(xlsx_rows(quality.get(export("risks:internal_control_export"))))
    assert row["Vem kontrollerar"] == f"{QUALITY}, {MANAGER}"  # by due date: the reported one was due 1 January
    assert (day(row["Beslutad av nämnden"]), row["Kommentar"]) == (datetime.date(this_year(), 1, 20), "Antagen.")
    assert (row["Kontrollaktiviteter"], row["Genomförda"], row["Genomförda med brister"]) == (2, 1, 1)
    assert day(row["Nästa klart senast"]) == first.due_date


def test_the_internal_control_export_stays_in_the_persons_scope(world, client_for):
    build_activities(world)
    elsewhere = client_for(person_on(world.other, Role.KVALITETSSAMORDNARE))
    rows = records(xlsx_rows(elsewhere.get(export("risks:internal_control_export"))))
    assert [r["Nämnd eller förvaltning"] for r in rows] == ["Andra avdelningen"]
    assert [str(p) for p in elsewhere.get(INTERNAL_CONTROLS).context["plans"]] == [r["Plan"] for r in rows]


# Follow-up plans.


@pytest.fixture
def followups(world):
    """On own this year two items (one done, one under way, followed up by different people), on sub this year
    one, on own last year one not done (so overdue); the other department's plan is outside the scope."""
    quality = world.persona(Role.KVALITETSSAMORDNARE)
    plan, first = make_followup(world)
    second = followup_services.followup_item_create(
        actor=quality, plan=plan, area="key_figures", what="Handläggningstider", when="Varje kvartal",
        due_date=datetime.date(this_year(), 12, 31), who=world.persona(Role.ENHETSCHEF), how_reported="I ledningsgruppen",
    )
    followup_services.followup_item_progress(
        actor=quality, item=first, expected_version=None, status="done", done_on=timezone.localdate()
    )
    followup_services.followup_item_progress(actor=quality, item=second, expected_version=None, status="in_progress")
    make_followup(world, "sub")
    make_followup(world, year=this_year() - 1)
    make_followup(world, "other")
    return plan


def test_the_follow_up_export_has_the_lists_plans_with_their_progress(world, quality, followups):
    page = quality.get(FOLLOWUPS)
    rows = records(xlsx_rows(quality.get(export("risks:followup_export"))))
    assert [r["Plan"] for r in rows] == [str(p) for p in page.context["plans"]]
    assert [(r["År"], r["Verksamhet"]) for r in rows] == [
        (this_year(), "Egna avdelningen"),
        (this_year(), "Underenheten"),
        (this_year() - 1, "Egna avdelningen"),
    ]
    own, sub, last_year = rows
    assert (own["Ansvarig chef"], own["Vem följer upp"]) == (QUALITY, f"{QUALITY}, {MANAGER}")
    assert (own["Punkter"], own["Klara"], own["Pågår"], own["Försenade"]) == (2, 1, 1, 0)
    assert day(own["Nästa klart senast"]) == datetime.date(this_year(), 12, 31)
    assert (sub["Punkter"], sub["Klara"], sub["Pågår"], sub["Försenade"]) == (1, 0, 0, 0)
    assert (last_year["Punkter"], last_year["Klara"], last_year["Försenade"]) == (1, 0, 1)
    assert day(last_year["Nästa klart senast"]) == datetime.date(this_year() - 1, 12, 31)
    text = csv_rows(quality.get(export("risks:followup_export", "csv")))
    assert text[0][:5] == ["År", "Verksamhet", "Plan", "Ansvarig chef", "Vem följer upp"]
    assert [r[5:9] for r in text[1:]] == [["2", "1", "1", "0"], ["1", "0", "0", "0"], ["1", "0", "0", "1"]]


def test_the_follow_up_export_stays_in_the_persons_scope(world, client_for, followups):
    elsewhere = client_for(person_on(world.other, Role.KVALITETSSAMORDNARE))
    rows = records(xlsx_rows(elsewhere.get(export("risks:followup_export"))))
    assert [r["Verksamhet"] for r in rows] == ["Andra avdelningen"]
    assert len(elsewhere.get(FOLLOWUPS).context["plans"]) == 1


# Each plan list, its export and its API list (where there is one) have the same plans in the same order.


PLAN_LISTS = [
    ("inspection", INSPECTION_PLANS, "risks:inspection_plan_export", "/api/v1/inspection-plans"),
    ("internal", INTERNAL_CONTROLS, "risks:internal_control_export", "/api/v1/internal-control-plans"),
    ("followup", FOLLOWUPS, "risks:followup_export", None),
]
UNIT_COLUMN = {
    "risks:inspection_plan_export": "Enhet",
    "risks:internal_control_export": "Nämnd eller förvaltning",
    "risks:followup_export": "Verksamhet",
}


def _plans_everywhere(client, url, name, api, params, bearer) -> list:
    listed = [(p.unit.name, p.year) for p in page_rows(client.get(url, params))]
    exported = records(xlsx_rows(client.get(export(name), params)))
    assert listed == [(row[UNIT_COLUMN[name]], row["År"]) for row in exported]
    if api:
        units = {u.pk: u.name for u in Unit.objects.all()}
        assert listed == [(units[p["unit_id"]], p["year"]) for p in client.get(api, params, **bearer).json()]
    return listed


@pytest.mark.parametrize(("kind", "url", "name", "api"), PLAN_LISTS)
@pytest.mark.parametrize("params", [{}, {"year": ""}])
def test_the_plan_lists_exports_and_api_lists_have_the_same_plans_in_the_same_order(
    world, quality, kind, url, name, api, params
):
    for n, place in enumerate(("own", "sub", "own")):
        _some_rows(world, kind, place, n)
    _token, key = api_token_create(actor=world.persona(Role.KVALITETSSAMORDNARE), name="lists")
    listed = _plans_everywhere(quality, url, name, api, params, {"HTTP_AUTHORIZATION": f"Bearer {key}"})
    assert len(listed) == (1 if params == {} and kind != "followup" else 3)  # this year unless "Alla år"


@pytest.mark.parametrize(("kind", "url", "name", "api"), PLAN_LISTS[:2])
def test_a_bad_year_lists_no_plans_on_the_page_or_in_the_api(world, quality, kind, url, name, api):
    _some_rows(world, kind)
    page = quality.get(url, {"year": "1999"})
    assert page.status_code == 422 and page_rows(page) == []
    _token, key = api_token_create(actor=world.persona(Role.KVALITETSSAMORDNARE), name="lists")
    response = quality.get(api, {"year": "1999"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 422 and response.json()["detail"]["year"] == ["Välj ett år i listan."]


@pytest.mark.parametrize(("kind", "url", "name", "api"), PLAN_LISTS)
def test_a_plan_list_uses_as_many_queries_for_many_plans_as_for_few(world, quality, kind, url, name, api):
    params = {"year": ""}
    for n in range(2):
        _some_rows(world, kind, "own", n)
    quality.get(url, params)
    few = queries(quality, url, params)
    for n in range(2, 6):
        _some_rows(world, kind, "sub" if n % 2 else "own", n)
    assert len(page_rows(quality.get(url, params))) == 6
    assert queries(quality, url, params) == few
