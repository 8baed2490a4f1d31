"""Excel and CSV exports of the follow-up, demanded-action, contract and catalogue lists: the rows the list shows for
the same person and filters, audited, and in a fixed number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lots.accounts.models import Role
from lots.audit.models import AuditEntry
from lots.organisation.models import Provider
from lots.requirements import services
from lots.requirements.models import DemandedAction
from lots.requirements.tests.conftest import A, M, assess_all, small_data
from lots.testing.factories import ProviderFactory, RoleAssignmentFactory, UserFactory
from lots.testing.lists import Surfaces, export_column, page_rows
from lots.testing.lists import queries as list_queries
from lots.testing.spreadsheets import csv_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FOLLOW_UPS = reverse("requirements:follow_ups")
ACTIONS = reverse("requirements:actions")
CONTRACTS = reverse("requirements:contracts")
CATALOGUES = reverse("requirements:catalogues")


def export(name: str, fmt: str = "xlsx") -> str:
    return reverse(f"requirements:{name}_export", args=[fmt])


def xlsx_records(response) -> list[dict]:
    """The sheet's rows as dicts by header."""
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    header, *rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def person_on(unit, role=Role.KVALITETSSAMORDNARE):
    user = UserFactory(username=f"{role}-{unit.code}")
    RoleAssignmentFactory(user=user, role=role, unit=unit, include_subunits=True)
    return user


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def export_notes(actor) -> list[str]:
    return list(AuditEntry.objects.filter(action="export", actor=actor).values_list("note", flat=True))


@pytest.fixture
def quality(world, client_for):
    return client_for(world.persona(Role.KVALITETSSAMORDNARE))


def test_unknown_formats_are_not_found(quality):
    for name in ("follow_up", "action", "contract", "catalogue"):
        assert quality.get(export(name, "pdf")).status_code == 404
    assert not AuditEntry.objects.filter(action="export").exists()


# Follow-ups.


@pytest.fixture
def follow_ups(world, make_follow_up, completed_follow_up):
    """The completed provider follow-up (70 %), one of the provider being assessed (80 % so far), a planned one of the
    unit below own and one of the other department."""
    ongoing = make_follow_up(title="Uppföljning under bedömning", period_end=datetime.date(2025, 9, 30))
    assess_all(ongoing, {2: A.NOT_MET}, actor=world.persona(Role.KVALITETSSAMORDNARE))
    make_follow_up(world.sub, title="Underenhetens uppföljning", period_end=datetime.date(2025, 8, 31))
    make_follow_up(world.other, title="Andra avdelningens uppföljning", period_end=datetime.date(2025, 5, 31))
    return completed_follow_up


