"""Pages where the quality coordinator manages people and their roles."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lots import access
from lots.accounts import services, sessions
from lots.accounts.forms import PersonForm, RoleForm
from lots.accounts.models import ApiToken, RoleAssignment, User
from lots.audit import services as audit
from lots.core.editing import edit_form
from lots.core.forms import LotsForm, apply_validation_error
from lots.core.lists import ListDefinition
from lots.core.pagination import list_query
from lots.lib.spreadsheets import FORMATS, table_response
from lots.mfa.stepup import require_recent_strong_auth
from lots.organisation.models import Provider


def _assignment_q(viewer, perm: str) -> Q:
    return access.unit_q(viewer, perm, field="unit") | access.provider_q(viewer, perm, field="provider")


def people_visible_to(viewer, perm: str = "person.view"):
    """People holding an active role somewhere the viewer may see people: one EXISTS on the unit tree."""
    in_scope = RoleAssignment.objects.active().filter(user=OuterRef("pk")).filter(_assignment_q(viewer, perm))
    return User.objects.filter(Exists(in_scope))


def _can_change(viewer, assignment: RoleAssignment) -> bool:
    if assignment.unit_id:
        return access.can(viewer, "person.change", assignment.unit)
    return access.can_provider(viewer, "person.change", assignment.provider)


def _role_form(viewer, data=None):
    units = access.visible_units(viewer, "person.change").open().order_by("municipality__name", "path")
    providers = access.scope_providers(Provider.objects.filter(closed_at__isnull=True), viewer, "person.change", field=None)
    return RoleForm(data, units=units, providers=providers)


class SearchInput(forms.TextInput):
    input_type = "search"


class PeopleFilterForm(LotsForm):
    q = forms.CharField(label=gettext_lazy("Sök namn eller användarnamn"), required=False, max_length=100, widget=SearchInput)


def _narrow_people(found, data: dict, viewer):
    term = data["q"].strip()
    if term:
        found = found.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(username__icontains=term))
    return found


def _with_roles(found, viewer):
    """Each person with ``active_roles``: their active roles on the units and providers the viewer may see people on,
    as the person page shows them."""
    roles = RoleAssignment.objects.active().filter(_assignment_q(viewer, "person.view"))
    roles = roles.select_related("unit", "provider").order_by("role")
    return found.prefetch_related(Prefetch("assignments", queryset=roles, to_attr="active_roles"))


PEOPLE = ListDefinition(
    name="People",
    form=PeopleFilterForm,
    scope=people_visible_to,
    narrow=_narrow_people,
    ordering=("first_name", "last_name", "username", "pk"),
    load=_with_roles,
)


def _filtered_people(request):
    """The people list as the viewer sees it with the search in the request; 404 without ``person.view``."""
    if not access.has_perm_anywhere(request.user, "person.view"):
        raise Http404
    return PEOPLE.bind(request.user, request.GET)


@login_required
def people(request):
    filtered = _filtered_people(request)
    return render(
        request,
        "accounts/people.html",
        {
            "form": filtered.form,
            "page_obj": filtered.page(request.GET.get("page")),
            "query": list_query(request),
            "can_add": access.has_perm_anywhere(request.user, "person.change"),
            "can_grant": access.has_perm_anywhere(request.user, "auditgrant.change"),
        },
        status=filtered.status,
    )


PEOPLE_HEADERS = [
    gettext_lazy("Namn"),
    gettext_lazy("Användarnamn"),
    gettext_lazy("E-post"),
    gettext_lazy("Titel"),
    gettext_lazy("Telefon"),
    gettext_lazy("Aktiv"),
    gettext_lazy("Roller"),
]


@login_required
@require_recent_strong_auth
def people_export(request, fmt: str):
    """The people the list shows for the same search, as Excel or CSV (``fmt``: xlsx or csv; other formats are a 404),
    one row a person with the roles as "Roll, enhet" joined by semicolons. The export is logged."""
    if fmt not in FORMATS:
        raise Http404
    filtered = _filtered_people(request)
    if not filtered.is_valid:
        return redirect(reverse("accounts:people") + "?" + request.GET.urlencode())
    rows = [
        [
            str(p),
            p.username,
            p.email,
            p.title,
            p.phone,
            _("Ja") if p.is_active else _("Nej"),
            "; ".join(str(a) for a in p.active_roles),
        ]
        for p in filtered.rows()
    ]
    audit.record_export(actor=request.user, what=gettext_lazy("personer"), count=len(rows), query=request.GET.urlencode())
    headers = [str(h) for h in PEOPLE_HEADERS]
    return table_response(fmt, f"personer-{timezone.localdate():%Y-%m-%d}", headers, rows, title=_("Personer"))


@login_required
def person_detail(request, pk: int):
    try:
        person = people_visible_to(request.user).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None
    assignments = [
        {"assignment": a, "can_end": _can_change(request.user, a)}
        for a in RoleAssignment.objects.active()
        .filter(_assignment_q(request.user, "person.view"), user=person)
        .select_related("unit", "unit__municipality", "provider")
    ]
    can_change = any(a["can_end"] for a in assignments)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "assignments": assignments,
            "can_change": can_change,
            "form": _role_form(request.user) if can_change else None,
            **_login_context(person, can_change),
        },
    )


def _login_context(person: User, can_manage: bool) -> dict:
    """Where the person is signed in and their API tokens, for those who may change the person."""
    if not can_manage:
        return {"can_manage_login": False}
    return {
        "can_manage_login": True,
        "session_rows": sessions.session_rows(person),
        "person_tokens": person.api_tokens.all(),
    }


def _managed_person(request, pk) -> User:
    """A person the viewer may change (``person.change`` on one of their current roles): 404 for someone the viewer
    may not see, 403 for someone they see but may not change."""
    try:
        person = people_visible_to(request.user).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None
    roles = RoleAssignment.objects.active().filter(user=person).select_related("unit", "provider")
    if not any(_can_change(request.user, a) for a in roles):
        raise PermissionDenied
    return person


@login_required
@require_POST
def person_sessions_end(request, pk: int):
    """End every session of the person (an administrator's step when an account may be misused). Audited."""
    person = _managed_person(request, pk)
    ended = sessions.sessions_end_all(actor=request.user, person=person, note="Sessioner avslutade av administratör")
    messages.success(request, _("%(name)s är utloggad överallt (%(count)s inloggningar).") % {"name": person, "count": ended})
    return redirect("accounts:person", pk=person.pk)


@login_required
@require_POST
def person_token_revoke(request, pk: int, token_pk: int):
    person = _managed_person(request, pk)
    try:
        token = person.api_tokens.get(pk=token_pk)
    except (ApiToken.DoesNotExist, ValueError):
        raise Http404 from None
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("API-nyckeln ”%(name)s” är återkallad.") % {"name": token.name})
    return redirect("accounts:person", pk=person.pk)


