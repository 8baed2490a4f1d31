"""The audit and access log: a search for the quality coordinator and auditors, and its Excel/CSV export."""

import zoneinfo

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lots import access
from lots.access import reads
from lots.accounts.models import Role
from lots.audit import services as audit
from lots.audit.models import AuditEntry, AuditRead
from lots.core.forms import LotsForm
from lots.core.lists import ListDefinition
from lots.core.pagination import list_query
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.organisation.models import Unit


class AuditSearchForm(LotsForm):
    person = forms.CharField(label=_("Person"), required=False, help_text=_("Namn eller användarnamn."))
    record = forms.CharField(label=_("Post"), required=False, help_text=_("Text i postens namn, eller dess id-nummer."))
    record_type = forms.ChoiceField(
        label=_("Typ av post"),
        required=False,
        help_text=_("Med ett id-nummer: vem som har läst eller ändrat just den posten, också i listor och exporter."),
    )
    action = forms.ChoiceField(label=_("Händelse"), required=False, choices=[("", _("Alla"))] + list(AuditEntry.Action.choices))
    date_from = forms.DateField(
        label=_("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = [("", _("Alla"))] + [
            (model._meta.label_lower, capfirst(model._meta.verbose_name)) for model in reads.confidential_models()
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Slutdatumet kan inte vara före startdatumet."))
        return data


def entries_visible_to(user):
    """Entries about records in the person's scope, read from their roles holding audit.view on open units (like
    every other scope, a closed unit gives none). Quality coordinators assigned on a municipality's top unit also see
    entries that belong to no unit (logins, API keys) of people in their scope."""
    condition = Q()
    for a in access.assignments_with(user, "audit.view"):
        condition |= Q(unit_path__startswith=a.unit.path) if a.include_subunits else Q(unit_id=a.unit_id)
        if a.role == Role.KVALITETSSAMORDNARE and a.unit.depth == 0 and a.include_subunits:
            condition |= Q(unit_id__isnull=True, actor__assignments__unit__path__startswith=a.unit.path)
    if not condition:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(condition).distinct()



def _narrow(entries, data: dict, user):
    if data["person"]:
        term = data["person"].strip()
        entries = entries.filter(Q(actor_name__icontains=term) | Q(actor__username__iexact=term))
    if data["record"] or data["record_type"]:
        entries = entries.filter(_record_q(data["record"].strip(), data["record_type"]))
    if data["action"]:
        entries = entries.filter(action=data["action"])
    if data["date_from"]:
        entries = entries.filter(at__date__gte=data["date_from"])
    if data["date_to"]:
        entries = entries.filter(at__date__lte=data["date_to"])
    return entries


def _filtered_entries(request):
    """The log search as the person sees it with the filters in the request, newest first; 404 for people without
    ``audit.view``. The search page and its export both read the log through here (lots.core.lists)."""
    if not access.has_perm_anywhere(request.user, "audit.view"):
        raise Http404
    return AUDIT_ENTRIES.bind(request.user, request.GET)


def _record_q(term: str, record_type: str) -> Q:
    """Entries about a record: text in its name, or its id, of any type or of ``record_type`` (an app_label.model).

    An id also finds the entries whose reads (lists, exports, pages) included the record; with a type, so does the
    record's number or reference as people write it ("AV-2026-0042")."""
    model = apps.get_model(record_type) if record_type else None
    content_type = ContentType.objects.get_for_model(model) if model else None
    read = AuditRead.objects.filter(content_type=content_type) if content_type else AuditRead.objects.all()
    typed = Q(content_type=content_type) if content_type else Q()
    if not term:
        return typed | Q(pk__in=read.values("entry_id"))
    ids = [str(pk) for pk in model._default_manager.named(term).values_list("pk", flat=True)] if model else [term]
    if term not in ids:
        ids.append(term)
    return typed & (Q(object_repr__icontains=term) | Q(object_id__in=ids)) | Q(
        pk__in=read.filter(object_id__in=ids).values("entry_id")
    )


AUDIT_ENTRIES = ListDefinition(
    name="AuditEntries",
    form=AuditSearchForm,
    scope=entries_visible_to,
    narrow=_narrow,
    ordering=("-at", "-id"),
    load=lambda entries, user: entries.select_related("content_type", "actor"),
)


@require_GET
@login_required
def search(request):
    filtered = _filtered_entries(request)
    return render(
        request,
        "audit/search.html",
        {"form": filtered.form, "page_obj": filtered.page(request.GET.get("page")), "query": list_query(request)},
        status=filtered.status,
    )


STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
EXPORT_HEADERS = [
    _("Tid (svensk tid)"),
    _("Person"),
    _("Användarnamn"),
    _("Händelse"),
    _("Typ av post"),
    _("Post"),
    _("Postens id"),
    _("Enhet"),
    _("Ändringar"),
    _("Anteckning"),
]


def _changes_text(entry: AuditEntry) -> str:
    return "; ".join(
        f"{label}: {'–' if before is None else before} → {'–' if after is None else after}"
        for label, before, after in entry.changes_display()
    )


class _Counted:
    """Iterates ``rows`` once, counting them, so a large log is neither held in memory twice nor counted apart."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _entry_rows(entries, unit_names: dict[int, str]):
    for e in entries.iterator(chunk_size=2000):
        yield [
            # Whole seconds in Swedish local time, without a zone: spreadsheet programs cannot show aware times.
            timezone.localtime(e.at, STOCKHOLM).replace(tzinfo=None, microsecond=0),
            e.actor_name,
            e.actor.username if e.actor else "",
            e.get_action_display(),
            capfirst(e.content_type.name) if e.content_type else "",
            e.object_repr,
            e.object_id,
            unit_names.get(e.unit_id, "") if e.unit_id else "",
            _changes_text(e),
            e.note,
        ]


@require_GET
@login_required
@require_recent_strong_auth
def search_export(request, fmt: str):
    """Every entry the search shows, with the same filters and scope, as Excel or CSV (``fmt``: xlsx or csv; other
    formats are a 404), uncapped; a search with errors goes back to the search page. The export is itself logged."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_entries(request)
    if not filtered.is_valid:
        return redirect(reverse("audit:search") + "?" + request.GET.urlencode())
    entries = filtered.rows()
    # The log keeps unit ids only (units can change without touching it), so their names are read once here.
    unit_names = dict(Unit.objects.filter(pk__in=entries.order_by().values("unit_id")).values_list("pk", "name"))
    rows = _Counted(_entry_rows(entries, unit_names))
    day = timezone.localdate(timezone=STOCKHOLM)
    response = table_response(fmt, f"logg-{day:%Y-%m-%d}", [str(h) for h in EXPORT_HEADERS], rows, title=gettext("Logg"))
    audit.record_export(actor=request.user, what=_("loggposter"), count=rows.count, query=request.GET.urlencode())
    return response