def test_the_follow_up_export_has_the_lists_rows_with_the_details(world, quality, follow_ups):
    page = quality.get(FOLLOW_UPS)
    rows = xlsx_records(quality.get(export("follow_up")))
    listed = [row["follow_up"].title for row in page.context["rows"]]
    assert (
        [r["Uppföljning"] for r in rows]
        == listed
        == [
            "Uppföljning under bedömning",
            "Underenhetens uppföljning",
            "Uppföljning 2025",
        ]
    )
    done = rows[2]
    assert done["Kravkatalog"] == "Kvalitetskrav för boendestöd, version 1.0"
    assert done["Utförare eller enhet"] == "Egen utförare AB"
    assert (done["Period från"].date(), done["Period till"].date()) == (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert done["Metoder"] == "Dokumentgranskning, Intervju"
    assert (done["Status"], done["Ansvarig"], done["Ansvarig enhet"]) == (
        "Klar",
        "Kvalitetssamordnare Persona",
        "Egna avdelningen",
    )
    assert done["Rapportdatum"].date() == datetime.date(2025, 7, 15)
    assert (done["Krav"], done["Uppfyllda"], done["Delvis uppfyllda"], done["Ej uppfyllda"], done["Uppfyllt (%)"]) == (
        5,
        3,
        1,
        1,
        70,
    )
    assert rows[1]["Utförare eller enhet"] == "Underenheten" and rows[1]["Uppfyllt (%)"] is None
    assert (rows[0]["Status"], rows[0]["Ej uppfyllda"], rows[0]["Uppfyllt (%)"]) == ("Bedömning pågår", 1, 80)


def test_the_follow_up_export_applies_the_status_filter(world, quality, follow_ups):
    table = csv_rows(quality.get(export("follow_up", "csv"), {"status": "completed"}))
    assert table[0][:3] == ["Uppföljning", "Kravkatalog", "Utförare eller enhet"]
    assert [r[0] for r in table[1:]] == ["Uppföljning 2025"]
    assert table[1][-1] == "70"
    planned = csv_rows(quality.get(export("follow_up", "csv"), {"status": "planned"}))
    assert [r[0] for r in planned[1:]] == ["Underenhetens uppföljning"]


def test_the_follow_up_export_stays_in_the_persons_scope(world, client_for, follow_ups):
    elsewhere = xlsx_records(client_for(person_on(world.other)).get(export("follow_up")))
    assert [r["Uppföljning"] for r in elsewhere] == [
        "Uppföljning under bedömning",
        "Uppföljning 2025",
        "Andra avdelningens uppföljning",
    ]
    provider = xlsx_records(client_for(world.persona(Role.EXTERN_UTFORARE)).get(export("follow_up")))
    assert [r["Uppföljning"] for r in provider] == ["Uppföljning under bedömning", "Uppföljning 2025"]
    # The provider sees the municipality's result only once the report is done, as on the list.
    assert [provider[0][k] for k in ("Krav", "Uppfyllda", "Delvis uppfyllda", "Ej uppfyllda", "Uppfyllt (%)")] == [
        5,
        None,
        None,
        None,
        None,
    ]
    assert provider[1]["Uppfyllt (%)"] == 70


@pytest.mark.parametrize("who", ["outsider", Role.MEDARBETARE, Role.NAMNDLEDAMOT])
def test_people_without_follow_up_access_get_neither_the_list_nor_its_export(world, client_for, follow_ups, who):
    client = client_for(world.outsider if who == "outsider" else world.persona(who))
    assert client.get(FOLLOW_UPS).status_code == 404
    assert client.get(export("follow_up")).status_code == 404


def test_a_bad_status_is_explained_on_the_list_and_the_export_sends_the_person_there(world, quality, follow_ups):
    page = quality.get(FOLLOW_UPS, {"status": "glömd"})
    assert page.status_code == 422
    assert page.context["form"].errors["status"] == ["Välj ett av alternativen i listan."]
    html = page.content.decode()
    assert "Välj ett av alternativen i listan." in html and "Exportera till Excel" not in html
    response = quality.get(export("follow_up"), {"status": "glömd"})
    assert response.status_code == 302
    assert response.url == FOLLOW_UPS + "?status=gl%C3%B6md"
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_follow_up_list_keeps_the_chosen_status_and_links_to_the_export_with_it(world, quality, follow_ups):
    html = quality.get(FOLLOW_UPS, {"status": "completed"}).content.decode()
    assert '<option value="completed" selected>' in html
    assert f'href="{export("follow_up", "xlsx")}?status=completed"' in html
    assert f'href="{export("follow_up", "csv")}?status=completed"' in html


def test_the_follow_up_export_is_audited(world, quality, follow_ups):
    quality.get(export("follow_up", "csv"), {"status": "completed"})
    assert export_notes(world.persona(Role.KVALITETSSAMORDNARE)) == ["Export av 1 uppföljningar (status=completed)"]


def test_the_follow_up_export_runs_a_fixed_number_of_queries(world, quality, make_follow_up):
    make_follow_up(title="Första")
    quality.get(export("follow_up"))
    few = queries(quality, export("follow_up"))
    for n in range(4):
        make_follow_up(title=f"Uppföljning {n}", target=world.sub if n % 2 else world.provider)
    assert queries(quality, export("follow_up")) == few


# Demanded actions.


@pytest.fixture
def actions(world, make_follow_up, completed_follow_up):
    """The completed follow-up's two actions (requirement 1 closed, requirement 3 open and late), one of a follow-up
    not yet completed and one of the other department's follow-up."""
    actor = world.persona(Role.KVALITETSSAMORDNARE)
    first, late = DemandedAction.objects.filter(follow_up=completed_follow_up).order_by("assessment__requirement__position")
    services.demanded_action_close(
        actor=actor, action=first, expected_version=first.version, note="Rutinen finns nu.", closed_on=datetime.date(2025, 9, 1)
    )
    DemandedAction.objects.filter(pk=late.pk).update(due_date=datetime.date(2025, 8, 31))
    assess_all(make_follow_up(title="Pågående uppföljning"), {2: A.NOT_MET}, actor=actor, due=datetime.date(2030, 3, 31))
    assess_all(make_follow_up(world.other, title="Andra avdelningen"), {4: A.NOT_MET}, actor=actor)
    return completed_follow_up


def test_the_action_export_has_the_open_actions_as_the_list_shows_them(world, quality, actions):
    listed = [a.text for a in quality.get(ACTIONS).context["page_obj"]]
    rows = xlsx_records(quality.get(export("action")))
    assert [r["Åtgärd som krävs"] for r in rows] == listed == ["Åtgärda krav 3", "Åtgärda krav 2"]
    late = rows[0]
    assert late["Krav"] == "Personalen ska ha relevant utbildning."
    assert (late["Uppföljning"], late["Utförare eller enhet"], late["Ansvarig enhet"]) == (
        "Uppföljning 2025",
        "Egen utförare AB",
        "Egna avdelningen",
    )
    assert late["Senast"].date() == datetime.date(2025, 8, 31)
    assert late["Status"] == "Öppen, försenad"
    assert rows[1]["Uppföljning"] == "Pågående uppföljning" and rows[1]["Status"] == "Öppen"


def test_the_action_export_shows_closed_ones_too_when_the_list_does(world, quality, actions):
    table = csv_rows(quality.get(export("action", "csv"), {"visa": "alla"}))
    assert table[0][:3] == ["Åtgärd som krävs", "Krav", "Uppföljning"]
    by_text = {r[0]: r for r in table[1:]}
    assert set(by_text) == {"Åtgärda krav 1", "Åtgärda krav 3", "Åtgärda krav 2"}
    closed = by_text["Åtgärda krav 1"]
    assert (closed[6], closed[9], closed[10]) == ("Stängd", "Rutinen finns nu.", "2025-09-01")


def test_the_action_export_stays_in_the_persons_scope(world, client_for, actions):
    elsewhere = xlsx_records(client_for(person_on(world.other)).get(export("action"), {"visa": "alla"}))
    assert {r["Åtgärd som krävs"] for r in elsewhere} == {"Åtgärda krav 1", "Åtgärda krav 3", "Åtgärda krav 2", "Åtgärda krav 4"}
    # The provider sees the actions once the follow-up is completed, and only its own.
    provider = xlsx_records(client_for(world.persona(Role.EXTERN_UTFORARE)).get(export("action"), {"visa": "alla"}))
    assert [r["Åtgärd som krävs"] for r in provider] == ["Åtgärda krav 3", "Åtgärda krav 1"]


@pytest.mark.parametrize("who", ["outsider", Role.MEDARBETARE])
def test_people_without_follow_up_access_get_no_actions_either(world, client_for, actions, who):
    client = client_for(world.outsider if who == "outsider" else world.persona(who))
    assert client.get(ACTIONS).status_code == 404
    assert client.get(export("action", "csv")).status_code == 404


def test_the_action_list_links_to_the_export_and_the_export_is_audited(world, quality, actions):
    html = quality.get(ACTIONS, {"visa": "alla"}).content.decode()
    assert f'href="{export("action", "xlsx")}?visa=alla"' in html
    quality.get(export("action"), {"visa": "alla"})
    assert export_notes(world.persona(Role.KVALITETSSAMORDNARE)) == ["Export av 3 krav på åtgärder (visa=alla)"]


def test_the_action_export_runs_a_fixed_number_of_queries(world, quality, make_follow_up):
    assess_all(make_follow_up(title="Första"), {1: A.NOT_MET}, actor=None)
    quality.get(export("action"))
    few = queries(quality, export("action"))
    for n in range(3):
        assess_all(make_follow_up(title=f"Uppföljning {n}", target=world.sub), {1: A.NOT_MET, 2: A.PARTLY}, actor=None)
    assert queries(quality, export("action")) == few


# Contracts.


@pytest.fixture
def contracts(world, catalogue_version):
    nonprofit = ProviderFactory(
        municipality=world.m1, name="Idéburen förening", organisation_number="802000-0001", kind=Provider.Kind.NONPROFIT
    )
    common = {"actor": None, "scope": "Boendestöd", "responsible_unit": world.own}
    services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        provider=world.provider,
        title="Boendestöd 2025",
        reference="AVT-1",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        annual_cost=1200000,
        follow_up_by=world.persona(Role.KVALITETSSAMORDNARE),
        catalogue=catalogue_version.catalogue,
        **common,
    )
    services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        follow_up_by=world.persona("kvalitetssamordnare"),
        provider=world.provider,
        title="Boendestöd 2020",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        **common,
    )
    services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        follow_up_by=world.persona("kvalitetssamordnare"),
        provider=nonprofit,
        title="Stödsamtal",
        starts_on=datetime.date(2025, 3, 1),
        police_check_on=datetime.date(2025, 2, 1),
        **common,
    )
    services.contract_create(
        quality_levels="Bemanning dygnet runt.",
        cost_terms="Pris per timme enligt bilaga.",
        follow_up_by=world.persona("kvalitetssamordnare"),
        actor=None,
        provider=world.foreign_provider,
        title="Främmande avtal",
        scope="X",
        starts_on=datetime.date(2025, 1, 1),
        responsible_unit=world.foreign,
    )


