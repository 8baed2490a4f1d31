"""The verksamhetsplan and the verksamhetsberättelse as PDF (WeasyPrint) and DOCX (python-docx).

Both documents are built from one plain dictionary (``plan_data`` / ``report_data``): the goal tree as the page shows
it (lots.goals.tree.snapshot), the unit's indicators with their targets, and for the plan the unit's follow-up plan
(Östhammar's rule, lots.risks) as an appendix. An established follow-up's report is built from the snapshot it froze,
so its figures never change after; a draft's from the data as it stands. Every figure in them is a count of the same
lists the pages show.
"""

import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from lots.goals import tree as goal_tree
from lots.goals.models import Activity, FollowUp, GoalAssessment, Plan
from lots.lib.pdf import render_pdf
from lots.lib.svgchart import svg_to_png
from lots.organisation.models import Unit

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

STATUS_LABELS = dict(Activity.Status.choices)
ASSESSMENT_LABELS = dict(GoalAssessment.Assessment.choices)


def docx_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _number(value) -> str:
    if value is None or value == "":
        return "–"
    text = str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _indicator_rows(unit: Unit, year: int, user, *, charts: bool) -> list[dict]:
    from lots.indicators import charts as indicator_charts
    from lots.indicators import selectors as indicator_selectors

    rows = []
    for row in indicator_selectors.for_plan(unit=unit, year=year, user=user):
        indicator = row.indicator
        target = getattr(row.target, "value", row.target)
        latest = getattr(row.latest, "total", row.latest)
        rows.append(
            {
                "name": indicator.name,
                "unit_of_measure": indicator.unit_of_measure,
                "direction": indicator.get_direction_display(),
                "split": indicator.get_split_display(),
                "target": _number(target),
                "latest": _number(latest),
                "meets_target": row.meets_target,
                "split_gap": row.split_gap,
                "chart": indicator_charts.svg(row) if charts else "",
            }
        )
    return rows


def _meets_label(value) -> str:
    if value is None:
        return _("Inget värde än")
    return _("Når målvärdet") if value else _("Når inte målvärdet")


def _follow_up_plan(unit: Unit, year: int) -> list[list[str]]:
    from lots.risks.models import FollowUpPlan

    plan = FollowUpPlan.objects.filter(unit=unit, year=year).first()
    if plan is None:
        return []
    return [
        [item.get_area_display(), str(item), item.when, item.due_date.isoformat(), str(item.who), item.how_reported]
        for item in plan.items.select_related("who").order_by("due_date", "pk")
    ]


def _with_labels(snapshot: dict) -> dict:
    """The snapshot with the Swedish labels of its coded values, for both documents."""
    for area in snapshot["areas"]:
        for goal in area["goals"]:
            goal["assessment_label"] = ASSESSMENT_LABELS.get(goal.get("assessment"), _("Inte bedömt"))
            for activity in goal["activities"]:
                activity["status_label"] = STATUS_LABELS.get(activity["status"], activity["status"])
    for activity in snapshot["law_activities"]:
        activity["status_label"] = STATUS_LABELS.get(activity["status"], activity["status"])
    counts = snapshot["counts"]
    snapshot["status_rows"] = [[STATUS_LABELS[key], n] for key, n in counts["activities_by_status"].items()]
    snapshot["assessment_rows"] = [[ASSESSMENT_LABELS[key], n] for key, n in counts["goals_by_assessment"].items()]
    return snapshot


def _unit_data(unit: Unit) -> dict:
    return {"name": unit.name, "kind": unit.get_kind_display(), "municipality": unit.municipality.name}


def plan_data(unit: Unit, year: int, user) -> dict:
    """The verksamhetsplan of ``unit`` for ``year``: its tree as it stands, its indicators, its follow-up plan."""
    plan = Plan.objects.filter(unit=unit, year=year).select_related("established_by").first()
    tree = goal_tree.build(unit, year, follow_up=None)
    if plan is not None and plan.is_established:
        status = _("Fastställd %(date)s av %(who)s, version %(version)s") % {
            "date": timezone.localdate(plan.established_at).isoformat(),
            "who": str(plan.established_by),
            "version": plan.version_number,
        }
    else:
        status = _("Utkast, utskrivet %(date)s") % {"date": timezone.localdate().isoformat()}
    return {
        "kind": "plan",
        "title": _("Verksamhetsplan %(year)s") % {"year": year},
        "unit": _unit_data(unit),
        "year": year,
        "status": status,
        "tree": _with_labels(goal_tree.snapshot(tree)),
        "indicators": _indicator_rows(unit, year, user, charts=True),
        "follow_up_plan": _follow_up_plan(unit, year),
    }


def report_data(follow_up: FollowUp, user) -> dict:
    """The verksamhetsberättelse of a follow-up: the frozen snapshot once established, else the data as it stands."""
    unit, year = follow_up.unit, follow_up.year
    if follow_up.is_established:
        snapshot = dict(follow_up.snapshot)
        status = _("Fastställd %(date)s av %(who)s") % {
            "date": timezone.localdate(follow_up.established_at).isoformat(),
            "who": str(follow_up.established_by),
        }
        indicators = [
            {
                "name": row["name"],
                "unit_of_measure": row["unit_of_measure"],
                "direction": "",
                "split": "",
                "target": _number(row["target"]),
                "latest": _number(row["latest"]),
                "meets_target": row["meets_target"],
                "split_gap": row["split_gap"],
                "chart": "",
            }
            for row in snapshot.get("indicators", [])
        ]
    else:
        snapshot = goal_tree.snapshot(goal_tree.build(unit, year, follow_up=follow_up))
        status = _("Utkast, siffror beräknade %(date)s") % {"date": timezone.localdate().isoformat()}
        indicators = _indicator_rows(unit, year, user, charts=False)
    for row in indicators:
        row["meets_label"] = _meets_label(row["meets_target"])
    return {
        "kind": "report",
        "title": _("Verksamhetsberättelse %(year)s, %(period)s")
        % {"year": year, "period": follow_up.get_period_display().lower()},
        "unit": _unit_data(unit),
        "year": year,
        "status": status,
        "tree": _with_labels(snapshot),
        "indicators": indicators,
        "follow_up_plan": [],
    }


