"""The theme frame that listing pages are filled into: its slots, and the indentation it drops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerdir.site.frame import (
    CONTENT,
    CRISIS_PRINT,
    DESCRIPTION,
    EDIT_SLOT,
    ICONS_PATH,
    PALETTE_SLOT,
    TITLE,
    PageFrame,
    crisis_print_rules,
    icons_file,
    listing_script,
    logo_rule,
    placeholder_path,
    site_stylesheet,
    theme_stylesheets,
    toggle_names,
)
from tests.conftest import ROOT, build_site, copy_project

SHELL = f"""<html>
    <head>
        <title>{TITLE}</title>
        <meta name="description" content="{DESCRIPTION}">
        <script>var config = `line one
            line two {TITLE}`;</script>
    </head>
    <body>

        <pre>  kept
    as typed</pre>
        <textarea>
  also kept</textarea>
        <a href="../../{placeholder_path(2)}">this page</a>
        <main>{CONTENT}</main>
    </body>
</html>
"""


def test_frame_fills_every_slot() -> None:
    frame = PageFrame.from_shell(SHELL, 2)
    html = frame.fill(path="homes/oak-house/", title="Oak &amp; Elm", description="A home", content="<h1>Oak</h1>")
    assert "<title>Oak &amp; Elm</title>" in html and 'content="A home"' in html
    assert '<a href="../../homes/oak-house/">' in html and "<main><h1>Oak</h1></main>" in html


def test_frame_drops_line_leading_whitespace_but_not_in_pre_textarea_or_script() -> None:
    html = PageFrame.from_shell(SHELL, 2).fill(path="a/b/", title="T", description="D", content="  <p>\n  body</p>")
    assert "\n<head>\n<title>" in html and "\n\n" not in html.split("<pre>")[0]
    assert "<pre>  kept\n    as typed</pre>" in html
    assert "<textarea>\n  also kept</textarea>" in html
    # A script that spans a slot keeps its text too (a template literal would change otherwise).
    assert "`line one\n            line two T`" in html
    assert "<main>  <p>\n  body</p></main>" in html  # the page's own content is never touched


def test_frame_without_content_slot_is_refused() -> None:
    with pytest.raises(ValueError, match="no content slot"):
        PageFrame.from_shell("<html><body></body></html>", 1)


def test_frame_draws_its_icons_from_the_shared_file_at_its_depth() -> None:
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'
    frame = PageFrame.from_shell(f"<header><a>{icon}</a></header><main>{CONTENT}</main>{icon}", 3)
    html = frame.fill(path="a/b/c/", title="T", description="D", content="<h1>x</h1>")
    (name, symbol), = frame.icons
    assert html.count(f'<svg viewBox="0 0 24 24"><use href="../../../{ICONS_PATH}#{name}"/></svg>') == 2
    assert "<path" not in html
    assert icons_file([frame, PageFrame.from_shell(f"{icon}<main>{CONTENT}</main>", 2)]) == (
        f'<svg xmlns="http://www.w3.org/2000/svg"><symbol id="{name}" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/>'
        "</symbol></svg>\n")
    assert symbol.startswith(f'<symbol id="{name}"')


def _theme_folders(tmp_path: Path, main: str) -> tuple[Path, list[str]]:
    """A theme folder with only its main stylesheet, and the theme folders a build searches (overrides first)."""
    theme = tmp_path / "material" / "assets" / "stylesheets"
    theme.mkdir(parents=True)
    (theme / "main.1a2b3c4d.min.css").write_text(main, encoding="utf-8")
    return theme, [str(tmp_path / "overrides"), str(tmp_path / "material")]


def test_theme_stylesheets_are_found_by_name_in_the_theme_folders(tmp_path: Path) -> None:
    theme, folders = _theme_folders(tmp_path, "")
    with pytest.raises(ValueError, match="palette"):
        theme_stylesheets(folders)
    (theme / "palette.5e6f7a8b.min.css").write_text("", encoding="utf-8")
    assert theme_stylesheets(folders) == ["assets/stylesheets/main.1a2b3c4d.min.css",
                                          "assets/stylesheets/palette.5e6f7a8b.min.css"]


PALETTE = [{"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "Deep Purple",
            "toggle": {"icon": "material/night", "name": "Dark colours"}},
           {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "toggle": {"icon": "../../secret", "name": "Light"}},
           {"scheme": "sepia"}]


def test_listing_script_carries_the_palette_toggle_with_its_names_in_each_language(tmp_path: Path) -> None:
    icons = tmp_path / "theme" / ".icons" / "material"
    icons.mkdir(parents=True)
    (icons / "night.svg").write_text('<svg viewBox="0 0 24 24"><path d="M1 1"/></svg>\n', encoding="utf-8")
    assert toggle_names(PALETTE) == ["Dark colours", "Light", ""]
    script = listing_script(f"var PALETTE = {PALETTE_SLOT};{EDIT_SLOT}", PALETTE, {"en": toggle_names(PALETTE),
                            "es": ["Colores oscuros", "Claros", ""]}, "en", [str(tmp_path / "theme")])
    data = json.loads(script.removeprefix("var PALETTE = ").removesuffix(";null"))
    assert data["options"][0] == {"media": "(prefers-color-scheme: light)", "scheme": "default",
                                  "primary": "deep-purple", "accent": "indigo",
                                  "icon": '<svg viewBox="0 0 24 24"><path d="M1 1"/></svg>'}
    assert data["options"][1]["icon"] == ""  # a name that climbs out of the icon folders reads nothing
    (tmp_path / "secret.svg").write_text("<svg>secret</svg>", encoding="utf-8")
    (icons / "linked.svg").symlink_to(tmp_path / "secret.svg")
    for climbing in ("material/../../../secret", "material/linked", "material/./../../../secret"):
        option = {"toggle": {"icon": climbing}}
        drawn = listing_script(PALETTE_SLOT + EDIT_SLOT, option, {}, "en", [str(tmp_path / "theme")])
        assert "secret" not in drawn, climbing  # neither up the folders nor through a symbolic link
    assert data["options"][2]["scheme"] == "sepia" and data["names"]["es"][0] == "Colores oscuros"
    assert data["first"] == "en"
    slate = listing_script(PALETTE_SLOT + EDIT_SLOT, {"scheme": "slate"}, {}, "en", []).removesuffix("null")
    assert json.loads(slate)["options"][0]["scheme"] == "slate"
    with pytest.raises(ValueError, match="PALETTE"):
        listing_script(f"var PALETTE = null;{EDIT_SLOT}", PALETTE, {}, "en", [])


def test_listing_script_carries_the_edit_links_branch_and_words_in_each_language() -> None:
    """listing.js draws a listing's edit link from its correction link (issue 20): the build gives it
    the branch and the link's words, each slot filled once, whatever the other's values say."""
    edit = {"branch": "trunk", "names": {"en": "Edit this listing on GitHub", "es": "null /* PALETTE */"}}
    script = listing_script(f"var P = {PALETTE_SLOT}, E = {EDIT_SLOT};", [], {}, "en", [], edit)
    palette, edited = script.removeprefix("var P = ").removesuffix(";").split(", E = ")
    assert json.loads(edited) == edit and json.loads(palette)["options"] == []
    with pytest.raises(ValueError, match="EDIT"):
        listing_script(f"var P = {PALETTE_SLOT};", [], {}, "en", [], edit)


def test_site_stylesheet_joins_the_theme_and_site_stylesheets_named_by_their_text(tmp_path: Path) -> None:
    theme, folders = _theme_folders(tmp_path, '@charset "UTF-8";html{color:red}')
    (theme / "palette.5e6f7a8b.min.css").write_text("[data-md-color-scheme=slate]{color:#fff}", encoding="utf-8")
    own = tmp_path / "overrides" / "assets" / "peerdir"
    own.mkdir(parents=True)
    (own / "peerdir.css").write_text("/* the bar: why */\n.pd-crisis{top:0} /* a note */\n\n.pd-q::after{content:\"/* kept */\"}\n",
                                     encoding="utf-8")
    with pytest.raises(ValueError, match="finder.css"):
        site_stylesheet(folders)
    (own / "finder.css").write_text(".pd-chip{margin:0}\n", encoding="utf-8")
    path, text = site_stylesheet(folders)
    assert text.startswith('@charset "UTF-8";\n') and text.count("@charset") == 1
    order = [text.index(rule) for rule in ("html{color:red}", "[data-md-color-scheme=slate]", ".pd-crisis", ".pd-chip")]
    assert order == sorted(order)
    assert path.startswith("assets/peerdir/site.") and path.endswith(".css")
    # The site's own stylesheets published without their comments (a string's '/*' is no comment).
    assert "/* assets/peerdir/peerdir.css */\n.pd-crisis{top:0} \n.pd-q::after{content:\"/* kept */\"}\n" in text
    assert "why" not in text and "a note" not in text
    (own / "finder.css").write_text(".pd-chip{margin:1px}\n", encoding="utf-8")
    assert site_stylesheet(folders)[0] != path  # a new text, a new name


def test_crisis_print_words_are_one_rule_per_number_and_language() -> None:
    """Print says what each crisis number is from the stylesheet, in the page's language (issue 20:
    not a title on every page): the first language's for every page, another's by :lang()."""
    spanish = {"Suicide &amp; Crisis Lifeline": "Línea de Prevención", "treatment referral, 24/7": 'a "b" \\ c\nd',
               "Crisis Text Line": "Crisis Text Line, en español"}
    rules = crisis_print_rules({"en": lambda msgid: msgid, "es": lambda msgid: spanish[msgid], "e s": str})
    assert rules.startswith("@media print{") and rules.endswith("}\n")
    assert '.pd-crisis a[href="tel:988"]::after{content:" (Suicide & Crisis Lifeline)"}' in rules  # unescaped
    assert ':lang(es) .pd-crisis a[href="tel:988"]::after{content:" (Línea de Prevención)"}' in rules
    # A catalog is a file a pull request can change: its words cannot end the string or the rule.
    assert ':lang(es) .pd-crisis a[href="tel:+18006624357"]::after{content:" (a \\22 b\\22  \\5c  c\\a d)"}' in rules
    assert "e s" not in rules and rules.count("::after") == 6
    crisis = (ROOT / "overrides/partials/crisis.html").read_text(encoding="utf-8")
    for link, _msgid in CRISIS_PRINT:  # each rule finds its link in the crisis bar, which has no titles
        attribute, value = link.removeprefix("a[").removesuffix('"]').split('="')
        assert f'<a href="{value}' in crisis and ("^" in attribute or f'<a href="{value}">' in crisis), link
    assert "title=" not in crisis


def test_logo_rule_draws_the_theme_logo_or_its_icon(tmp_path: Path) -> None:
    assert logo_rule("images/logo.png", None, []) == (
        '.pd-head>:first-child::before{background:url("../../images/logo.png") center/contain no-repeat}\n')
    assert 'url("https://example.org/l.svg")' in logo_rule("https://example.org/l.svg", None, [])
    assert 'url("../../a%22)%7Bb%5C.png")' in logo_rule('a"){b\\.png', None, [])  # nothing ends the url
    icons = tmp_path / ".icons" / "custom"
    icons.mkdir(parents=True)
    (icons / "mark.svg").write_text('<svg viewBox="0 0 24 24"><path d="M1 1h2#"/></svg>\n', encoding="utf-8")
    rule = logo_rule(None, "custom/mark", [str(tmp_path)])
    image = ("data:image/svg+xml;charset=utf-8,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'>"
             "<path d='M1 1h2%23'/></svg>")  # '#' would end the address; '"' the CSS string
    assert rule == (f'.pd-head>:first-child::before{{--pd-logo:url("{image}");background-color:currentcolor;'
                    "-webkit-mask:var(--pd-logo) center/contain no-repeat;mask:var(--pd-logo) center/contain no-repeat}\n")
    assert logo_rule(None, "custom/none", [str(tmp_path)]) == "" == logo_rule(None, "../../x", [str(tmp_path)])


def test_listing_frame_writes_the_palette_where_it_differs_and_the_logo_given(tmp_path: Path) -> None:
    """The body names the first palette's colours only where the theme's :root does not give them (a
    default scheme, indigo, indigo: none); a theme.logo image is drawn by the stylesheet."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    first = "      scheme: default\n      primary: indigo\n"
    assert first in text and "\n  logo:" not in text
    config.write_text(text.replace(first, "      scheme: default\n      primary: Deep Purple\n", 1)
                      .replace("  custom_dir: overrides\n", "  custom_dir: overrides\n  logo: assets/images/favicon.png\n"),
                      encoding="utf-8")
    result = build_site(tmp_path / "site", project=project)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/meetings/chicago/night-owls-lakeview/index.html").read_text(encoding="utf-8")
    assert '<body dir="ltr" data-md-color-primary="deep-purple">' in html
    sheet = next((tmp_path / "site/assets/peerdir").glob("site.*.css")).read_text(encoding="utf-8")
    assert '.pd-head>:first-child::before{background:url("../../assets/images/favicon.png") center/contain no-repeat}' in sheet
