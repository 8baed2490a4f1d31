import pytest
from django.urls import reverse

from lots.identity.saml import validate_config


def test_a_complete_configuration_has_no_problems(idp):
    assert validate_config({"idp_metadata": idp.metadata_xml()}) == {}


@pytest.mark.parametrize(
    "config, key, message",
    [
        ({}, "idp_metadata", "Klistra in identitetstjänstens metadata"),
        ({"idp_metadata": "   "}, "idp_metadata", "Klistra in identitetstjänstens metadata"),
        ({"idp_metadata": 42}, "idp_metadata", "Klistra in identitetstjänstens metadata"),
        ({"idp_metadata": "<inte xml"}, "idp_metadata", "kunde inte läsas"),
        (
            {"idp_metadata": '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>'},
            "idp_metadata",
            "ingen identitetstjänst",
        ),
    ],
    ids=["missing", "blank", "not-text", "not-xml", "no-idp"],
)
def test_unusable_metadata_is_named_with_a_swedish_message(idp, config, key, message):
    assert message in validate_config(config)[key]


def test_a_switch_that_is_not_true_or_false_is_refused(idp):
    errors = validate_config({"idp_metadata": idp.metadata_xml(), "sign_requests": "ja", "want_response_signed": 1})
    assert set(errors) == {"sign_requests", "want_response_signed"}


def test_federation_metadata_needs_the_idp_named_and_the_name_must_be_in_it(idp):
    federation = idp.federation_metadata_xml("https://annan-idp.example/idp")
    assert "flera identitetstjänster" in validate_config({"idp_metadata": federation})["idp_entity_id"]
    assert "finns inte i metadata" in validate_config({"idp_metadata": federation, "idp_entity_id": "urn:x"})["idp_entity_id"]
    assert validate_config({"idp_metadata": federation, "idp_entity_id": idp.entity_id}) == {}


def test_a_configuration_that_is_not_an_object_is_refused():
    assert "config" in validate_config(["idp_metadata"])


def test_an_unfinished_provider_answers_with_a_message_instead_of_an_error(client, provider):
    provider.config = {"idp_metadata": "<inte xml"}
    provider.save(update_fields=["config"])
    response = client.get(reverse("identity:saml_login", args=[provider.slug]))
    assert response.status_code == 503
    assert "inte färdig att använda" in response.content.decode()
    response = client.post(reverse("identity:saml_acs", args=[provider.slug]), {"SAMLResponse": "x"})
    assert response.status_code == 503


def test_a_named_key_pair_that_is_missing_stops_the_sign_in_with_a_message(client, provider, settings, tmp_path):
    settings.LOTS_SAML_KEY_FILE, settings.LOTS_SAML_CERT_FILE = str(tmp_path / "saknas.key"), str(tmp_path / "saknas.crt")
    settings.LOTS_SAML_KEY_PAIR_GENERATED = False
    response = client.get(reverse("identity:saml_login", args=[provider.slug]))
    assert response.status_code == 503
    assert "inte färdig att använda" in response.content.decode()


def test_a_throwaway_key_pair_is_made_when_none_is_named(client, provider, settings, tmp_path):
    settings.LOTS_SAML_KEY_FILE, settings.LOTS_SAML_CERT_FILE = str(tmp_path / "sp.key"), str(tmp_path / "sp.crt")
    settings.LOTS_SAML_KEY_PAIR_GENERATED = True
    assert client.get(reverse("identity:saml_metadata", args=[provider.slug])).status_code == 200
    assert (tmp_path / "sp.key").read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert oct((tmp_path / "sp.key").stat().st_mode & 0o777) == "0o600"
