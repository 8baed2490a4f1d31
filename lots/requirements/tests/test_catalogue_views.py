from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lots.requirements import services
from lots.requirements.models import Catalogue, ImportDraft
from lots.requirements.tests.conftest import GOTLAND_SEED, small_data


def upload(client, data: bytes, name: str):
    return client.post(reverse("requirements:import"), {"document": SimpleUploadedFile(name, data)})


def preview_post(draft: ImportDraft, **changes) -> dict:
    """The preview form as the page renders it, with ``changes`` on top."""
    from lots.requirements.forms import ImportPreviewForm

    form = ImportPreviewForm(data_tree=draft.data, catalogues=[], suggested=None)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not False}


def test_uploading_a_document_shows_a_preview_and_saving_it_keeps_the_corrections(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = upload(client, GOTLAND_SEED.read_bytes(), GOTLAND_SEED.name)
    draft = ImportDraft.objects.get()
    assert response.status_code == 302 and response.url == reverse("requirements:import_preview", args=[draft.pk])
    html = client.get(response.url).content.decode()
    assert "Lots hittade 56 krav" in html and "Utförare ska kunna legitimera sig med foto" in html
    assert not Catalogue.objects.exists()

    index = next(i for i in range(56) if draft_requirement(draft, i).startswith("Utförare ska vid behov erbjudas handledning"))
    corrected = preview_post(
        draft,
        title="Kvalitetskrav: stöd till barn, unga och familjer",
        issuer="Region Gotland",
        **{f"r{index}-text": "Utförare ska vid behov erbjudas handledning.", f"r{index}-strength": "bör", "r0-delete": "on"},
    )
    response = client.post(reverse("requirements:import_preview", args=[draft.pk]), corrected)
    catalogue = Catalogue.objects.get()
    version = catalogue.latest_version()
    assert response.status_code == 302 and response.url == reverse("requirements:version", args=[version.pk])
    assert (catalogue.title, catalogue.issuer, catalogue.municipality) == (
        "Kvalitetskrav: stöd till barn, unga och familjer",
        "Region Gotland",
        world.m1,
    )
    assert (version.label, str(version.issued_on), version.source_document) == ("1.0", "2019-12-04", GOTLAND_SEED.name)
    assert version.requirements.count() == 55
    fixed = version.requirements.get(text="Utförare ska vid behov erbjudas handledning.")
    assert fixed.strength == "bör"
    assert not ImportDraft.objects.exists()


def draft_requirement(draft, index: int) -> str:
    from lots.requirements.services.catalogues import walk

    texts = [r["text"] for s, _d in walk(draft.data["sections"]) for r in s["requirements"]]
    return texts[index]


def test_an_emptied_requirement_is_an_error_at_the_field_and_the_typed_values_stay(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    upload(client, GOTLAND_SEED.read_bytes(), GOTLAND_SEED.name)
    draft = ImportDraft.objects.get()
    response = client.post(
        reverse("requirements:import_preview", args=[draft.pk]),
        preview_post(draft, title="Min titel", **{"r3-text": "   "}),
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv kravets text eller markera att kravet ska tas bort." in html
    assert 'id="id_r3-text_errors"' in html and 'value="Min titel"' in html
    assert not Catalogue.objects.exists()


def test_a_newer_document_with_the_same_title_is_offered_as_a_new_version_and_shows_the_changes(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    catalogue, _first = services.catalogue_import(actor=None, municipality=world.m1, data=small_data())
    text = "# Kvalitetskrav för boendestöd\n\nVersion 2.0\n\n## Ledning\n\nKrav\n\nUtföraren ska ha ett ledningssystem.\n"
    upload(client, text.encode(), "boendestod-2.md")
    draft = ImportDraft.objects.get()
    page = client.get(reverse("requirements:import_preview", args=[draft.pk])).content.decode()
    assert f'<option value="{catalogue.pk}" selected>' in page
    response = client.post(reverse("requirements:import_preview", args=[draft.pk]), preview_post(draft, target=str(catalogue.pk)))
    second = catalogue.latest_version()
    assert second.number == 2
    assert response.url == reverse("requirements:version_changes", args=[second.pk])
    html = client.get(response.url).content.decode()
    assert "0 nya krav, 1 ändrat och 4 borttagna." in html


def test_unreadable_or_empty_uploads_are_explained_at_the_field(world, client_for):
    client = client_for(world.persona("kvalitetssamordnare"))
    response = upload(client, b"MZ\x90\x00" + b"\x00" * 100, "rutin.pdf")
    assert response.status_code == 422 and "kan inte läsas in" in response.content.decode()
    response = upload(client, b"Bara en rad utan krav.", "text.txt")
    assert response.status_code == 422 and "Hittade inga krav" in response.content.decode()
    response = client.post(reverse("requirements:import"), {})
    assert response.status_code == 422 and "Välj dokumentet som ska läsas in." in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_a_draft_is_only_for_the_person_who_uploaded_it_and_can_be_discarded(world, client_for, client):
    owner = client_for(world.persona("kvalitetssamordnare"))
    upload(owner, GOTLAND_SEED.read_bytes(), GOTLAND_SEED.name)
    draft = ImportDraft.objects.get()
    from lots.testing.factories import RoleAssignmentFactory, UserFactory

    colleague = UserFactory(username="kollega")
    RoleAssignmentFactory(user=colleague, role="kvalitetssamordnare", unit=world.own)
    client.force_login(colleague)
    assert client.get(reverse("requirements:import_preview", args=[draft.pk])).status_code == 404
    client.force_login(world.persona("kvalitetssamordnare"))
    response = client.post(reverse("requirements:import_discard", args=[draft.pk]))
    assert response.status_code == 302 and not ImportDraft.objects.exists()


def test_catalogue_pages_show_the_tree_and_the_list_needs_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    client = client_for(world.persona("enhetschef"))
    for n in range(3):
        services.catalogue_import(actor=None, municipality=world.m1, data=small_data(key=f"k{n}", title=f"Katalog {n}"))
    client.get(reverse("requirements:catalogues"))
    # session, user, roles, the page (count, ids, catalogues, versions), and saving the session
    with django_assert_num_queries(10):
        html = client.get(reverse("requirements:catalogues")).content.decode()
    assert "Katalog 2" in html
    catalogue = Catalogue.objects.get(key="k1")
    html = client.get(reverse("requirements:catalogue", args=[catalogue.pk])).content.decode()
    assert "Egenkontroll bör göras varje kvartal." in html and "5 kap. 1 § SOSFS 2011:9" in html
    response = client.get(reverse("requirements:version_yaml", args=[catalogue.latest_version().pk]))
    import yaml

    data = yaml.safe_load(response.content)
    assert services.clean_catalogue_data(data)["sections"][0]["requirements"][0]["text"].startswith("Utföraren ska ha")
