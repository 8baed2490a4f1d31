"""Who reads placements (watch.view in scope; the responsible worker their own), and every read in the access log."""

import datetime

import pytest
from django.urls import reverse

from lots.accounts.services import api_token_create
from lots.audit.models import AuditEntry
from lots.testing.factories import RoleAssignmentFactory, UserFactory


@pytest.fixture
def placements(world, place, worker):
    """A placement on "own" (the medarbetare's), one on "sub" and one on "other" (another worker's)."""
    colleague = UserFactory(username="kollega")
    RoleAssignmentFactory(user=colleague, role="medarbetare", unit=world.other, include_subunits=False)
    place([{"case_reference": "BU-1"}])
    place([{"case_reference": "BU-2", "worker": colleague}], unit=world.sub)
    place([{"case_reference": "BU-3", "worker": colleague}], unit=world.other)
    from lots.watch.models import Placement

    return {p.case_reference: p for p in Placement.objects.all()}


def listed(client) -> set[str]:
    response = client.get(reverse("watch:index"))
    assert response.status_code == 200
    return {p.case_reference for p in response.context["page_obj"]}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("enhetschef", {"BU-1", "BU-2"}),
        ("avdelningschef", {"BU-1", "BU-2"}),
        ("forvaltningschef", {"BU-1", "BU-2"}),
        ("verksamhetsledare", {"BU-1", "BU-2"}),
        ("kvalitetssamordnare", {"BU-1", "BU-2"}),
    ],
)
def test_readers_see_the_placements_of_their_units_and_below_only(world, client_for, placements, role, expected):
    assert listed(client_for(world.persona(role))) == expected


@pytest.mark.parametrize("role", ["granskare", "namndledamot", "registrator", "hr", "extern_utforare"])
def test_roles_without_watch_view_see_no_placements(world, client_for, placements, role):
    client = client_for(world.persona(role))
    assert client.get(reverse("watch:index")).status_code == 302
    assert client.get(reverse("watch:detail", args=[placements["BU-1"].pk])).status_code == 404
    assert client.get(reverse("watch:compliance")).status_code == 404


def test_the_responsible_worker_sees_their_own_placements_and_no_others(world, client_for, placements, worker):
    client = client_for(worker)
    assert client.get(reverse("watch:index")).url == reverse("watch:mine")
    response = client.get(reverse("watch:mine"))
    assert [p.case_reference for p in response.context["page_obj"]] == ["BU-1"]
    assert client.get(reverse("watch:detail", args=[placements["BU-1"].pk])).status_code == 200
    assert client.get(reverse("watch:detail", args=[placements["BU-2"].pk])).status_code == 404
    assert client.get(reverse("watch:export", args=["csv"])).status_code == 404


def test_another_unit_is_404_for_a_manager(world, client_for, placements):
    client = client_for(world.persona("enhetschef"))
    assert client.get(reverse("watch:detail", args=[placements["BU-3"].pk])).status_code == 404
    assert client.get(reverse("watch:detail", args=[999999])).status_code == 404


def _entries_after(last):
    return list(AuditEntry.objects.filter(pk__gt=last, action__in=["view", "export"]).order_by("pk"))


def _last():
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _ids(entry) -> set[str]:
    return set(entry.reads.filter(content_type__model="placement").values_list("object_id", flat=True))


@pytest.mark.parametrize(
    "target",
    ["page", "list", "mine", "export", "api_list", "api_detail", "snapshot"],
)
def test_every_read_leaves_one_log_entry_naming_the_placements(world, client, placements, target):
    manager = world.persona("enhetschef")
    own, sub = placements["BU-1"], placements["BU-2"]
    _token, key = api_token_create(actor=manager, name="test")
    client.force_login(manager)
    urls = {
        "page": (reverse("watch:detail", args=[own.pk]), {str(own.pk)}),
        "list": (reverse("watch:index"), {str(own.pk), str(sub.pk)}),
        "mine": (reverse("watch:mine"), set()),
        "export": (reverse("watch:export", args=["csv"]), {str(own.pk), str(sub.pk)}),
        "api_list": ("/api/v1/watch/placements", {str(own.pk), str(sub.pk)}),
        "api_detail": (f"/api/v1/watch/placements/{own.pk}", {str(own.pk)}),
        "snapshot": (reverse("watch:snapshot", args=[own.snapshot_id]), {str(own.pk)}),
    }
    url, expected = urls[target]
    last = _last()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if url.startswith("/api/") else {}
    response = client.get(url, **headers)
    assert response.status_code == 200
    entries = _entries_after(last)
    if not expected:
        assert entries == []
        return
    [entry] = entries
    assert entry.actor == manager
    assert _ids(entry) == expected
    if target == "export":
        assert entry.action == "export"


def test_the_workers_own_page_is_logged_as_their_read(world, client_for, placements, worker):
    last = _last()
    client_for(worker).get(reverse("watch:mine"))
    [entry] = _entries_after(last)
    assert (entry.actor, _ids(entry)) == (worker, {str(placements["BU-1"].pk)})


def test_the_export_has_the_lists_rows_in_its_order(world, client_for, placements):
    response = client_for(world.persona("enhetschef")).get(reverse("watch:export", args=["csv"]), {"unit": world.sub.pk})
    text = response.content.decode("utf-8-sig")
    assert "BU-2" in text and "BU-1" not in text


def test_a_bad_filter_value_is_422_with_the_message_at_the_field(world, client_for, placements):
    response = client_for(world.persona("enhetschef")).get(reverse("watch:index"), {"status": "okand"})
    assert response.status_code == 422
    assert "status" in response.context["form"].errors


def test_the_overdue_filter_lists_only_overdue_active_placements(world, client_for, place):
    today = datetime.date.today()
    place(
        [
            {"case_reference": "BU-LATE", "start_date": today - datetime.timedelta(days=200)},
            {"case_reference": "BU-FINE", "start_date": today - datetime.timedelta(days=10)},
            {
                "case_reference": "BU-ENDED",
                "start_date": today - datetime.timedelta(days=300),
                "end_date": today - datetime.timedelta(days=5),
            },
        ]
    )
    client = client_for(world.persona("enhetschef"))
    response = client.get(reverse("watch:index"), {"status": "forsenade"})
    assert [p.case_reference for p in response.context["page_obj"]] == ["BU-LATE"]
    response = client.get(reverse("watch:index"), {"status": "avslutade"})
    assert [p.case_reference for p in response.context["page_obj"]] == ["BU-ENDED"]
