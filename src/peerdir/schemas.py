"""JSON Schemas of the listing files, for editors (yaml-language-server) and for review.

One truth for what is valid: the schemas are generated from the same Pydantic models that
`peerdir validate` uses, with the same coercions spelled out. That takes one translation, because
the two read a file differently. peerdir's loader (`peerdir.yamlfile`) keeps every scalar as the
text that was typed and lets the model convert it (`beds: 12` is the text "12", `accepts_mat: yes`
the text "yes", which Pydantic reads as true). An editor reads the file as YAML 1.2 and checks
typed values: `postal_code: 60622` is the number 60622, `accepts_mat: true` a boolean,
`accepts_mat: yes` the string "yes". So each field's schema here accepts every YAML 1.2 value
whose text the model accepts: a text field takes numbers and booleans, a number field takes
numbers and numeric strings (a quoted "12" is the same text to peerdir), a yes/no field takes
true/false, 0/1 and the words Pydantic knows, and a word list is matched in any case.

Rules the schema cannot state, and that `peerdir validate` still checks: dates in the future,
time zone names that do not exist, programs and type codes (a directory may add its own), rules
across fields, and the length of text written as a bare number. tests/test_schemas.py derives
accepted and refused values for every field from the models and checks that both agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from peerdir import kinds
from peerdir.models import ArticleMeta, Region
from peerdir.models.schema_text import NUMBER_TEXT, any_case, integer_range_pattern, number_text_between

# The words Pydantic reads as a boolean, in any case (pydantic-core's str → bool, lax mode).
BOOL_WORDS = ("true", "false", "yes", "no", "on", "off", "y", "n", "t", "f", "1", "0")


class YamlReading(GenerateJsonSchema):
    """Pydantic's validation-mode schema, for values as YAML 1.2 reads the text peerdir validates.

    Only Pydantic's own types are translated here; a field type with its own coercion (a
    BeforeValidator) states its schema next to that coercion, with WithJsonSchema (models/common.py).
    """

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        json_schema = super().str_schema(schema)
        if "pattern" in json_schema:
            return json_schema  # e.g. a currency code: no number or yes/no word matches one
        high = schema.get("max_length")
        if schema.get("strip_whitespace") and schema.get("min_length") == 1 and high and high >= 2:
            # Text (models/common.py): 1 to `high` characters once the spaces around are stripped.
            del json_schema["minLength"], json_schema["maxLength"]
            json_schema["pattern"] = rf"^\s*\S(?:[\s\S]{{0,{high - 2}}}\S)?\s*$"
        # Any plain scalar is text to peerdir: `postal_code: 60622`, `name: true`. (The length of a
        # bare number is not checked: an editor sees the number, not how many characters it took.)
        low = schema.get("min_length", 0)
        if low <= 1:
            return {"anyOf": [json_schema, {"type": ["number", "boolean"]}]}
        # Longer minimums (an article's summary): whole numbers of that many digits; true/false are too short.
        return {"anyOf": [json_schema, {"type": "integer", "not": {"minimum": 1 - 10 ** (low - 1),
                                                                   "maximum": 10 ** (low - 1) - 1}}]}

    def bool_schema(self, schema: core_schema.BoolSchema) -> JsonSchemaValue:
        words = "|".join(any_case(word) for word in BOOL_WORDS)
        return {"anyOf": [
            {"type": "boolean"},
            {"enum": [0, 1]},  # YAML 1.2 reads `1` and `0` as numbers
            {"type": "string", "pattern": f"^(?:{words})$", "examples": ["yes", "no"]},
        ]}

    def int_schema(self, schema: core_schema.IntSchema) -> JsonSchemaValue:
        number = super().int_schema(schema)
        text = {"type": "string", "pattern": _integer_text(schema)}
        return {"anyOf": [number, text]}

    def float_schema(self, schema: core_schema.FloatSchema) -> JsonSchemaValue:
        number = super().float_schema(schema)
        low, high = schema.get("ge"), schema.get("le")
        pattern = NUMBER_TEXT
        if isinstance(low, int) and isinstance(high, int) and low == 0 < high:
            pattern = number_text_between(low, high)
        text = {"type": "string", "pattern": pattern}
        return {"anyOf": [number, text]}

    def date_schema(self, schema: core_schema.DateSchema) -> JsonSchemaValue:
        return DATE_SCHEMA


# IsoDate (models/common.py): a real date YYYY-MM-DD, spaces around allowed (a quoted ' 2026-01-05').
DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\s*[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])\s*$",
    "anyOf": [{"format": "date"}, {"pattern": r"^\s|\s$"}],
}


def _integer_text(schema: core_schema.IntSchema) -> str:
    low = schema.get("ge", schema["gt"] + 1 if "gt" in schema else None)
    high = schema.get("le", schema["lt"] - 1 if "lt" in schema else None)
    fraction = r"(?:\.0+)?"  # Pydantic reads '3.0' as 3
    if low is not None and high is not None and 0 <= low <= high:
        zero = r"|-0*(?:0" + fraction + ")" if low == 0 else ""
        return rf"^\s*(?:\+?0*{integer_range_pattern(low, high)}{fraction}{zero})\s*$"
    return rf"^\s*[+-]?[0-9]+(?:_[0-9]+)*{fraction}\s*$"


def model_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="validation", schema_generator=YamlReading)


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name → schema, for each kind plus regions.yaml."""
    models: dict[str, type[BaseModel]] = {kind.schema: kind.model for kind in kinds.all_kinds()}
    models["article"] = ArticleMeta
    docs = {f"{name}.schema.json": _document(name, model_schema(model)) for name, model in models.items()}
    region = model_schema(Region)
    docs["regions.schema.json"] = _document("regions", {
        "title": "Regions", "type": "object",
        "propertyNames": {"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "additionalProperties": {"$ref": "#/$defs/Region"},
        "$defs": {**region.pop("$defs", {}), "Region": region},
    })
    return docs


def _document(kind: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$comment": f"peerdir {kind} file", **schema}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schema_documents().items():
        path = out / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