@login_required
def person_create(request):
    if not access.has_perm_anywhere(request.user, "person.change"):
        raise Http404
    form = PersonForm(request.POST or None)
    role_form = _role_form(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid() & role_form.is_valid():
        data, role = form.cleaned_data, role_form.cleaned_data
        try:
            person = services.person_invite(
                actor=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                title=data["title"],
                role=role["role"],
                unit=role["unit"],
                provider=role["provider"],
                include_subunits=role["include_subunits"],
            )
        except ValidationError as error:
            apply_validation_error(form if "username" in getattr(error, "error_dict", {}) else role_form, error)
        else:
            messages.success(request, _("%(name)s är upplagd och har fått ett mejl för att välja lösenord.") % {"name": person})
            return redirect("accounts:person", pk=person.pk)
    status = 422 if (form.errors or role_form.errors) else 200
    return render(request, "accounts/person_form.html", {"form": form, "role_form": role_form}, status=status)


@login_required
@require_POST
@require_recent_strong_auth
def role_add(request, pk: int):
    try:
        person = people_visible_to(request.user).get(pk=pk)
    except (User.DoesNotExist, ValueError):
        raise Http404 from None
    form = _role_form(request.user, request.POST)
    return edit_form(
        request,
        form,
        lambda data: services.role_assign(
            actor=request.user,
            user=person,
            role=data["role"],
            unit=data["unit"],
            provider=data["provider"],
            include_subunits=data["include_subunits"],
        ),
        page=lambda status: _person_page(request, person, form, status),
        success=_("Rollen är tilldelad."),
        redirect_to=reverse("accounts:person", args=[person.pk]),
    )


def _person_page(request, person, form, status: int):
    """The person's page with the role form as it was sent: why the role was not given."""
    assignments = [
        {"assignment": a, "can_end": _can_change(request.user, a)}
        for a in RoleAssignment.objects.active()
        .filter(_assignment_q(request.user, "person.view"), user=person)
        .select_related("unit", "provider")
    ]
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "assignments": assignments,
            "can_change": True,
            "form": form,
            **_login_context(person, any(a["can_end"] for a in assignments)),
        },
        status=status,
    )


@login_required
@require_POST
@require_recent_strong_auth
def role_end(request, pk: int, assignment_pk: int):
    try:
        person = people_visible_to(request.user).get(pk=pk)
        assignment = RoleAssignment.objects.active().select_related("unit", "provider").get(pk=assignment_pk, user=person)
    except (User.DoesNotExist, RoleAssignment.DoesNotExist, ValueError):
        raise Http404 from None
    if not _can_change(request.user, assignment):
        raise PermissionDenied
    services.role_end(actor=request.user, assignment=assignment)
    messages.success(request, _("Rollen är avslutad från och med i dag."))
    return redirect("accounts:person", pk=person.pk)
