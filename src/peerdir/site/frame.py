"""The theme's page frame, rendered once and filled many times.

Rendering the theme's full page template for each of 10,000 listings is most of a naive build's
cost. Pages at the same depth share every relative link, so the frame of one placeholder page at
that depth serves them all: it is split at the placeholders once, and each listing page is a join.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

# Placeholders chosen so that no escaping or URL-quoting in a theme template changes them.
TITLE = "PDFRAMETITLE"
DESCRIPTION = "PDFRAMEDESCRIPTION"
# The content placeholder carries an <h1>, as every listing body does: the theme then adds no title
# heading of its own (Material's partials/content.html looks for "<h1" in the content).
CONTENT = "<h1>PDFRAMECONTENT</h1>"
PATH_PREFIX = "pdframe-"  # placeholder path segments: pdframe-1/pdframe-2/
# The theme template of listing pages (overrides/listing.html): the site's look without the section
# tabs, side menu and theme script, which every one of tens of thousands of pages would repeat.
TEMPLATE = "listing.html"
_THEME_STYLESHEETS = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
SITE_STYLESHEETS = ("assets/peerdir/peerdir.css", "assets/peerdir/finder.css")  # overrides/, after the theme's
# The theme's template indents deeply and leaves blank lines: a fifth of every listing page.
# Whitespace that starts a line is dropped (a newline is kept, so words never run together);
# not inside <pre>, <textarea> or a script, where it could mean something.
_INDENT = re.compile(r"\n[ \t\r\n]+")
_KEEP_WHITESPACE = re.compile(r"<(pre|textarea|script)\b.*?</\1>", re.S | re.I)
# The theme's icons (logo, palette toggles, back to top: 1.5 KB a page) move into one file the
# listing pages share, each drawn by a <use> of its symbol there.
ICONS_PATH = "assets/peerdir/frame-icons.svg"
_ICON = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([0-9. ]+)">(.*?)</svg>', re.S)
# The palette toggle is drawn by the listing pages' script (without a script it does nothing): the
# build writes mkdocs.yml's palette into it, in place of PALETTE_SLOT.
LISTING_SCRIPT = "assets/peerdir/listing.js"
PALETTE_SLOT = "null /* PALETTE */"
# It draws a listing's edit link too, from its correction link (whose form names the file): the
# branch GitHub's editor opens and the link's words in each language go here.
EDIT_SLOT = "null /* EDIT */"
_SLOTS = re.compile("|".join(re.escape(slot) for slot in (PALETTE_SLOT, EDIT_SLOT)))
# e.g. material/weather-night: each part starts with a letter or digit, so no part is ".." (never "../")
_ICON_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_.-]*)*")
# The theme's logo when mkdocs.yml names none (Material's partials/logo.html).
DEFAULT_LOGO_ICON = "material/library"
_SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
# A CSS string (kept) or comment (dropped), and the blank lines a dropped comment leaves.
_CSS_COMMENT = re.compile(r"""("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')|/\*.*?\*/""", re.S)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
# A language code as a CSS :lang() takes it (the site's languages are checked by Settings already).
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _(text: str) -> str:
    return text  # a marker for `peerdir i18n extract`: each language's catalog translates it


# What each crisis number is, said after it on paper (partials/crisis.html's links, by their address):
# the stylesheet says it once per language instead of a title on each of tens of thousands of pages.
# The msgids are the crisis bar's own (HTML-escaped, as {% trans %} wrote them).
CRISIS_PRINT = (('a[href="tel:988"]', _("Suicide &amp; Crisis Lifeline")),
                ('a[href="tel:+18006624357"]', _("treatment referral, 24/7")),
                ('a[href^="sms:741741"]', _("Crisis Text Line")))


