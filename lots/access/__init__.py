"""The one place that decides what each person may see and do.

A permission (``"deviation.view"``) is granted to a set of roles in
``policy.POLICY``. A role is held on a unit, with or without its sub-units
(or, for external providers, on a provider). From that, this module builds
*one SQL condition* that scopes any queryset to what the person may reach:
``WHERE unit.path LIKE '000001.000004.%' OR unit.id = 17``.

Lists start from ``scope(qs, user, perm)``; detail and edit views call
``get_object(...)``, which answers 404 for what the person may not see and 403
for what they may see but not change. Governing documents (plans, analyses) are
read up and down with ``governing_q``/``governing_scope`` (lots.access.visibility);
a granskare's audit grants widen the case-record permissions (lots.access.grants).
"""

from lots.access.core import (  # noqa: F401
    assignments_of,
    can,
    can_provider,
    covers_subtree,
    get_object,
    has_perm_anywhere,
    may_create_municipality,
    provider_q,
    scope,
    scope_providers,
    shared_units,
    unit_q,
    visible_units,
)
from lots.access.people import (  # noqa: F401
    assignments_at,
    assignments_on_path,
    assignments_on_paths,
    assignments_with,
    assignments_within,
    current_q,
    has_role_in,
    municipalities_with,
    municipality_ids_with,
    people_holding,
    people_in,
    people_near,
    provider_people,
)
from lots.access.policy import POLICY, roles_with  # noqa: F401
from lots.access.visibility import (  # noqa: F401
    above_q,
    can_read_governing,
    governing_q,
    governing_scope,
    governing_units,
)
