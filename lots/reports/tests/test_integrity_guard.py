"""The integrity guard on the quality report's texts: the report is published, so a name must be a conscious choice."""

import pytest
from django.core.exceptions import ValidationError

from lots.reports import services

NAME_TEXT = "Under året flyttade Kalle Svensson till ett eget boende."


def test_a_narrative_naming_someone_is_refused_unless_confirmed(world, draft):
    actor = world.persona("avdelningschef")
    narrative = draft.narratives.get(section="deviations")
    fields = {"actor": actor, "report": draft, "section": "deviations", "text": NAME_TEXT}
    with pytest.raises(ValidationError) as raised:
        services.narrative_update(expected_version=narrative.version, **fields)
    assert list(raised.value.error_dict) == ["text"]
    narrative.refresh_from_db()
    assert narrative.text != NAME_TEXT
    services.narrative_update(expected_version=narrative.version, integrity_confirmed=True, **fields)
    narrative.refresh_from_db()
    assert narrative.text == NAME_TEXT
    services.narrative_update(expected_version=narrative.version, **fields)
