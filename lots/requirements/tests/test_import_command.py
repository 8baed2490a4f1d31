import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lots.requirements.models import Catalogue, CatalogueVersion
from lots.requirements.tests.conftest import GOTLAND_SEED


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_requirements", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_json_prints_exactly_the_documented_shape_and_saves_nothing(db):
    out, _err = run(str(GOTLAND_SEED), "--dry-run", "--json")
    data = json.loads(out)
    assert set(data) == {"title", "sections"}
    assert data["title"] == "Stöd till barn, unga och familjer som service"

    def check(section):
        assert set(section) == {"title", "requirements", "sections"}
        for requirement in section["requirements"]:
            assert set(requirement) == {"text", "strength", "references"}
            assert requirement["strength"] in {"ska", "bör"}
        for child in section["sections"]:
            check(child)

    for section in data["sections"]:
        check(section)
    medarbetare = next(s for s in data["sections"] if s["title"] == "Medarbetare- utförare")
    assert medarbetare["requirements"][0]["references"] == ["3 kap. 3 § SoL"]
    assert not Catalogue.objects.exists()


def test_dry_run_without_json_lists_sections_and_requirements(db):
    out, _err = run(str(GOTLAND_SEED), "--dry-run")
    assert out.splitlines()[0] == "Stöd till barn, unga och familjer som service"
    assert "  Ledningssystem" in out
    assert out.rstrip().endswith("56 krav")


def test_importing_saves_and_a_newer_version_of_the_same_document_becomes_version_two(db, tmp_path, world):
    run(str(GOTLAND_SEED), "--municipality", world.m1.slug)
    catalogue = Catalogue.objects.get(municipality=world.m1)
    assert catalogue.latest_version().requirements.count() == 56

    newer = GOTLAND_SEED.read_text(encoding="utf-8").replace("Version [1.0]", "Version [1.1]")
    newer = newer.replace(
        "Utförare ska vid behov erbjudas handledning", "Utförare ska erbjudas handledning minst en gång i månaden."
    )
    newer = newer.replace("Det ska finnas rutiner för introduktion av nyanställda.\n", "")
    path = tmp_path / "gotland-2.md"
    path.write_text(newer, encoding="utf-8")
    _out, err = run(str(path), "--municipality", world.m1.slug)
    assert "version 2 sparad med 55 krav" in err
    version = catalogue.latest_version()
    assert (version.number, version.label) == (2, "1.1")
    from lots.requirements import diff

    previous = version.previous()
    changes = diff.version_changes(list(previous.requirements.all()), list(version.requirements.all()))
    assert [(c.kind, (c.new or c.old).text) for c in changes] == [
        ("changed", "Utförare ska erbjudas handledning minst en gång i månaden."),
        ("removed", "Det ska finnas rutiner för introduktion av nyanställda."),
    ]
    _out, err = run(str(path), "--municipality", world.m1.slug)
    assert "ingenting sparades" in err
    assert CatalogueVersion.objects.filter(catalogue=catalogue).count() == 2


def test_json_output_after_saving_and_the_catalogue_option(db, world, tmp_path):
    run(str(GOTLAND_SEED), "--municipality", world.m1.slug)
    renamed = tmp_path / "annat-namn.md"
    renamed.write_text(GOTLAND_SEED.read_text(encoding="utf-8").replace("som service\n", "som service (ny titel)\n", 1))
    out, _err = run(
        str(renamed), "--municipality", world.m1.slug, "--catalogue", "stod-till-barn-unga-och-familjer-som-service", "--json"
    )
    assert json.loads(out)["title"] == "Stöd till barn, unga och familjer som service (ny titel)"
    catalogue = Catalogue.objects.get(municipality=world.m1)
    assert catalogue.versions.count() == 2
    assert catalogue.title == "Stöd till barn, unga och familjer som service (ny titel)"


@pytest.mark.parametrize(
    "args, message",
    [
        (["/finns/inte.md"], "Kan inte läsa"),
        ([str(GOTLAND_SEED), "--municipality", "ingenstans"], "ingen kommun"),
        ([str(GOTLAND_SEED), "--catalogue", "saknas"], "ingen katalog"),
    ],
)
def test_errors_are_reported_in_swedish(db, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Catalogue.objects.exists()


def test_an_unreadable_document_is_an_error(db, tmp_path):
    path = tmp_path / "program.pdf"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 64)
    with pytest.raises(CommandError, match="kan inte läsas in"):
        run(str(path), "--dry-run")
