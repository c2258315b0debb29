"""JSON Schemas of the listing files, for editors (yaml-language-server) and for review."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from peerdir.models import ArticleMeta, Community, Home, Meeting, Region

_KINDS: dict[str, type[BaseModel]] = {
    "meeting": Meeting, "home": Home, "community": Community, "article": ArticleMeta,
}


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name → schema, for each kind plus regions.yaml."""
    docs = {f"{kind}.schema.json": _document(kind, model.model_json_schema()) for kind, model in _KINDS.items()}
    region = Region.model_json_schema()
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
