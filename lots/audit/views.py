from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from lots import access
from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.core.forms import LotsForm


class AuditSearchForm(LotsForm):
    person = forms.CharField(label=_("Person"), required=False, help_text=_("Namn eller användarnamn."))
    record = forms.CharField(label=_("Post"), required=False, help_text=_("Text i postens namn, eller dess id-nummer."))
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

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Slutdatumet kan inte vara före startdatumet."))
        return data


def entries_visible_to(user):
    """Entries about records in the person's scope. Quality coordinators assigned on a municipality's top
    unit also see entries that belong to no unit (logins, API keys) of people in their scope."""
    condition = access.unit_q(user, "audit.view", field=None).__class__()
    for a in access.assignments_of(user):
        if a.role in access.roles_with("audit.view") and a.unit_id:
            condition |= Q(unit_path__startswith=a.unit.path) if a.include_subunits else Q(unit_id=a.unit_id)
            if a.role == Role.KVALITETSSAMORDNARE and a.unit.depth == 0 and a.include_subunits:
                condition |= Q(unit_id__isnull=True, actor__assignments__unit__path__startswith=a.unit.path)
    if not condition:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(condition).distinct()


@require_GET
@login_required
def search(request):
    if not access.has_perm_anywhere(request.user, "audit.view"):
        raise Http404
    form = AuditSearchForm(request.GET or None)
    entries = entries_visible_to(request.user).select_related("content_type")
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            term = data["person"].strip()
            entries = entries.filter(Q(actor_name__icontains=term) | Q(actor__username__iexact=term))
        if data["record"]:
            term = data["record"].strip()
            entries = entries.filter(Q(object_repr__icontains=term) | Q(object_id=term))
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
    page = Paginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/search.html", {"form": form, "page_obj": page, "query": query.urlencode()})
