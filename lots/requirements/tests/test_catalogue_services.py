import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command

from lots.audit.models import AuditEntry
from lots.requirements import diff, services
from lots.requirements.models import Catalogue, CatalogueVersion, Requirement
from lots.requirements.services.catalogues import CATALOGUE_DIR, walk
from lots.requirements.tests.conftest import small_data


def test_a_version_is_saved_as_a_tree_with_every_requirement_and_audited(world):
    actor = world.persona("kvalitetssamordnare")
    catalogue, version = services.catalogue_import(actor=actor, municipality=world.m1, data=small_data())
    assert (catalogue.title, catalogue.issuer, catalogue.key, catalogue.municipality) == (
        "Kvalitetskrav för boendestöd",
        "Socialnämnden i Testkommun",
        "liten",
        world.m1,
    )
    assert (version.number, version.label, str(version.issued_on)) == (1, "1.0", "2025-01-15")
    sections = list(version.sections.order_by("position").values_list("title", "depth", "parent__title"))
    assert sections == [("Ledning", 0, None), ("Egenkontroll", 1, "Ledning"), ("Personal", 0, None)]
    rows = list(version.requirements.order_by("position").values_list("section__title", "strength", "binds", "lineage"))
    assert rows == [
        ("Ledning", "ska", "management", 1),
        ("Ledning", "ska", "both", 2),
        ("Egenkontroll", "bör", "both", 3),
        ("Personal", "ska", "staff", 4),
        ("Personal", "ska", "both", 5),
    ]
    assert version.requirements.get(position=1).references == ["5 kap. 1 § SOSFS 2011:9"]
    assert AuditEntry.objects.filter(action="create", object_id=str(catalogue.pk), actor=actor).exists()
    entry = AuditEntry.objects.get(action="create", object_id=str(version.pk), content_type__model="catalogueversion")
    assert entry.note == "5 krav i 3 avsnitt"


def test_a_new_version_keeps_lineage_and_shows_what_was_added_changed_and_removed(world):
    actor = world.persona("kvalitetssamordnare")
    catalogue, first = services.catalogue_import(actor=actor, municipality=world.m1, data=small_data())
    data = small_data(version="2.0")
    ledning = data["sections"][0]
    ledning["requirements"][0]["text"] = "Utföraren ska ha ett dokumenterat ledningssystem för systematiskt kvalitetsarbete."
    del data["sections"][1]["requirements"][1]  # "Nyanställda ska få en introduktion." is removed
    data["sections"][1]["requirements"].append({"text": "All personal ska ha legitimation med foto."})
    data["sections"][0]["sections"][0]["requirements"][0]["strength"] = "ska"
    _same, second = services.catalogue_import(actor=actor, municipality=world.m1, data=data, catalogue=catalogue)
    assert second.number == 2 and second.previous() == first
    lineages = dict(second.requirements.values_list("text", "lineage"))
    assert lineages["Utföraren ska ha ett dokumenterat ledningssystem för systematiskt kvalitetsarbete."] == 1
    assert lineages["All personal ska ha legitimation med foto."] == 6
    changes = diff.version_changes(
        list(first.requirements.select_related("section").order_by("position")),
        list(second.requirements.select_related("section").order_by("position")),
    )
    summary = [(c.kind, (c.new or c.old).text[:30], c.fields) for c in changes]
    assert summary == [
        ("changed", "Utföraren ska ha ett dokumente", ["text"]),
        ("changed", "Egenkontroll bör göras varje k", ["strength"]),
        ("added", "All personal ska ha legitimati", []),
        ("removed", "Nyanställda ska få en introduk", []),
    ]
    added_words = [words for op, words in changes[0].text_diff() if op == "added"]
    assert added_words == ["dokumenterat"]


def test_importing_the_same_content_again_writes_nothing(world):
    actor = world.persona("kvalitetssamordnare")
    catalogue, _version = services.catalogue_import(actor=actor, municipality=world.m1, data=small_data())
    before = AuditEntry.objects.count()
    again, version = services.catalogue_import(actor=actor, municipality=world.m1, data=small_data(), catalogue=catalogue)
    assert (again, version) == (catalogue, None)
    assert CatalogueVersion.objects.filter(catalogue=catalogue).count() == 1
    assert AuditEntry.objects.count() == before


