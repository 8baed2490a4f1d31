"""The agreements' Excel and CSV downloads list the agreements in the order of the list on the screen."""

from django.urls import reverse

from lots.accounts.models import Role
from lots.agreements.tests.helpers import make_agreement
from lots.testing.lists import export_column, page_rows
from lots.testing.spreadsheets import csv_rows

TITLES = ["Öppenvård och skola", "Barn och unga", "Ändrade rutiner", "Äldreomsorg", "Zon för samverkan"]


def test_the_downloads_list_the_agreements_in_the_order_of_the_screen(world, client_for):
    for title in TITLES:
        make_agreement(world, [world.own], title=title, active=False)
    client = client_for(world.persona(Role.KVALITETSSAMORDNARE))
    screen = [a.title for a in page_rows(client.get(reverse("agreements:index")))]
    assert sorted(screen) == sorted(TITLES)
    assert export_column(client.get(reverse("agreements:export", args=["xlsx"])), "Överenskommelse") == screen
    rows = csv_rows(client.get(reverse("agreements:export", args=["csv"])))
    assert [row[0] for row in rows[1:]] == screen
