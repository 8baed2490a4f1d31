"""Every role × every record type × every place, read from the visibility table in docs/access.md.

The table is the written policy; this test reads it and opens each record's detail page as each persona, so the
policy text and the code cannot drift apart. The expectations come from the document, never from
lots.access.policy, so removing or widening a rule in the code makes a case fail.

Places: the persona's own unit ("own"), the unit below it ("sub"), a sibling ("other"), the förvaltning above
it ("above") and a unit in another municipality ("foreign").
"""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import AuditGrant, Role, RoleAssignment
from lots.deviations import services as deviation_services
from lots.deviations.models import LexSarahInvestigation
from lots.feedback import services as feedback_services
from lots.feedback.models import FeedbackCase
from lots.improvements.tests.helpers import make_action
from lots.processes.tests.helpers import make_process, make_routine
from lots.requirements import services as requirement_services
from lots.requirements.tests.conftest import M, small_data
from lots.risks.tests.helpers import make_analysis, make_followup, make_internal_control, make_plan
from lots.testing.factories import UserFactory

PLACES = ("own", "sub", "other", "above", "foreign")
YEAR = datetime.date.today().year
TABLE = Path(settings.BASE_DIR) / "docs" / "access.md"


def read_table() -> dict[str, dict[str, str]]:
    """``{record: {role: mark}}`` from the table between the visibility-matrix markers."""
    text = TABLE.read_text(encoding="utf-8")
    block = text.split("<!-- visibility-matrix -->", 1)[1].split("<!-- /visibility-matrix -->", 1)[0]
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in block.strip().splitlines()]
    header, body = rows[0], rows[2:]
    roles = header[2:]
    return {re.sub(r"`", "", row[0]): dict(zip(roles, row[2:], strict=True)) for row in body}


POLICY_TABLE = read_table()


def unit_at(world, place):
    return world.forvaltning if place == "above" else world.unit(place)


def persona_reaches(role: str, place: str, mark: str) -> bool:
    """Where a persona (role held on "own", with sub-units except the medarbetare) reads, by the table's mark."""
    with_subunits = role != Role.MEDARBETARE
    down = place == "own" or (place == "sub" and with_subunits)
    if mark == "↕":
        return down or place == "above"
    if mark == "↓":
        return down
    if mark == "K":
        return place != "foreign"
    if mark in {"G", "–"}:
        return False
    raise AssertionError(f"Unknown mark {mark!r} in docs/access.md")


# --- Builders: one record of each type on a unit, through the services; each returns its detail page -------------


@pytest.fixture
def keeper(world):
    """Someone who is none of the personas, so that owning or reporting a record widens no persona's reach."""
    user = UserFactory(username="keeper", first_name="Ingen", last_name="Persona")
    for unit in (world.own, world.sub, world.other, world.forvaltning, world.foreign):
        RoleAssignment.objects.create(user=user, role=Role.MEDARBETARE, unit=unit, include_subunits=False)
    return user


def _deviation(world, unit, keeper, *, lex_sarah=False):
    deviation = deviation_services.deviation_report(
        actor=keeper,
        unit=unit,
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        description="Brukaren fick vänta en timme på sitt besök.",
        possible_lex_sarah=lex_sarah,
    )
    if lex_sarah:
        deviation_services.investigation_update(
            actor=None,
            investigation=deviation.lex_sarah,
            expected_version=None,
            data={"classification": LexSarahInvestigation.Classification.SERIOUS},
        )
    return deviation


def _feedback(world, unit, keeper):
    return feedback_services.feedback_register(
        actor=keeper,
        unit=unit,
        kind=FeedbackCase.Kind.COMPLAINT,
        sender_role=FeedbackCase.SenderRole.RELATIVE,
        channel=FeedbackCase.Channel.PHONE,
        description="Bemötandet vid besöket var otrevligt.",
        reply=FeedbackCase.Reply.EMAIL,
        contact_email="hemlig@example.invalid",
    )


def _follow_up(world, unit, keeper):
    key = f"matris-{unit.code}"
    _catalogue, version = requirement_services.catalogue_import(actor=None, municipality=None, data=small_data(key=key))
    return requirement_services.follow_up_create(
        actor=None,
        catalogue_version=version,
        title="Uppföljning",
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 6, 30),
        methods=[M.DOCUMENTS],
        lead=keeper,
        responsible_unit=unit,
        provider=None,
        unit=unit,
    )


def _contract(world, unit, keeper):
    provider = world.provider if unit.municipality_id == world.m1.pk else world.foreign_provider
    return requirement_services.contract_create(
        actor=None,
        provider=provider,
        title="Avtal",
        scope="Stöd",
        starts_on=datetime.date(2025, 1, 1),
        responsible_unit=unit,
        cost_terms="Pris per timme enligt bilaga.",
        quality_levels="Bemanning dygnet runt.",
        follow_up_by=keeper,
    )


def _attr(place: str) -> str:
    """The World attribute of a place, for the builders that take one."""
    return "forvaltning" if place == "above" else place


def _url(name: str, record) -> str:
    return reverse(name, args=[record.pk])


