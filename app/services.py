"""The referral directory, a contact's page and its vCard."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from app.i18n import content_language, language_name, locale
from app.kb import catalog, label, vocab
from app.vcard import vcard as make_vcard
from indexer.collation import collation_key

bp = Blueprint("services", __name__, url_prefix="/services")

FILTERS = ("city", "kind", "group", "speaks")
# Cards per page of the directory: with every region listed, one page of all contacts would outgrow
# the 60 KB a page may weigh on a phone.
PAGE_SIZE = 40


@bp.get("")
def index():
    filters = {name: request.args[name] for name in FILTERS if request.args.get(name)}
    free = True if request.args.get("free") else None
    services = catalog().services(locale(), **filters, free=free)
    nearby = []
    city = filters.get("city")
    if city:
        # Also useful to the client: the rest of the region and national bodies, listed apart.
        places = vocab().get("places", {})
        region = places.get(city, {}).get("region")
        others = catalog().services(locale(), **{k: v for k, v in filters.items() if k != "city"}, free=free)
        nearby = [s for s in others if s["city"] != city and (s["city"] == "national" or places.get(s["city"], {}).get("region") == region)]
    everything = catalog().services(locale())
    present = {
        "places": sorted({s["city"] for s in everything if s["city"] != "national"}),
        "kinds": sorted({s["kind"] for s in everything}),
        "groups": sorted({g for s in everything for g in s["groups"]}),
        "languages": sorted(
            ((code, language_name(code)) for code in {lang for s in everything for lang in s["languages"]}),
            key=lambda pair: collation_key(pair[1], locale()),
        ),
    }
    pages = max(1, -(-len(services) // PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    shown = services[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return render_template(
        "services/index.html", services=services, shown=shown, page=page, pages=pages,
        nearby=nearby, filters=filters, free=free, present=present, total=len(everything),
    )


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