def test_a_moved_requirement_keeps_its_lineage_and_counts_as_moved(world):
    actor = world.persona("kvalitetssamordnare")
    catalogue, first = services.catalogue_import(actor=actor, municipality=world.m1, data=small_data())
    data = small_data(version="1.1")
    moved = data["sections"][1]["requirements"].pop(0)
    data["sections"][0]["requirements"].append(moved)
    _c, second = services.catalogue_import(actor=actor, municipality=world.m1, data=data, catalogue=catalogue)
    assert second.requirements.get(text=moved["text"]).lineage == first.requirements.get(text=moved["text"]).lineage
    changes = diff.version_changes(list(first.requirements.all()), list(second.requirements.all()))
    assert [(c.kind, c.fields) for c in changes] == [("changed", ["section"])]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"title": ""}, "titeln saknas"),
        ({"sections": []}, "inga avsnitt"),
        ({"sections": [{"title": "Tomt"}]}, "inga krav"),
        ({"sections": [{"title": "A", "requirements": [{"text": "X ska.", "strength": "kanske"}]}]}, "ska” eller ”bör"),
        ({"sections": [{"title": "A", "requirements": [{"text": "X ska.", "binds": "chefen"}]}]}, "management, staff eller both"),
        ({"sections": [{"title": "A", "requirements": [{"text": ""}]}]}, "kravtexten saknas"),
        ({"date": "4 december"}, "ÅÅÅÅ-MM-DD"),
    ],
)
def test_bad_catalogue_data_is_refused_with_a_message_saying_where(world, change, message):
    with pytest.raises(ValidationError) as excinfo:
        services.catalogue_import(actor=None, municipality=world.m1, data=small_data(**change))
    assert message in " ".join(excinfo.value.messages)
    assert not Catalogue.objects.exists()


def test_a_version_cannot_be_added_to_another_municipalitys_catalogue(world):
    catalogue, _v = services.catalogue_import(actor=None, municipality=world.m1, data=small_data())
    with pytest.raises(ValidationError):
        services.catalogue_import(actor=None, municipality=world.m2, data=small_data(version="2"), catalogue=catalogue)


# --- The shipped catalogue files -------------------------------------------------------------


def test_the_shipped_catalogues_load_with_one_command_and_a_second_run_adds_nothing(db):
    call_command("load_catalogues", verbosity=0)
    shared = {c.key: c for c in Catalogue.objects.filter(municipality__isnull=True)}
    assert set(shared) == {"sosfs-2011-9", "gotland-service-barn-unga-familjer"}
    gotland = shared["gotland-service-barn-unga-familjer"].latest_version()
    assert gotland.requirements.count() == 56
    sosfs = shared["sosfs-2011-9"].latest_version()
    chapters = list(sosfs.sections.filter(depth=0).values_list("number", flat=True))
    assert chapters == ["1 kap.", "2 kap.", "3 kap.", "4 kap.", "5 kap.", "6 kap.", "7 kap."]
    for requirement in sosfs.requirements.all():
        assert requirement.references and all("SOSFS 2011:9" in r and "kap." in r and "§" in r for r in requirement.references)
    assert set(sosfs.requirements.values_list("strength", flat=True)) == {"ska", "bör"}
    call_command("load_catalogues", verbosity=0)
    assert CatalogueVersion.objects.count() == 2


def test_the_gotland_file_is_the_imported_seed(db):
    """The shipped YAML holds the same requirements, in the same sections, as importing the document gives."""
    from lots.requirements.importer import parse_path
    from lots.requirements.tests.conftest import GOTLAND_SEED

    parsed = parse_path(GOTLAND_SEED)
    data = services.read_catalogue_file(CATALOGUE_DIR / "gotland-service-barn-unga-familjer.yaml")
    from_file = [(s["title"], [r["text"] for r in s["requirements"]]) for s, _d in walk(data["sections"])]
    from_document = [(s.title, [r.text for r in s.requirements]) for s, _d in parsed.walk()]
    assert from_file == from_document


def test_a_changed_catalogue_file_becomes_a_new_version(db, tmp_path):
    source = CATALOGUE_DIR / "sosfs-2011-9.yaml"
    call_command("load_catalogues", str(source), verbosity=0)
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["sections"][2]["requirements"][0]["text"] += " Ledningssystemet ska vara skriftligt."
    data["version"] = "2026"
    changed = tmp_path / "sosfs-2011-9.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    call_command("load_catalogues", str(changed), verbosity=0)
    catalogue = Catalogue.objects.get(key="sosfs-2011-9")
    assert list(catalogue.versions.values_list("number", "label")) == [(1, "HSLF-FS 2023:27"), (2, "2026")]
    first, second = catalogue.versions.order_by("number")
    changes = diff.version_changes(list(first.requirements.all()), list(second.requirements.all()))
    assert [(c.kind, c.fields) for c in changes] == [("changed", ["text"])]


def test_a_broken_catalogue_file_stops_the_command_with_its_name(db, tmp_path):
    from django.core.management.base import CommandError

    broken = tmp_path / "trasig.yaml"
    broken.write_text(
        "key: trasig\ntitle: Trasig\nsections:\n  - title: A\n    requirements:\n      - text: X\n        strength: kanske\n"
    )
    with pytest.raises(CommandError, match="trasig.yaml"):
        call_command("load_catalogues", str(broken), verbosity=0)
    assert not Requirement.objects.exists()
