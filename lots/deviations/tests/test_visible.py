"""The reports a person may open: their units' and their own, wherever their own were reported."""

from lots.deviations import access as deviation_access


def test_a_managers_own_report_outside_their_units_is_among_those_they_see(world, report):
    manager = world.persona("enhetschef")
    elsewhere = report(unit=world.other, actor=manager)
    inside = report()
    assert set(deviation_access.visible(manager)) == {elsewhere, inside}


def test_own_reports_inside_the_units_are_seen_once(world, report):
    manager = world.persona("enhetschef")
    own = report(actor=manager)
    colleague = report()
    assert list(deviation_access.visible(manager).order_by("pk")) == [own, colleague]


def test_when_own_reports_lie_inside_the_units_the_scope_alone_selects_them(world, report):
    manager = world.persona("enhetschef")
    report(actor=manager)
    where = str(deviation_access.visible(manager).query).split(" WHERE ", 1)[1]
    assert "reported_by_id" not in where


def test_staff_see_only_their_own_reports(world, report, reporter):
    mine = report(actor=reporter)
    report(unit=world.other, actor=world.persona("enhetschef"))
    assert list(deviation_access.visible(reporter)) == [mine]
