import io

import pytest
from django.core.management import CommandError, call_command

from lots.audit.models import AuditEntry


def test_the_command_stores_checked_metadata_and_prints_the_address_to_give_the_idp(provider, idp, tmp_path):
    provider.config = {}
    provider.save(update_fields=["config"])
    path = tmp_path / "idp.xml"
    path.write_text(idp.metadata_xml(), encoding="utf-8")
    out = io.StringIO()
    call_command("saml_idp_metadata", provider.slug, str(path), stdout=out)
    provider.refresh_from_db()
    assert provider.config["idp_metadata"] == idp.metadata_xml()
    assert out.getvalue().strip().endswith("/konto/sso/saml/testkommun-saml/metadata/")
    assert AuditEntry.objects.filter(action="update", object_id=str(provider.pk)).exists()


def test_the_command_refuses_metadata_it_cannot_use_and_keeps_the_old(provider, idp, tmp_path):
    before = dict(provider.config)
    path = tmp_path / "idp.xml"
    path.write_text(idp.federation_metadata_xml("https://annan-idp.example/idp"), encoding="utf-8")
    with pytest.raises(CommandError, match="flera identitetstjänster"):
        call_command("saml_idp_metadata", provider.slug, str(path))
    with pytest.raises(CommandError, match="Kunde inte läsa"):
        call_command("saml_idp_metadata", provider.slug, str(tmp_path / "saknas.xml"))
    with pytest.raises(CommandError, match="Ingen SAML-identitetstjänst"):
        call_command("saml_idp_metadata", "finns-inte", str(path))
    provider.refresh_from_db()
    assert provider.config == before


def test_the_command_takes_the_idp_out_of_federation_metadata_by_its_entity_id(provider, idp, tmp_path):
    path = tmp_path / "federation.xml"
    path.write_text(idp.federation_metadata_xml("https://annan-idp.example/idp"), encoding="utf-8")
    call_command("saml_idp_metadata", provider.slug, str(path), "--idp-entity-id", idp.entity_id, stdout=io.StringIO())
    provider.refresh_from_db()
    assert provider.config["idp_entity_id"] == idp.entity_id
