"""`peerdir i18n`: the site's message catalogs (src/peerdir/locale/), kept with Babel.

  extract  write locale/peerdir.pot from the templates' and Python's msgids
  update   extract, then merge the msgids into every language's .po (new ones left to translate)
  check    every msgid translated in every language (exit 1 naming the missing ones): strict mode
"""

from __future__ import annotations

import argparse

from peerdir import i18n
from peerdir.commands.registry import EXIT_INVALID, EXIT_OK, subcommand

_ACTIONS = ("extract", "update", "check")


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=_ACTIONS, help="extract the msgids, update the catalogs, or check them")


@subcommand("i18n", "extract, update or check the site's translations", _configure)
def run(args: argparse.Namespace) -> int:
    template = i18n.extract()
    if args.action == "check":
        return _check(template)
    i18n.write_catalog(template, i18n.TEMPLATE)
    print(f"{i18n.TEMPLATE}: {len(template)} messages")
    if args.action == "update":
        for language in i18n.LANGUAGES[1:]:
            catalog = i18n.update(language, template)
            i18n.write_catalog(catalog, i18n.po_path(language))
            print(f"{i18n.po_path(language)}: {len(i18n.untranslated(language, template))} to translate")
    return EXIT_OK


def _check(template: i18n.Catalog) -> int:
    failed = False
    for language in i18n.LANGUAGES[1:]:
        missing = i18n.untranslated(language, template)
        for msgid in missing:
            print(f"{i18n.po_path(language)}: no translation for {msgid[:80]!r} "
                  f"(translate it there, after `peerdir i18n update`)")
        failed = failed or bool(missing)
    if not failed:
        print(f"every message translated ({len(template)} messages, {len(i18n.LANGUAGES) - 1} languages)")
    return EXIT_INVALID if failed else EXIT_OK