BUILDERS = {
    "risk_analysis": lambda w, p, k: _url("risks:analysis", make_analysis(w, _attr(p))),
    "inspection_plan": lambda w, p, k: _url("risks:inspection_plan", make_plan(w, _attr(p))),
    "internal_control_plan": lambda w, p, k: _url("risks:internal_control", make_internal_control(w, _attr(p), responsible=k)[0]),
    "consequence_statement": lambda w, p, k: reverse("risks:consequence_pdf", args=[unit_at(w, p).pk, YEAR]),
    "followup_plan": lambda w, p, k: _url("risks:followup", make_followup(w, _attr(p), who=k)[0]),
    "routine": lambda w, p, k: _url("processes:routine", make_routine(w, unit_at(w, p))),
    "process": lambda w, p, k: _url("processes:detail", make_process(w, unit_at(w, p))),
    "deviation": lambda w, p, k: _url("deviations:detail", _deviation(w, unit_at(w, p), k)),
    "lex_sarah_investigation": lambda w, p, k: _url("deviations:investigation", _deviation(w, unit_at(w, p), k, lex_sarah=True)),
    "ivo_notification": lambda w, p, k: _url("deviations:ivo", _deviation(w, unit_at(w, p), k, lex_sarah=True)),
    "feedback_case": lambda w, p, k: _url("feedback:detail", _feedback(w, unit_at(w, p), k)),
    "improvement_action": lambda w, p, k: _url("improvements:detail", make_action(w, unit_at(w, p), owner=k)),
    "follow_up": lambda w, p, k: _url("requirements:follow_up", _follow_up(w, unit_at(w, p), k)),
    "contract": lambda w, p, k: _url("requirements:contract", _contract(w, unit_at(w, p), k)),
}
CASE_RECORDS = [record for record in POLICY_TABLE if record in BUILDERS and POLICY_TABLE[record]["granskare"] == "G"]


def expected(record: str, role: str, place: str) -> int:
    if record == "consequence_statement" and place in {"sub", "foreign"}:
        return 404  # written for förvaltningar and avdelningar only; "sub" and "foreign" are enheter
    return 200 if persona_reaches(role, place, POLICY_TABLE[record][role]) else 404


def test_the_table_names_every_role_and_every_record_type():
    assert set(POLICY_TABLE) == set(BUILDERS)
    for record, marks in POLICY_TABLE.items():
        assert set(marks) == set(Role.values), record


@pytest.fixture
def pages(world, keeper):
    """``pages(record)``: the record's detail page on each place, built once per test."""

    def build(record):
        return {place: BUILDERS[record](world, place, keeper) for place in PLACES}

    return build


@pytest.mark.parametrize("role", sorted(Role.values))
@pytest.mark.parametrize("record", sorted(BUILDERS))
def test_each_role_reads_each_record_type_where_the_table_says(world, client_for, pages, record, role):
    urls = pages(record)
    client = client_for(world.persona(role))
    answered = {place: client.get(url).status_code for place, url in urls.items()}
    assert answered == {place: expected(record, role, place) for place in PLACES}


# --- The granskare and audit grants ------------------------------------------------------------------------------


def _grant(world, *, unit=None, start=-1, end=30, revoked=False):
    today = timezone.localdate()
    return AuditGrant.objects.create(
        auditor=world.persona(Role.GRANSKARE),
        unit=unit or world.own,
        purpose="Granskning av lex Sarah",
        valid_from=today + datetime.timedelta(days=start),
        valid_until=today + datetime.timedelta(days=end),
        granted_by=world.persona(Role.KVALITETSSAMORDNARE),
        revoked_at=timezone.now() if revoked else None,
    )


@pytest.mark.parametrize("record", CASE_RECORDS)
def test_an_active_grant_lets_the_granskare_read_case_records_in_its_unit_and_below(world, client_for, pages, record):
    _grant(world)
    urls = pages(record)
    client = client_for(world.persona(Role.GRANSKARE))
    answered = {place: client.get(url).status_code for place, url in urls.items()}
    assert answered == {"own": 200, "sub": 200, "other": 404, "above": 404, "foreign": 404}


@pytest.mark.parametrize(
    "grant",
    [
        pytest.param({"start": -30, "end": -1}, id="expired"),
        pytest.param({"start": 1, "end": 30}, id="not yet started"),
        pytest.param({"revoked": True}, id="revoked"),
    ],
)
@pytest.mark.parametrize("record", CASE_RECORDS)
def test_a_grant_out_of_force_gives_nothing(world, client_for, pages, record, grant):
    _grant(world, **grant)
    urls = pages(record)
    client = client_for(world.persona(Role.GRANSKARE))
    assert {client.get(url).status_code for url in urls.values()} == {404}


def test_a_grant_lapses_with_the_granskare_role(world, client_for, pages):
    _grant(world)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    RoleAssignment.objects.filter(user=world.persona(Role.GRANSKARE)).update(ends_on=yesterday)
    client = client_for(world.persona(Role.GRANSKARE))
    assert {client.get(url).status_code for url in pages("deviation").values()} == {404}


def test_a_grant_gives_reading_only(world, client_for, keeper):
    _grant(world)
    deviation = _deviation(world, world.own, keeper)
    case = _feedback(world, world.own, keeper)
    client = client_for(world.persona(Role.GRANSKARE))
    assert client.get(reverse("deviations:analysis", args=[deviation.pk])).status_code == 403
    assert client.get(reverse("feedback:edit", args=[case.pk])).status_code == 403


def test_a_grant_is_for_its_granskare_only(world, client_for, pages):
    _grant(world)
    RoleAssignment.objects.create(
        user=(other := UserFactory(username="granskare2")), role=Role.GRANSKARE, unit=world.own, include_subunits=True
    )
    assert {client_for(other).get(url).status_code for url in pages("deviation").values()} == {404}


def test_case_records_a_granskare_opens_under_a_grant_are_in_the_access_log(world, client_for, keeper):
    from lots.audit.models import AuditEntry

    _grant(world)
    deviation = _deviation(world, world.own, keeper)
    client_for(world.persona(Role.GRANSKARE)).get(reverse("deviations:detail", args=[deviation.pk]))
    assert AuditEntry.objects.filter(
        actor=world.persona(Role.GRANSKARE), action=AuditEntry.Action.VIEW, object_id=str(deviation.pk)
    ).exists()
