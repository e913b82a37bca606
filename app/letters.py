"""Complaint letters: a form with the template's blanks, then the filled letter to print, download or paste.

`/letters/<id>?city=…` carries only the letter and the client's city. What a
REActor types is sent by POST with the session's form token and answered at
once, with `Cache-Control: no-store` (app/security.py): it is never logged,
stored, put in an address or a cookie (issue 6). The .docx is built in memory.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.dates import format_date
from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import gettext as _

from app.auth import check_csrf
from app.i18n import content_language, locale
from app.kb import catalog, public_catalog, vocab
from app.letter_docx import docx_bytes
from indexer.kazakh import date_phrase
from indexer.letter_format import fill, plain_text

bp = Blueprint("letters", __name__, url_prefix="/letters")

# The most a REActor may type into one blank: long ones (facts, demands) and short ones (a name, an address).
# A form full to these limits (Cyrillic takes six bytes a letter once URL-encoded) must fit the larger
# body this route alone may send (app/security.py LARGER_BODIES); a test checks it for every shipped letter.
MAX_LONG = 3000
MAX_SHORT = 300
MAX_ADDRESSEE = 600
OUTPUTS = ("html", "docx", "text")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("")
def index():
    return render_template("letters/index.html", letters=catalog().letters(locale()), city=_city())


def _city() -> str | None:
    city = request.args.get("city", "")
    return city if city in vocab().get("places", {}) and city != "national" else None


def _letter(letter_id: str) -> dict[str, Any]:
    letter = catalog().letter(letter_id, request.form.get("language") or content_language()) or abort(404)
    # Contacts go on a paper handed over: never an internal one (as on the referral sheet).
    letter["contacts"] = public_catalog().addressees(letter["addressee"], _city(), letter["lang"]) if letter.get("addressee") else []
    return letter


@bp.route("/<letter_id>", methods=["GET", "POST"])
def letter(letter_id: str):
    """GET: the empty form. POST: the filled letter in the output asked for (or the form again, with what is missing)."""
    if request.method == "POST":
        return _write(letter_id)
    letter = _letter(letter_id)
    return render_template("letters/form.html", letter=letter, city=_city(), values={}, errors={}, chosen=set(letter["cites"]))


def _read_form(letter: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    """The blanks as typed, and an error message per blank that is missing, too long or not a date."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for blank in letter["blanks"]:
        name = blank["name"]
        value = request.form.get(name, "").strip()
        values[name] = value
        limit = MAX_LONG if blank.get("long") else MAX_SHORT
        if not value and blank.get("required"):
            errors[name] = _("Fill this in.")
        elif len(value) > limit:
            errors[name] = _("Too long: at most %(limit)d characters.", limit=limit)
        elif value and blank.get("type") == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                errors[name] = _("Give a date as YYYY-MM-DD.")
    values["addressee_text"] = request.form.get("addressee_text", "").strip()
    if len(values["addressee_text"]) > MAX_ADDRESSEE:
        errors["addressee_text"] = _("Too long: at most %(limit)d characters.", limit=MAX_ADDRESSEE)
    values["contact"] = request.form.get("contact", "")
    return values, errors


def _addressee(letter: dict[str, Any], values: dict[str, str]) -> str:
    """The addressee block: the contact chosen from the directory (name and address), else what was typed."""
    if values["addressee_text"]:
        return values["addressee_text"]
    for contact in letter["contacts"]:
        if contact["id"] == values["contact"]:
            return "\n".join(filter(None, [contact["name"], contact.get("address")]))
    return ""


def numbered(citations: list[str]) -> str:
    """Citations as a numbered list, one a line: "1) …;" and the last "n) …." (no double full stop after "г.")."""
    lines = []
    for i, citation in enumerate(citations, 1):
        end = ";" if i < len(citations) else ("" if citation.endswith(".") else ".")
        lines.append(f"{i}) {citation}{end}")
    return "\n".join(lines)


def letter_date(value: str, lang: str) -> str:
    """A date in the letter's language, whatever the interface's: Kazakh as «2026 жылғы 1 қаңтар»."""
    if lang == "kk":
        return date_phrase(value)
    return format_date(dt.date.fromisoformat(value), "long", locale={"en": "en_GB"}.get(lang, lang))


def _filled(letter: dict[str, Any], values: dict[str, str], chosen: set[str]) -> list:
    filled = dict(values)
    for blank in letter["blanks"]:
        if blank.get("type") == "date" and values.get(blank["name"]):
            filled[blank["name"]] = letter_date(values[blank["name"]], letter["lang"])
    filled["addressee"] = _addressee(letter, values)
    citations = [c for c in letter["citations"] if c["id"] in chosen]
    filled["citations"] = numbered([c["citation"] for c in citations])
    filled["today"] = letter_date(dt.date.today().isoformat(), letter["lang"])
    return fill(letter["template"], filled)


def _write(letter_id: str):
    check_csrf()
    letter = _letter(letter_id)
    values, errors = _read_form(letter)
    chosen = set(request.form.getlist("cite")) & set(letter["cites"])
    if not values["addressee_text"] and values["contact"] not in {c["id"] for c in letter["contacts"]}:
        errors["addressee"] = _("Choose an addressee or type one.")
    if errors:
        return render_template("letters/form.html", letter=letter, city=_city(), values=values, errors=errors, chosen=chosen), 400
    blocks = _filled(letter, values, chosen)
    output = request.form.get("output", "html")
    if output == "docx":
        document = docx_bytes(blocks, letter["lang"])
        return send_file(document, mimetype=DOCX_TYPE, as_attachment=True, download_name=f"{letter['id']}.docx", max_age=0)
    if output not in OUTPUTS:
        abort(400)
    return render_template("letters/letter.html", letter=letter, blocks=blocks, text=plain_text(blocks), city=_city(), output=output)


# Letters offered beside search results or a case: the few that fit best.
OFFERED = 4


def offered(weights: dict[str, float]) -> list[dict[str, Any]]:
    """The letters to offer for violations weighted by how much they matter (1 for a case's own, less for a
    lower search hit), in the interface language, the best fitting first."""
    scored = []
    for letter in catalog().letters(locale()):
        shared = [weights[v] for v in letter["violations"] if v in weights]
        if shared:
            # A letter made for fewer violations fits each of them better (the ombudsman takes almost anything).
            scored.append((-sum(shared) / len(letter["violations"]) ** 0.5, letter["title"].casefold(), letter))
    return [letter for *_, letter in sorted(scored, key=lambda item: item[:2])][:OFFERED]
