"""What the benchmark measures. Each module adds its scenarios to ``SCENARIOS``.

A scenario builds one HTTP request against the generated dataset. The run captures
every statement that request sends beyond the signed-in floor's and replays them
directly as the page's SQL (bench.ceilings). An aggregate also has a ``data``
function that runs the ORM code behind its figures alone; its SQL is reported
beside the page's.
"""

import datetime
import math
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
    kind: str  # "list", "detail" (p95 ≤ 25 ms), "page" (≤ 150 ms), "dashboard" (≤ 300 ms), "api", "form_get", "form_post"
    request: Request
    data: Callable | None = None  # runs the ORM code behind an aggregate's figures (reported beside the page's SQL)
    aggregate: bool = False  # True: the page must stay within 2 × (its SQL + the signed-in floor)


def foundation_scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
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
            "list",
            Request("GET", reverse("organisation:tree"), cookies=cookies["manager"]),
        ),
        Scenario(
            "api_units",
            "API: enheter",
            "api",
            Request("GET", "/api/v1/units", headers={"Authorization": f"Bearer {tokens['manager']}"}),
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


PER_PAGE = 50  # the deviation list's page size


def deviation_scenarios(ds, cookies: dict, tokens: dict) -> list[Scenario]:
    """The list, its last pages, a case page, the compilation and the API list. The lists' SQL is what the pages send
    (captured from the requests themselves), so these scenarios do not depend on how the views build their queries."""
    from lots.deviations import access as deviation_access
    from lots.deviations.compilation import compile_for

    manager = ds.manager
    t = deviation_targets(ds)
    query = {"unit": t["department"].pk, "start": t["start"].isoformat(), "end": t["end"].isoformat()}
    visible = deviation_access.visible(manager)
    in_period = visible.filter(unit__path__startswith=t["department"].path).reported_between(t["start"], t["end"])
    last_filtered = max(1, math.ceil(in_period.count() / PER_PAGE))
    last_all = max(1, math.ceil(visible.count() / PER_PAGE))
    compilation = {"unit": t["forvaltning"].pk, "start": t["start"].isoformat(), "end": t["end"].isoformat()}
    api_query = {**query, "limit": 100}  # the API takes the list page's filters

    index = reverse("deviations:index")
    bearer = {"Authorization": f"Bearer {tokens['manager']}"}
    return [
        Scenario(
            "deviation_list",
            "Avvikelselistan, avdelning och år (förvaltningschef)",
            "list",
            Request("GET", f"{index}?{urlencode(query)}", cookies=cookies["manager"]),
        ),
        Scenario(
            "deviation_list_last_page",
            f"Avvikelselistan, avdelning och år, sista sidan ({last_filtered})",
            "list",
            Request("GET", f"{index}?{urlencode({**query, 'page': last_filtered})}", cookies=cookies["manager"]),
        ),
        Scenario(
            "deviation_list_all",
            "Avvikelselistan utan filter, tio år (förvaltningschef)",
            "list",
            Request("GET", index, cookies=cookies["manager"]),
        ),
        Scenario(
            "deviation_list_all_last_page",
            f"Avvikelselistan utan filter, sista sidan ({last_all})",
            "list",
            Request("GET", f"{index}?page={last_all}", cookies=cookies["manager"]),
        ),
        Scenario(
            "deviation_detail",
            "Avvikelse med lex Sarah och IVO-anmälan (detaljsida)",
            "detail",
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
    from bench.generate import module_benches

    found = []
    for fn in SCENARIOS + [module.scenarios for module in module_benches()]:
        found.extend(fn(ds, cookies, tokens))
    return found
