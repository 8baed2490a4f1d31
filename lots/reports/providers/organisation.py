"""Ansvar och organisation: the units in scope, who leads them, and the roles in the management system."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lots import access
from lots.accounts.models import Role
from lots.organisation.models import Unit
from lots.reports import blocks
from lots.reports.providers.base import Scope, Section

LINE_ROLES = [Role.NAMNDLEDAMOT, Role.FORVALTNINGSCHEF, Role.AVDELNINGSCHEF, Role.ENHETSCHEF, Role.VERKSAMHETSLEDARE]


class OrganisationSection(Section):
    key = "organisation"
    title = gettext_lazy("Ansvar och organisation")
    guidance = gettext_lazy(
        "Beskriv hur ansvaret för kvalitetsarbetet är fördelat: nämnd, förvaltningschef, chefer och "
        "kvalitetsutvecklare, och vad som har ändrats i organisationen under året."
    )

    def compute(self, scope: Scope) -> dict:
        units = list(Unit.objects.open().subtree(scope.unit).select_related("parent").order_by("path"))
        ancestors = list(Unit.objects.filter(pk__in=scope.ancestor_ids[:-1]).order_by("depth"))
        assignments = sorted(
            access.assignments_at(ancestors) + access.assignments_within([scope.unit]),
            key=lambda a: (a.unit.path, a.role, a.user.last_name, a.user.first_name, a.user.username),
        )
        inside = [a for a in assignments if a.unit.is_within(scope.unit)]
        managers: dict[int, list[str]] = {}
        for a in assignments:
            if a.role in LINE_ROLES:
                managers.setdefault(a.unit_id, []).append(f"{a.user} ({a.get_role_display().lower()})")
        kinds = dict(Unit.Kind.choices)
        by_kind: dict[str, int] = {}
        for unit in units:
            by_kind[unit.kind] = by_kind.get(unit.kind, 0) + 1
        roles = dict(Role.choices)
        people_by_role: dict[str, set] = {}
        for a in inside:
            people_by_role.setdefault(a.role, set()).add(a.user_id)
        figures = {
            "units_total": len(units),
            "units_by_kind": {k: by_kind[k] for k in Unit.Kind.values if k in by_kind},
            "people_total": len({a.user_id for a in inside}),
            "people_by_role": {r: len(people_by_role[r]) for r in Role.values if r in people_by_role},
        }
        line = [[u.name, str(kinds[u.kind]), ", ".join(managers.get(u.pk, [])) or "–"] for u in ancestors]
        rows = [
            [
                u.name,
                str(kinds[u.kind]),
                u.parent.name if u.parent and u.pk != scope.unit.pk else "–",
                ", ".join(managers.get(u.pk, [])) or "–",
            ]
            for u in units
        ]
        result_blocks = [
            blocks.facts(
                [
                    (_("Enheter (öppna, med underenheter)"), figures["units_total"]),
                    (_("Personer med roller i Lots"), figures["people_total"]),
                ]
            ),
        ]
        if line:
            result_blocks.append(blocks.table("line", _("Ledningen ovanför"), [_("Nivå"), _("Typ"), _("Ansvarig")], line))
        result_blocks += [
            blocks.table("units", _("Organisationen"), [_("Enhet"), _("Typ"), _("Ingår i"), _("Chef eller ledare")], rows),
            blocks.table(
                "roles",
                _("Roller i ledningssystemet"),
                [_("Roll"), _("Antal personer")],
                [[str(roles[r]), n] for r, n in figures["people_by_role"].items()],
                numeric=[False, True],
            ),
        ]
        return {"figures": figures, "blocks": result_blocks}
