"""Pydantic's error records, retold as what was found, what is expected and how to fix it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from peerdir import kinds
from peerdir.models.common import did_you_mean, file_keys, short
from peerdir.models.text_rules import explain as explain_text


def describe(error: Mapping[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    """(message, hint) for one entry of `ValidationError.errors()`."""
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    found = error.get("input")
    name = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "peerdir":
        return ctx["message"], ctx.get("hint", "")
    if kind == "missing":
        example = "name: Maria K." if "contacts" in error["loc"] else _MODEL_EXAMPLES.get(
            (model.__name__, name), _EXAMPLES.get(name, f"{name}: …"))
        return "this required field is missing", f"add a line {example}"
    if kind == "extra_forbidden":
        inner = _model_at(model, error["loc"])
        hint = did_you_mean(name, list(_keys(inner))) or (
            "remove it, or check the field list in CONTRIBUTING.md")
        return f"'{name}' is not a field of {_model_name(inner)}", hint
    if kind == "list_type" and name in _LIST_HINTS:
        return f"found {short(found)}; expected a list", _LIST_HINTS[name]
    if kind in ("model_type", "model_attributes_type", "dict_type") and name in _GROUP_EXAMPLES:
        return (f"found {short(found)}; expected indented 'field: value' lines",
                f"write '{name}:' alone on its line and its fields indented below it: {_GROUP_EXAMPLES[name]}")
    simple = _SIMPLE.get(kind)
    if simple:
        expected, hint = simple
        return f"found {short(found)}; expected {expected}", hint.format(name=name)
    if kind in _BOUNDS:
        word, bound = _BOUNDS[kind], _bound(ctx)
        return f"found {short(found)}; it must be {word} {bound}", f"write a number that is {word} {bound}"
    # Text with a length limit reports too_short/too_long (not string_*) when it has a validator.
    if kind in ("string_too_short", "too_short") and isinstance(found, str):
        if not found.strip():
            info = _field(_model_at(model, error["loc"]), name)
            if info is None or info.is_required():
                return "this is empty", f"write the {name.replace('_', ' ')} after '{name}:'"
            return "this is empty", f"fill it in, or delete the line '{name}:'"
        least = ctx.get("min_length")
        return f"this is {len(found)} characters; at least {least} are needed", "write a little more"
    if kind in ("string_too_long", "too_long") and isinstance(found, str):
        most = ctx.get("max_length")
        return f"this is {len(found)} characters; at most {most} fit", f"shorten it to {most} characters or fewer"
    if kind == "literal_error":
        return f"found {short(found)}; expected one of {ctx.get('expected')}", "write one of them exactly as shown"
    if kind == "string_pattern_mismatch":
        refused = explain_text(found, ctx.get("pattern"))  # a character the text rules refuse, named
        if refused is not None:
            return refused
        hint = _PATTERN_HINTS.get(name, "see the field list in CONTRIBUTING.md")
        return f"found {short(found)}, which is not in the expected form", hint
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return "this list is empty", f"add at least {least} item{'' if least == 1 else 's'}"
    if kind == "too_long":
        most = ctx.get("max_length")
        return f"this list has {ctx.get('actual_length')} items; at most {most} fit", "remove some"
    return f"found {short(found)}: {error.get('msg', 'not valid')}", "see the field list in CONTRIBUTING.md"


_SIMPLE = {
    "bool_parsing": ("yes or no", "write {name}: yes or {name}: no"),
    "bool_type": ("yes or no", "write {name}: yes or {name}: no"),
    "int_parsing": ("a whole number", "write digits only, e.g. {name}: 3"),
    "int_from_float": ("a whole number", "leave out the decimals, e.g. {name}: 3"),
    "int_type": ("a whole number", "write digits only, e.g. {name}: 3"),
    "float_parsing": ("a number", "write digits only, e.g. {name}: 650 or {name}: 27.5"),
    "float_type": ("a number", "write digits only, e.g. {name}: 650 or {name}: 27.5"),
    "date_from_datetime_parsing": ("a date as YYYY-MM-DD", "e.g. 2026-03-14"),
    "date_parsing": ("a date as YYYY-MM-DD", "e.g. 2026-03-14"),
    "date_type": ("a date as YYYY-MM-DD", "e.g. 2026-03-14"),
    "list_type": ("a list", "write [first, second] or one '- item' per line"),
    "model_type": ("indented 'field: value' lines", "indent the lines that belong under this field"),
    "model_attributes_type": ("indented 'field: value' lines", "indent the lines that belong under this field"),
    "dict_type": ("indented 'field: value' lines", "indent the lines that belong under this field"),
    "string_type": ("plain text", "write the text on the same line, after the colon"),
}
_BOUNDS = {
    "greater_than_equal": "at least",
    "greater_than": "more than",
    "less_than_equal": "at most",
    "less_than": "less than",
}
_PATTERN_HINTS = {"currency": "write a three-letter code in capitals, such as USD"}
_LIST_HINTS = {
    "contacts": "write 'contacts:' alone on its line, then one '  - name: Maria K.' line per contact",
    "tags": "write them in brackets, e.g. tags: [coping, sleep]",
    "languages": "write them in brackets, e.g. languages: [English, Spanish]",
    "sources": "write 'sources:' alone on its line, then one '  - title: …' line per source",
}
_GROUP_EXAMPLES = {
    "cost": "'  amount: 650' and '  per: month'",
    "certification": "'  body: FARR' and '  status: certified'",
}
_KIND_NAMES = {"Region": "a region", "ArticleMeta": "an article's front matter", "_ProgramEntry": "a program",
               "_TypeEntry": "a meeting type", "Contact": "a contact", "Cost": "a cost",
               "Certification": "a certification", "Source": "a source"}
# What a missing required field looks like when filled in.
_MODEL_EXAMPLES = {("_TypeEntry", "name"): "name: Agnostic Candlelight, the type's name in English",
                   ("Region", "name"): "name: Chicago, IL"}
_EXAMPLES = {
    "name": "name: Friday Night Group", "program": "program: AA", "day": "day: Monday",
    "time": "time: 19:30, in 24-hour time", "last_verified": "last_verified: YYYY-MM-DD, the day you checked it",
    "city": "city: Chicago", "state": "state: IL", "gender": "gender: women", "url": "url: https://…",
    "format": "format: forum", "approach": "approach: 12-step", "cost": "cost: free",
    "anonymous": "anonymous: yes", "moderated": "moderated: yes", "title": "title: …",
    "summary": "summary: … with one or two sentences", "tags": "tags: [coping, sleep]",
    "reviewed_on": "reviewed_on: YYYY-MM-DD", "amount": "amount: 650", "per": "per: month",
    "body": "body: FARR", "status": "status: certified",
}


def _model_name(model: Any) -> str:
    """'a meeting', 'a contact': how a message names the model a field belongs to."""
    for kind in kinds.all_kinds():
        if model is kind.model:
            return kind.article
    return _KIND_NAMES.get(getattr(model, "__name__", ""), "this listing")


def _bound(ctx: dict[str, Any]) -> str:
    for key in ("ge", "gt", "le", "lt"):
        if key in ctx:
            return str(ctx[key])
    return ""


def _keys(model: Any) -> dict[str, str]:
    return file_keys(model) if isinstance(model, type) and issubclass(model, BaseModel) else {}


def _field(model: Any, key: Any) -> Any:
    """The FieldInfo of the field a file's `key` names in `model` (by its alias, if it has one), or None."""
    name = _keys(model).get(str(key))
    return model.model_fields[name] if name is not None else None


def _model_at(model: type[BaseModel], loc: tuple) -> Any:
    """The (possibly nested) model the unknown key sits in, e.g. Contact for contacts[1].nmae."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = _field(current, part)
        if info is None:
            return current
        current = _nested_model(info.annotation) or current
    return current


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _nested_model(arg)
        if found:
            return found
    return None