def site_stylesheet(theme_dirs: Iterable[str], rules: str = "") -> tuple[str, str]:
    """(site path, text) of the one stylesheet every page links: the theme's and the site's own
    (SITE_STYLESHEETS) in their order, joined, then `rules` (the build's: logo_rule,
    crisis_print_rules), named by a hash of the text (a new text, a new name: no stale copy is kept
    by a browser). One link in place of four, on tens of thousands of pages."""
    folders = list(theme_dirs)
    parts = []
    for path in [*theme_stylesheets(folders), *SITE_STYLESHEETS]:
        found = next((Path(folder) / path for folder in folders if (Path(folder) / path).is_file()), None)
        if found is None:
            raise ValueError(f"the theme has no stylesheet {path} for the site's stylesheet")
        text = found.read_text(encoding="utf-8").strip()
        parts.append(f"/* {path} */\n" + (without_comments(text) if path in SITE_STYLESHEETS else text))
    if rules:
        parts.append("/* peerdir.site.frame */\n" + rules.strip())
    # The theme's @charset must stay first (it is nowhere else); each part's comment follows it.
    charset = '@charset "UTF-8";'
    text = "\n".join(part.replace(charset, "", 1) for part in parts) + "\n"
    text = charset + "\n" + text
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"assets/peerdir/site.{name}.css", text


def without_comments(css: str) -> str:
    """The site's own stylesheet `css` without its comments (they explain it in the repository; the
    published file is on the heaviest page's 100 KB) nor the blank lines they leave; strings, which
    may hold a '/*', as they are. The theme's stylesheets come minified."""
    kept = _CSS_COMMENT.sub(lambda found: found.group(1) or "", css)
    return _BLANK_LINES.sub("\n", kept).strip()


def logo_rule(logo: object, icon: object, theme_dirs: Iterable[str]) -> str:
    """The CSS that draws the theme's logo before the site's name in a listing page's header
    (overrides/listing.html; peerdir.css places and sizes `.pd-head > :first-child::before` on wide screens):
    mkdocs.yml's `theme.logo` (an image, by its site path from the stylesheet's folder) or its
    `theme.icon.logo` (Material's default: material/library), in the header's colour as the theme
    draws it. '' when there is none to draw."""
    if isinstance(logo, str) and logo.strip():
        address = logo.strip()
        if not re.match(r"[a-z][a-z0-9+.-]*:|/", address, re.I):
            address = "../../" + address  # the stylesheet is assets/peerdir/site.<hash>.css
        return f'.pd-head>:first-child::before{{background:url("{_css_url(address)}") center/contain no-repeat}}\n'
    svg = _theme_icon(icon if isinstance(icon, str) and icon else DEFAULT_LOGO_ICON, list(theme_dirs))
    if not svg.startswith("<svg"):
        return ""
    if _SVG_NS not in svg:  # an image of its own, as a mask is, needs its namespace
        svg = svg.replace("<svg", f"<svg {_SVG_NS}", 1)
    # Written once (a custom property), with only what a data address needs encoded (as the theme
    # writes its own icons): the stylesheet is on every page's first visit.
    image = "data:image/svg+xml;charset=utf-8," + _css_url(svg.replace('"', "'"), safe=" <>")
    mask = "var(--pd-logo) center/contain no-repeat"
    return (f'.pd-head>:first-child::before{{--pd-logo:url("{image}");background-color:currentcolor;'
            f"-webkit-mask:{mask};mask:{mask}}}\n")


def crisis_print_rules(gettext: Mapping[str, Callable[[str], str]]) -> str:
    """The print rules that say what each crisis number is (CRISIS_PRINT) in each language of
    `gettext` (language -> its catalog's gettext): the first language's for every page, another's
    for the pages of that <html lang> (a :lang() rule, more specific)."""
    rules = []
    for index, (language, translate) in enumerate(gettext.items()):
        if not _LANGUAGE.fullmatch(language):
            continue
        scope = "" if index == 0 else f":lang({language}) "
        for link, msgid in CRISIS_PRINT:
            words = html.unescape(translate(msgid))
            rules.append(f'{scope}.pd-crisis {link}::after{{content:" ({_css_string(words)})"}}')
    return "@media print{" + "".join(rules) + "}\n" if rules else ""


