"""Templates' `_()` and `{% trans %}` go through `render.remembered_gettext`, which makes each text
without variables once: every page must be byte for byte what Jinja's own gettext makes, in every language."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from peerdir.loading import load_directory
from peerdir.site import render
from peerdir.site.constant_text import ConstantTranslations
from peerdir.site.generate import index_pages, listing_pages
from peerdir.urls import SiteInfo
from tests.conftest import SAMPLE_CONTENT, SAMPLE_DATA, SAMPLE_TODAY


def _pages(language: str, remember: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    made = render._environment
    monkeypatch.setattr(render, "_environment", lambda lang="en": made(lang, remember=remember))
    directory, problems = load_directory(SAMPLE_DATA, SAMPLE_CONTENT, today=SAMPLE_TODAY)
    assert not problems
    renderer = render.PageRenderer(render.SiteContext(directory, SiteInfo(), SAMPLE_TODAY, language=language))
    pages = [page for _, page in listing_pages(renderer)] + index_pages(renderer)
    monkeypatch.setattr(render, "_environment", made)
    return [(page.path, page.html) for page in pages]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_as_jinja_makes_it(language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    jinja = _pages(language, False, monkeypatch)
    remembered = _pages(language, True, monkeypatch)
    assert len(jinja) > 50
    assert [path for path, _ in remembered] == [path for path, _ in jinja]
    assert [path for (path, html), (_, other) in zip(jinja, remembered, strict=True) if html != other] == []


def test_format_strings_and_escaping_as_in_jinja() -> None:
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    env.globals["_"] = render.remembered_gettext(lambda text: {"Hi": "Hola <b>"}.get(text, text))
    template = env.from_string("{{ _('Hi') }}|{{ _('100%%') }}|{{ _('%(string)s!', string='<i>') }}|{{ _('Hi') }}")
    assert template.render() == "Hola <b>|100%|&lt;i&gt;!|Hola <b>"
    plain = Environment(autoescape=False, extensions=["jinja2.ext.i18n"])
    plain.globals["_"] = render.remembered_gettext(str)
    assert plain.from_string("{{ _('a %(x)s', x='<') }}").render() == "a <"


def test_texts_without_variables_are_translated_when_compiled() -> None:
    """The plain forms become template text (no gettext call left in the compiled template); every
    other form still goes through gettext when rendered, with the same output as Jinja's own."""
    words = {"When": "Cuándo <b>", "Where %(place)s": "Dónde %(place)s", "one": "uno", "%(n)s more": "%(n)s más",
             "Tidy": "Ordenado", "100%%": "100%%"}
    source = ("{% trans %}When{% endtrans %}|{{ _('When') }}|{{ gettext('100%%') }}|{% trans %}100%{% endtrans %}|"
              "{% trans place='<i>' %}Where {{ place }}{% endtrans %}|{{ _('Tidy') | upper }}|"
              "{% trans n=2 %}one{% pluralize %}{{ n }} more{% endtrans %}|{% trans trimmed %} Tidy {% endtrans %}")
    expected = "Cuándo <b>|Cuándo <b>|100%|100%|Dónde &lt;i&gt;|ORDENADO|2 más|Ordenado"

    class Words:
        def gettext(self, text: str) -> str:
            return words.get(text, text)

        def ngettext(self, one: str, other: str, n: int) -> str:
            return words.get(one if n == 1 else other, other)

    def env(constant: bool) -> Environment:
        made = Environment(autoescape=True, extensions=["jinja2.ext.i18n", ConstantTranslations] if constant
                           else ["jinja2.ext.i18n"])
        made.install_gettext_translations(Words(), newstyle=True)  # type: ignore[attr-defined]
        if constant:
            ConstantTranslations.use(made, Words().gettext)
        return made

    assert env(False).from_string(source).render() == expected
    assert env(True).from_string(source).render() == expected
    compiled = env(True).compile(source, raw=True)
    assert "'Cuándo <b>|Cuándo <b>|100%|100%|'" in compiled  # four texts, one constant
    assert compiled.count("context.call(") == 4  # the variable, the filtered, the plural and the trimmed one