def test_the_contract_export_has_the_lists_contracts_with_the_details(world, quality, contracts):
    listed = [c.title for c in quality.get(CONTRACTS).context["page_obj"]]
    rows = xlsx_records(quality.get(export("contract")))
    assert [r["Avtal"] for r in rows] == listed == ["Boendestöd 2025", "Boendestöd 2020", "Stödsamtal"]
    current, old, nonprofit = rows
    assert (current["Utförare"], current["Typ av utförare"], current["Organisationsnummer"]) == (
        "Egen utförare AB",
        "Företag",
        "556677-8899",
    )
    assert (current["Avtalsnummer"], current["Kostnad per år (kr)"], current["Status"]) == ("AVT-1", 1200000, "Pågår")
    assert (current["Följs upp av"], current["Kravkatalog"], current["Beställande enhet"]) == (
        "Kvalitetssamordnare Persona",
        "Kvalitetskrav för boendestöd",
        "Egna avdelningen",
    )
    assert current["Nästa kontroll i belastningsregistret"] is None
    assert old["Status"] == "Avslutat" and old["Gäller till och med"].date() == datetime.date(2020, 12, 31)
    assert nonprofit["Typ av utförare"] == "Idéburen organisation"
    assert nonprofit["Nästa kontroll i belastningsregistret"].date() == datetime.date(2026, 2, 1)
    assert nonprofit["Nästa kontroll i socialtjänstens register"].date() == datetime.date(2025, 3, 1)


