"""finder.js on Spanish pages (issue 19): the words it writes itself (on now, filters, the home's
box) come from the catalog, handed to it per language, and days and times are Spanish; at a pinned
instant, so what is on now is known."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peerdir import i18n
from peerdir.site import finder_words
from tests.browser.test_finder import new_page
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

FRIDAY_0705_PM_CHICAGO = dt.datetime(2026, 11, 28, 1, 5, tzinfo=dt.UTC)


@pytest.fixture
def spanish_page(browser: Any) -> Iterator[Any]:
    with new_page(browser, at=FRIDAY_0705_PM_CHICAGO) as page:
        yield page


def english_words() -> list[str]:
    """The English of finder.js's words that Spanish says otherwise, cut at their first placeholder
    or link: none may be left on a Spanish page. Short words ("Day", "Online") are left to the
    assertions by name, since a meeting's own name may hold them."""
    spanish = i18n.translations("es")
    found = []
    for _line, message in finder_words.messages(Path(ROOT / "overrides" / finder_words.SCRIPT)):
        english = message if isinstance(message, str) else message[1]
        if isinstance(message, str) and spanish.gettext(message) == message:
            continue
        fragment = re.split(r"[{\[]", english)[0].strip(" :.·")
        if len(fragment) >= 10:
            found.append(fragment)
    return found


def text(page: Any, selector: str) -> str:
    return " ".join((page.text_content(selector) or "").split())


def assert_no_english(text: str) -> None:
    left = [words for words in english_words() if words in text]
    assert not left, f"English finder words on a Spanish page: {left}\n{text}"


def test_a_spanish_region_page_says_what_is_on_now_in_spanish(spanish_page: Any, bilingual_url: str) -> None:
    page = spanish_page
    page.goto(bilingual_url + "es/meetings/chicago/")
    page.wait_for_selector(".pd-now .pd-now-item")
    assert page.inner_text(".pd-now h2") == "En curso y por empezar"
    assert page.inner_text(".pd-now-clock") == "Es viernes 7:05 p.m. donde usted está (America/Chicago)."
    whens = page.eval_on_selector_all(".pd-now-when", "xs => xs.map(x => x.textContent)")
    assert whens and all(re.match(r"(En curso · hasta las |Empieza en )\d", w) for w in whens), whens
    assert page.locator(".pd-now h3").first.inner_text().startswith(("En curso (", "Empiezan en las próximas"))
    # The filters and the time-first list.
    assert text(page, "label[for='pd-f-day-today']") == "Hoy (viernes)"
    assert page.inner_text(".pd-more-button") == "Más filtros"
    assert page.get_attribute("#pd-f-q", "placeholder") == "Nombre, lugar, programa o tipo"
    assert re.fullmatch(r"Se muestran las \d+ reuniones\.", page.inner_text(".pd-f-count"))
    headings = page.eval_on_selector_all("section.pd-day h2", "xs => xs.map(x => x.textContent)")
    assert "Más tarde hoy (viernes)" in headings and "Sábado" in headings, headings
    page.click(".pd-more-button")
    legends = page.eval_on_selector_all("#pd-f-more legend", "xs => xs.map(x => x.textContent)")
    assert legends[:2] == ["Día", "Hora del día"], legends
    assert text(page, "label[for='pd-f-time-morning']") == "Mañana (4 a.m.–mediodía)"
    page.fill("#pd-f-q", "zzzz-nothing")
    page.wait_for_function("document.querySelector('.pd-f-count').textContent.startsWith('Ninguna')")
    assert_no_english(page.inner_text("#pd-main"))  # the page's own part (no <article> since 066ee65)
    assert page.evaluate("document.documentElement.lang") == "es"


def test_the_spanish_home_box_is_in_spanish_and_leads_to_spanish_pages(spanish_page: Any, bilingual_url: str) -> None:
    page = spanish_page
    page.goto(bilingual_url + "es/")
    page.wait_for_selector(".pd-now--home .pd-now-item")
    box = page.inner_text(".pd-now--home")
    assert page.inner_text(".pd-now--home h2") == "En curso y por empezar"
    assert "¿Necesita hablar ahora? Llame al 988 (oprima 2) o envíe un texto al 988, a cualquier hora." in box
    whens = page.eval_on_selector_all(".pd-now--home .pd-now-when", "xs => xs.map(x => x.textContent)")
    assert whens and all(re.match(r"(En curso · hasta las |Empieza en )\d", w) for w in whens), whens
    hrefs = page.eval_on_selector_all(".pd-now--home .pd-main > a", "xs => xs.map(x => x.getAttribute('href'))")
    assert hrefs and all("/es/meetings/" in h for h in hrefs), hrefs
    assert_no_english(box)


def test_an_english_page_carries_no_words(spanish_page: Any, bilingual_url: str) -> None:
    page = spanish_page
    page.goto(bilingual_url + "meetings/chicago/")
    page.wait_for_selector(".pd-now .pd-now-item")
    assert page.evaluate("typeof window.pdFinderWords") == "undefined"
    assert page.inner_text(".pd-now h2") == "On now and starting soon"
    assert page.inner_text(".pd-now-clock").startswith("It is Friday 7:05 PM where you are")


def test_the_spanish_today_list_says_online_once(spanish_page: Any, bilingual_url: str) -> None:
    page = spanish_page
    page.goto(bilingual_url + "es/meetings/today/")
    page.wait_for_selector(".pd-now-item .pd-sub")
    subs = page.eval_on_selector_all(".pd-now-item .pd-sub", "xs => xs.map(x => x.textContent)")
    online = [s for s in subs if "En línea" in s]
    assert online and not [s for s in online if s.endswith(" · Online") or " · Online · " in s], online


def test_spanish_says_a_la_1_for_one_oclock(browser: Any, bilingual_url: str) -> None:
    """A Thursday 7:00 PM Chicago meeting read in UTC is Friday 1:00 a.m.: 'a la 1:00', not 'a las'."""
    with new_page(browser, timezone="UTC", at=FRIDAY_0705_PM_CHICAGO) as page:
        page.goto(bilingual_url + "es/meetings/chicago/bronzeville-mens-stag/")
        page.wait_for_selector(".pd-local:not([hidden])")
        local = page.inner_text(".pd-local")
        assert " a la 1:00" in local and "las 1:" not in local, local
