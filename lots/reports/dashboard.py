"""The overview (*översikt*) for a unit with its sub-units: a few widgets, each one aggregate query (or a fixed few).

A person whose scope stops at the unit (a role held without sub-units) gets the
unit alone: every widget takes its conditions from ``Reach`` (lots.reports.reach).

Every number links to the list behind it, with that list's own filter
parameters, for those who may open the list; the number is computed with the
same conditions as the list, so the two agree.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lots import access
from lots.deviations.models import Deviation, DeviationSettings, LexSarahInvestigation, overdue_q
from lots.feedback.models import FeedbackCase, FeedbackSettings
from lots.improvements.models import ImprovementAction
from lots.organisation.models import Unit
from lots.reports import trends
from lots.reports.periods import add_months, day_start, last_complete_month, month_start, months_ending
from lots.reports.reach import Reach
from lots.reports.sections import DEVIATIONS, FEEDBACK, feedback_cases
from lots.risks.models import ControlActivity, ControlRound, Risk, RiskAnalysis, RiskScale
from lots.risks.models.scale import BUILT_IN_TEXTS, shown

S = Deviation.State
# Widgets of the issue whose module is not in the system yet.
MISSING_WIDGETS: list = []


@dataclass
class Figure:
    label: str
    value: int | None
    url: str | None = None
    tone: str = ""  # "", "danger", "warning" or "ok"
    key: str = ""
    data_label: bool = False  # the label is the municipality's own words (a risk level it named), kept in Swedish


@dataclass
class Widget:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    note: str = ""
    signals: list = field(default_factory=list)
    chart: dict | None = None
    more_url: str | None = None
    more_label: str = ""


def _url(name: str, params: dict | None = None, args=None) -> str | None:
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(params)}" if params else url


def deviation_list_params(unit: Unit, **filters) -> dict:
    return {"unit": unit.pk, **filters}


def deviations_widget(user, unit: Unit, today: datetime.date) -> Widget:
    config = DeviationSettings.for_municipality(unit.municipality)
    recent = today - datetime.timedelta(days=29)
    in_scope = Deviation.objects.filter(Reach.of(user, unit).q())
    # Two queries: the open reports (a partial index holds only those) and the last 30 days' reports (by date).
    counts = in_scope.exclude(state=S.CLOSED).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_q(config, today)),
        lex_sarah=Count("pk", filter=Q(possible_lex_sarah=True)),
        serious=Count(
            "pk",
            filter=Q(
                pk__in=LexSarahInvestigation.objects.filter(classification__in=sorted(LexSarahInvestigation.SERIOUS)).values(
                    "deviation_id"
                )
            ),
        ),
    )
    counts["recent"] = in_scope.reported_between(recent, today).count()
    sees_list = access.can(user, "deviation.view", unit)
    sees_compilation = access.can(user, "deviation.statistics", unit)

    def listed(**filters):
        return _url("deviations:index", deviation_list_params(unit, **filters)) if sees_list else None

    recent_url = listed(start=recent.isoformat(), end=today.isoformat())
    if recent_url is None and sees_compilation:
        recent_url = _url("deviations:compilation", {"unit": unit.pk, "start": recent.isoformat(), "end": today.isoformat()})
    return Widget(
        key="deviations",
        title=_("Avvikelser och lex Sarah"),
        figures=[
            Figure(_("Öppna avvikelser"), counts["open"], listed(state="open"), key="open"),
            Figure(
                _("Försenade"),
                counts["overdue"],
                listed(overdue="1"),
                "danger" if counts["overdue"] else "ok",
                key="overdue",
            ),
            Figure(
                _("Öppna lex Sarah-ärenden"),
                counts["lex_sarah"],
                listed(state="open", lex_sarah="ja"),
                "warning" if counts["lex_sarah"] else "",
                key="lex_sarah",
            ),
            Figure(
                _("Allvarliga missförhållanden, öppna"),
                counts["serious"],
                listed(state="open", seriousness="allvarligt"),
                "danger" if counts["serious"] else "",
                key="serious",
            ),
            Figure(_("Rapporterade senaste 30 dagarna"), counts["recent"], recent_url, key="recent"),
        ],
        note="" if sees_list else _("Du ser antal, inte enskilda ärenden."),
        more_url=_url("reports:overdue", {"unit": unit.pk}) if sees_list else None,
        more_label=_("Se vilka steg som är försenade och hur länge"),
    )


def improvements_widget(user, unit: Unit, today: datetime.date) -> Widget:
    """Actions per PDSA stage; each number is the improvement list filtered on the unit and that stage (one query)."""
    Stage = ImprovementAction.Stage
    counts = ImprovementAction.objects.filter(Reach.of(user, unit).q()).aggregate(
        **{stage: Count("pk", filter=Q(stage=stage)) for stage in Stage.values},
        overdue=Count("pk", filter=~Q(stage=Stage.CLOSED) & Q(due_date__lt=today)),
    )
    labels = dict(Stage.choices)
    sees = access.can(user, "improvement.view", unit)

    def listed(**filters):
        return _url("improvements:index", {"unit": unit.pk, **filters}) if sees else None

    figures = [Figure(str(labels[s]), counts[s], listed(stage=s), key=s) for s in ImprovementAction.PDSA]
    figures += [
        Figure(_("Försenade"), counts["overdue"], listed(overdue="1"), "danger" if counts["overdue"] else "ok", key="overdue"),
        Figure(_("Avslutade"), counts[Stage.CLOSED], listed(stage=Stage.CLOSED), key=Stage.CLOSED),
    ]
    return Widget(key="improvements", title=_("Förbättringsåtgärder per steg"), figures=figures)


def risks_widget(user, unit: Unit, today: datetime.date) -> Widget:
    """Risks found in the last twelve months' analyses, by level on the municipality's scale (two queries), and the
    departments still without this year's analysis with a client perspective (one query)."""
    scale = RiskScale.for_municipality(unit.municipality)
    reach = Reach.of(user, unit)
    values = (
        Risk.objects.filter(reach.q("analysis__unit"), analysis__performed_on__gt=today - datetime.timedelta(days=365))
        .values("value")
        .annotate(n=Count("pk"))
        .order_by()
    )
    # Counted by the names as stored (the risk list filters on them); shown in the reader's language below.
    levels = scale.ordered_levels(as_stored=True)
    by_level = {level.name: 0 for level in levels}

    def stored_name(value: int) -> str:  # as RiskScale.level_for_value, on the stored names
        chosen = levels[0]
        for level in levels:
            if value >= level.min_value:
                chosen = level
        return chosen.name

    for row in values:
        by_level[stored_name(row["value"])] += row["n"]
    departments = reach.units().open().filter(kind=Unit.Kind.AVDELNING)
    missing = RiskAnalysis.objects.departments_without_yearly(departments, today.year).count()
    high = {level.name for level in levels if level.high}
    sees = access.can(user, "risk.view", unit)
    since = (today - datetime.timedelta(days=364)).isoformat()

    def listed(name: str) -> str | None:
        return _url("risks:risk_list", {"unit": unit.pk, "level": name, "performed_from": since}) if sees else None

    figures = [
        Figure(
            shown(name),
            n,
            listed(name),
            "danger" if name in high and n else "",
            key=f"level-{i}",
            data_label=name not in BUILT_IN_TEXTS,
        )
        for i, (name, n) in enumerate(by_level.items())
    ]
    figures.append(
        Figure(
            _("Avdelningar utan årets riskanalys med klientperspektiv"),
            missing,
            _url("risks:yearly", {"ar": today.year}) if sees else None,
            "warning" if missing else "ok",
            key="departments_missing",
        )
    )
    return Widget(
        key="risks",
        title=_("Risker per nivå"),
        figures=figures,
        note=_("Risker i riskanalyser gjorda de senaste tolv månaderna, efter bedömt riskvärde."),
        more_url=_url("risks:analyses", {"year": today.year}) if sees else None,
        more_label=_("Till riskanalyserna"),
    )