def test_the_contract_export_as_csv_is_audited(world, quality, contracts):
    table = csv_rows(quality.get(export("contract", "csv")))
    assert table[0][:4] == ["Utförare", "Typ av utförare", "Organisationsnummer", "Avtal"]
    assert [r[3] for r in table[1:]] == ["Boendestöd 2025", "Boendestöd 2020", "Stödsamtal"]
    assert table[1][9] == "1200000"
    assert export_notes(world.persona(Role.KVALITETSSAMORDNARE)) == ["Export av 3 avtal (alla)"]


def test_the_contract_export_stays_in_the_persons_scope(world, client_for, contracts):
    provider = xlsx_records(client_for(world.persona(Role.EXTERN_UTFORARE)).get(export("contract")))
    assert [r["Avtal"] for r in provider] == ["Boendestöd 2025", "Boendestöd 2020"]
    for who in (world.outsider, world.persona(Role.MEDARBETARE)):
        assert client_for(who).get(CONTRACTS).status_code == 404
        assert client_for(who).get(export("contract")).status_code == 404


def test_the_contract_list_links_to_the_export(world, quality, contracts):
    html = quality.get(CONTRACTS).content.decode()
    assert f'href="{export("contract", "xlsx")}"' in html and f'href="{export("contract", "csv")}"' in html


