"""Interface languages: complete catalogs, the choice of language, locale formatting."""

import datetime as dt

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conftest import REPO, TRANSLATIONS


def catalog(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def extracted_ids():
    """Every message the app's code and templates use, extracted as `pybabel extract` does."""
    method_map = [("app/**.py", "python"), ("app/templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    return {message[2] if isinstance(message[2], str) else message[2][0] for message in extract_from_dir(REPO, method_map, keywords=keywords)}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalog_is_complete_without_fuzzy_entries(lang):
    messages = [m for m in catalog(lang) if m.id]
    untranslated = [m.id for m in messages if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert untranslated == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert not catalog(lang).obsolete


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_interface_string_is_in_the_catalog(lang):
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(lang) if m.id}
    assert extracted_ids() - known == set(), "run `make translations` and translate the new strings"


def test_plural_forms_follow_the_language(client):
    cited = {}
    for lang in ("ru", "kk", "en"):
        soup = BeautifulSoup(client.get(f"/laws/test-order-379/p-30-sp-2?lang={lang}").get_data(as_text=True), "html.parser")
        cited[lang] = soup.select_one("section#cases h2").get_text(strip=True)
    assert cited == {"ru": "Упоминается в 1 случае", "kk": "1 жағдайда сілтеме жасалған", "en": "Cited in 1 case"}


def lang_of(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser").html["lang"]


def test_default_is_russian(client):
    assert lang_of(client.get("/")) == "ru"
    assert lang_of(client.get("/", headers={"Accept-Language": "de, fr"})) == "ru"


def test_accept_language_is_used_without_a_choice(client):
    assert lang_of(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})) == "en"
    assert lang_of(client.get("/", headers={"Accept-Language": "de, kk;q=0.5"})) == "kk"


def test_explicit_choice_is_remembered_and_beats_accept_language(client):
    response = client.get("/laws?lang=kk", headers={"Accept-Language": "en"})
    assert lang_of(response) == "kk"
    assert "lang=kk" in response.headers["Set-Cookie"]
    assert lang_of(client.get("/cases", headers={"Accept-Language": "en"})) == "kk"
    assert lang_of(client.get("/cases?lang=en")) == "en"
    assert lang_of(client.get("/about")) == "en"


def test_unknown_language_is_ignored(client):
    response = client.get("/?lang=xx")
    assert lang_of(response) == "ru" and "Set-Cookie" not in response.headers


def test_responses_vary_by_language_inputs(client):
    assert {"Cookie", "Accept-Language"} <= set(client.get("/").headers["Vary"].replace(" ", "").split(","))


def test_switcher_links_keep_the_page_and_its_parameters(client):
    soup = BeautifulSoup(client.get("/search?q=ВИЧ&city=almaty&lang=en").get_data(as_text=True), "html.parser")
    links = {a["hreflang"]: a["href"] for a in soup.select("nav.langs a")}
    assert links["kk"].startswith("/search?") and "city=almaty" in links["kk"] and links["kk"].endswith("lang=kk")
    assert soup.select_one("nav.langs a[aria-current]")["hreflang"] == "en"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("ru", "2023-04", "апрель 2023"), ("kk", "2023-04", "сәуір"), ("en", "2023-04", "April 2023"), ("en", "2023", "2023"),
        ("ru", "2018-08-29", "29 августа 2018"),
        ("en", "nonsense", "nonsense"),
    ],
)
def test_dates_are_formatted_per_locale(app, lang, value, expected):
    from app.i18n import partial_date

    with app.test_request_context(f"/?lang={lang}"):
        assert expected in partial_date(value)


def test_build_time_is_shown_in_the_app_time_zone(app):
    from app.i18n import timestamp

    with app.test_request_context("/?lang=en"):
        assert "5:00:00" in timestamp(dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC).isoformat())