def inspection_widget(user, unit: Unit, today: datetime.date) -> Widget:
    """This year's self-inspection rounds and internal-control activities: planned, done, overdue (two queries)."""
    reach = Reach.of(user, unit)
    rounds = ControlRound.objects.filter(reach.q("control_point__plan__unit"), due_date__year=today.year).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ControlRound.Status.DONE)),
        overdue=Count("pk", filter=~Q(status=ControlRound.Status.DONE) & Q(due_date__lt=today)),
    )
    activities = ControlActivity.objects.filter(reach.q("plan__unit"), plan__year=today.year).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ControlActivity.Status.DONE)),
        overdue=Count("pk", filter=~Q(status=ControlActivity.Status.DONE) & Q(due_date__lt=today)),
    )
    sees_rounds = access.can(user, "inspection.view", unit)
    sees_activities = access.can(user, "internalcontrol.view", unit)

    def listed(sees: bool, name: str, status: str = "") -> str | None:
        params = {"unit": unit.pk, "year": today.year} | ({"status": status} if status else {})
        return _url(name, params) if sees else None

    def rounds_url(status: str = "") -> str | None:
        return listed(sees_rounds, "risks:rounds", status)

    def activities_url(status: str = "") -> str | None:
        return listed(sees_activities, "risks:activities", status)

    share = round(100 * rounds["done"] / rounds["total"]) if rounds["total"] else None
    return Widget(
        key="inspection",
        title=_("Egenkontroll och internkontroll %(year)s") % {"year": today.year},
        figures=[
            Figure(_("Egenkontroller planerade i år"), rounds["total"], rounds_url(), key="rounds"),
            Figure(
                _("Genomförda (%(share)s %%)") % {"share": share} if share is not None else _("Genomförda"),
                rounds["done"],
                rounds_url("done"),
                "ok" if rounds["total"] and rounds["done"] == rounds["total"] else "",
                key="rounds_done",
            ),
            Figure(
                _("Försenade egenkontroller"),
                rounds["overdue"],
                rounds_url("overdue"),
                "danger" if rounds["overdue"] else "ok",
                key="rounds_overdue",
            ),
            Figure(_("Kontrollaktiviteter i internkontrollen"), activities["total"], activities_url(), key="activities"),
            Figure(_("Genomförda kontrollaktiviteter"), activities["done"], activities_url("done"), key="activities_done"),
            Figure(
                _("Försenade kontrollaktiviteter"),
                activities["overdue"],
                activities_url("overdue"),
                "danger" if activities["overdue"] else "ok",
                key="activities_overdue",
            ),
        ],
    )


