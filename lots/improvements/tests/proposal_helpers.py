from lots.accounts.models import Role
from lots.improvements import proposals


def make_proposal(world, unit=None, *, proposer=None, text="Schemat för helger kommer ut för sent.", **data):
    proposer = proposer or world.persona(Role.MEDARBETARE)
    return proposals.proposal_create(actor=proposer, unit=unit or world.own, text=text, **data)
