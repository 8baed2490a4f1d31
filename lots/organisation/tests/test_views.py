from django.urls import reverse

from lots.organisation.models import Unit


def test_the_tree_shows_the_units_in_scope_nested(world, client_for):
    html = client_for(world.persona("avdelningschef")).get(reverse("organisation:tree")).content.decode()
    assert "Egna avdelningen" in html and "Underenheten" in html
    assert "Andra avdelningen" not in html and "Främmande enheten" not in html
    assert html.index("Egna avdelningen") < html.index("Underenheten")


def test_the_tree_hides_closed_units_unless_asked(world, client_for):
    Unit.objects.filter(pk=world.sub.pk).update(closed_at="2026-01-01")
    client = client_for(world.persona("kvalitetssamordnare"))
    assert "Underenheten" not in client.get(reverse("organisation:tree")).content.decode()
    assert "Underenheten" in client.get(reverse("organisation:tree") + "?stangda=1").content.decode()


def test_the_tree_needs_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    client = client_for(world.persona("kvalitetssamordnare"))
    client.get(reverse("organisation:tree"))
    with django_assert_max_num_queries(12):
        client.get(reverse("organisation:tree"))


def test_adding_a_unit_with_bad_input_keeps_what_was_typed_and_explains_in_swedish(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(
        reverse("organisation:unit_create", args=[world.own.pk]),
        {"name": "Nya gruppen", "kind": "enhet", "code": "ogiltig kod!"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Använd bara bokstäverna a–z" in html
    assert 'value="Nya gruppen"' in html
    assert 'aria-invalid="true"' in html and 'id="id_code_errors"' in html


def test_adding_a_unit_creates_it_below_the_parent(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(
        reverse("organisation:unit_create", args=[world.own.pk]), {"name": "Nya gruppen", "kind": "sektion", "code": "nya"}
    )
    unit = Unit.objects.get(code="nya")
    assert response.status_code == 302 and response.url == reverse("organisation:unit", args=[unit.pk])
    assert unit.parent == world.own


def test_a_concurrent_edit_is_not_overwritten_and_the_typed_values_stay(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    url = reverse("organisation:unit_edit", args=[world.own.pk])
    seen_version = world.own.version
    Unit.objects.filter(pk=world.own.pk).update(name="Någon annans namn", version=seen_version + 1)
    response = client.post(url, {"name": "Mitt namn", "kind": "avdelning", "code": "own", "version": seen_version})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat ändringar" in html
    assert 'value="Mitt namn"' in html
    assert "Någon annans namn" in html and f'name="version" value="{seen_version + 1}"' in html
    world.own.refresh_from_db()
    assert world.own.name == "Någon annans namn"


def test_moving_a_unit_under_its_own_child_is_refused_at_the_field(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(
        reverse("organisation:unit_move", args=[world.own.pk]), {"parent": world.sub.pk, "version": world.own.version}
    )
    assert response.status_code == 422
    assert "under sig själv" in response.content.decode()


def test_closing_a_unit_needs_a_valid_date(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(reverse("organisation:unit_close", args=[world.sub.pk]), {"closed_at": "31/12"})
    assert response.status_code == 422
    assert "ÅÅÅÅ-MM-DD" in response.content.decode()
    response = client.post(reverse("organisation:unit_close", args=[world.sub.pk]), {"closed_at": "2026-12-31"})
    assert response.status_code == 302
    world.sub.refresh_from_db()
    assert str(world.sub.closed_at) == "2026-12-31"


def test_registering_a_provider_with_an_invalid_number_shows_the_message_at_the_field(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.post(
        reverse("organisation:provider_create", args=["testkommun"]),
        {"name": "Nytt AB", "organisation_number": "556016-0681", "kind": "company"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Organisationsnumret är inte giltigt" in html and 'value="556016-0681"' in html


def test_providers_cannot_be_registered_in_another_municipality(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    assert client.get(reverse("organisation:provider_create", args=["andra"])).status_code == 404
