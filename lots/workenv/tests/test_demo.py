import pytest
from django.core.management import call_command

from lots.workenv.models import Delegation, TaskReturn

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_chain_with_one_pending_and_one_return_waiting():
    call_command("load_demo", verbosity=0)
    assert Delegation.objects.in_force().count() >= 4
    assert Delegation.objects.pending().count() == 1
    assert TaskReturn.objects.unanswered().count() == 1
    assert not Delegation.objects.needs_owner().exists()
    roles = set(Delegation.objects.values_list("delegator_role", "receiver_role"))
    assert ("forvaltningschef", "avdelningschef") in roles and ("avdelningschef", "enhetschef") in roles
