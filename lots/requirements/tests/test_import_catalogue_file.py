"""A downloaded catalogue version (YAML) imports back to exactly the same catalogue, and never to a second one."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lots.requirements import services
from lots.requirements.importer import parse_document
from lots.requirements.models import Catalogue, ImportDraft
from lots.requirements.tests.conftest import GOTLAND_SEED
from lots.requirements.tests.test_catalogue_views import preview_post, upload


def run(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("import_requirements", *args, stdout=out, stderr=err)
    return err.getvalue()


def content(version) -> dict:
    """A version's catalogue, without what belongs to where it is kept."""
    data = services.version_data(version)
    return {k: v for k, v in data.items() if k != "key"}


@pytest.fixture
def downloaded(world, client_for, tmp_path):
    """The Gotland seed imported for the first municipality, and its version downloaded as YAML."""
    run(str(GOTLAND_SEED), "--municipality", world.m1.slug)
    catalogue = Catalogue.objects.get(municipality=world.m1)
    client = client_for(world.persona("kvalitetssamordnare"))
    response = client.get(reverse("requirements:version_yaml", args=[catalogue.latest_version().pk]))
    assert response.status_code == 200
    path = tmp_path / "gotland-1.yaml"
    path.write_bytes(response.content)
    return catalogue, path


def test_the_yaml_is_read_as_the_catalogue_it_says_nothing_guessed(downloaded):
    catalogue, path = downloaded
    parsed = parse_document(path.read_bytes(), path.name)
    assert parsed.format == "yaml" and parsed.key == catalogue.key
    data = services.clean_catalogue_data(parsed.to_data())
    assert data == services.clean_catalogue_data(services.version_data(catalogue.latest_version()))


def test_a_downloaded_version_re_imports_to_exactly_the_same_catalogue(downloaded, world):
    catalogue, path = downloaded
    err = run(str(path), "--municipality", world.m2.slug)
    copy = Catalogue.objects.get(municipality=world.m2)
    assert "version 1 sparad med 56 krav" in err
    assert (copy.key, copy.title, copy.issuer) == (catalogue.key, catalogue.title, catalogue.issuer)
    assert content(copy.latest_version()) == content(catalogue.latest_version())
    # The same file again for the same municipality is the same version: nothing is saved.
    err = run(str(path), "--municipality", world.m1.slug)
    assert "samma innehåll" in err
    assert Catalogue.objects.filter(municipality=world.m1).count() == 1
    assert catalogue.versions.count() == 1


def test_without_a_municipality_the_same_key_is_the_same_shared_catalogue(downloaded, tmp_path):
    _catalogue, path = downloaded
    run(str(path))
    shared = Catalogue.objects.get(municipality__isnull=True)
    # A later download with another title and one requirement more is a new version of the same catalogue.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] = "Kvalitetskrav för service till barn, unga och familjer"
    data["sections"][0]["requirements"].append({"text": "Utföraren ska ha en plan för inskolning.", "strength": "ska"})
    changed = tmp_path / "gotland-2.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    err = run(str(changed))
    assert "version 2 sparad med 57 krav" in err
    assert Catalogue.objects.filter(municipality__isnull=True).count() == 1
    shared.refresh_from_db()
    assert shared.title == "Kvalitetskrav för service till barn, unga och familjer"
    assert run(str(changed)).endswith("ingenting sparades.\n")
    assert Catalogue.objects.filter(municipality__isnull=True).count() == 1


def test_uploading_the_downloaded_yaml_offers_its_own_catalogue_and_saves_nothing_new(downloaded, world, client_for):
    catalogue, path = downloaded
    catalogue_services_title = "Ett annat namn"
    Catalogue.objects.filter(pk=catalogue.pk).update(title=catalogue_services_title)  # found by key, not title
    client = client_for(world.persona("kvalitetssamordnare"))
    response = upload(client, path.read_bytes(), path.name)
    draft = ImportDraft.objects.get()
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert f'<option value="{catalogue.pk}" selected' in html
    posted = preview_post(draft, target=str(catalogue.pk))
    posted["title"] = catalogue_services_title
    client.post(reverse("requirements:import_preview", args=[draft.pk]), posted)
    assert Catalogue.objects.filter(municipality=world.m1).count() == 1
    assert catalogue.versions.count() == 1


@pytest.mark.parametrize(
    "body, message",
    [
        (b"title: [inte avslutad", "inte giltig YAML"),
        (b"- bara en lista", "lista med avsnitt"),
        (b"title: T\nsections:\n  - requirements: [Krav ska finnas.]\n", "avsnitt utan rubrik"),
        (b"title: T\nsections:\n  - title: A\n    requirements: [{strength: ska}]\n", "krav utan text"),
        (b"title: T\ndate: 2025-13-01\nsections: []\n", "ÅÅÅÅ-MM-DD"),
        (b"title: T\ndate: 1 maj\nsections: []\n", "ÅÅÅÅ-MM-DD"),
    ],
)
def test_a_broken_catalogue_file_says_what_is_wrong(db, tmp_path, body, message):
    path = tmp_path / "trasig.yaml"
    path.write_bytes(body)
    with pytest.raises(CommandError, match=message):
        run(str(path), "--dry-run")