def _css_string(text: str) -> str:
    """`text` safe inside a CSS string in double quotes: quotes, backslashes and control characters
    escaped (a catalog is a file a pull request can change)."""
    return "".join(f"\\{ord(c):x} " if c in '"\\' or ord(c) < 0x20 or ord(c) == 0x7F else c for c in text)


def _css_url(text: str, safe: str = "") -> str:
    """`text` percent-encoded for a url("...") (no double quote, backslash, line break or '#' left;
    `safe`: more characters to leave as they are)."""
    return quote(text, safe="/:;,=.+-_~!$&'()*@%" + safe)


def theme_stylesheets(theme_dirs: Iterable[str]) -> list[str]:
    """Site paths of the theme's stylesheets, found in its folders (their names carry a hash)."""
    found: list[str] = []
    for pattern in _THEME_STYLESHEETS:
        matches = [path for folder in theme_dirs for path in sorted(Path(folder).glob(pattern))]
        if not matches:
            raise ValueError(f"the theme has no stylesheet {pattern} for the listing pages' frame")
        found.append(matches[0].relative_to(matches[0].parents[2]).as_posix())
    return found


def placeholder_path(depth: int) -> str:
    """A page path at `depth`, e.g. 'pdframe-1/pdframe-2/' for depth 2."""
    return "".join(f"{PATH_PREFIX}{i}/" for i in range(1, depth + 1))


@dataclass(frozen=True)
class PageFrame:
    depth: int
    parts: tuple[str, ...]  # literal text between slots
    slots: tuple[str, ...]  # slot names, len(parts) - 1
    icons: tuple[tuple[str, str], ...] = ()  # (id, <symbol>) of the icons it draws from ICONS_PATH

    @classmethod
    def from_shell(cls, html: str, depth: int, folders: int = 0) -> PageFrame:
        """The frame of `html`, the theme's page at `depth` below a language's folder `folders` deep (es/: 1)."""
        path = placeholder_path(depth)
        html = _trim_indentation(html)  # whole, so a script or <pre> that spans a slot keeps its text
        html, icons = _share_icons(html, "../" * (depth + folders) + ICONS_PATH)
        # Depth 0 has no path to fill (a language's home, es/): an empty alternative would match everywhere.
        pattern = re.compile("|".join(re.escape(p) for p in (path, TITLE, DESCRIPTION, CONTENT) if p))
        pieces = pattern.split(html)
        slots = tuple(_slot_name(m.group(0), path) for m in pattern.finditer(html))
        if CONTENT not in html:
            raise ValueError("the theme frame has no content slot: the page template did not render page.content")
        if any(slot == "path" for slot in slots) and depth == 0:
            raise ValueError("a frame of depth 0 cannot carry a page path")
        return cls(depth, tuple(pieces), slots, icons)

    def fill(self, *, path: str, title: str, description: str, content: str) -> str:
        """`title` and `description` must already be HTML-escaped; `path` is the page's site path."""
        if path.count("/") != self.depth:
            raise ValueError(f"page {path!r} is not at depth {self.depth}")
        values = {"path": path, "title": title, "description": description, "content": content}
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(values[slot])
            out.append(part)
        return "".join(out)


def _trim_indentation(html: str) -> str:
    """`html` without the whitespace that starts its lines, outside <pre>, <textarea> and <script>."""
    out, end = [], 0
    for kept in _KEEP_WHITESPACE.finditer(html):
        out += [_INDENT.sub("\n", html[end:kept.start()]), kept.group(0)]
        end = kept.end()
    out.append(_INDENT.sub("\n", html[end:]))
    return "".join(out)


