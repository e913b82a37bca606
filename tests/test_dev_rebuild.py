"""In debug mode the app re-indexes before a request when kb/ changed; in production it never builds."""

import pytest
from conftest import page

from indexer.build import build


@pytest.fixture
def dev_app(kb_dir, tmp_path, catalogs):
    from app import create_app

    data = tmp_path / "data"
    build(kb_dir, data)
    application = create_app({"TESTING": True, "KB_DIR": str(kb_dir), "DATA_DIR": str(data)})
    yield application
    application.extensions["kb_engine"].close()


def rename_service(kb_dir):
    path = kb_dir / "services/test-aids-almaty.ru.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Городской центр СПИД Алматы", "Центр СПИД Алматы"), encoding="utf-8")


def title(client):
    return page(client.get("/services/test-aids-almaty")).select_one("h1").get_text(strip=True)


def test_debug_server_rebuilds_when_kb_changes(dev_app, kb_dir):
    dev_app.debug = True
    client = dev_app.test_client()
    assert title(client) == "Городской центр СПИД Алматы"
    rename_service(kb_dir)
    assert title(client) == "Центр СПИД Алматы"


def test_production_server_never_builds(dev_app, kb_dir):
    client = dev_app.test_client()
    rename_service(kb_dir)
    assert title(client) == "Городской центр СПИД Алматы"
