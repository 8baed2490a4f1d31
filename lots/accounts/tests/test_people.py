import re

import pytest
from django.core import mail
from django.urls import reverse

from lots.accounts.models import RoleAssignment, User
from lots.audit.models import AuditEntry
from lots.testing.factories import UserFactory

MANAGERS = {"forvaltningschef", "avdelningschef", "enhetschef", "verksamhetsledare"}
PERSON_VIEWERS = MANAGERS | {"kvalitetssamordnare", "granskare"}
ROLES = sorted(PERSON_VIEWERS | {"medarbetare", "namndledamot", "extern_utforare"})


def person_on(world, place):
    person = UserFactory(username=f"p-{place}", first_name="Placerad", last_name=place)
    RoleAssignment.objects.create(user=person, role="medarbetare", unit=world.unit(place), include_subunits=False)
    return person


def expected_view(role, place):
    if role not in PERSON_VIEWERS:
        return 404
    if place == "own":
        return 200
    if place == "sub":
        return 200  # every person viewer holds the role with sub-units
    return 404


@pytest.mark.parametrize("place", ["own", "sub", "other", "foreign"])
@pytest.mark.parametrize("role", ROLES)
def test_person_view_and_change_by_role_and_place(world, client_for, role, place):
    person = person_on(world, place)
    assignment = person.assignments.get()
    client = client_for(world.persona(role))
    view = expected_view(role, place)
    assert client.get(reverse("accounts:person", args=[person.pk])).status_code == view
    response = client.post(reverse("accounts:role_end", args=[person.pk, assignment.pk]))
    if view == 404:
        assert response.status_code == 404
    elif role == "kvalitetssamordnare":
        assert response.status_code == 302
        assignment.refresh_from_db()
        assert assignment.ends_on is not None
    else:
        assert response.status_code == 403


def test_the_people_list_shows_only_people_in_scope(world, client_for, django_assert_max_num_queries):
    for place in ("own", "sub", "other", "foreign"):
        person_on(world, place)
    client = client_for(world.persona("enhetschef"))
    client.get(reverse("accounts:people"))
    with django_assert_max_num_queries(10):
        html = client.get(reverse("accounts:people")).content.decode()
    assert "Placerad own" in html and "Placerad sub" in html
    assert "Placerad other" not in html and "Placerad foreign" not in html


def test_a_coordinator_invites_a_person_who_chooses_a_password_from_the_mail(
    world, client_for, client, django_capture_on_commit_callbacks
):
    coordinator = client_for(world.persona("kvalitetssamordnare"))
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("accounts:person_create"),
            {
                "first_name": "Nina",
                "last_name": "Ny",
                "username": "nina.ny",
                "email": "nina@example.invalid",
                "title": "Socialsekreterare",
                "role": "medarbetare",
                "unit": world.sub.pk,
            },
        )
    person = User.objects.get(username="nina.ny")
    assert response.status_code == 302
    assert not person.has_usable_password()
    assignment = person.assignments.get()
    assert (assignment.role, assignment.unit, assignment.include_subunits) == ("medarbetare", world.sub, False)
    assert AuditEntry.objects.filter(object_id=str(person.pk), action="create").count() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@example.invalid"]
    link = re.search(r"http\S+/konto/valj-losenord/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert page.status_code == 200
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "En-lang-fras-2026", "new_password2": "En-lang-fras-2026"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("En-lang-fras-2026")
    reused = client.get("/" + path, follow=True)
    assert "Länken fungerar inte längre" in reused.content.decode()


def test_inviting_with_bad_input_keeps_the_typed_values_and_explains(world, client_for):
    coordinator = client_for(world.persona("kvalitetssamordnare"))
    response = coordinator.post(
        reverse("accounts:person_create"),
        {"first_name": "Nina", "last_name": "", "username": "nina ny", "email": "inte-en-adress", "role": "medarbetare"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'value="Nina"' in html and 'value="inte-en-adress"' in html
    assert "Använd bara bokstäver" in html and "Skriv en giltig e-postadress" in html and "Välj den enhet rollen gäller" in html
    assert not User.objects.filter(first_name="Nina").exists()


def test_a_taken_username_is_explained_at_the_field(world, client_for):
    coordinator = client_for(world.persona("kvalitetssamordnare"))
    response = coordinator.post(
        reverse("accounts:person_create"),
        {
            "first_name": "A",
            "last_name": "B",
            "username": "enhetschef",
            "email": "a@example.invalid",
            "role": "medarbetare",
            "unit": world.own.pk,
        },
    )
    assert response.status_code == 422
    assert "Användarnamnet är redan taget" in response.content.decode()


def test_a_coordinator_cannot_give_roles_outside_their_scope(world, client_for):
    person = person_on(world, "own")
    coordinator = client_for(world.persona("kvalitetssamordnare"))
    response = coordinator.post(reverse("accounts:role_add", args=[person.pk]), {"role": "enhetschef", "unit": world.other.pk})
    assert response.status_code == 422
    assert not person.assignments.filter(unit=world.other).exists()
    response = coordinator.post(
        reverse("accounts:role_add", args=[person.pk]), {"role": "enhetschef", "unit": world.sub.pk, "include_subunits": "on"}
    )
    assert response.status_code == 302
    assert person.assignments.filter(unit=world.sub, role="enhetschef", include_subunits=True).exists()


def test_an_external_provider_role_needs_a_provider(world, client_for):
    person = person_on(world, "own")
    coordinator = client_for(world.persona("kvalitetssamordnare"))
    response = coordinator.post(reverse("accounts:role_add", args=[person.pk]), {"role": "extern_utforare", "unit": world.own.pk})
    assert response.status_code == 422
    assert "Välj vilken utförare" in response.content.decode()


def test_a_role_that_ended_can_be_given_again_and_one_still_held_cannot(world):
    import datetime

    from django.core.exceptions import ValidationError

    from lots.accounts import services
    from lots.accounts.models import Role

    coordinator = world.persona(Role.KVALITETSSAMORDNARE)
    person = world.outsider
    held = services.role_assign(actor=coordinator, user=person, role=Role.MEDARBETARE, unit=world.own)
    with pytest.raises(ValidationError, match="redan"):
        services.role_assign(actor=coordinator, user=person, role=Role.MEDARBETARE, unit=world.own)

    RoleAssignment.objects.filter(pk=held.pk).update(ends_on=datetime.date(2020, 1, 1))
    again = services.role_assign(actor=coordinator, user=person, role=Role.MEDARBETARE, unit=world.own)

    assert again.pk == held.pk and again.ends_on is None
    assert RoleAssignment.objects.filter(user=person).count() == 1
