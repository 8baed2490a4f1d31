"""The Kolada import command reads a file; the fetch command's paging is tested with a stand-in, never the network."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from lots.audit.models import AuditEntry
from lots.reports.management.commands.fetch_kolada import fetch_all, kolada_url
from lots.reports.models import ComparisonValue
from lots.reports.tests.conftest import kolada


def test_the_import_command_reads_a_kolada_file(world, tmp_path):
    path = tmp_path / "kolada.json"
    path.write_text(kolada([("N00945", "0488", 2024, {"T": 12.3, "K": 11.0, "M": 13.6})]), encoding="utf-8")
    out = io.StringIO()
    call_command("import_kolada", str(path), "--user", "kvalitetssamordnare", stdout=out)
    assert "3 nya" in out.getvalue()
    assert ComparisonValue.objects.count() == 3
    assert AuditEntry.objects.get(note__startswith="Import av jämförelsetal").actor == world.persona("kvalitetssamordnare")


def test_the_import_command_explains_what_is_wrong(world, tmp_path):
    path = tmp_path / "fel.json"
    path.write_text('{"values": [{"kpi": "N1"}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="kommunkoden"):
        call_command("import_kolada", str(path))
    with pytest.raises(CommandError, match="Kan inte läsa"):
        call_command("import_kolada", str(tmp_path / "saknas.json"))
    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_kolada", str(path), "--user", "ingen")
    assert not ComparisonValue.objects.exists()


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


def test_fetching_follows_kolada_pages_without_the_network():
    pages = {
        "https://api.kolada.se/v2/data/kpi/N1/municipality/0001/year/2024": {"values": [{"kpi": "N1"}], "next_page": "page2"},
        "page2": {"values": [{"kpi": "N2"}]},
    }
    seen = []

    def opener(url, timeout):
        seen.append(url)
        return FakeResponse(json.dumps(pages[url]).encode())

    url = kolada_url(["N1"], ["0001"], [2024])
    assert fetch_all(url, opener=opener) == {"values": [{"kpi": "N1"}, {"kpi": "N2"}]}
    assert seen == [url, "page2"]
