"""XSS payloads, a knowledge base carrying them in every displayed field, and a checker of rendered HTML.

Each payload, if it ever ran, would set `window.__xss` or open a dialog: the
browser test watches for both; the parser test looks for any executable form.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import yaml
from bs4 import BeautifulSoup

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="window.__xss=3">',
    "<img src=x onerror=alert(4)>",
    '<svg onload="window.__xss=5">',
    "<svg><script>window.__xss=6</script></svg>",
    "<svg><animate onbegin=alert(7) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(8)"><text x="20" y="20">x</text></a></svg>',
    '<iframe src="javascript:alert(9)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;parent.__xss=10&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(11)"></object>',
    '<embed src="javascript:alert(12)">',
    '<a href="javascript:alert(13)">click</a>',
    '<a href="JaVaScRiPt:alert(14)">click</a>',
    '<a href="&#106;avascript:alert(15)">click</a>',
    '<a href="jav&#x09;ascript:alert(16)">click</a>',
    '<a href="  javascript:alert(17)">click</a>',
    '<a href="vbscript:msgbox(18)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxOSk8L3NjcmlwdD4=">click</a>',
    "[markdown link](javascript:alert(20))",
    "[markdown link](JAVASCRIPT:alert(21))",
    "![markdown image](javascript:alert(22))",
    "[data link](data:text/html,<script>alert(23)</script>)",
    "<javascript:alert(24)>",
    "[reference link][xss25]\n\n[xss25]: javascript:alert(25)",
    '<div style="background:url(javascript:alert(26))">styled</div>',
    "<style>body{background:url(\"javascript:alert(27)\")}</style>",
    '<p style="x:expression(alert(28))">old IE</p>',
    "<body onload=alert(29)>",
    "<input autofocus onfocus=alert(30)>",
    "<details open ontoggle=alert(31)>",
    '<form action="javascript:alert(32)"><button>send</button></form>',
    '<button formaction="javascript:alert(33)">send</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(34)">',
    '<base href="javascript:alert(35)//">',
    '<link rel="stylesheet" href="javascript:alert(36)">',
    '"><script>window.__xss=37</script>',
    "'><img src=x onerror=alert(38)>",
    "</title><script>window.__xss=39</script>",
    "</textarea><script>window.__xss=40</script>",
    "<scr<script>ipt>window.__xss=41</scr</script>ipt>",
    "&lt;script&gt;window.__xss=42&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(43)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(44)>">',
    "<video><source onerror=alert(45)></video>",
    "<audio src=x onerror=alert(46)>",
    "<marquee onstart=alert(47)>moving</marquee>",
    "<x-custom onclick=alert(48)>custom</x-custom>",
    '<table background="javascript:alert(49)"><tr><td>cell</td></tr></table>',
    "<![CDATA[<script>window.__xss=50</script>]]>",
    "<!--<script>-->window.__xss=51<!--</script>-->",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNTIpPg==">',
    "<a href=\"#\" onmouseover=\"alert(53)\">hover</a>",
    "<isindex type=image src=1 onerror=alert(54)>",
    '<a href="javascript&colon;alert(55)">click</a>',
    "{{ config }}{% raw %}{{ 7*7 }}{% endraw %}",
    "`<script>window.__xss=57</script>` and ```<script>window.__xss=57</script>```",
    "> <script>window.__xss=58</script>",
    "| a | <script>window.__xss=59</script> |\n|---|---|\n| <img src=x onerror=alert(59)> | b |",
]

# Front-matter fields that are displayed, per folder, with a valid value carrying payloads where the type allows one.
TEXT_FIELDS = {
    "laws": ("title", "number", "issuer"),
    "cases": ("title",),
    "services": ("name", "address", "hours"),
    "letters": ("title", "note"),
    "remedies": ("title",),
}
URL_PAYLOAD = 'https://example.org/"><script>window.__xss=90</script>'
EMAIL_PAYLOAD = "<svg/onload=window.__xss=91>@example.org"
ALL = " ".join(p.replace("\n", " ") for p in PAYLOADS)


def _markdown(body: str) -> str:
    """The body with every payload after it: as a paragraph, in a list, a quote, a heading and a link text."""
    extra = []
    for payload in PAYLOADS:
        one_line = payload.replace("\n", " ")
        extra += [payload, f"- item {one_line}", f"> quote {one_line}", f"### {one_line}", f"[{one_line}](https://example.org/)"]
    return body.rstrip() + "\n\n" + "\n\n".join(extra) + "\n"


def _act_body(body: str) -> str:
    """Payloads in the summary and in every provision's heading title and text."""
    lines, out = body.splitlines(), []
    for line in lines:
        if line.startswith("## "):
            out.append(f"{line} {ALL}")
        else:
            out.append(line)
    sections = "\n".join(out).split("\n## ")
    return "\n## ".join(_markdown(section) for section in sections)


