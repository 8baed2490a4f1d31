"""No page shows a person a link that answers 404 or 403: links come from the same decisions as the pages.

Each persona opens the module start pages and the pages one click away (two in the risk module), with governing
documents above and beside them, case records in their unit and an audit grant for the granskare on the unit
below, and every same-site link on those pages must open for them.
"""

import re

import pytest

from lots.access.tests.test_visibility_matrix import _deviation, _feedback
from lots.accounts.models import Role, RoleAssignment
from lots.improvements.tests.helpers import make_action
from lots.processes.tests.helpers import make_routine
from lots.risks.tests.helpers import completed_analysis, make_followup, make_internal_control, make_plan
from lots.testing.factories import UserFactory
from lots.testing.grants import audit_grant

STARTS = [
    "/",
    "/risker/",
    "/processer/",
    "/avvikelser/",
    "/synpunkter/",
    "/forbattringar/",
    "/rapporter/",
    "/krav/",
    "/organisation/",
    "/konto/personer/",
    "/logg/",
]
SKIP = re.compile(r"^/(static|media|konto/logga-ut|admin)/|/export\.|\.pdf$|\.(xlsx|csv|svg|png)$|/pdf/$")
HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.fixture
def documents(world):
    for place in ("forvaltning", "own", "other"):
        completed_analysis(world, place, title=f"Analys {place}")
        make_plan(world, place)
        make_internal_control(world, place)
        make_followup(world, place)
    make_routine(world, world.forvaltning)
    make_action(world, world.forvaltning, owner=world.persona(Role.KVALITETSSAMORDNARE))
    reporter = UserFactory(username="rapportor")
    RoleAssignment.objects.create(user=reporter, role=Role.MEDARBETARE, unit=world.sub, include_subunits=False)
    for unit in (world.own, world.sub):
        _deviation(world, unit, reporter, lex_sarah=True)
        _feedback(world, unit, reporter)
    audit_grant(world, world.sub)


def _links(html: str) -> set[str]:
    return {link.replace("&amp;", "&") for link in HREF.findall(html) if not SKIP.search(link)}


@pytest.mark.parametrize("role", sorted(Role.values))
def test_every_link_a_persona_is_shown_opens(world, client_for, documents, role):
    client = client_for(world.persona(role))
    seen, broken = set(), {}
    frontier = []
    for url in STARTS:
        response = client.get(url)
        if response.status_code == 200:
            frontier.extend(_links(response.content.decode()))
    for url in sorted(set(frontier)):
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (403, 404):
            broken[url] = response.status_code
        elif response.status_code == 200:
            for link in _links(response.content.decode()) - seen:
                seen.add(link)
                status = client.get(link).status_code
                if status in (403, 404):
                    broken[link] = (status, url)
    assert broken == {}