def feedback_widget(user, unit: Unit, today: datetime.date) -> Widget:
    """Open, late and recent cases, and the share of the last twelve months' cases completed within the deadline
    (counted as the feedback module's compilation counts it: closed in time of those closed or late). Three queries."""
    Kind, Status = FeedbackCase.Kind, FeedbackCase.Status
    deadline = FeedbackSettings.for_municipality(unit.municipality).deadline_days
    window_start = today - datetime.timedelta(days=364)
    recent = today - datetime.timedelta(days=29)
    in_scope = FeedbackCase.objects.filter(Reach.of(user, unit).q())
    # Two queries: the open cases (a partial index holds only those) and the last twelve months' cases (by date).
    counts = in_scope.exclude(status=Status.CLOSED).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_date__lt=today)),
        complaints=Count("pk", filter=Q(kind=Kind.COMPLAINT)),
    )
    closed = Q(status=Status.CLOSED)
    counts |= (
        in_scope.received_between(window_start, today)
        .annotate(closed_on=TruncDate("closed_at", tzinfo=timezone.get_current_timezone()))
        .aggregate(
            recent=Count("pk", filter=Q(received_at__gte=day_start(recent))),
            window_closed=Count("pk", filter=closed),
            window_overdue=Count("pk", filter=~closed & Q(due_date__lt=today)),
            window_in_time=Count("pk", filter=closed & Q(closed_on__lte=F("due_date"))),
        )
    )
    decided = counts["window_closed"] + counts["window_overdue"]
    share = round(100 * counts["window_in_time"] / decided) if decided else None
    sees_list = access.can(user, "feedback.view", unit)
    sees_compilation = access.can(user, "feedback.statistics", unit)

    def listed(**filters):
        return _url("feedback:index", {"unit": unit.pk, **filters}) if sees_list else None

    def compiled(start: datetime.date):
        return (
            _url("feedback:compilation", {"unit": unit.pk, "date_from": start.isoformat(), "date_to": today.isoformat()})
            if sees_compilation
            else None
        )

    return Widget(
        key="feedback",
        title=_("Synpunkter och klagomål"),
        figures=[
            Figure(_("Öppna ärenden"), counts["open"], listed(status="oppna"), key="open"),
            Figure(
                _("Försenade"), counts["overdue"], listed(overdue="1"), "danger" if counts["overdue"] else "ok", key="overdue"
            ),
            Figure(_("Öppna klagomål"), counts["complaints"], listed(status="oppna", kind=Kind.COMPLAINT), key="complaints"),
            Figure(
                _("Inkomna senaste 30 dagarna"),
                counts["recent"],
                listed(date_from=recent.isoformat(), date_to=today.isoformat()) or compiled(recent),
                key="recent",
            ),
            Figure(
                _("Avslutade inom %(days)s dagar senaste året, %%") % {"days": deadline},
                share,
                compiled(window_start),
                "ok" if share is not None and share >= 90 else ("danger" if share is not None and share < 75 else "warning"),
                key="share_in_time",
            ),
        ],
        note="" if sees_list else _("Du ser antal, inte enskilda ärenden."),
    )


