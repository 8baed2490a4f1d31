from types import ModuleType

import pytest
from django.core.exceptions import ImproperlyConfigured

from lots.core.demo import demo_modules, loading_order


def demo(app, depends_on=None):
    module = ModuleType(f"{app}.demo")
    if depends_on is not None:
        module.DEPENDS_ON = depends_on
    return module


def names(modules):
    return [m.__name__.removesuffix(".demo") for m in modules]


def test_a_module_loads_after_what_it_depends_on_and_otherwise_in_the_given_order():
    modules = [demo("lots.b", ("lots.c",)), demo("lots.a"), demo("lots.c", ("lots.a",)), demo("lots.d")]
    assert names(loading_order(modules)) == ["lots.a", "lots.c", "lots.b", "lots.d"]


def test_a_dependency_without_demo_data_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="lots.missing"):
        loading_order([demo("lots.a", ("lots.missing",))])


def test_a_cycle_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="cycle"):
        loading_order([demo("lots.a", ("lots.b",)), demo("lots.b", ("lots.a",)), demo("lots.c")])


def test_the_demo_builds_the_organisation_then_the_people_then_the_modules():
    order = names(demo_modules())
    assert order[:2] == ["lots.organisation", "lots.accounts"]
    assert "lots.core" not in order
    assert order.index("lots.processes") < order.index("lots.improvements") < order.index("lots.risks")
    assert order.index("lots.deviations") < order.index("lots.reports")
    assert set(order) == {
        "lots.organisation",
        "lots.accounts",
        "lots.mfa",
        "lots.identity",
        "lots.oversight",
        "lots.processes",
        "lots.improvements",
        "lots.risks",
        "lots.deviations",
        "lots.feedback",
        "lots.requirements",
        "lots.reports",
        "lots.staff",
        "lots.competence",
        "lots.workenv",
        "lots.rounds",
        "lots.agreements",
        "lots.interventions",
        "lots.watch",
        "lots.ledger",
        "lots.goals",
        "lots.indicators",
    }
    # The indicators measure the demo goals and establish their follow-ups once the values exist.
    assert order.index("lots.goals") < order.index("lots.indicators")
    # The staff side builds on the employments.
    assert order.index("lots.staff") < order.index("lots.competence")
