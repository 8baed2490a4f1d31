import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lots.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_hub_reads_a_fixed_number_of_queries_however_many_employees(client_for, manager, employ):
    client = client_for(manager)
    employ(person=UserFactory(username="en"))
    one = queries_for(client, reverse("staff:index"))

    for i in range(5):
        employ(person=UserFactory(username=f"fler{i}"))
    many = queries_for(client, reverse("staff:index"))

    assert many == one


def test_the_export_reads_a_fixed_number_of_queries(client_for, manager, employ):
    client = client_for(manager)
    employ(person=UserFactory(username="en"))
    one = queries_for(client, reverse("staff:export", args=["csv"]))

    for i in range(5):
        employ(person=UserFactory(username=f"fler{i}"))

    assert queries_for(client, reverse("staff:export", args=["csv"])) == one