def signals_widget(user, unit: Unit, today: datetime.date) -> Widget:
    """Where things are getting worse: control-chart signals of the last twelve months, for the unit and those below it
    (or the unit alone)."""
    last = last_complete_month(today)
    months = months_ending(last, trends.DEFAULT_MONTHS)
    reach = Reach.of(user, unit)
    series_list = reach.series(Deviation.objects.all(), DEVIATIONS, months)
    feedback_series = reach.series(feedback_cases(), FEEDBACK, months)
    signals = trends.signals_within(series_list + feedback_series, add_months(month_start(last), -11), last)
    shown = series_list and series_list[0].total and not series_list[0].too_short
    chart = trends.control_chart_block(series_list[0], "control") if shown else None
    return Widget(
        key="signals",
        title=_("Var det blir sämre"),
        signals=[{"text": s.text, "worse": s.worse, "url": _url("reports:trends", {"unit": s.unit_id})} for s in signals],
        chart=chart,
        note=_(
            "Signaler i styrdiagrammen för avvikelser och för synpunkter och klagomål per månad, de senaste tolv hela månaderna."
        ),
        more_url=_url("reports:trends", {"unit": unit.pk}),
        more_label=_("Se styrdiagram per enhet"),
    )


WIDGETS: list[tuple[str, Callable]] = [
    ("deviations", deviations_widget),
    ("signals", signals_widget),
    ("feedback", feedback_widget),
    ("improvements", improvements_widget),
    ("risks", risks_widget),
    ("inspection", inspection_widget),
]


def module_widgets() -> list[tuple[str, Callable]]:
    """Widgets of other apps: ``lots.<app>.overview_widget.widget(user, unit, today) -> Widget | None``.

    Such a widget shows the gaps its register knows of (agreements past review, interventions without a contract, ...);
    it answers None when the person may not read that register or it holds nothing for the unit.
    """
    from lots.core.discovery import app_modules

    return [(module.__name__.split(".")[1], module.widget) for module in app_modules("overview_widget")]


def widgets_for(user, unit: Unit, today: datetime.date) -> list[Widget]:
    """The widgets in the order the person needs them: managers their cases first, readers the signals first."""
    built = [build(user, unit, today) for _key, build in WIDGETS]
    built += [w for _key, build in module_widgets() if (w := build(user, unit, today)) is not None]
    if not access.can(user, "deviation.view", unit):
        built.sort(key=lambda w: w.key != "signals")
    return built