def _add_meets(data: dict) -> dict:
    for row in data["indicators"]:
        row.setdefault("meets_label", _meets_label(row["meets_target"]))
    return data


def plan_pdf(data: dict) -> bytes:
    return render_pdf("goals/pdf/document.html", {"data": _add_meets(data)})


def report_pdf(data: dict) -> bytes:
    return render_pdf("goals/pdf/document.html", {"data": _add_meets(data)})


def _table(document, headers: list[str], rows: list[list], caption: str = "") -> None:
    if caption:
        document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Light Grid Accent 1"
    for i, header in enumerate(headers):
        table.rows[0].cells[i].text = str(header)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = "–" if value is None or value == "" else str(value)
    document.add_paragraph()


def _docx(data: dict) -> bytes:
    data = _add_meets(data)
    document = Document()
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = f"{data['title']} – {data['unit']['name']}"
    document.core_properties.language = "sv-SE"
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{data['title']} – {data['unit']['name']}")

    document.add_heading(data["title"], level=0)
    document.add_paragraph(f"{data['unit']['name']} ({data['unit']['kind'].lower()}), {data['unit']['municipality']}")
    document.add_paragraph(data["status"])
    tree = data["tree"]
    counts = tree["counts"]
    document.add_heading(_("Sammanfattning"), level=1)
    _table(
        document,
        [_("Uppgift"), _("Antal")],
        [
            [_("Målområden med mål"), counts["areas"]],
            [_("Resultatmål"), counts["goals"]],
            [_("Aktiviteter"), counts["activities"]],
        ],
    )
    if data["kind"] == "report":
        _table(
            document,
            [_("Bedömning"), _("Antal mål")],
            tree["assessment_rows"] + [[_("Inte bedömt"), counts["goals_not_assessed"]]],
        )
    _table(document, [_("Status"), _("Antal aktiviteter")], tree["status_rows"])

    document.add_heading(_("Mål och aktiviteter"), level=1)
    for area in tree["areas"]:
        if not area["goals"]:
            continue
        document.add_heading(f"{area['number']}. {area['name']}", level=2)
        for goal in area["goals"]:
            document.add_heading(f"{area['number']}.{goal['number']} {goal['title']}", level=3)
            decided = ", ".join(filter(None, [goal["decided_by"], goal["decision_reference"], goal["decision_date"]]))
            if decided:
                document.add_paragraph(_("Beslutat: %(decided)s") % {"decided": decided})
            if goal["concerns_clients"]:
                document.add_paragraph(_("Målet gäller brukare: redovisas för kvinnor och män, flickor och pojkar."))
            if data["kind"] == "report":
                document.add_paragraph(_("Bedömning: %(label)s") % {"label": goal["assessment_label"]})
                if goal["analysis"]:
                    document.add_paragraph(goal["analysis"])
            if goal["activities"]:
                _table(
                    document,
                    [_("Aktivitet"), _("Enhet"), _("Ansvarig"), _("Tid"), _("Status")],
                    [
                        [a["title"], a["unit"], a["owner"], f"{a['starts_on']} – {a['ends_on']}", a["status_label"]]
                        for a in goal["activities"]
                    ],
                )
            else:
                document.add_paragraph(_("Inga aktiviteter är planerade för målet."))
    if tree["law_activities"]:
        document.add_heading(_("Aktiviteter för lagkrav"), level=2)
        _table(
            document,
            [_("Aktivitet"), _("Lagkrav"), _("Ansvarig"), _("Tid"), _("Status")],
            [
                [a["title"], ", ".join(a["laws"]), a["owner"], f"{a['starts_on']} – {a['ends_on']}", a["status_label"]]
                for a in tree["law_activities"]
            ],
        )

    document.add_heading(_("Nyckeltal"), level=1)
    if data["indicators"]:
        _table(
            document,
            [_("Nyckeltal"), _("Målvärde"), _("Senaste värde"), _("Läge"), _("Uppdelning på kön")],
            [
                [
                    f"{row['name']} ({row['unit_of_measure']})",
                    row["target"],
                    row["latest"],
                    row["meets_label"],
                    _("Saknas för någon period") if row["split_gap"] else (row["split"] or "–"),
                ]
                for row in data["indicators"]
            ],
        )
        for row in data["indicators"]:
            if row["chart"]:
                document.add_paragraph(row["name"], style="Caption")
                document.add_picture(io.BytesIO(svg_to_png(row["chart"], scale=2.0)), width=Cm(16))
    else:
        document.add_paragraph(_("Inga nyckeltal är kopplade till verksamhetsplanen."))

    if data["kind"] == "plan":
        document.add_page_break()
        document.add_heading(_("Bilaga. Uppföljningsplan"), level=1)
        if data["follow_up_plan"]:
            _table(
                document,
                [_("Område"), _("Vad följs upp"), _("När"), _("Klart senast"), _("Vem"), _("Hur det rapporteras")],
                data["follow_up_plan"],
            )
        else:
            document.add_paragraph(_("Ingen uppföljningsplan är upprättad för året."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def plan_docx(data: dict) -> bytes:
    return _docx(data)


def report_docx(data: dict) -> bytes:
    return _docx(data)
