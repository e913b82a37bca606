"""The referral directory, a contact's page and its vCard."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from app.browse import chosen_filters, out_of_range, page_number, vocabulary_key
from app.i18n import content_language, language_name, locale
from app.kb import catalog, label, vocab
from app.vcard import vcard as make_vcard
from indexer.catalog import PageOutOfRange
from indexer.collation import collation_key
from indexer.validate import LANG_CODE_RE

bp = Blueprint("services", __name__, url_prefix="/services")

# Contact cards per page: a card with its channels weighs over 1 KB, and a page may weigh 60 KB on a phone.
PAGE_SIZE = 30


def _checks() -> dict:
    """Each filter's label on the form and its check: a vocabulary key, or a language code."""
    known = vocab()
    return {
        "city": (_("City"), vocabulary_key(known, "places")),
        "kind": (_("Kind of contact"), vocabulary_key(known, "service_kinds")),
        "group": (_("Friendly to"), vocabulary_key(known, "groups")),
        "speaks": (_("Works in"), lambda value: LANG_CODE_RE.match(value) is not None),
    }


@bp.get("")
def index():
    """The directory, a page of contacts at a time; with a city, then the others of its region and national bodies."""
    filters = chosen_filters(request.args, _checks())
    free = True if request.args.get("free") else None
    try:
        page = catalog().service_page(locale(), page_number(request.args), PAGE_SIZE, **filters, free=free)
    except PageOutOfRange as error:
        out_of_range(error)
    facets = catalog().facets("services", locale())
    present = {
        "places": [p for p in facets.get("city", []) if p != "national"],
        "kinds": facets.get("kind", []),
        "groups": facets.get("groups", []),
        "languages": sorted(((code, language_name(code)) for code in facets.get("languages", [])), key=lambda pair: collation_key(pair[1], locale())),
    }
    return render_template("services/index.html", page=page, filters=filters, free=free, present=present)


@bp.get("/<service_id>")
def service(service_id: str):
    service = catalog().service(service_id, content_language()) or abort(404)
    return render_template("services/service.html", service=service)


@bp.get("/<service_id>.vcf")
def vcard(service_id: str):
    service = catalog().service(service_id, content_language()) or abort(404)
    city = "" if service["city"] == "national" else label("places", service["city"])
    text = make_vcard(service, label("service_kinds", service["kind"]), city)
    return Response(text, mimetype="text/vcard", headers={"Content-Disposition": f'attachment; filename="{service_id}.vcf"'})
