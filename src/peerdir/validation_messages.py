"""Pydantic's error records, retold as what was found, what is expected and how to fix it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from peerdir.models.common import did_you_mean, short


def describe(error: dict[str, Any], model: type[BaseModel]) -> tuple[str, str]:
    """(message, hint) for one entry of `ValidationError.errors()`."""
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    found = error.get("input")
    name = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "peerdir":
        return ctx["message"], ctx.get("hint", "")
    if kind == "missing":
        return "this required field is missing", f"add a line '{name}: …'"
    if kind == "extra_forbidden":
        fields = _field_names(model, error["loc"])
        hint = did_you_mean(name, fields) or "remove it, or check the field list in CONTRIBUTING.md"
        return f"'{name}' is not a field of this listing", hint
    simple = _SIMPLE.get(kind)
    if simple:
        expected, hint = simple
        return f"found {short(found)}; expected {expected}", hint
    if kind in _BOUNDS:
        return f"found {short(found)}; it must be {_BOUNDS[kind]} {_bound(ctx)}", ""
    if kind == "string_too_short":
        return "this is empty", f"fill it in, or delete the line '{name}:'"
    if kind == "string_too_long":
        return f"this is {len(str(found))} characters; at most {ctx.get('max_length')} fit", "shorten it"
    if kind == "literal_error":
        return f"found {short(found)}; expected one of {ctx.get('expected')}", ""
    if kind == "string_pattern_mismatch":
        return f"found {short(found)}, which is not in the expected form", _PATTERN_HINTS.get(name, "")
    if kind == "too_short":
        return "this list is empty", f"add at least {ctx.get('min_length', 1)} item"
    return f"found {short(found)}: {error.get('msg', 'not valid')}", ""


_SIMPLE = {
    "bool_parsing": ("yes or no", "write true or false"),
    "bool_type": ("yes or no", "write true or false"),
    "int_parsing": ("a whole number", "e.g. 3"),
    "int_from_float": ("a whole number", "e.g. 3"),
    "int_type": ("a whole number", "e.g. 3"),
    "float_parsing": ("a number", "e.g. 650 or 27.5"),
    "float_type": ("a number", "e.g. 650 or 27.5"),
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
_PATTERN_HINTS = {"currency": "a three-letter code such as USD"}


def _bound(ctx: dict[str, Any]) -> str:
    for key in ("ge", "gt", "le", "lt"):
        if key in ctx:
            return str(ctx[key])
    return ""


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (possibly nested) model the unknown key sits in."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return list(getattr(current, "model_fields", {}))
        current = _nested_model(info.annotation) or current
    return list(getattr(current, "model_fields", {}))


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _nested_model(arg)
        if found:
            return found
    return None
