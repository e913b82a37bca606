"""Markdown to safe HTML and to plain text, done once at build time."""

from __future__ import annotations

import html
import re

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
TAG_RE = re.compile(r"<[^>]+>")
SPACE_RE = re.compile(r"\s+")
# `[[kz-advocacy-law]]` in Markdown names an act by id; it is rendered as a link to the act whose
# text is the id, and the app shows the act's title in the reader's language instead (app/links.py).
ACT_LINK_RE = re.compile(r"\[\[([a-z0-9]+(?:-[a-z0-9]+)*)\]\]")
ACT_ANCHOR_RE = re.compile(r'<a href="/laws/([a-z0-9-]+)"[^>]*>\1</a>')
# What is left in plain text where a link to an act was taken out: "( )", or a space before punctuation.
LEFTOVER_RE = re.compile(r"\(\s*\)|\s+(?=[.,;:)])")


def act_links(body: str, first_line: int) -> dict[str, int]:
    """The act ids a body links with `[[id]]`, each with the line it first appears on (for `kb check`)."""
    found: dict[str, int] = {}
    for offset, line in enumerate(body.splitlines()):
        for act_id in ACT_LINK_RE.findall(line):
            found.setdefault(act_id, first_line + offset)
    return found


# One converter, reset between documents: building a Markdown object costs more than converting.
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def render(text: str) -> tuple[str, str]:
    """Markdown to (sanitised HTML, plain text).

    The HTML keeps no scripts, event handlers or javascript: URLs whatever
    the file contains; the plain text feeds the index and snippets.
    """
    rendered = _MARKDOWN.reset().convert(ACT_LINK_RE.sub(r"[\1](/laws/\1)", text))
    safe = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    # Links to acts carry no words of their own: the id is not text to search or show in a snippet.
    plain = SPACE_RE.sub(" ", html.unescape(TAG_RE.sub(" ", ACT_ANCHOR_RE.sub("", safe))))
    plain = LEFTOVER_RE.sub("", plain).strip()
    return safe, plain
