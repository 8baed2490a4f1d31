"""From a computed indicator the reader drills down to the records it counts: the module's list for the unit and
the period, offered only to those who see that list."""

import datetime

from django.urls import reverse
from django.utils import timezone

from lots.accounts.models import Role
from lots.indicators.models import Indicator


def test_a_computed_indicator_links_each_period_to_the_list_it_counts(world, make_indicator, client_for):
    indicator = make_indicator(source=Indicator.Source.COMPUTED, computed_key="deviations_per_month", name="Avvikelser")
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    first = timezone.localdate().replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    url = f"{reverse('deviations:index')}?unit={world.own.pk}&amp;start={first.isoformat()}&amp;end={last.isoformat()}"
    assert "Underlaget" in page
    assert url in page


def test_the_link_is_not_offered_to_someone_who_does_not_see_the_list(world, make_indicator, client_for):
    indicator = make_indicator(source=Indicator.Source.COMPUTED, computed_key="deviations_per_month", name="Avvikelser")
    page = client_for(world.persona(Role.NAMNDLEDAMOT)).get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "Underlaget" not in page
    assert reverse("deviations:index") + "?" not in page


def test_an_indicator_entered_by_hand_has_no_list_behind_it(world, make_indicator, client_for):
    indicator = make_indicator(name="Nöjdhet")
    page = client_for(world.persona(Role.ENHETSCHEF)).get(reverse("indicators:detail", args=[indicator.pk])).content.decode()
    assert "Underlaget" not in page
