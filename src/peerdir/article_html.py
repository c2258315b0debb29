"""The HTML of every Markdown page, after Markdown, through an allow-list sanitiser (nh3).

Articles and the site's other pages (content/*.md) come from pull requests. What Markdown makes of
them (raw HTML, attr_list attributes, links) is cleaned: no script, style, iframe, object, embed,
meta or base, no event handler or style attribute; links only http(s), mailto, tel and
site-relative; images only from this site (nothing is loaded from another host). Articles are text
markup (`ARTICLE`); the other pages may also hold the site's search box (`PAGE`: a GET form sent to
this site, label, input, button, noscript, role and aria-*). `peerdir.html_removed` finds what
these remove, so `validate` can tell the author at the line before anything is removed."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import escape

import nh3

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_TEXT_ALIGN = re.compile(r"text-align: (?:left|right|center);?")  # what Markdown tables write


def site_relative(url: str) -> bool:
    """Whether a browser reads `url` as an address on this site (no scheme, no other host)."""
    value = re.sub(r"[\t\n\r]", "", url).strip("\x00- ")  # what a browser's URL parser ignores
    return not re.match(r"[/\\]{2}", value) and not _SCHEME.match(value)


@dataclass(frozen=True)
class ValueRule:
    """An attribute kept only with some values: `keeps(value)`, and what the others are called."""

    keeps: Callable[[str], bool]
    refused: str  # e.g. "an image from another site"


@dataclass(frozen=True)
class HtmlPolicy:
    """One allow-list: what the sanitiser keeps of a page's HTML."""

    where: str  # "in an article", "on a page": validate's messages say it
    hint: str  # what the author may use instead
    tags: frozenset[str]
    attributes: Mapping[str, frozenset[str]]  # by tag; "*" for every tag
    attribute_prefixes: frozenset[str]  # attributes kept on every tag by how their name starts
    dropped_with_content: frozenset[str]  # removed with what they hold, not only their tags
    values: Mapping[tuple[str, str], ValueRule]  # (tag, attribute) kept only with some values

    def allows_attribute(self, tag: str, name: str) -> bool:
        return (name in self.attributes.get(tag, ()) or name in self.attributes.get("*", ())
                or any(name.startswith(prefix) for prefix in self.attribute_prefixes))

    def refused_by(self, tag: str, name: str, value: str) -> ValueRule | None:
        """The rule for which the sanitiser removes this attribute with this value, if one does."""
        if is_url_attribute(tag, name) and not ADDRESS.keeps(value):
            return ADDRESS
        rule = self.values.get((tag, name))
        return rule if rule is not None and not rule.keeps(value) else None

    def keep_attribute(self, tag: str, name: str, value: str) -> str | None:
        """nh3's attribute_filter: the value kept, or None to remove the attribute."""
        if tag == _STAND_IN:
            return None  # a bare <noscript>, so that it is found again by its exact text
        rule = self.values.get((tag, name))
        return None if rule is not None and not rule.keeps(value) else value


def is_url_attribute(tag: str, name: str) -> bool:
    """The attributes whose scheme nh3 (ammonia) checks, among those any policy here allows."""
    return name in ("href", "src") or (tag == "form" and name == "action")


@lru_cache(maxsize=4096)
def url_scheme_kept(url: str) -> bool:
    """Whether nh3 keeps `url` in a link: asked of nh3 itself, so the answer is its URL parser's."""
    probe = nh3.clean(f'<a href="{escape(url)}"></a>', tags={"a"}, attributes={"a": {"href"}},
                      url_schemes=set(URL_SCHEMES), link_rel=None)
    return "href=" in probe


ADDRESS = ValueRule(url_scheme_kept, "an address other than http(s), mailto:, tel: or this site")

# nh3's default text tags, without the image map (its links escape the scheme checks' intent).
_TEXT_TAGS = frozenset(nh3.ALLOWED_TAGS - {"map", "area"})
_TEXT_ATTRIBUTES = {tag: frozenset(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items() if tag in _TEXT_TAGS}
_DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math",
                      "form", "textarea", "select"})
_IMAGE_HERE = ValueRule(site_relative, "an image from another site")
_TABLE_ALIGN = ValueRule(lambda v: _TEXT_ALIGN.fullmatch(v) is not None,
                         "a style other than a table's column alignment")
_TEXT_VALUES = {("img", "src"): _IMAGE_HERE, ("th", "style"): _TABLE_ALIGN, ("td", "style"): _TABLE_ALIGN}

