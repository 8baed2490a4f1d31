import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "role, shown, hidden",
    [
        ("kvalitetssamordnare", ["Organisation", "Personer", "Logg"], []),
        ("medarbetare", ["Organisation"], ["Personer", "Logg"]),
        ("granskare", ["Logg", "Personer"], []),
        ("extern_utforare", [], ["Organisation", "Personer", "Logg"]),
    ],
)
def test_the_menu_shows_what_the_role_may_use(world, client_for, role, shown, hidden):
    html = client_for(world.persona(role)).get(reverse("home:start")).content.decode()
    menu = html.split('aria-label="Huvudmeny"', 1)[1].split("</nav>", 1)[0]
    for label in shown:
        assert f">{label}</a>" in menu
    for label in hidden:
        assert f">{label}</a>" not in menu


def test_staff_get_a_quick_way_to_report_a_deviation_from_the_start_page(world, client_for):
    html = client_for(world.persona("medarbetare")).get(reverse("home:start")).content.decode()
    assert f'href="{reverse("deviations:report")}"' in html
    html = client_for(world.persona("granskare")).get(reverse("home:start")).content.decode()
    assert f'href="{reverse("deviations:report")}"' not in html


def test_staff_can_propose_an_improvement_straight_from_the_start_page(world, client_for):
    html = client_for(world.persona("medarbetare")).get(reverse("home:start")).content.decode()
    assert f'href="{reverse("improvements:propose")}"' in html
    html = client_for(world.persona("namndledamot")).get(reverse("home:start")).content.decode()
    assert f'href="{reverse("improvements:propose")}"' not in html
