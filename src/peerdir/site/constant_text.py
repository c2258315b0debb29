"""Template texts without variables, translated once when a template is compiled.

A meeting page has some twenty `{% trans %}When{% endtrans %}`-like texts, the same on every page.
Jinja calls gettext for each of them on every render (measured: a tenth of the CPU spent rendering
10,000 listing pages, most of it in Jinja's call machinery). Each environment has one language, so
these texts can become the template's own text: `ConstantTranslations` rewrites the two plain
forms in the token stream, before Jinja parses it, and leaves every other form (variables,
plurals, `trimmed`, filters after `_()`) to gettext at render time.

The output is what Jinja's newstyle gettext gives: the translation, %-formatted with no variables
("%%" is "%"), never escaped (a translation is template text). tests/test_render_gettext.py checks
every page against Jinja's own gettext, in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

Translate = Callable[[str], str]
_GETTEXT_NAMES = frozenset({"_", "gettext"})


class ConstantTranslations(Extension):
    """Give it the language's gettext with `use(environment, translate)` before any template loads."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        translate: Translate | None = getattr(self.environment, "pd_constant_gettext", None)
        if translate is None or self.environment.policies.get("ext.i18n.trimmed"):
            return stream
        return list(_replaced(list(stream), translate))

    @staticmethod
    def use(environment: Environment, translate: Translate) -> None:
        environment.pd_constant_gettext = translate  # type: ignore[attr-defined]


def _replaced(tokens: Sequence[Token], translate: Translate) -> Iterable[Token]:
    at = 0
    while at < len(tokens):
        found = _trans_block(tokens, at) or _gettext_call(tokens, at)
        text = _formatted(translate(found[0])) if found else None
        if found is None or text is None:
            yield tokens[at]
            at += 1
            continue
        yield Token(tokens[at].lineno, "data", text)
        at += found[1]


def _matches(tokens: Sequence[Token], at: int, shape: Sequence[tuple[str, str | None]]) -> bool:
    if at + len(shape) > len(tokens):
        return False
    return all(token.type == kind and (value is None or token.value == value)
               for token, (kind, value) in zip(tokens[at:at + len(shape)], shape, strict=True))


_TRANS = (("block_begin", None), ("name", "trans"), ("block_end", None), ("data", None),
          ("block_begin", None), ("name", "endtrans"), ("block_end", None))
_CALL = (("variable_begin", None), ("name", None), ("lparen", None), ("string", None), ("rparen", None),
         ("variable_end", None))


def _trans_block(tokens: Sequence[Token], at: int) -> tuple[str, int] | None:
    """`{% trans %}text{% endtrans %}`: (its message id, as Jinja's i18n makes it, and its length in tokens)."""
    if not _matches(tokens, at, _TRANS):
        return None
    return str(tokens[at + 3].value).replace("%", "%%"), len(_TRANS)


def _gettext_call(tokens: Sequence[Token], at: int) -> tuple[str, int] | None:
    """`{{ _('text') }}` and `{{ gettext('text') }}`, nothing more in the braces."""
    if not _matches(tokens, at, _CALL) or tokens[at + 1].value not in _GETTEXT_NAMES:
        return None
    return str(tokens[at + 3].value), len(_CALL)


def _formatted(translated: str) -> str | None:
    """As newstyle gettext formats a text without variables; None if it cannot (left to render time)."""
    try:
        return translated % {}
    except (TypeError, ValueError, KeyError):
        return None
