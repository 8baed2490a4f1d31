import xml.etree.ElementTree as ET

from django.test import override_settings
from django.urls import reverse

from lots.identity.models import IdentityProvider

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"


def test_the_sp_metadata_is_served_as_valid_xml_naming_lots_acs_and_certificate(client, provider):
    response = client.get(reverse("identity:saml_metadata", args=[provider.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/samlmetadata+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{MD}EntityDescriptor"
    assert root.get("entityID") == "http://127.0.0.1:8000/konto/sso/saml/testkommun-saml/metadata/"
    sp = root.find(f"{MD}SPSSODescriptor")
    assert sp.get("AuthnRequestsSigned") == "true" and sp.get("WantAssertionsSigned") == "true"
    acs = sp.find(f"{MD}AssertionConsumerService")
    assert acs.get("Location") == "http://testserver/konto/sso/saml/testkommun-saml/acs/"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    uses = {k.get("use") for k in sp.findall(f"{MD}KeyDescriptor")}
    assert uses == {"signing", "encryption"}
    assert sp.find(f"{MD}KeyDescriptor/{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate").text.strip()


@override_settings(SITE_URL="https://lots.exempel.se")
def test_the_entity_id_follows_the_site_address_unless_the_municipality_names_one(client, provider):
    url = reverse("identity:saml_metadata", args=[provider.slug])
    assert ET.fromstring(client.get(url).content).get("entityID") == f"https://lots.exempel.se{url}"
    provider.config = {**provider.config, "sp_entity_id": "urn:exempelkommun:lots"}
    provider.save(update_fields=["config"])
    assert ET.fromstring(client.get(url).content).get("entityID") == "urn:exempelkommun:lots"


def test_the_sp_metadata_can_be_had_before_the_identity_providers_metadata_is_entered(client, provider):
    provider.config = {}
    provider.save(update_fields=["config"])
    response = client.get(reverse("identity:saml_metadata", args=[provider.slug]))
    assert response.status_code == 200
    assert ET.fromstring(response.content).find(f"{MD}SPSSODescriptor") is not None


def test_metadata_and_sign_in_are_not_found_for_an_oidc_or_switched_off_provider(client, provider):
    for url_name in ("saml_metadata", "saml_login"):
        assert client.get(reverse(f"identity:{url_name}", args=["finns-inte"])).status_code == 404
    provider.protocol = IdentityProvider.Protocol.OIDC
    provider.save(update_fields=["protocol"])
    assert client.get(reverse("identity:saml_login", args=[provider.slug])).status_code == 404
    provider.protocol, provider.is_active = IdentityProvider.Protocol.SAML, False
    provider.save(update_fields=["protocol", "is_active"])
    assert client.get(reverse("identity:saml_login", args=[provider.slug])).status_code == 404
    assert client.post(reverse("identity:saml_acs", args=[provider.slug]), {"SAMLResponse": "x"}).status_code == 404
