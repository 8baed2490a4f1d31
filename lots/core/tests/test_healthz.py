from django.db.utils import OperationalError


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


class UnreachableDatabase:
    def cursor(self):
        raise OperationalError("connection refused")


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    monkeypatch.setattr("lots.core.views.connection", UnreachableDatabase())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False
