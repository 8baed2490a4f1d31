import pytest

from lots.accounts import services as account_services
from lots.accounts.models import Role

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def get(world, client):
    def get(role, path, **params):
        key = account_services.api_token_create(actor=world.persona(role), name="test")[1]
        return client.get(API + path, params, HTTP_AUTHORIZATION=f"Bearer {key}")

    return get


def test_the_api_lists_rounds_findings_and_actions(get, make_round, make_finding, make_action, today):
    rnd = make_round()
    action = make_action(make_finding(rnd, severity=4, probability=4), today)
    rounds = get(Role.ENHETSCHEF, "/safety-rounds")
    assert rounds.status_code == 200 and rounds["X-Total-Count"] == "1"
    assert rounds.json()[0]["kind"] == "safety"
    findings = get(Role.ENHETSCHEF, "/safety-round-findings", status="open").json()
    assert findings[0]["value"] == 16 and findings[0]["level"] == "Mycket hög"
    actions = get(Role.MEDARBETARE, "/safety-round-actions").json()
    assert [a["id"] for a in actions] == [action.pk]
    detail = get(Role.ENHETSCHEF, f"/safety-rounds/{rnd.pk}").json()
    assert len(detail["items"]) == rnd.items.count() and detail["findings"][0]["id"] == action.finding_id


def test_the_api_answers_404_outside_scope_and_422_for_bad_filters(get, world, make_round):
    rnd = make_round()
    assert get(Role.GRANSKARE, f"/safety-rounds/{rnd.pk}").status_code == 404
    assert get(Role.GRANSKARE, "/safety-rounds")["X-Total-Count"] == "0"
    response = get(Role.ENHETSCHEF, "/safety-rounds", kind="nonsense")
    assert response.status_code == 422
    assert "kind" in response.json()["detail"]
    assert get(Role.ENHETSCHEF, "/safety-rounds", unit=world.foreign.pk).status_code == 422


@pytest.mark.parametrize(
    "path,params",
    [
        ("/safety-rounds", {"unit": 2**63 - 1}),
        ("/safety-rounds", {"unit": 2**63}),
        ("/safety-rounds", {"year": "tjugohundra"}),
        ("/safety-rounds", {"kind": "x" * 5000}),
        ("/safety-rounds", {"limit": 0}),
        ("/safety-rounds", {"offset": -1}),
        ("/safety-round-findings", {"status": "\u202eopen"}),
        ("/safety-round-actions", {"year": 99999999999999999999}),
        ("/safety-rounds/9223372036854775808", {}),
    ],
)
def test_values_at_and_beyond_the_bounds_answer_422_or_404_never_500(get, path, params):
    assert get(Role.ENHETSCHEF, path, **params).status_code in (404, 422)