def _share_icons(html: str, href: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """`html` with each inline icon replaced by a <use> of its symbol in `href`, and those symbols."""
    symbols: dict[str, str] = {}

    def use(found: re.Match[str]) -> str:
        view_box, body = found.group(1), found.group(2)
        name = "i" + hashlib.sha256(found.group(0).encode()).hexdigest()[:10]
        symbols[name] = f'<symbol id="{name}" viewBox="{view_box}">{body}</symbol>'
        return f'<svg viewBox="{view_box}"><use href="{href}#{name}"/></svg>'

    return _ICON.sub(use, html), tuple(sorted(symbols.items()))


def icons_file(frames: Iterable[PageFrame]) -> str:
    """The file at ICONS_PATH: every symbol the frames draw."""
    symbols = dict(icon for frame in frames for icon in frame.icons)
    return ('<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols[name] for name in sorted(symbols))
            + "</svg>\n")


def palette_options(palette: object) -> list[Mapping[str, object]]:
    """mkdocs.yml's `theme.palette` as a list of options (one option may be written as a mapping)."""
    options = [palette] if isinstance(palette, Mapping) else palette if isinstance(palette, list) else []
    return [option for option in options if isinstance(option, Mapping)]


def toggle_names(palette: object) -> list[str]:
    """Each option's toggle name, '' for an option without one (as the theme: no label to show)."""
    names = []
    for option in palette_options(palette):
        toggle = option.get("toggle")
        name = toggle.get("name") if isinstance(toggle, Mapping) else None
        names.append(name if isinstance(name, str) else "")
    return names


def listing_script(source: str, palette: object, names: Mapping[str, Sequence[str]], first: str,
                   theme_dirs: Iterable[str], edit: Mapping[str, object] | None = None) -> str:
    """listing.js with its PALETTE: each option's colours (as the theme's partials/palette.html writes
    them) and toggle icon (the theme's own .svg), and the toggle names in each language (`first`:
    the site's first language, for a page whose language has none); and its EDIT, `edit`
    ({"branch": …, "names": {language: words}}), or null: no edit links."""
    folders = list(theme_dirs)
    options = []
    for option in palette_options(palette):
        toggle = option.get("toggle")
        icon = toggle.get("icon") if isinstance(toggle, Mapping) else None
        options.append({"media": str(option.get("media") or ""),
                        "scheme": _colour_name(option.get("scheme"), "default"),
                        "primary": _colour_name(option.get("primary"), "indigo"),
                        "accent": _colour_name(option.get("accent"), "indigo"),
                        "icon": _theme_icon(icon, folders)})
    data = {"options": options, "names": {lang: list(said) for lang, said in names.items()}, "first": first}
    for slot, what in ((PALETTE_SLOT, "the palette toggle"), (EDIT_SLOT, "the edit links")):
        if slot not in source:
            raise ValueError(f"{LISTING_SCRIPT} has no {slot!r} for {what}")
    values = {PALETTE_SLOT: data, EDIT_SLOT: edit}
    # One pass, so that what a value says is never taken for the other slot.
    return _SLOTS.sub(lambda found: json.dumps(values.pop(found.group(0)), ensure_ascii=False,
                                               separators=(",", ":")) if found.group(0) in values else found.group(0),
                      source)


def _colour_name(value: object, default: str) -> str:
    """A palette colour as the stylesheet names it ("Deep Purple" -> deep-purple), as overrides/listing.html
    writes the first option's on <body>: the toggle must switch to the same names."""
    return str(value or default).replace(" ", "-").lower()


def _theme_icon(name: object, folders: list[str]) -> str:
    """The theme's icon `name` (e.g. material/weather-night) as inline SVG; '' if there is none."""
    if not isinstance(name, str) or not _ICON_NAME.fullmatch(name):
        return ""
    for folder in folders:
        path = Path(folder) / ".icons" / f"{name}.svg"
        if path.is_file() and not _linked(path, Path(folder)):
            return path.read_text(encoding="utf-8").strip()
    return ""


def _linked(path: Path, top: Path) -> bool:
    """Whether `path` or a folder on the way to it below `top` is a symbolic link (never followed)."""
    return any(part.is_symlink() for part in [path, *path.parents] if part != top and top in part.parents)


def _slot_name(found: str, path: str) -> str:
    return {path: "path", TITLE: "title", DESCRIPTION: "description", CONTENT: "content"}[found]
