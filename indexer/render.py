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


def to_html(text: str) -> str:
    """Render Markdown and sanitise it: no scripts, event handlers or javascript: URLs survive."""
    rendered = markdown.markdown(text, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer nofollow",
    )


def to_text(text: str) -> str:
    """Plain text of Markdown (for the index and snippets), whitespace collapsed."""
    plain = TAG_RE.sub(" ", to_html(text))
    return SPACE_RE.sub(" ", html.unescape(plain)).strip()
