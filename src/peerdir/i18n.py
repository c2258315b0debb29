"""The site's languages: gettext catalogs read with Babel, and days, times and dates in each language.

English is the source language: every msgid is the English text, so an English page needs no catalog
and reads as it always has. Each other language has `locale/<code>/LC_MESSAGES/peerdir.po`, read
and compiled in memory when a build first asks (no compiled .mo is kept: a fresh clone works as is).
`peerdir i18n` extracts the msgids (`locale/peerdir.pot`), merges them into the catalogs and checks
that every one is translated.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_time, get_day_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("en", "es")  # en first: the source language and the site's root
TRANSLATED = LANGUAGES[1:]  # the languages a page or article may be translated into
LANGUAGE_NAMES = {"en": "English", "es": "Español"}  # each in its own language, for the switch
# Babel's locale for dates and times: US Spanish writes "7:30 p.m." as its readers here do.
_LOCALES = {"en": "en_US", "es": "es_US"}
DOMAIN = "peerdir"
LOCALE_DIR = Path(__file__).parent / "locale"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"  # in a checkout of the repository


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=language, domain=DOMAIN)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The gettext translations of `language`; English's give every msgid back as it is."""
    if language == "en":
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, read_catalog(po_path(language), language), use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def untranslated(language: str, template: Catalog | None = None) -> list[str]:
    """The msgids of the template (default: locale/peerdir.pot) with no translation in `language`'s
    catalog, or only a fuzzy one (a guess the build does not use)."""
    template = template if template is not None else read_catalog(TEMPLATE)
    catalog = read_catalog(po_path(language), language)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        strings = found.string if found is not None else None
        done = all(strings) if isinstance(strings, (list, tuple)) else bool(strings)
        if found is None or found.fuzzy or not done:
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def day_names(language: str) -> tuple[str, ...]:
    """Sunday first, as meetings number their days, capitalised for headings ("Domingo")."""
    if language == "en":
        return ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
    names = get_day_names("wide", locale=_LOCALES[language])  # 0 is Monday in Babel
    return tuple(names[(day + 6) % 7].capitalize() for day in range(7))


def clock(value: dt.time, language: str) -> str:
    """A time of day as the language writes it: Spanish "7:30 p.m."."""
    return format_time(value, "short", locale=_LOCALES[language])


_PLURAL_HOUR = re.compile(r"\blas \{time\}")


def fill(text: str, language: str, **values: str) -> str:
    """A translated message with its {placeholders} filled. Spanish says "a la 1:00", "hasta la 1:05"
    (one o'clock is singular) but "a las 7:00"; finder.js applies the same rule to its own words."""
    if language == "es" and values.get("time", "").startswith("1:"):
        text = _PLURAL_HOUR.sub("la {time}", text)
    return text.format(**values)


def locale_tag(language: str) -> str:
    """The BCP 47 tag a browser formats `language`'s days and times in (Intl): "es-US"."""
    return _LOCALES[language].replace("_", "-")


def long_date(value: dt.date, language: str) -> str:
    """English "5 March 2026" (as the site always wrote it), Spanish "5 de marzo de 2026"."""
    if language == "en":
        return format_date(value, "d MMMM y", locale="en")
    return format_date(value, "long", locale=_LOCALES[language])


# Where msgids are found: the page templates (Jinja's {% trans %} and _()) and Python's _() calls.
_METHODS = [("templates/**.html", "jinja2.ext:babel_extract"), ("**.py", "python")]
_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
_OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True",
                                  "lstrip_blocks": "True"}}


def extract() -> Catalog:
    """Every msgid in the package's templates and Python code, as a template catalog (the .pot)."""
    from babel.messages.extract import extract_from_dir

    package = Path(__file__).parent
    template = Catalog(domain=DOMAIN, project="peerdir", charset="utf-8")
    for filename, line, message, comments, context in extract_from_dir(
            str(package), method_map=_METHODS, options_map=_OPTIONS, keywords=_KEYWORDS,
            comment_tags=("i18n:",), strip_comment_tags=True):
        template.add(message, None, [(filename, line)], auto_comments=comments, context=context)
    if OVERRIDES.is_dir():  # the theme overrides of this repository (the crisis bar on every page)
        for filename, line, message, comments, context in extract_from_dir(
                str(OVERRIDES), method_map=[("**.html", _METHODS[0][1])], keywords=_KEYWORDS,
                options_map={"**.html": {"extensions": "jinja2.ext.i18n"}}):
            template.add(message, None, [(f"overrides/{filename}", line)], auto_comments=comments, context=context)
        # The words finder.js writes itself, handed to it per language by peerdir.site.finder_words.
        from peerdir.site import finder_words

        script = finder_words.script_in([str(OVERRIDES)])
        for line, finder_message in finder_words.messages(script) if script else ():
            template.add(finder_message, None, [(f"overrides/{finder_words.SCRIPT}", line)])
    return template


def write_catalog(catalog: Catalog, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False)


def update(language: str, template: Catalog) -> Catalog:
    """`language`'s catalog with the template's msgids: new ones untranslated, gone ones dropped
    (Babel keeps them as obsolete only in memory), near matches marked fuzzy for a person to check."""
    path = po_path(language)
    catalog = read_catalog(path, language) if path.exists() else Catalog(locale=language, domain=DOMAIN)
    catalog.update(template, no_fuzzy_matching=False)
    catalog.obsolete.clear()
    return catalog
