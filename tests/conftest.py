"""Shared fixtures: a copy of the fixture knowledge base, a real build of it, a search engine, the web app."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from indexer.build import build
from indexer.search import SearchEngine

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
BROKEN = Path(__file__).parent / "fixtures" / "broken"
REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "app" / "translations"
LANGUAGES = ("kk", "ru", "en")


@pytest.fixture(scope="session", autouse=True)
def api_contract():
    """Every Flask app's test client checks each answer under /api/ against the OpenAPI document (tests/api_contract.py)."""
    from api_contract import ContractClient
    from flask import Flask

    Flask.test_client_class = ContractClient
    yield
    Flask.test_client_class = None
class SharedTemplateCode(BytecodeCache):
    """Compiled templates shared by every app the tests create, in memory.

    Each test gets a fresh app, and compiling the templates again for each was most of the suite's
    time. Jinja checks each template's source checksum, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


Flask.jinja_options = {**Flask.jinja_options, "bytecode_cache": SharedTemplateCode()}


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture knowledge base."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target


@pytest.fixture(scope="session")
def built_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture knowledge base built once, with the real builder."""
    data = tmp_path_factory.mktemp("data")
    build(FIXTURE_KB, data)
    return data


@pytest.fixture(scope="module")
def server(built_data: Path, catalogs: None, tmp_path_factory: pytest.TempPathFactory):
    """`kb serve` (gunicorn) over the fixture knowledge base on a free loopback port; yields its base URL."""
    from serving import kb_serve

    with kb_serve(FIXTURE_KB, built_data, tmp_path_factory.mktemp("server") / "serve.log") as base:
        yield base


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that drives Chromium must be in the browser tier, which `make test-fast` leaves out."""
    untiered = [item.nodeid for item in items if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser")]
    if untiered:
        raise pytest.UsageError("these tests use the browser fixture without pytest.mark.browser: " + ", ".join(untiered))


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright (the browser tests skip loudly when it is missing)."""
    from serving import chromium

    with chromium() as launched:
        yield launched


def cached_build(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory, name: str, kb: Path) -> Path:
    """`kb` built by the real builder into the folder `name` of pytest's cache, kept from run to run.

    The builder's content hash covers every file of the knowledge base, the code that writes the index and
    its libraries' versions: a later run (or a second xdist worker, after waiting on the build lock) rebuilds
    what changed and otherwise reuses the build. `make clean` or `-p no:cacheprovider` starts from nothing."""
    cache = getattr(config, "cache", None)
    data = cache.mkdir(name) if cache is not None else tmp_path_factory.mktemp(name)
    build(kb, data)
    return data


@pytest.fixture(scope="session")
def shipped_data(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge base we ship, built (see cached_build); read only (a test that changes it builds its own)."""
    return cached_build(request.config, tmp_path_factory, "shipped-kb-data", REPO / "kb")


@pytest.fixture(scope="session")
def shipped_loaded():
    """The knowledge base we ship, loaded and validated once per worker: (kb, problems); read only."""
    from indexer.load import load_kb

    return load_kb(REPO / "kb")


@pytest.fixture(scope="session")
def shipped(shipped_data: Path):
    """A search engine over the knowledge base we ship."""
    engine = SearchEngine(shipped_data)
    yield engine
    engine.close()


@pytest.fixture
def engine(built_data: Path):
    engine = SearchEngine(built_data)
    yield engine
    engine.close()


def ids(hits: list[dict]) -> list[str]:
    """The ids of a result list, in order."""
    return [hit["id"] for hit in hits]


def means(result: dict) -> set[str]:
    """The concepts a search also searched for ("also searched for": the lexicon's expansions)."""
    return {concept for found in result["expanded"] for concept in found["means"]}


@pytest.fixture(scope="session")
def catalogs() -> None:
    """Compiled message catalogs (the .mo files are build output: compile any missing or stale one)."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source)
            # Written aside and renamed, so a parallel worker never reads a half-written catalog.
            partial = mo.with_name(f"{mo.name}.{os.getpid()}")
            with partial.open("wb") as target:
                write_mo(target, catalog)
            partial.replace(mo)


def fixture_app(built_data: Path):
    """A new web app over the fixture build."""
    from app import create_app

    return create_app({"TESTING": True, "DATA_DIR": str(built_data), "KB_DIR": str(FIXTURE_KB)})


@pytest.fixture
def app(built_data: Path, catalogs):
    """The web app over the fixture build, the test's own (it may change its settings or patch it)."""
    application = fixture_app(built_data)
    yield application
    application.extensions["kb_engine"].close()


@pytest.fixture(scope="module")
def module_app(built_data: Path, catalogs):
    """The web app over the fixture build shared by a module's tests that only send it requests (see `client`)."""
    application = fixture_app(built_data)
    yield application
    application.extensions["kb_engine"].close()


@pytest.fixture
def client(request: pytest.FixtureRequest):
    """A test client with its own cookies: of the test's own `app` when the test or one of its fixtures asks for
    `app`, else of the module's shared app (a new app and its first requests cost about 20 ms, for some 400 tests)."""
    return request.getfixturevalue("app" if "app" in request.fixturenames else "module_app").test_client()


def page(response) -> BeautifulSoup:
    """The parsed HTML of a successful response."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


# -- signed-in REActors (internal entries) -----------------------------------

PASSWORD = "correct horse battery staple"
# What only the fixture's internal entries contain: no anonymous answer may hold any of these.
INTERNAL_MARKERS = ("zhasyryn", "test-quiet", "999 111", "7232999111")


# The test account's hash: werkzeug's scrypt at a work factor of 2**10, not the 2**15 `kb account` writes, as test
# settings commonly do (each sign-in of the suite would cost 0.2 s of CPU). Sign-in reads the factor from the hash,
# so it runs the same code; test_auth checks what `write_account` itself writes, and unknown names still cost the
# full factor (app.auth's dummy hash).
TEST_HASH_METHOD = "scrypt:1024:8:1"


@pytest.fixture(scope="session")
def accounts_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An accounts file with one REActor, 'aigerim' (in the format `kb account` writes; see TEST_HASH_METHOD)."""
    from werkzeug.security import generate_password_hash

    from app.auth import read_accounts

    path = tmp_path_factory.mktemp("accounts") / "accounts"
    path.write_text(f"aigerim:{generate_password_hash(PASSWORD, method=TEST_HASH_METHOD)}\n", encoding="utf-8")
    path.chmod(0o600)
    assert list(read_accounts(path)) == ["aigerim"]
    return path


@pytest.fixture
def auth_app(built_data: Path, catalogs, accounts_file: Path):
    """The web app over the fixture build, with sign-in enabled."""
    from app import create_app

    application = create_app({"TESTING": True, "DATA_DIR": str(built_data), "KB_DIR": str(FIXTURE_KB), "ACCOUNTS_FILE": str(accounts_file)})
    yield application
    application.extensions["kb_engine"].close()


def sign_in(client, name: str = "aigerim", password: str = PASSWORD, **kwargs):
    """Post the sign-in form as a browser would (with the form's token); the response."""
    form = BeautifulSoup(client.get("/sign-in", **kwargs).get_data(as_text=True), "html.parser")
    token = form.select_one("form.sign-in input[name=csrf]")["value"]
    return client.post("/sign-in", data={"csrf": token, "name": name, "password": password}, **kwargs)


@pytest.fixture
def member(auth_app):
    """A test client signed in as a REActor."""
    client = auth_app.test_client()
    response = sign_in(client)
    assert response.status_code == 303, response.status_code
    return client
