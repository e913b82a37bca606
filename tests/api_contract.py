"""The API's contract: every response under /api/ that a test gets is checked against the OpenAPI document (issue 14).

`check(request, response)` validates one exchange with openapi-core: the status must be
documented for the operation, and the body must match its schema, closed objects included,
so a field added to an answer without its schema fails the test that made the request.
Answers the operations cannot document are checked against the shared error responses:
404 at an address no path matches, 405 for a method no operation has, 413 for a body too
large. A HEAD answer has no body: its status must be one the GET documents.

conftest.py installs `ContractClient` as every Flask app's test client, and
`serving.fetch` checks the answers of a real `kb serve` the same way.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flask.testing import FlaskClient
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_schema_validator import OAS31Validator
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from app.openapi import document
from indexer.kinds import kinds

# Statuses any address under /api/ may answer, with the shared response that describes them.
ANYWHERE = {405: "MethodNotAllowed", 413: "PayloadTooLarge"}


class ContractViolation(AssertionError):
    """An API response that does not match the OpenAPI document."""


@cache
def _spec(kind_names: tuple[str, ...]) -> tuple[dict[str, Any], OpenAPI]:
    """The document for the kinds registered now, and openapi-core's reading of it (which validates it as OpenAPI 3.1)."""
    doc = document()
    return doc, OpenAPI.from_dict(doc)


def spec() -> tuple[dict[str, Any], OpenAPI]:
    return _spec(tuple(k.name for k in kinds()))


def schema_errors(doc: dict[str, Any], schema: dict[str, Any], value: Any) -> list[str]:
    """What is wrong with `value` under a schema of the document (its $refs resolved within it)."""
    validator = OAS31Validator({**schema, "components": doc["components"]})
    return [f"{e.message} at {e.json_path}" for e in sorted(validator.iter_errors(value), key=str)]


def _validate_shared(doc: dict[str, Any], response: Response, name: str, where: str) -> None:
    """The body of an answer described by one of components/responses."""
    content = doc["components"]["responses"][name]["content"]
    if response.mimetype not in content:
        raise ContractViolation(f"{where}: {response.status_code} is {response.mimetype}, documented as {', '.join(content)}")
    errors = schema_errors(doc, content[response.mimetype]["schema"], response.get_json())
    if errors:
        raise ContractViolation(f"{where}: {response.status_code} body does not match {name}: {'; '.join(errors)}")


def _operation(doc: dict[str, Any], path: str, method: str) -> dict[str, Any] | None:
    """The operation of the document's path that matches `path` ({id} standing for one segment)."""
    for template, item in doc["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)), path):
            return item.get(method)
    return None


def check(request: Request, response: Response) -> None:
    """Raise ContractViolation when an answer under /api/ does not match the OpenAPI document."""
    if not request.path.startswith("/api/"):
        return
    doc, openapi = spec()
    where = f"{request.method} {request.full_path.rstrip('?')}"
    status = response.status_code
    if status in ANYWHERE:
        _validate_shared(doc, response, ANYWHERE[status], where)
        if status == 405 and "Allow" not in response.headers:
            raise ContractViolation(f"{where}: a 405 without its Allow header")
        return
    if request.method == "HEAD":
        get = _operation(doc, request.path, "get")
        documented = {"404"} if get is None else set(get["responses"])
        if str(status) not in documented or response.get_data():
            raise ContractViolation(f"{where}: {status} is not an answer its GET documents (or it has a body)")
        return
    try:
        openapi.validate_response(WerkzeugOpenAPIRequest(request), WerkzeugOpenAPIResponse(response))
    except PathNotFound:
        if status != 404:
            raise ContractViolation(f"{where}: no documented path, yet {status} instead of 404") from None
        _validate_shared(doc, response, "NotFound", where)
    except OperationNotFound:
        raise ContractViolation(f"{where}: no documented method, yet {status} instead of 405") from None
    except Exception as error:  # openapi-core's validation errors carry the schema errors in their cause
        cause = error.__cause__ or error
        details = getattr(cause, "schema_errors", None)
        text = "; ".join(f"{e.message} at {e.json_path}" for e in details) if details else str(cause)
        raise ContractViolation(f"{where}: {status}: {type(cause).__name__}: {text[:2000]}") from error


def check_fetched(url: str, status: int, content_type: str, body: bytes) -> None:
    """Check a GET answered by a real server (see serving.fetch)."""
    match = re.match(r"(https?://[^/]+)(/[^?]*)\??(.*)", url)
    if not match:
        return
    base, path, query = match.groups()
    request = Request(EnvironBuilder(method="GET", base_url=base, path=path, query_string=query).get_environ())
    check(request, Response(body, status=status, content_type=content_type))


class ContractClient(FlaskClient):
    """Flask's test client, checking every answer under /api/ against the OpenAPI document."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        check(response.request, response)
        return response
