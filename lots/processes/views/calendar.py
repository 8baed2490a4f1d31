"""The yearly calendar: the wheel and month views, rules, marking tasks done, and the personal iCalendar feed."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from lots import access
from lots.core.editing import edit_form, without_version
from lots.processes import access as paccess
from lots.processes import calendar as cal
from lots.processes import diagrams, ical, services
from lots.processes.forms import MONTHS, CalendarRuleForm, TaskDoneForm
from lots.processes.models import CalendarFeed, CalendarRule, CalendarTask, Process, Routine

MIN_YEAR, MAX_YEAR = 2000, 2100


def _tasks(user):
    return paccess.visible_by_unit(CalendarTask.objects.all(), user, "calendar.view")


@dataclass(frozen=True)
class Entry:
    """One line in the calendar: a task from a rule, or the review date of a routine or process."""

    title: str
    due_date: datetime.date
    place: str
    url: str
    done: bool
    task: CalendarTask | None = None


def _reviews(user, year: int, month: int | None = None, mine: bool = False) -> list[Entry]:
    """Review dates of the routines and processes the person can see (or owns, with ``mine``) in the period."""
    period = {"review_date__year": year}
    if month:
        period["review_date__month"] = month
    routines = paccess.visible(Routine.objects.filter(**period), user, "routine.view").filter(current_version__isnull=False)
    processes = paccess.visible(Process.objects.filter(**period), user, "process.view")
    if mine:
        routines, processes = routines.filter(owner=user), processes.filter(owner=user)
    entries = [
        Entry(_("Översyn av rutinen %(name)s") % {"name": r.title}, r.review_date, str(r.owner), r.get_absolute_url(), False)
        for r in routines.select_related("owner")
    ]
    entries += [
        Entry(
            _("Översyn av processen %(name)s") % {"name": p.name}, p.review_date, str(p.owner or ""), p.get_absolute_url(), False
        )
        for p in processes.select_related("owner")
    ]
    return entries


def _task_entry(task: CalendarTask) -> Entry:
    return Entry(task.title, task.due_date, task.unit.name, task.get_absolute_url(), task.is_done, task)


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404


def _mine_only(request) -> bool:
    return request.GET.get("mina") == "1"


@login_required
def calendar_index(request):
    if not access.has_perm_anywhere(request.user, "calendar.view"):
        raise Http404
    return redirect("processes:calendar_year", year=timezone.localdate().year)


@login_required
def calendar_year(request, year: int):
    _check_year(year)
    if not access.has_perm_anywhere(request.user, "calendar.view"):
        raise Http404
    today = timezone.localdate()
    mine = _mine_only(request)
    tasks = _tasks(request.user).filter(due_date__year=year).select_related("unit")
    if mine:
        tasks = tasks.filter(cal.responsible_q(request.user))
    by_month: dict[int, list] = {m: [] for m in range(1, 13)}
    entries = [_task_entry(t) for t in tasks] + _reviews(request.user, year, mine=mine)
    for entry in sorted(entries, key=lambda e: (e.due_date, e.title)):
        by_month[entry.due_date.month].append(entry)
    month_names = [str(label) for _m, label in MONTHS]
    sectors = diagrams.wheel({m: len(t) for m, t in by_month.items()}, month_names, today.month if today.year == year else None)
    municipalities = paccess.municipalities(request.user, "calendar.change")
    return render(
        request,
        "processes/calendar_year.html",
        {
            "year": year,
            "today": today,
            "mine": mine,
            "sectors": sectors,
            "months": [{"number": m, "name": month_names[m - 1], "tasks": by_month[m]} for m in range(1, 13)],
            "total": sum(len(t) for t in by_month.values()),
            "done": sum(1 for t in by_month.values() for entry in t if entry.done),
            "generate_in": municipalities,
            "can_change": bool(municipalities),
        },
    )


@login_required
def calendar_month(request, year: int, month: int):
    _check_year(year)
    if not 1 <= month <= 12 or not access.has_perm_anywhere(request.user, "calendar.view"):
        raise Http404
    mine = _mine_only(request)
    tasks = _tasks(request.user).filter(due_date__year=year, due_date__month=month).select_related("unit", "done_by", "rule")
    if mine:
        tasks = tasks.filter(cal.responsible_q(request.user))
    tasks = list(tasks.order_by("due_date", "title", "unit__path"))
    for task in tasks:
        task.may_complete = cal.may_complete(request.user, task)
    reviews = sorted(_reviews(request.user, year, month, mine=mine), key=lambda e: (e.due_date, e.title))
    first = datetime.date(year, month, 1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "processes/calendar_month.html",
        {
            "year": year,
            "month": month,
            "month_name": str(MONTHS[month - 1][1]),
            "tasks": tasks,
            "mine": mine,
            "today": timezone.localdate(),
            "previous": previous,
            "following": following,
            "form": TaskDoneForm(),
            "reviews": reviews,
        },
    )


def _task(request, pk) -> CalendarTask:
    try:
        task = _tasks(request.user).select_related("unit").get(pk=pk)
    except (CalendarTask.DoesNotExist, ValueError):
        raise Http404 from None
    if not cal.may_complete(request.user, task):
        raise PermissionDenied
    return task


def _back_to_month(task: CalendarTask):
    return redirect(reverse("processes:calendar_month", args=[task.due_date.year, task.due_date.month]) + f"#uppgift-{task.pk}")


@login_required
@require_POST
def task_done(request, pk: int):
    task = _task(request, pk)
    form = TaskDoneForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.task_complete(actor=request.user, task=task, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(title)s är markerad som klar.") % {"title": task.title})
    return _back_to_month(task)


@login_required
@require_POST
def task_reopen(request, pk: int):
    task = _task(request, pk)
    try:
        services.task_reopen(actor=request.user, task=task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(title)s är markerad som inte klar.") % {"title": task.title})
    return _back_to_month(task)


@login_required
@require_POST
def generate(request, year: int):
    _check_year(year)
    municipality = paccess.municipality_for(request, "calendar.change")
    created = services.calendar_generate(actor=request.user, municipality=municipality, year=year)
    messages.success(request, _("%(n)s nya uppgifter är skapade för %(year)s.") % {"n": len(created), "year": year})
    return redirect("processes:calendar_year", year=year)


@login_required
@require_POST
def seed(request):
    municipality = paccess.municipality_for(request, "calendar.change")
    created = services.calendar_seed(actor=request.user, municipality=municipality)
    messages.success(request, _("%(n)s regler är inlagda i årshjulet.") % {"n": len(created)})
    return redirect("processes:rules")


@login_required
def rule_list(request):
    if not access.has_perm_anywhere(request.user, "calendar.view"):
        raise Http404
    rules = paccess.visible_by_unit(CalendarRule.objects.all(), request.user, "calendar.view").select_related("unit")
    rules = list(rules.order_by("month", "day", "title"))
    for rule in rules:
        rule.can_edit = access.can(request.user, "calendar.change", rule.unit)
    municipalities = paccess.municipalities(request.user, "calendar.change")
    return render(
        request,
        "processes/rules.html",
        {"rules": rules, "can_create": bool(municipalities), "may_seed": bool(municipalities) and not rules},
    )


def _rule(request, pk) -> CalendarRule:
    return paccess.get_by_unit(
        CalendarRule.objects.select_related("unit"), request.user, pk, view="calendar.view", change="calendar.change", write=True
    )


@login_required
def rule_create(request):
    units = paccess.changeable_units(request.user, "calendar.change")
    if not units.exists():
        if access.has_perm_anywhere(request.user, "calendar.view"):
            raise PermissionDenied
        raise Http404
    form = CalendarRuleForm(request.POST or None, units=units)
    return edit_form(
        request,
        form,
        lambda data: services.rule_create(actor=request.user, **data),
        template="processes/rule_form.html",
        context={"rule": None},
        success=_("Regeln är sparad och årets kommande uppgifter är skapade."),
        redirect_to="processes:rules",
    )


@login_required
def rule_edit(request, pk: int):
    rule = _rule(request, pk)
    fields = [
        "title",
        "description",
        "unit",
        "per_unit_kind",
        "month",
        "day",
        "recurrence",
        "responsible_role",
        "phase",
        "remind_days_before",
        "active",
        "source",
    ]
    units = paccess.changeable_units(request.user, "calendar.change")
    form = CalendarRuleForm(request.POST or None, initial={f: getattr(rule, f) for f in fields}, units=units)
    form.add_version_field(rule.version)
    return edit_form(
        request,
        form,
        lambda data: services.rule_update(
            actor=request.user, rule=rule, expected_version=data["version"], **without_version(data)
        ),
        template="processes/rule_form.html",
        context={"rule": rule},
        success=_("Regeln är ändrad. Årets kommande uppgifter följer den nya regeln."),
        redirect_to="processes:rules",
        record=rule,
    )


@login_required
def feeds(request):
    """The person's secret calendar address: create (replacing the old one) or revoke."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            for feed in CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True):
                services.feed_revoke(actor=request.user, feed=feed)
            messages.success(request, _("Kalenderadressen är återkallad och slutar fungera direkt."))
        else:
            _feed, key = services.feed_create(actor=request.user)
            # Shown once on the next page and then gone: only the hash is stored.
            request.session["new_calendar_key"] = key
        return redirect("processes:feeds")
    key = request.session.pop("new_calendar_key", None)
    url = request.build_absolute_uri(reverse("processes:feed", args=[key])) if key else None
    return render(
        request,
        "processes/feeds.html",
        {
            "new_url": url,
            "feeds": CalendarFeed.objects.filter(user=request.user)[:10],
            "active": CalendarFeed.objects.filter(user=request.user, revoked_at__isnull=True).exists(),
        },
    )


@never_cache
@require_GET
def feed(request, key: str):
    """The iCalendar feed. No login: the secret key in the address is the credential."""
    user = services.feed_user(key)
    if user is None:
        raise Http404
    base = f"{request.scheme}://{request.get_host()}"
    body = ical.build(user, base_url=base, today=timezone.localdate())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lots.ics"'
    return response
