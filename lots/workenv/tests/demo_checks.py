"""What the demo must hold for work-environment delegation; run against the whole demo by lots/core/tests/test_demo.py."""

from lots.workenv.models import Delegation, TaskReturn


def check_the_chain_with_one_pending_and_one_return_waiting(ctx):
    assert Delegation.objects.in_force().count() >= 4
    assert Delegation.objects.pending().count() == 1
    assert TaskReturn.objects.unanswered().count() == 1
    assert not Delegation.objects.needs_owner().exists()
    roles = set(Delegation.objects.values_list("delegator_role", "receiver_role"))
    assert ("forvaltningschef", "avdelningschef") in roles and ("avdelningschef", "enhetschef") in roles