def hostile_kb(source: Path, target: Path) -> Path:
    """A copy of the knowledge base at `source` with payloads in every displayed string, body and vocabulary label."""
    shutil.copytree(source, target)
    for path in sorted(target.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        _, header, body = text.split("---\n", 2)
        meta = yaml.safe_load(header)
        for name in TEXT_FIELDS[path.parent.name]:
            meta[name] = f"{meta.get(name, name)} {ALL}"
        if path.parent.name == "laws":
            meta["aliases"] = [*meta.get("aliases", []), ALL]
            meta["source_url"] = URL_PAYLOAD
            body = _act_body(body)
        elif path.parent.name == "letters":
            # Braces would be placeholders: a letter's text carries the payloads without them.
            for blank in meta["blanks"]:
                blank["label"] = f"{blank['label']} {ALL}"
            body = body.rstrip() + "\n\n" + "\n\n".join(p.replace("{", "(").replace("}", ")") for p in PAYLOADS) + "\n"
        elif path.parent.name == "remedies":
            body = _markdown(body)
            for step in meta["steps"]:
                step["title"] = f"{step['title']} {ALL}"
                step["attach"] = [*step.get("attach", []), ALL]
                step["note"] = ALL
                if "from" in step.get("deadline", {}):
                    step["deadline"]["from"] = ALL
        else:
            body = _markdown(body)
            meta["source_url"] = URL_PAYLOAD
        if path.parent.name == "services":
            meta["website"] = URL_PAYLOAD
            meta["email"] = EMAIL_PAYLOAD
        path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body, encoding="utf-8")
    vocab_path = target / "vocab.yaml"
    vocab = yaml.safe_load(vocab_path.read_text(encoding="utf-8"))
    for section in vocab.values():
        for labels in section.values():
            for lang in ("en", "ru", "kk"):
                labels[lang] = f"{labels[lang]} {ALL}"
    vocab_path.write_text(yaml.safe_dump(vocab, allow_unicode=True), encoding="utf-8")
    return target


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcset", "srcdoc", "content")
FORBIDDEN_TAGS = (
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "form:not([method=get]):not([method=post])", "meta[http-equiv]", "math",
    "isindex", "noscript", "template",
)


def _scheme(value: str) -> str:
    """The scheme of a URL as a browser reads it: entities decoded, whitespace and controls removed, lower case."""
    cleaned = "".join(ch for ch in unquote(value) if ch > " " and ch != "\x7f").lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned else ""


def executable_forms(html: str | BeautifulSoup, parser: str = "html.parser") -> list[str]:
    """Every way the page could run a payload, as found by `parser` ('html.parser' or 'html5lib'); [] when safe."""
    soup = html if isinstance(html, BeautifulSoup) else BeautifulSoup(html, parser)
    found = []
    for script in soup.find_all("script"):
        if script.string or not script.get("src", "").startswith("/static/"):
            found.append(f"script: {script}"[:200])
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"event handler {name} on <{tag.name}>")
            elif name.lower() == "style":
                found.append(f"style attribute on <{tag.name}>")
            elif name.lower() in URL_ATTRIBUTES and _scheme(text) in ("javascript", "vbscript", "data", "livescript"):
                found.append(f"{name}={text[:80]!r} on <{tag.name}>")
    for selector in FORBIDDEN_TAGS:
        found += [f"<{tag.name}> element" for tag in soup.select(selector)]
    for svg in soup.find_all("svg"):
        if not svg.find_parent("figure", class_=["chart", "qr"]):  # the outcome chart and the sheet's QR code, drawn by the server
            found.append("<svg> outside the chart and the QR code")
        found += [f"<{t.name}> in svg" for t in svg.find_all(["script", "animate", "set", "foreignobject", "a", "use"])]
    for link in soup.find_all("link"):
        if not link.get("href", "").startswith("/static/") and "alternate" not in link.get("rel", []):
            found.append(f"link to {link.get('href')}")
    return found
