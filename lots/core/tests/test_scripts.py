import re

from django.urls import reverse


def test_a_page_loads_only_the_sites_own_small_script(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert re.findall(r'<script[^>]*src="([^"]+)"', html) == ["/static/lots/lots.js"]
    assert "htmx" not in html
