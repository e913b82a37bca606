"""The about page and the knowledge-base format page."""

import pytest
from conftest import LANGUAGES, page

from app.security import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_shows_counts_build_time_and_how_to_add(client, lang):
    soup = page(client.get(f"/about?lang={lang}"))
    counts = {dd["data-count"]: dd.get_text() for dd in soup.select("dl.stats dd")}
    assert counts == {"acts": "3", "provisions": "5", "cases": "2", "services": "4"}
    assert any("kb new case" in code.get_text() for code in soup.select("code"))
    assert soup.select_one("a[href='/about/kb-format']")
    assert any(char.isdigit() for char in soup.select("section")[0].select("p")[-1].get_text())


def test_format_link_goes_to_the_repository_when_configured(client, app):
    app.config["KB_REPO_URL"] = "https://github.com/example/react-kb"
    soup = page(client.get("/about"))
    assert soup.select_one("a[href='https://github.com/example/react-kb/blob/main/kb/README.md']")


def test_format_page_renders_the_knowledge_base_readme_safely(client, app, tmp_path):
    (tmp_path / "README.md").write_text("# Format\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n", encoding="utf-8")
    app.config["KB_DIR"] = str(tmp_path)
    soup = page(client.get("/about/kb-format"))
    doc = soup.select_one(".doc")
    assert not doc.select("script") and "javascript:" not in str(doc)


def test_format_page_is_404_without_a_readme(client, app, tmp_path):
    app.config["KB_DIR"] = str(tmp_path)
    assert client.get("/about/kb-format").status_code == 404


@pytest.mark.parametrize(("lang", "title"), [("en", "The knowledge-base format"), ("ru", "Формат базы знаний"), ("kk", "Білім қорының форматы")])
def test_format_page_has_one_translated_h1_and_no_stray_title(client, app, tmp_path, lang, title):
    (tmp_path / "README.md").write_text("# Format of the files\n\nThe text.\n\n## Sections\n", encoding="utf-8")
    app.config["KB_DIR"] = str(tmp_path)
    soup = page(client.get(f"/about/kb-format?lang={lang}"))
    assert [h1.get_text() for h1 in soup.select("main h1")] == [title]
    doc = soup.select_one(".doc")
    assert "Format of the files" not in doc.get_text() and doc.select_one("h2").get_text() == "Sections"


def test_the_site_icon_is_served_under_the_same_security_policy(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    assert response.data[:4] == b"\x00\x00\x01\x00" and len(response.data) < 2048  # an ICO file, small
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
