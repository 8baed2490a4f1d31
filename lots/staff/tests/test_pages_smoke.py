import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_render(client_for, manager, employee, employment, undertaking_text):
    client = client_for(manager)
    assert client.get(reverse("staff:index")).status_code == 200
    assert client.get(reverse("staff:employment", args=[employment.pk])).status_code == 200
    assert client.get(reverse("staff:templates")).status_code == 200
    assert client.get(reverse("staff:export", args=["csv"])).status_code == 200
    client = client_for(employee)
    response = client.get(reverse("staff:index"))
    assert response.status_code == 200
    assert "Min introduktion" in response.content.decode()
