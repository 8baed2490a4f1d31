"""What the benchmark measures. Each module adds its scenarios to ``SCENARIOS``.

A scenario builds one HTTP request against the generated dataset and, where the
page is a list or an aggregate, a ``data`` function that runs the same ORM code the
view runs for its rows or figures. The SQL it sends is captured and replayed
directly as the database ceiling (bench.ceilings).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from bench.loadgen import Request
from lots import access


@dataclass
class Scenario:
    name: str
    label: str
    kind: str  # "page" (lists/details: p95 ≤ 150 ms), "dashboard" (≤ 300 ms), "api", "form_get", "form_post"
    request: Request
    data: Callable | None = None  # runs the view's data fetch; its SQL is the database ceiling
    aggregate: bool = False  # True: the page must stay within 2× its raw SQL


def foundation_scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    manager = ds.manager
    return [
        Scenario(
            "start_page",
            "Startsidan (förvaltningschef)",
            "dashboard",
            Request("GET", reverse("home:start"), cookies=cookies["manager"]),
        ),
        Scenario(
            "start_page_unit_manager",
            "Startsidan med Mina uppgifter (enhetschef)",
            "page",
            Request("GET", reverse("home:start"), cookies=cookies["unit_manager"]),
        ),
        Scenario(
            "unit_tree",
            "Organisationsträdet",
            "page",
            Request("GET", reverse("organisation:tree"), cookies=cookies["manager"]),
            data=lambda: list(access.visible_units(manager).open().order_by("path")),
        ),
        Scenario(
            "api_units",
            "API: enheter",
            "api",
            Request("GET", "/api/v1/units", headers={"Authorization": f"Bearer {tokens['manager']}"}),
            data=lambda: list(access.visible_units(manager).open().order_by("path")),
        ),
    ]


def last_full_year() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year - 1
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def deviation_targets(ds) -> dict:
    """The units, period and case the deviation scenarios use, all in the viewer's (first) municipality."""
    from lots.deviations.models import Deviation

    municipality = ds.municipalities[0]
    units = [u for u in ds.units if u.municipality_id == municipality.pk]
    department = next(u for u in units if u.kind == "avdelning")
    enhet = next(u for u in units if u.kind == "enhet")
    case = (
        Deviation.objects.filter(municipality=municipality, ivo_notification__sent_at__isnull=False)
        .order_by("-reported_at")
        .first()
        or Deviation.objects.filter(municipality=municipality, lex_sarah__isnull=False).order_by("-reported_at").first()
        or Deviation.objects.filter(municipality=municipality).order_by("-reported_at").first()
    )
    start, end = last_full_year()
    return {
        "department": department,
        "enhet": enhet,
        "forvaltning": ds.forvaltningar[0],
        "case": case,
        "start": start,
        "end": end,
    }


def deviation_scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    from lots.deviations.api import ListFilter, list_deviations
    from lots.deviations.compilation import compile_for
    from lots.deviations.filtering import apply_filters
    from lots.deviations.models import Deviation
    from lots.deviations.views.lists import case_page

    manager = ds.manager
    access.assignments_of(manager)  # the role lookup is the session's, not the list's; keep it out of the ceiling
    t = deviation_targets(ds)
    filters = {"unit": t["department"], "start": t["start"], "end": t["end"]}
    query = {"unit": t["department"].pk, "start": t["start"].isoformat(), "end": t["end"].isoformat()}

    def scoped():
        return access.scope(Deviation.objects.all(), manager, "deviation.view")

    def list_page(number, **data):
        page = case_page(apply_filters(scoped(), data), number)
        list(page.object_list)
        return page

    last_filtered = list_page(1, **filters).paginator.num_pages
    last_all = list_page(1).paginator.num_pages
    compilation = {"unit": t["forvaltning"].pk, "start": t["start"].isoformat(), "end": t["end"].isoformat()}
    api_query = {
        "unit": t["department"].pk,
        "reported_from": t["start"].isoformat(),
        "reported_to": t["end"].isoformat(),
        "limit": 100,
    }

    class ApiRequest:
        auth = manager

    def api_data():
        list_deviations(ApiRequest(), ListFilter(**api_query))

    index = reverse("deviations:index")
    bearer = {"Authorization": f"Bearer {tokens['manager']}"}
    return [
        Scenario(
            "deviation_list",
            "Avvikelselistan, avdelning och år (förvaltningschef)",
            "page",
            Request("GET", f"{index}?{urlencode(query)}", cookies=cookies["manager"]),
            data=lambda: list_page(1, **filters),
        ),
        Scenario(
            "deviation_list_last_page",
            f"Avvikelselistan, avdelning och år, sista sidan ({last_filtered})",
            "page",
            Request("GET", f"{index}?{urlencode({**query, 'page': last_filtered})}", cookies=cookies["manager"]),
            data=lambda: list_page(last_filtered, **filters),
        ),
        Scenario(
            "deviation_list_all",
            "Avvikelselistan utan filter, tio år (förvaltningschef)",
            "page",
            Request("GET", index, cookies=cookies["manager"]),
            data=lambda: list_page(1),
        ),
        Scenario(
            "deviation_list_all_last_page",
            f"Avvikelselistan utan filter, sista sidan ({last_all})",
            "page",
            Request("GET", f"{index}?page={last_all}", cookies=cookies["manager"]),
            data=lambda: list_page(last_all),
        ),
        Scenario(
            "deviation_detail",
            "Avvikelse med lex Sarah och IVO-anmälan (detaljsida)",
            "page",
            Request("GET", reverse("deviations:detail", args=[t["case"].pk]), cookies=cookies["manager"]),
        ),
        Scenario(
            "forvaltning_compilation",
            "Förvaltningens sammanställning av avvikelser för ett år",
            "dashboard",
            Request("GET", f"{reverse('deviations:compilation')}?{urlencode(compilation)}", cookies=cookies["manager"]),
            data=lambda: compile_for(t["forvaltning"], t["start"], t["end"]),
            aggregate=True,
        ),
        Scenario(
            "api_deviations",
            "API: avvikelser, avdelning och år (100 per sida)",
            "api",
            Request("GET", f"/api/v1/deviations?{urlencode(api_query)}", headers=bearer),
            data=api_data,
        ),
    ]


