"""The bench generator's bulk paths must leave the data as the services would."""

from lots import access
from lots.organisation.models import Unit


def test_generated_unit_paths_are_what_the_services_would_write(db):
    from bench.generate import generate

    ds = generate("T")
    for unit in Unit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "") + f"{unit.pk:06d}."
        assert unit.path == expected
        assert unit.depth == (unit.parent.depth + 1 if unit.parent else 0)
    visible = set(access.visible_units(ds.manager))
    assert visible == set(Unit.objects.subtree(ds.forvaltningar[0]))
