"""`make demo` runs the mail worker beside the server, with SITE_URL following PORT."""

import os
import subprocess

from django.conf import settings

# Under `make test` the parent make's flags would make this one print "Entering/Leaving directory" lines.
_PARENT_MAKE = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES"}


def test_make_demo_starts_the_worker_beside_the_server_and_points_the_links_at_its_port():
    plan = subprocess.run(
        ["make", "--no-print-directory", "-n", "demo", "PORT=8123"],
        cwd=settings.BASE_DIR,
        env={k: v for k, v in os.environ.items() if k not in _PARENT_MAKE},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert any("manage.py db_worker --no-reload" in line and "& worker=$!" in line for line in plan)
    assert any("trap 'kill $worker" in line for line in plan)
    assert plan[-1].endswith("manage.py runserver 127.0.0.1:8123")
    assert sum('SITE_URL="${SITE_URL:-http://127.0.0.1:8123}"' in line for line in plan) == 2  # the demo data, the server