def feedback_scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    """The public e-service: no account, so no cookies; the POST is an anonymous opinion, as many are."""
    municipality = ds.municipalities[0]
    form = reverse("feedback_public:form", args=[municipality.slug])
    unit = next(u for u in ds.leaf_units if u.municipality_id == municipality.pk)
    body = {
        "kind": "synpunkt",
        "unit": str(unit.pk),
        "sender_role": "annan",
        "description": "Det var svårt att hitta telefontiderna på webbplatsen. Skriv dem gärna på startsidan.",
        "reply": "ingen",
        "website": "",
    }
    return [
        Scenario("feedback_form_get", "E-tjänsten för synpunkter: formuläret (GET)", "form_get", Request("GET", form)),
        Scenario(
            "feedback_form_post",
            "E-tjänsten för synpunkter: skicka (POST, ny synpunkt varje gång)",
            "form_post",
            Request("POST", form, body=body, csrf_from=form),
        ),
    ]


def report_scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    """The overview (the förvaltningschef's and the unit manager's) and a unit's control-chart data."""
    from lots.accounts.models import RoleAssignment
    from lots.deviations.models import Deviation
    from lots.reports import trends
    from lots.reports.dashboard import widgets_for
    from lots.reports.sections import DEVIATIONS, recent_months

    manager, unit_manager = ds.manager, ds.extra["unit_manager"]
    t = deviation_targets(ds)
    own = RoleAssignment.objects.active().filter(user=unit_manager, role="enhetschef").select_related("unit").first().unit
    access.assignments_of(unit_manager)
    dashboard = reverse("reports:dashboard")
    bearer = {"Authorization": f"Bearer {tokens['manager']}"}

    def chart_data():
        today = timezone.localdate()
        trends.series_for(Deviation.objects.all(), DEVIATIONS, trends.chart_units(t["enhet"]), recent_months(today))

    return [
        Scenario(
            "dashboard",
            "Översikten för förvaltningen (förvaltningschef)",
            "dashboard",
            Request("GET", f"{dashboard}?unit={t['forvaltning'].pk}", cookies=cookies["manager"]),
            data=lambda: widgets_for(manager, t["forvaltning"], timezone.localdate()),
            aggregate=True,
        ),
        Scenario(
            "dashboard_unit_manager",
            "Översikten för den egna enheten (enhetschef)",
            "dashboard",
            Request("GET", f"{dashboard}?unit={own.pk}", cookies=cookies["unit_manager"]),
            data=lambda: widgets_for(unit_manager, own, timezone.localdate()),
            aggregate=True,
        ),
        Scenario(
            "control_chart",
            "Styrdiagramdata för en enhet, 24 månader (API)",
            "dashboard",
            Request("GET", f"/api/v1/reports/control-charts?unit={t['enhet'].pk}", headers=bearer),
            data=chart_data,
            aggregate=True,
        ),
    ]


# fn(ds, cookies, tokens) -> list[Scenario]
SCENARIOS = [foundation_scenarios, deviation_scenarios, report_scenarios, feedback_scenarios]


def all_scenarios(ds, cookies, tokens) -> list[Scenario]:
    found = []
    for fn in SCENARIOS:
        found.extend(fn(ds, cookies, tokens))
    return found
