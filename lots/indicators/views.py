"""Indicator pages: the list with each year's latest value against its target, one indicator with its chart and
table, the indicator's form, its targets, and the value entry a unit manager uses (the value against the target is
shown right after saving)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lots import access
from lots.core.editing import edit_form, without_version
from lots.indicators import access as indicator_access
from lots.indicators import charts, selectors, services, underlying
from lots.indicators.forms import IndicatorForm, TargetForm, ValueForm
from lots.indicators.models import Indicator, Target, Value
from lots.indicators.periods import Period, periods_in_year
from lots.organisation.models import Unit

FIELDS = ["name", "definition", "unit_of_measure", "direction", "frequency", "split", "source", "computed_key"]
FIELDS += ["kolada_kpi", "owner", "process", "active"]


def _year(request) -> int:
    try:
        year = int(request.GET.get("ar", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _require_register(user) -> None:
    if not access.has_perm_anywhere(user, indicator_access.VIEW):
        raise Http404


@login_required
def index(request):
    _require_register(request.user)
    year = _year(request)
    indicators = (
        indicator_access.visible(request.user).filter(active=True).select_related("unit", "owner", "process", "municipality")
    )
    unit = None
    if request.GET.get("enhet", "").isdigit():
        unit = access.visible_units(request.user, indicator_access.VIEW).filter(pk=request.GET["enhet"]).first()
        if unit is not None:
            indicators = indicators.filter(unit__path__startswith=unit.path)
    rows = selectors.years_of(indicators.order_by("unit__path", "name", "pk"), year)
    return render(
        request,
        "indicators/index.html",
        {
            "rows": rows,
            "year": year,
            "unit": unit,
            "years": [year - 1, year, year + 1],
            "can_create": access.has_perm_anywhere(request.user, indicator_access.CHANGE),
        },
    )


@login_required
def detail(request, pk: int):
    indicator = indicator_access.get_indicator(request.user, pk)
    year = _year(request)
    [data] = selectors.years_of([indicator], year)
    saved = None
    if request.GET.get("sparat"):
        try:
            saved = data.value_for(datetime.date.fromisoformat(request.GET["sparat"]))
        except ValueError:
            saved = None
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "data": data,
            "year": year,
            "years": [year - 1, year, year + 1],
            "chart": charts.svg(data),
            "table": charts.table(data),
            "saved": saved,
            "saved_meets": services.meets(saved.total if saved else None, data.target, indicator.direction),
            "targets": indicator.targets.order_by("-year"),
            "goals": indicator.goals.select_related("area").order_by("year", "number"),
            "can_change": indicator_access.can_change(request.user, indicator),
            "can_record": indicator_access.can_record(request.user, indicator)
            and indicator.source in (Indicator.Source.MANUAL, Indicator.Source.KOLADA),
            "source_note": _source_note(indicator),
            "underlying": underlying.links(request.user, indicator, [v.period for v in data.values]),
        },
    )


def _source_note(indicator: Indicator) -> str:
    from lots.indicators import sources

    if indicator.source == Indicator.Source.COMPUTED:
        source = sources.get(indicator.computed_key)
        return str(source.definition) if source else ""
    if indicator.source == Indicator.Source.KOLADA:
        return _("Hämtas ur den inlästa jämförelsedatan från Kolada (%(kpi)s).") % {"kpi": indicator.kolada_kpi}
    return ""


def _form_context(user, indicator=None):
    units = indicator_access.changeable_units(user)
    municipality_ids = sorted({u.municipality_id for u in units}) or ([indicator.municipality_id] if indicator else [])
    return units, municipality_ids


@login_required
def create(request):
    units, municipality_ids = _form_context(request.user)
    if not units.exists():
        if access.has_perm_anywhere(request.user, indicator_access.VIEW):
            raise PermissionDenied
        raise Http404
    initial = {"owner": request.user, "active": True, "frequency": Indicator.Frequency.MONTH}
    if request.GET.get("process", "").isdigit():
        initial["process"] = request.GET["process"]
    form = IndicatorForm(request.POST or None, units=units, municipality_ids=municipality_ids, initial=initial)

    def save(data):
        values = without_version(data)
        values.pop("active", None)
        return services.indicator_create(actor=request.user, **values)

    return edit_form(
        request,
        form,
        save,
        template="indicators/form.html",
        context={"indicator": None},
        success=_("Nyckeltalet är skapat. Lägg till målvärdet för året."),
        redirect_to=lambda created: reverse("indicators:detail", args=[created.pk]),
    )


@login_required
def edit(request, pk: int):
    indicator = indicator_access.get_indicator(request.user, pk, write=indicator_access.CHANGE)
    units, municipality_ids = _form_context(request.user, indicator)
    initial = {name: getattr(indicator, name) for name in FIELDS}
    initial["unit"] = indicator.unit
    form = IndicatorForm(
        request.POST or None,
        units=Unit.objects.filter(pk=indicator.unit_id),
        municipality_ids=municipality_ids,
        initial=initial,
    )
    form.fields["unit"].disabled = True
    form.add_version_field(indicator.version)

    def save(data):
        values = {k: v for k, v in without_version(data).items() if k in FIELDS}
        return services.indicator_update(actor=request.user, indicator=indicator, expected_version=data["version"], **values)

    return edit_form(
        request,
        form,
        save,
        template="indicators/form.html",
        context={"indicator": indicator},
        success=_("Ändringarna är sparade."),
        redirect_to=indicator,
        record=indicator,
    )


@login_required
def target(request, pk: int):
    indicator = indicator_access.get_indicator(request.user, pk, write=indicator_access.CHANGE)
    year = _year(request)
    if request.method == "POST" and request.POST.get("year", "").isdigit():
        year = int(request.POST["year"])
    existing = Target.objects.filter(indicator=indicator, year=year).first()
    form = TargetForm(request.POST or None, initial={"year": year, "value": existing.value if existing else ""})
    form.add_version_field(existing.version if existing else 0)

    def save(data):
        found = Target.objects.filter(indicator=indicator, year=data["year"]).first()
        return services.target_set(
            actor=request.user,
            indicator=indicator,
            year=data["year"],
            value=data["value"],
            expected_version=data["version"] if found else None,
        )

    return edit_form(
        request,
        form,
        save,
        template="indicators/target.html",
        context={"indicator": indicator, "year": year},
        success=_("Målvärdet är sparat."),
        redirect_to=lambda saved: f"{reverse('indicators:detail', args=[indicator.pk])}?ar={saved.year}",
        record=lambda: Target.objects.filter(indicator=indicator, year=year).first(),
    )


@login_required
def record(request, pk: int):
    """The value entry: a period of the year, the total and the split; after saving, the value against its target."""
    indicator = indicator_access.get_indicator(request.user, pk, write=indicator_access.RECORD)
    if indicator.source == Indicator.Source.COMPUTED:
        messages.error(request, _("Nyckeltalet beräknas ur Lots och matas inte in."))
        return _to_detail(indicator, timezone.localdate().year)
    today = timezone.localdate()
    year = _year(request)
    periods = [p for p in periods_in_year(year, indicator.frequency) if p.has_begun(today)]
    if not periods:
        periods = [p for p in periods_in_year(today.year, indicator.frequency) if p.has_begun(today)]
    chosen = request.POST.get("period_start") or request.GET.get("period") or periods[-1].start.isoformat()
    try:
        chosen_day = datetime.date.fromisoformat(chosen)
    except ValueError:
        chosen_day = periods[-1].start
    existing = Value.objects.filter(indicator=indicator, period_start=chosen_day).first()
    initial = {"period_start": chosen_day.isoformat()}
    if existing:
        initial |= {
            "total": _plain(existing.total),
            "female": _plain(existing.female),
            "male": _plain(existing.male),
            "split_missing_reason": existing.split_missing_reason,
        }
    form = ValueForm(request.POST or None, indicator=indicator, periods=periods, initial=initial)
    form.add_version_field(existing.version if existing else 0)

    def save(data):
        found = Value.objects.filter(indicator=indicator, period_start=data["period_start"]).first()
        return services.value_record(
            actor=request.user,
            indicator=indicator,
            period_start=data["period_start"],
            total=data["total"],
            female=data.get("female"),
            male=data.get("male"),
            split_missing_reason=data.get("split_missing_reason", ""),
            expected_version=data["version"] if found else None,
        )

    def saved_message(value) -> str:
        return _("Värdet för %(period)s är sparat.") % {"period": _label(indicator, value.period_start)}

    return edit_form(
        request,
        form,
        save,
        template="indicators/record.html",
        context=lambda: {"indicator": indicator, "existing": existing, "frozen": bool(existing and existing.frozen_in_id)},
        success=saved_message,
        redirect_to=lambda value: (
            f"{reverse('indicators:detail', args=[indicator.pk])}?ar={value.period_start.year}"
            f"&sparat={value.period_start.isoformat()}#sparat"
        ),
        record=lambda: Value.objects.filter(indicator=indicator, period_start=chosen_day).first(),
    )


def _label(indicator: Indicator, day: datetime.date) -> str:
    return Period(day, indicator.frequency).label


def _plain(value) -> str:
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _to_detail(indicator: Indicator, year: int):
    return redirect(f"{reverse('indicators:detail', args=[indicator.pk])}?ar={year}")
