"""The page where the quality coordinator lets a granskare read case records for a named audit, for a limited time.

Everything here needs ``auditgrant.change`` on the grant's unit; "not there" and "not yours" both answer 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lots import access
from lots.accounts import services
from lots.accounts.forms import AuditGrantForm
from lots.accounts.models import AuditGrant, Role, RoleAssignment, User
from lots.core.editing import edit_form

PERM = "auditgrant.change"


def auditors_for(viewer):
    """Active people holding the granskare role in a municipality where the viewer may grant."""
    municipalities = access.visible_units(viewer, PERM).values("municipality_id")
    holding = RoleAssignment.objects.active().filter(
        user=OuterRef("pk"), role=Role.GRANSKARE, unit__municipality_id__in=municipalities
    )
    return User.objects.filter(Exists(holding), is_active=True).order_by("first_name", "last_name", "username")


def grants_visible_to(viewer):
    return AuditGrant.objects.filter(access.unit_q(viewer, PERM)).select_related("auditor", "unit", "granted_by", "revoked_by")


def _form(viewer, data=None) -> AuditGrantForm:
    units = access.visible_units(viewer, PERM).open().order_by("municipality__name", "path")
    return AuditGrantForm(data, auditors=auditors_for(viewer), units=units, initial={"valid_from": timezone.localdate()})


def _status(grant: AuditGrant, today) -> str:
    if grant.revoked_at is not None:
        return _("Återkallad")
    if grant.valid_until < today:
        return _("Utgången")
    if grant.valid_from > today:
        return _("Kommande")
    return _("Gäller")


@login_required
def grants(request):
    """List the grants in the viewer's units and, on POST, grant a new one."""
    if not access.has_perm_anywhere(request.user, PERM):
        raise Http404
    form = _form(request.user, request.POST if request.method == "POST" else None)
    return edit_form(
        request,
        form,
        lambda data: services.audit_grant_create(
            actor=request.user,
            auditor=data["auditor"],
            unit=data["unit"],
            purpose=data["purpose"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
        ),
        template="accounts/audit_grants.html",
        context=lambda: {"rows": _rows(request.user)},
        success=lambda grant: (
            _("%(auditor)s kan läsa ärendena för %(unit)s till och med %(until)s.")
            % {"auditor": grant.auditor, "unit": grant.unit, "until": grant.valid_until.isoformat()}
        ),
        redirect_to="accounts:audit_grants",
    )


def _rows(viewer) -> list[dict]:
    today = timezone.localdate()
    return [
        {"grant": g, "status": _status(g, today), "can_revoke": g.revoked_at is None and g.valid_until >= today}
        for g in grants_visible_to(viewer).order_by("-valid_until", "-pk")
    ]


@login_required
@require_POST
def grant_revoke(request, pk: int):
    try:
        grant = grants_visible_to(request.user).get(pk=pk)
    except (AuditGrant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    services.audit_grant_revoke(actor=request.user, grant=grant)
    messages.success(request, _("Läsrätten för ”%(purpose)s” är återkallad.") % {"purpose": grant.purpose})
    return redirect("accounts:audit_grants")