ARTICLE = HtmlPolicy(
    where="in an article",
    hint="articles are text: no scripts, frames, forms, styles or event handlers; links only http(s), mailto:, "
         "tel: or this site; images only from this site (put them in content/)",
    tags=_TEXT_TAGS,
    attributes={**_TEXT_ATTRIBUTES, "*": frozenset({"id", "class", "title", "lang", "dir"}),
                "a": frozenset({"href", "hreflang"}), "img": frozenset({"src", "alt", "width", "height"}),
                "th": _TEXT_ATTRIBUTES["th"] | {"style"}, "td": _TEXT_ATTRIBUTES["td"] | {"style"}},
    attribute_prefixes=frozenset(),
    dropped_with_content=_DROPPED,
    values=_TEXT_VALUES,
)

# The site's own pages hold its search box (content/index.md, content/search.md): a GET form sent
# to this site, and what it needs. Still nothing that runs, loads from elsewhere or restyles.
PAGE = HtmlPolicy(
    where="on a page",
    hint="pages are text and the site's search form: no scripts, frames, styles or event handlers; forms only "
         "method=get to this site; links only http(s), mailto:, tel: or this site; images only from this site",
    tags=_TEXT_TAGS | {"form", "label", "input", "button", "noscript"},
    attributes={**ARTICLE.attributes, "*": ARTICLE.attributes["*"] | {"role"},
                "form": frozenset({"action", "method", "autocomplete"}), "label": frozenset({"for"}),
                "input": frozenset({"name", "type", "value", "placeholder", "autocomplete", "enterkeyhint",
                                    "inputmode", "required", "minlength", "maxlength", "spellcheck"}),
                "button": frozenset({"type"})},
    attribute_prefixes=frozenset({"aria-"}),
    dropped_with_content=_DROPPED - {"form", "noscript"},
    values={**_TEXT_VALUES,
            ("form", "action"): ValueRule(site_relative, "a form sent to another site"),
            ("form", "method"): ValueRule(lambda v: v.strip().lower() == "get", "a form method other than get"),
            ("input", "type"): ValueRule(lambda v: v.strip().lower() in ("search", "text"),
                                         "an input other than type=search or type=text"),
            ("button", "type"): ValueRule(lambda v: v.strip().lower() in ("submit", "button"),
                                          "a button other than type=submit or type=button")},
)

# Markdown's own switch (md_in_html's markdown="0"): removed without a word, it means nothing to a browser.
MARKDOWN_ATTRIBUTE = "markdown"


def sanitize_article_html(html: str) -> str:
    """An article's `html` with only what `ARTICLE` allows left."""
    return sanitize_html(html, ARTICLE)


def sanitize_page_html(html: str) -> str:
    """A page's `html` (not an article, not a generated listing page) with only what `PAGE` allows left."""
    return sanitize_html(html, PAGE)


# html5ever reads <noscript> as raw text (scripting on), which nh3 would pass through uncleaned:
# it is renamed to a stand-in element for the sanitiser, so what it holds is cleaned like the rest.
_NOSCRIPT = "noscript"
_STAND_IN = "pd-noscript"
_NOSCRIPT_TAG = re.compile(r"<(/?)noscript\b", re.I)
_ANY_NOSCRIPT = re.compile(r"<\s*/?\s*noscript", re.I)


def sanitize_html(html: str, policy: HtmlPolicy) -> str:
    """`html` with only the tags, attributes, values and URL schemes `policy` allows left."""
    if _NOSCRIPT not in policy.tags:
        return _clean(html, policy, policy.tags)
    tags = policy.tags - {_NOSCRIPT} | {_STAND_IN}
    clean = _clean(_NOSCRIPT_TAG.sub(rf"<\1{_STAND_IN}", html), policy, tags)
    if _ANY_NOSCRIPT.search(clean):
        # Only an nh3 that leaves '<' unescaped in attribute values gets here: a '</noscript>' in one
        # would end the real element early in a browser. Drop noscript rather than risk it.
        return _clean(html, policy, policy.tags - {_NOSCRIPT}, drop=frozenset({_NOSCRIPT}))
    return clean.replace(f"<{_STAND_IN}>", f"<{_NOSCRIPT}>").replace(f"</{_STAND_IN}>", f"</{_NOSCRIPT}>")


def _clean(html: str, policy: HtmlPolicy, tags: frozenset[str], drop: frozenset[str] = frozenset()) -> str:
    attributes = {tag: set(names) for tag, names in policy.attributes.items()}
    return nh3.clean(html, tags=set(tags), attributes=attributes, url_schemes=set(URL_SCHEMES),
                     clean_content_tags=set(policy.dropped_with_content | drop),
                     generic_attribute_prefixes=set(policy.attribute_prefixes) or None,
                     attribute_filter=policy.keep_attribute, strip_comments=True,
                     link_rel="noopener noreferrer")

