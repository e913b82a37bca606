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


# One converter, reset between documents: building a Markdown object costs more than converting.
_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def render(text: str) -> tuple[str, str]:
    """Markdown to (sanitised HTML, plain text).

    The HTML keeps no scripts, event handlers or javascript: URLs whatever
    the file contains; the plain text feeds the index and snippets.
    """
    rendered = _MARKDOWN.reset().convert(text)
    safe = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )
    plain = SPACE_RE.sub(" ", html.unescape(TAG_RE.sub(" ", safe))).strip()
    return safe, plain