def test_the_contract_export_runs_a_fixed_number_of_queries(world, quality, contracts):
    few = queries(quality, export("contract"))
    for n in range(4):
        provider = ProviderFactory(municipality=world.m1, name=f"Utförare {n}", organisation_number=f"556000-000{n}")
        services.contract_create(
            quality_levels="Bemanning dygnet runt.",
            cost_terms="Pris per timme enligt bilaga.",
            actor=None,
            provider=provider,
            title=f"Avtal {n}",
            scope="X",
            starts_on=datetime.date(2025, 1, 1),
            responsible_unit=world.sub,
            follow_up_by=world.persona(Role.ENHETSCHEF),
        )
    assert queries(quality, export("contract")) == few


# Catalogues.


@pytest.fixture
def catalogues(world, catalogue_version):
    """The world's catalogue in two versions, a shared one and one of the other municipality."""
    data = small_data(version="2.0", date="2025-06-01")
    data["sections"][1]["requirements"].append({"text": "Personalen ska få handledning."})
    services.catalogue_import(actor=None, municipality=world.m1, data=data, catalogue=catalogue_version.catalogue)
    services.catalogue_import(
        actor=None, municipality=None, data=small_data(key="gemensam", title="Gemensamma krav för hemtjänst", issuer="")
    )
    services.catalogue_import(actor=None, municipality=world.m2, data=small_data(key="annan", title="Andra kommunens krav"))


def test_the_catalogue_export_has_the_lists_catalogues_described_by_their_latest_version(world, quality, catalogues):
    listed = [c.title for c in quality.get(CATALOGUES).context["page_obj"]]
    rows = xlsx_records(quality.get(export("catalogue")))
    assert [r["Katalog"] for r in rows] == listed == ["Gemensamma krav för hemtjänst", "Kvalitetskrav för boendestöd"]
    shared, own = rows
    assert (shared["Gäller"], shared["Utfärdare"], shared["Versioner"]) == ("Alla kommuner", None, 1)
    assert (own["Gäller"], own["Utfärdare"]) == ("Testkommun", "Socialnämnden i Testkommun")
    assert (own["Senaste version"], own["Versionens datum"].date(), own["Krav"], own["Versioner"]) == (
        "2.0",
        datetime.date(2025, 6, 1),
        6,
        2,
    )


def test_the_catalogue_export_as_csv_stays_in_scope_and_is_audited(world, client_for, catalogues):
    provider = world.persona(Role.EXTERN_UTFORARE)
    table = csv_rows(client_for(provider).get(export("catalogue", "csv")))
    assert table[0] == [
        "Katalog",
        "Utfärdare",
        "Gäller",
        "Senaste version",
        "Versionens datum",
        "Ärendenummer",
        "Krav",
        "Versioner",
    ]
    assert [r[0] for r in table[1:]] == ["Gemensamma krav för hemtjänst", "Kvalitetskrav för boendestöd"]
    assert table[2][6:] == ["6", "2"]
    assert export_notes(provider) == ["Export av 2 kravkataloger (alla)"]
    elsewhere = xlsx_records(client_for(person_on(world.foreign)).get(export("catalogue")))
    assert [r["Katalog"] for r in elsewhere] == ["Andra kommunens krav", "Gemensamma krav för hemtjänst"]
    assert client_for(world.outsider).get(CATALOGUES).status_code == 404
    assert client_for(world.outsider).get(export("catalogue")).status_code == 404


