"""Signing in: the accounts file, the form and its token, throttling, the session cookie, `kb account`."""

import datetime as dt
import os
import stat

import pytest
from click.testing import CliRunner
from conftest import PASSWORD, page, sign_in

from app.auth import MAX_FAILURES, AccountsError, read_accounts, write_account
from indexer.cli import cli


def test_without_an_accounts_file_nobody_can_sign_in(client):
    assert client.get("/sign-in").status_code == 404
    assert client.post("/sign-in", data={"name": "aigerim", "password": PASSWORD}).status_code == 404
    assert not page(client.get("/")).select("footer a[href^='/sign-in']")


def test_the_footer_offers_sign_in_when_accounts_exist(auth_app):
    link = page(auth_app.test_client().get("/laws", headers={"Accept-Language": "en"})).select_one("footer a[href^='/sign-in']")
    assert link.get_text() == "Sign in (REActors)" and link["href"] == "/sign-in?next=/laws"


def test_sign_in_from_a_results_page_returns_to_the_same_results(auth_app):
    client = auth_app.test_client()
    results = "/search?q=HIV+refusal&city=ust-kamenogorsk&lang=en"
    link = page(client.get(results)).select_one("footer a[href^='/sign-in']")["href"]
    form = page(client.get(link))
    token = form.select_one("form.sign-in input[name=csrf]")["value"]
    response = client.post(form.select_one("form.sign-in")["action"], data={"csrf": token, "name": "aigerim", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == results


def test_signing_in_goes_back_to_the_page_and_shows_who_is_signed_in(auth_app):
    client = auth_app.test_client()
    form = page(client.get("/sign-in?next=/services&lang=en"))
    token = form.select_one("form.sign-in input[name=csrf]")["value"]
    response = client.post("/sign-in?next=/services", data={"csrf": token, "name": "Aigerim ", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/services"
    footer = page(client.get("/services?lang=en")).select_one("footer form.account")
    assert "Signed in as aigerim" in footer.get_text()


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1"])
def test_sign_in_never_redirects_to_another_site(auth_app, target):
    client = auth_app.test_client()
    response = sign_in(client, query_string={"next": target})
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location == "/" or (location.startswith("/") and not location.startswith("//") and "\n" not in location)


@pytest.mark.parametrize(("name", "password"), [("aigerim", "wrong password"), ("nobody", PASSWORD), ("", "")])
def test_wrong_name_or_password_is_refused_alike(auth_app, name, password):
    client = auth_app.test_client()
    response = sign_in(client, name=name, password=password, headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert "Wrong name or password." in response.get_data(as_text=True)
    assert client.get("/services/test-quiet-doctor").status_code == 404


def test_the_form_needs_its_token(auth_app):
    client = auth_app.test_client()
    client.get("/sign-in")
    assert client.post("/sign-in", data={"name": "aigerim", "password": PASSWORD}).status_code == 400
    assert client.post("/sign-in", data={"csrf": "forged", "name": "aigerim", "password": PASSWORD}).status_code == 400
    assert auth_app.test_client().post("/sign-out", data={"csrf": ""}).status_code == 400
    assert client.get("/services/test-quiet-doctor").status_code == 404


def test_repeated_failures_are_throttled(auth_app):
    client = auth_app.test_client()
    for _ in range(MAX_FAILURES):
        assert sign_in(client, password="guess").status_code == 401
    response = sign_in(client)  # even the right password, for a while
    assert response.status_code == 429
    assert client.get("/services/test-quiet-doctor").status_code == 404


def test_session_cookie_is_strict(auth_app):
    client = auth_app.test_client()
    response = sign_in(client)
    cookie = next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("kb_session="))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "path", "expires"} <= attributes and "samesite=lax" in cookie.lower()
    assert "secure" not in attributes  # plain http on a laptop: a Secure cookie would never come back
    https = auth_app.test_client()
    response = sign_in(https, base_url="https://kb.example")
    cookie = next(v for k, v in response.headers.items() if k == "Set-Cookie" and v.startswith("kb_session="))
    assert "secure" in {part.strip().lower() for part in cookie.split(";")}


def test_a_session_expires(auth_app):
    client = auth_app.test_client()
    sign_in(client)
    assert client.get("/services/test-quiet-doctor").status_code == 200
    auth_app.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(seconds=-1)
    assert client.get("/services/test-quiet-doctor").status_code == 404


def test_removing_an_account_signs_it_out(built_data, catalogs, tmp_path):
    from app import create_app

    accounts = tmp_path / "accounts"
    write_account(accounts, "dana", PASSWORD)
    app = create_app({"TESTING": True, "DATA_DIR": str(built_data), "ACCOUNTS_FILE": str(accounts)})
    client = app.test_client()
    assert sign_in(client, name="dana").status_code == 303
    assert client.get("/services/test-quiet-doctor").status_code == 200
    accounts.write_text("# nobody\n", encoding="utf-8")
    os.utime(accounts, (0, 0))  # a different mtime even within the same second
    assert client.get("/services/test-quiet-doctor").status_code == 404
    app.extensions["kb_engine"].close()


def test_accounts_file_holds_hashes_only_and_is_private(tmp_path):
    path = tmp_path / "accounts"
    write_account(path, "aigerim", PASSWORD)
    write_account(path, "dana", "another long password")
    write_account(path, "aigerim", "a changed password")
    text = path.read_text(encoding="utf-8")
    assert PASSWORD not in text and "changed" not in text
    assert set(read_accounts(path)) == {"aigerim", "dana"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("aigerim plain-password\n", encoding="utf-8")
    with pytest.raises(AccountsError, match="accounts:1"):
        read_accounts(path)


def test_kb_account_adds_and_removes_reactors(tmp_path):
    accounts = tmp_path / "accounts"
    runner = CliRunner()
    result = runner.invoke(cli, ["account", "marat", "--accounts", str(accounts)], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "marat" in read_accounts(accounts)
    short = runner.invoke(cli, ["account", "marat", "--accounts", str(accounts)], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    bad = runner.invoke(cli, ["account", "Marat Bekov", "--accounts", str(accounts)], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert bad.exit_code == 1 and "lowercase" in bad.output
    removed = runner.invoke(cli, ["account", "marat", "--delete", "--accounts", str(accounts)])
    assert removed.exit_code == 0 and read_accounts(accounts) == {}


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_sign_in_page_is_translated_and_labelled(auth_app, lang):
    soup = page(auth_app.test_client().get(f"/sign-in?lang={lang}"))
    assert soup.html["lang"] == lang and len(soup.select("main h1")) == 1
    for control in soup.select("form.sign-in input:not([type=hidden])"):
        assert soup.select_one(f"label[for='{control['id']}']"), control
    assert soup.select_one("#password")["autocomplete"] == "current-password"


def test_a_broken_accounts_file_signs_nobody_in_but_keeps_the_site_up(built_data, catalogs, tmp_path, caplog):
    from app import create_app

    accounts = tmp_path / "accounts"
    accounts.write_text("aigerim " + PASSWORD + "\n", encoding="utf-8")
    app = create_app({"TESTING": True, "DATA_DIR": str(built_data), "ACCOUNTS_FILE": str(accounts)})
    client = app.test_client()
    assert client.get("/laws").status_code == 200
    assert sign_in(client).status_code == 401
    assert "accounts file unusable" in caplog.text and PASSWORD not in caplog.text
    app.extensions["kb_engine"].close()


@pytest.mark.parametrize(
    "lang, field, button, footer",
    [("kk", "Пайдаланушы аты", "Кіру", "Кіру (REAct мамандары үшін)"), ("ru", "Имя пользователя", "Войти", "Вход для сотрудников REAct")],
)
def test_the_sign_in_form_asks_for_the_user_name_not_a_first_name(auth_app, lang, field, button, footer):
    client = auth_app.test_client()
    form = page(client.get(f"/sign-in?lang={lang}"))
    assert form.select_one("label[for=name]").get_text() == field
    assert form.select_one("form.sign-in button[type=submit]").get_text() == button
    assert page(client.get(f"/laws?lang={lang}")).select_one("footer a[href^='/sign-in']").get_text() == footer
