"""Accessibility on every page type: axe-core (WCAG 2.2 A/AA, every section rendered) at phone and
desktop widths and in the dark palette; a working skip link; nothing invisible in the tab order; one
focus style; the crisis bar always in reach and kept in print; no sideways scroll at 320 px and at
200 % zoom; homes and communities as cards on phones; a 404 page with a way onward; the Tabs it
takes from the home page to a meeting's Join."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from typing import Any

import pytest

from tests.browser.conftest import assert_page_has_no_axe_violations, axe_violations, describe_violations
from tests.browser.test_finder import new_page

pytestmark = pytest.mark.browser

PAGES = {
    "front page": "",
    "meetings index": "meetings/",
    "region meetings": "meetings/chicago/",
    "online meetings": "meetings/online/",
    "online now": "meetings/online-now/",
    "meeting": "meetings/chicago/night-owls-lakeview/",
    "online meeting": "meetings/online/pacific-night-owls/",
    "homes index": "homes/",
    "region homes": "homes/palm-beach/",
    "home": "homes/palm-beach/boynton-harbor-mens-house/",
    "communities": "communities/",
    "community": "communities/grace-path-recovery-circle/",
    "articles": "articles/",
    "article": "articles/riding-out-a-craving/",
    "crisis": "crisis/",
    "privacy": "privacy/",
    "404": "404.html",
}
# Friday 27 November 2026, 2:47 PM in Chicago: the sample's week, a fixed clock.
FRIDAY_AFTERNOON = dt.datetime(2026, 11, 27, 20, 47, tzinfo=dt.UTC)
# Saturday 28 November 2026, 7:40 PM in Chicago: a sample meeting in progress, so the lists show an
# "In progress" section and Join buttons (what the axe runs must see, whatever the real hour is).
IN_PROGRESS = dt.datetime(2026, 11, 29, 1, 40, tzinfo=dt.UTC)
CRISIS_LINKS = {"tel:988", "sms:988", "tel:+18006624357", "sms:741741?&body=HOME"}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(page, site_url: str, name: str, width: int) -> None:
    page.clock.set_fixed_time(IN_PROGRESS)
    assert_page_has_no_axe_violations(page, site_url + PAGES[name], width)


@pytest.mark.parametrize("name", list(PAGES))
def test_dark_palette_has_no_axe_violations(browser, site_url: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(IN_PROGRESS)
        page.goto(site_url + PAGES[name])
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        violations = axe_violations(page)
        assert not violations, f"{name} (dark):\n{describe_violations(violations)}"
    finally:
        context.close()


def test_palette_toggle_switches_and_remembers_without_a_cookie(browser, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url + "meetings/")
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        page.locator("label[for='__palette_1']").click()
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        page.goto(site_url + "homes/")  # the choice follows the visitor from page to page
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert page.evaluate("document.cookie") == ""
        assert "slate" in page.evaluate("JSON.stringify(Object.entries(localStorage))")
    finally:
        context.close()


def test_listing_pages_palette_toggle_shares_the_choice_with_the_theme_pages(browser, site_url: str) -> None:
    """Listing pages toggle the palette with their own small script (not the theme's): the same
    stored choice, either way between them and the theme's pages."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
    try:
        page = context.new_page()
        page.goto(site_url + "meetings/chicago/night-owls-lakeview/")
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        assert page.locator("label[for='__palette_0']").is_hidden()
        page.locator("label[for='__palette_1']").click()
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        assert page.locator("label[for='__palette_0']").is_visible()
        page.goto(site_url + "meetings/")
        assert page.get_attribute("body", "data-md-color-scheme") == "slate"
        page.locator("label[for='__palette_0']").click()
        page.goto(site_url + "communities/daybreak-recovery-forum/")
        assert page.get_attribute("body", "data-md-color-scheme") == "default"
        assert page.evaluate("document.cookie") == ""
    finally:
        context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_skip_link_is_first_and_lands_in_the_content(page, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#pd-main"
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)  # shown
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('pd-main').contains(document.activeElement)")
    assert inside, f"{name}: the Tab after the skip link left the content"


FOCUSED = """(() => {
  const e = document.activeElement, r = e.getBoundingClientRect(), cs = getComputedStyle(e);
  let shown = cs.visibility === 'visible' && r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth;
  if (e.matches('input.md-option')) {  // the palette's radio is drawn by the label after it
    const l = e.nextElementSibling.getBoundingClientRect();
    shown = l.width > 0 && l.right > 0 && l.left < innerWidth;
  }
  return {shown, what: e.outerHTML.slice(0, 120), inBody: e !== document.body};
})()"""


@pytest.mark.parametrize("name", ["meetings index", "front page", "meeting", "region homes", "articles"])
def test_nothing_invisible_in_the_tab_order_at_390(page, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name])
    for n in range(1, 31):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if not focused["inBody"]:
            break
        assert focused["shown"], f"{name}: Tab {n} focuses something not on screen: {focused['what']}"


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_one_focus_style_with_two_tones_at_least_3_to_1(browser, site_url: str, scheme: str) -> None:
    """The ring is black inside white (WCAG technique C40): whatever the background, one of the two
    tones stands out from it at 3:1 or more, and the two from each other."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site_url + "meetings/chicago/")
        styles = set()
        for _ in range(8):
            page.keyboard.press("Tab")
            styles.add(page.evaluate("""(() => { const cs = getComputedStyle(document.activeElement);
              return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|'); })()"""))
        assert len(styles) == 1, styles  # the bar's links, its disclosure and the page's links alike
        style, width, ring, shadow = styles.pop().split("|")
        assert style == "solid" and float(width.rstrip("px")) >= 3
        halo = shadow[:shadow.index(")") + 1]
        assert contrast(ring, halo) >= 3
        for background in ("rgb(255, 255, 255)", "rgb(26, 26, 26)", "rgb(63, 81, 181)", "rgb(30, 33, 41)"):
            assert max(contrast(ring, background), contrast(halo, background)) >= 3, background
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 640])  # 640: a 1280 px window at 200 % zoom
@pytest.mark.parametrize("name", list(PAGES))
def test_no_sideways_scroll(page, site_url: str, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(site_url + PAGES[name])
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"{name} at {width}px scrolls sideways by {scroll - inner}px"


PHONE_CRISIS_LINKS = {"tel:988", "sms:988", "tel:+18006624357"}
SHOWN_LINKS = "as => as.filter(a => a.offsetParent).map(a => a.getAttribute('href'))"


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("name", ["meetings index", "region meetings", "meeting", "region homes", "404"])
def test_crisis_lines_stay_in_reach_when_scrolled(page, site_url: str, name: str, width: int) -> None:
    """On phones 988 (call and text) and SAMHSA are one tap away, and "More" leads to the crisis page."""
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(site_url + PAGES[name])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(100)
    tops = page.eval_on_selector_all(".pd-crisis a", "as => as.filter(a => a.offsetParent).map(a => "
                                     "a.getBoundingClientRect().top)")
    assert tops and all(0 <= top < 40 for top in tops), tops  # one line, at the top
    shown = page.eval_on_selector_all(".pd-crisis a", SHOWN_LINKS)
    assert PHONE_CRISIS_LINKS <= set(shown) and any(href.endswith("crisis/") for href in shown), shown
    more = page.locator(".pd-crisis a[href$='crisis/']")
    assert more.is_visible() and more.evaluate("a => a.textContent") == "More crisis lines"  # its name, read out


def test_crisis_lines_all_shown_on_wide_screens_each_once(page, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "meetings/")
    shown = page.eval_on_selector_all(".pd-crisis a", SHOWN_LINKS)
    assert CRISIS_LINKS <= set(shown)
    every = page.eval_on_selector_all(".pd-crisis a", "as => as.map(a => a.getAttribute('href'))")
    assert len(every) == len(set(every)), every  # each line written once


@pytest.mark.parametrize("width", [320, 640])
@pytest.mark.parametrize("path", ["crisis/", "meetings/", "404.html"])
def test_phone_numbers_never_wrap(page, site_url: str, path: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(site_url + path)
    lines = page.eval_on_selector_all(
        "a[href^='tel:'], a[href^='sms:']",
        "as => as.filter(a => a.offsetParent).map(a => [a.textContent, a.getClientRects().length])")
    assert any("1-800-662-4357" in text for text, _ in lines)
    broken = [text for text, count in lines if count != 1]
    assert not broken, f"{path} at {width}px: numbers across lines: {broken}"


def test_print_keeps_the_crisis_lines(page, site_url: str) -> None:
    """On paper every number shows as text, with what it is (said after it by the stylesheet); not
    "More", nor the header and the sections' links."""
    page.goto(site_url + PAGES["meeting"])
    page.emulate_media(media="print")
    text = page.locator(".pd-crisis").inner_text()
    for number in ("988", "1-800-662-4357", "741741"):
        assert number in text
    after = page.evaluate("getComputedStyle(document.querySelector('.pd-crisis a[href=\"tel:988\"]'), '::after').content")
    assert "Suicide & Crisis Lifeline" in after
    assert page.locator(".pd-crisis a[href$='crisis/']").is_hidden()
    assert page.evaluate("getComputedStyle(document.querySelector('.pd-crisis')).position") == "static"
    assert page.locator(".pd-head").is_hidden() and page.locator(".pd-sections").is_hidden()


WORDS_SPLIT = """table => {
  const split = [];
  for (const cell of table.querySelectorAll('th[scope=row], td')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s–-]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        if (range.getClientRects().length > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("path", ["homes/palm-beach/", "homes/chicago/", "communities/"])
def test_tables_are_cards_on_phones(page, site_url: str, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(site_url + path)
    table = page.locator("table.pd-table")
    assert page.evaluate("getComputedStyle(document.querySelector('.pd-table tr')).display") == "block"
    labels = page.eval_on_selector_all(".pd-table tbody tr:first-child td",
                                       "tds => tds.map(td => getComputedStyle(td, '::before').content)")
    headers = page.eval_on_selector_all(".pd-table thead th", "ths => ths.map(th => th.textContent)")
    assert labels == [f'"{h}"' for h in headers[1:]]  # every column kept, each value under its name
    wrap = page.evaluate("(() => { const w = document.querySelector('.pd-table-wrap'); return [w.scrollWidth, w.clientWidth]; })()")
    assert wrap[0] <= wrap[1], "a column is cut off"
    assert table.evaluate(WORDS_SPLIT) == []
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.evaluate("getComputedStyle(document.querySelector('.pd-table tr')).display") == "table-row"


def test_404_page_has_a_way_onward(page, site_url: str) -> None:
    response = page.goto(site_url + "no/such/page/")
    assert response is not None and response.status == 404
    page.goto(site_url + "404.html")
    form = page.locator("#pd-main form[role=search]")
    assert form.get_attribute("action", timeout=1000).endswith("search/")
    page.fill("#pd-404-q", "cravings")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=cravings")
    page.goto(site_url + "404.html")
    hrefs = page.eval_on_selector_all("#pd-main a", "as => as.map(a => a.getAttribute('href'))")
    assert any(h.endswith("meetings/") for h in hrefs) and any(h.endswith("crisis/") for h in hrefs)
    assert {"tel:988", "tel:+18006624357", "sms:741741?&body=HOME"} <= set(hrefs)


def tabs_to(page: Any, test: str, limit: int) -> int:
    """Press Tab until the focused element passes `test` (a JS function of it); the presses taken."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"({test})(document.activeElement)"):
            return presses
    raise AssertionError(f"not reached in {limit} Tabs: {test}")


@pytest.mark.parametrize("width", [390, 1280])
def test_home_to_a_meetings_join_in_at_most_25_tabs(browser, site_url: str, width: int) -> None:
    """Home → "Online meetings now" → the first meeting → Join, each page entered by its skip link."""
    with new_page(browser, at=FRIDAY_AFTERNOON) as page:
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(site_url)
        steps = []
        for test in ("a => a.getAttribute('href') === '#pd-main'",
                     "a => (a.getAttribute('href') || '').endsWith('meetings/online-now/')",
                     "a => /(?:^|\\/)online\\/[^/]+\\/$/.test(a.getAttribute('href') || '')",  # ../online/<slug>/
                     "a => a.classList.contains('pd-join')"):
            steps.append(tabs_to(page, test, 25))
            if "pd-join" in test:
                break
            with page.expect_navigation() if "#pd-main" not in test else nullcontext():
                page.keyboard.press("Enter")
            if "#pd-main" not in test:  # a new page: in by its skip link
                steps.append(tabs_to(page, "a => a.getAttribute('href') === '#pd-main'", 1))
                page.keyboard.press("Enter")
        assert sum(steps) <= 25, f"{sum(steps)} Tabs at {width}px: {steps}"



def test_menu_opens_and_closes_from_the_keyboard_at_390(page, site_url: str) -> None:
    """The closed side menu is out of the tab order; its button is reached and pressed by keyboard."""
    page.goto(site_url + "meetings/")
    menu = page.locator("label.md-header__button[for='__drawer']")
    tabs_to(page, "e => e.matches(\"label[for='__drawer']\")", 6)
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.wait_for_timeout(400)  # the drawer slides in
    link = tabs_to(page, "e => e.closest('.md-sidebar--primary') !== null", 12)
    assert page.evaluate(FOCUSED)["shown"], f"Tab {link}: a menu link off screen"
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches(\"label[for='__drawer']\")")


# The boxes drawn by script, each with its rows on screen at a pinned clock, light and dark: the home
# page's box, the next five to start (nothing near for a CMA meeting on Friday afternoon) and the
# Today list with a meeting in progress.
DRAWN = {
    "home box": ("", FRIDAY_AFTERNOON, ".pd-now--home .pd-now-item"),
    "next five": ("meetings/chicago/?program=CMA", FRIDAY_AFTERNOON, ".pd-now-list[aria-label='Next to start'] li"),
    "today": ("meetings/today/", IN_PROGRESS, ".pd-now-list[aria-label='In progress'] .pd-join-row"),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(DRAWN))
def test_boxes_drawn_by_script_have_no_axe_violations(browser, site_url: str, name: str, scheme: str) -> None:
    path, at, rows = DRAWN[name]
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme,
                                  timezone_id="America/Chicago")
    try:
        page = context.new_page()
        page.clock.set_fixed_time(at)
        page.goto(site_url + path)
        page.wait_for_selector(rows)
        violations = axe_violations(page)
        assert not violations, f"{name} ({scheme}):\n{describe_violations(violations)}"
    finally:
        context.close()