def test_the_catalogue_list_links_to_the_export(world, quality, catalogues):
    html = quality.get(CATALOGUES).content.decode()
    assert f'href="{export("catalogue", "xlsx")}"' in html and f'href="{export("catalogue", "csv")}"' in html


def test_the_catalogue_export_runs_a_fixed_number_of_queries(world, quality, catalogue_version):
    few = queries(quality, export("catalogue"))
    for n in range(3):
        services.catalogue_import(actor=None, municipality=world.m1, data=small_data(key=f"k{n}", title=f"Katalog {n}"))
    assert queries(quality, export("catalogue")) == few


def test_self_assessed_follow_ups_export_their_methods(world, quality, make_follow_up):
    make_follow_up(methods=(M.DOCUMENTS, M.SELF_ASSESSMENT), title="Med självskattning")
    rows = xlsx_records(quality.get(export("follow_up")))
    assert rows[0]["Metoder"] == "Dokumentgranskning, Utförarens självskattning"


# The page, the API list and the export of each list have the same rows in the same order (lots.core.lists).


@pytest.fixture
def surfaces(client, world):
    """``surfaces(list_name)`` for the quality coordinator."""
    settings = {
        "follow_up": ("requirements:follow_ups", "/api/v1/follow-ups", lambda r: r["follow_up"].title, "Uppföljning"),
        "catalogue": ("requirements:catalogues", "/api/v1/catalogues", lambda c: c.title, "Katalog"),
    }

    def for_list(name, user=None):
        page, api, page_key, header = settings[name]
        return Surfaces(
            client=client,
            user=user or world.persona(Role.KVALITETSSAMORDNARE),
            page=reverse(page),
            api=api,
            export=export(name),
            page_key=page_key,
            api_key=lambda row: row["title"],
            export_header=header,
        )

    return for_list


def _follow_up_rows(surfaces, params):
    """Follow-up pages list ``rows`` (dicts); compare them with the API and the export by title."""
    s = surfaces("follow_up")
    page = s.get_page(params)
    assert page.status_code == 200
    titles = [row["follow_up"].title for row in page.context["rows"]]
    assert titles == [row["title"] for row in s.get_api(params).json()]
    assert titles == export_column(s.get_export(params), "Uppföljning")
    return titles


@pytest.mark.parametrize("params", [{}, {"status": "planned"}, {"status": "completed"}, {"provider": "provider"}])
def test_the_follow_up_page_api_and_export_list_the_same_follow_ups_in_the_same_order(world, surfaces, follow_ups, params):
    params = {key: world.provider.pk if value == "provider" else value for key, value in params.items()}
    assert _follow_up_rows(surfaces, params)


def test_follow_ups_ending_the_same_day_are_newest_first_everywhere(world, surfaces, make_follow_up):
    for title in ("Första", "Andra", "Tredje"):
        make_follow_up(title=title, period_end=datetime.date(2025, 6, 30))
    assert _follow_up_rows(surfaces, {}) == ["Tredje", "Andra", "Första"]


@pytest.mark.parametrize(("params", "field"), [({"status": "gammal"}, "status"), ({"provider": "foreign"}, "provider")])
def test_an_invalid_follow_up_filter_lists_nothing_and_says_why(world, surfaces, follow_ups, params, field):
    params = {key: world.foreign_provider.pk if value == "foreign" else value for key, value in params.items()}
    s = surfaces("follow_up")
    page = s.get_page(params)
    assert page.status_code == 422 and page.context["rows"] == []
    assert "Välj ett av alternativen i listan." in page.content.decode()
    api = s.get_api(params)
    assert api.status_code == 422 and api.json()["detail"][field] == ["Välj ett av alternativen i listan."]
    assert s.get_export(params).status_code == 302


