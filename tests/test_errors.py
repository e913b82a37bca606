"""Error pages: friendly and translated in HTML, JSON under /api/, logged without the query."""

import logging

import pytest
from conftest import LANGUAGES

TITLES = {"en": "Page not found", "ru": "Страница не найдена", "kk": "Бет табылмады"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_404_page_is_in_the_interface_language(client, lang):
    from bs4 import BeautifulSoup

    response = client.get(f"/no/such/page?lang={lang}")
    assert response.status_code == 404 and response.mimetype == "text/html"
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.html["lang"] == lang
    assert soup.select_one("main h1").get_text(strip=True) == TITLES[lang]
    assert soup.select_one("main form[role=search] input[name=q]")


def test_404_follows_accept_language(client):
    response = client.get("/cases/nobody", headers={"Accept-Language": "kk-KZ,kk;q=0.9"})
    assert TITLES["kk"] in response.get_data(as_text=True)


@pytest.fixture
def broken(app, monkeypatch):
    """Make the search engine fail the way a bug would."""

    def fail(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(app.extensions["kb_engine"], "find", fail)


def test_server_error_is_a_friendly_page_logged_without_the_query(client, broken, caplog):
    with caplog.at_level(logging.ERROR):
        response = client.get("/search?q=secret+client+name&lang=ru")
    assert response.status_code == 500
    assert "Что-то пошло не так" in response.get_data(as_text=True)
    assert "RuntimeError" in caplog.text and "/search" in caplog.text
    assert "secret" not in caplog.text


def test_server_error_under_api_is_json(client, broken):
    response = client.get("/api/search?q=secret")
    assert response.status_code == 500 and response.get_json()["error"]["status"] == 500


def test_missing_index_is_a_503_page_and_json(tmp_path, catalogs):
    from app import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path)})
    client = app.test_client()
    response = client.get("/search?q=x&lang=en")
    assert response.status_code == 503 and "not available" in response.get_data(as_text=True)
    response = client.get("/api/search?q=x")
    assert response.status_code == 503 and "kb build" in response.get_json()["error"]["message"]
