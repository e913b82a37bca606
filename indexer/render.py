"""Markdown to safe HTML and to plain text, done once at build time."""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

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
# What is left in plain text where a link to an act was taken out: "( )", then a space before punctuation.
EMPTY_PARENTHESES_RE = re.compile(r"\(\s*\)")
SPACE_BEFORE_PUNCTUATION_RE = re.compile(r"\s+(?=[.,;:)])")


def first_lines(pattern: re.Pattern[str], body: str, first_line: int) -> dict[str, int]:
    """Each match of `pattern` in `body` with the line (counted from `first_line`) it first appears on."""
    found: dict[str, int] = {}
    for offset, line in enumerate(body.splitlines()):
        for match in pattern.findall(line):
            found.setdefault(match, first_line + offset)
    return found


def act_links(body: str, first_line: int) -> dict[str, int]:
    """The act ids a body links with `[[id]]`, each with the line it first appears on (for `kb check`)."""
    return first_lines(ACT_LINK_RE, body, first_line)


class _ActLinks(InlineProcessor):
    """`[[act-id]]` → `<a href="/laws/act-id">act-id</a>` (not inside code spans)."""

    def handleMatch(self, m, data):  # noqa: N802 (Markdown's API)
        link = etree.Element("a", href=f"/laws/{m.group(1)}")
        link.text = m.group(1)
        return link, m.start(0), m.end(0)


class _ActLinkExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        # After code spans (190), before Markdown's reference links (170), which would read "[[x]]" as one.
        md.inlinePatterns.register(_ActLinks(ACT_LINK_RE.pattern, md), "act-link", 175)


# One converter per thread, reset between documents: building a Markdown object costs more than
# converting, and a converter keeps the document it is converting, so threads never share one.
_converters = threading.local()


def _converter() -> markdown.Markdown:
    """This thread's converter."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(extensions=["tables", "sane_lists", _ActLinkExtension()], output_format="html")
    return converter


def render(text: str) -> tuple[str, str]:
    """Markdown to (sanitised HTML, plain text).

    The HTML keeps no scripts, event handlers or javascript: URLs whatever
    the file contains; the plain text feeds the index and snippets.
    """
    rendered = _converter().reset().convert(text)
    safe = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    # Links to acts carry no words of their own: the id is not text to search or show in a snippet.
    without_acts = ACT_ANCHOR_RE.sub("", safe)
    plain = SPACE_RE.sub(" ", html.unescape(TAG_RE.sub(" ", without_acts))).strip()
    if without_acts != safe:
        plain = SPACE_BEFORE_PUNCTUATION_RE.sub("", EMPTY_PARENTHESES_RE.sub("", plain))
    return safe, plain