def test_the_follow_up_surfaces_use_as_many_queries_for_thirty_follow_ups_as_for_three(world, surfaces, make_follow_up):
    def add(n):
        for i in range(n):
            make_follow_up(title=f"Uppföljning {i}", target=world.sub if i % 2 else world.provider)

    surfaces("follow_up").assert_queries_do_not_grow(add)


@pytest.mark.parametrize("params", [{}, {"visa": "alla"}])
def test_the_action_page_and_export_list_the_same_actions_in_the_same_order(world, client_for, actions, params):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    listed = [a.text for a in page_rows(client.get(reverse("requirements:actions"), params))]
    assert listed and listed == export_column(client.get(export("action"), params), "Åtgärd som krävs")


def test_an_invalid_action_choice_lists_nothing_and_says_why(world, client_for, actions):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    page = client.get(reverse("requirements:actions"), {"visa": "kanske"})
    assert page.status_code == 422 and page_rows(page) == []
    assert "Välj ett av alternativen i listan." in page.content.decode()
    assert client.get(export("action"), {"visa": "kanske"}).status_code == 302


def test_the_action_page_uses_as_many_queries_for_thirty_actions_as_for_three(world, client_for, make_follow_up):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    url = reverse("requirements:actions")
    client.get(url)
    assess_all(make_follow_up(title="Första", target=world.sub), {1: A.NOT_MET, 2: A.PARTLY, 3: A.NOT_MET}, actor=None)
    few = list_queries(lambda: client.get(url))
    for n in range(9):
        follow_up = make_follow_up(title=f"Uppföljning {n}", target=world.sub)
        assess_all(follow_up, {1: A.NOT_MET, 2: A.PARTLY, 3: A.NOT_MET}, actor=None)
    assert len(page_rows(client.get(url))) == 30
    assert list_queries(lambda: client.get(url)) == few


def test_the_contract_page_and_export_list_the_same_contracts_in_the_same_order(world, client_for, contracts):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    listed = [c.title for c in page_rows(client.get(reverse("requirements:contracts")))]
    assert listed == ["Boendestöd 2025", "Boendestöd 2020", "Stödsamtal"]
    assert listed == export_column(client.get(export("contract")), "Avtal")


def test_the_contract_page_uses_as_many_queries_for_thirty_contracts_as_for_three(world, client_for):
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    url = reverse("requirements:contracts")
    client.get(url)

    def add(n, start):
        for i in range(start, start + n):
            provider = ProviderFactory(municipality=world.m1, name=f"Utförare {i}", organisation_number=f"556000-{i:04d}")
            services.contract_create(
                quality_levels="Bemanning dygnet runt.",
                cost_terms="Pris per timme enligt bilaga.",
                actor=None,
                provider=provider,
                title=f"Avtal {i}",
                scope="X",
                starts_on=datetime.date(2025, 1, 1),
                responsible_unit=world.sub,
                follow_up_by=world.persona(Role.ENHETSCHEF),
            )

    add(3, 0)
    few = list_queries(lambda: client.get(url))
    add(27, 3)
    assert list_queries(lambda: client.get(url)) == few


def test_the_catalogue_page_api_and_export_list_the_same_catalogues_in_the_same_order(world, surfaces, catalogues):
    titles = surfaces("catalogue").rows()
    assert titles == ["Gemensamma krav för hemtjänst", "Kvalitetskrav för boendestöd"]


def test_the_catalogue_surfaces_use_as_many_queries_for_thirty_catalogues_as_for_three(world, surfaces):
    made = []

    def add(n):
        for _ in range(n):
            made.append(len(made))
            services.catalogue_import(
                actor=None, municipality=world.m1, data=small_data(key=f"k{len(made)}", title=f"Katalog {len(made)}")
            )

    surfaces("catalogue").assert_queries_do_not_grow(add)
