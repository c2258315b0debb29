"""Write listing YAML that reads back the same in every YAML dialect a volunteer's tools may use.

peerdir's own loader reads every scalar as text, but editors (yaml-language-server: YAML 1.2) and
other tools (PyYAML: YAML 1.1) would turn `09:00` into 540, `no` into false and `02134` into 1116.
Every string that any of them could read as something else is single-quoted.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - depends on the wheel
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]  # the same interface, in Python

_WORDS_11 = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""}
_NUMBERISH = re.compile(
    r"^[-+]?(?:[0-9][0-9_:.,]*(?:[eE][-+]?[0-9]+)?|0[xXoObB][0-9a-fA-F_]+|\.[0-9]+.*|\.(?:inf|nan))$", re.IGNORECASE)
_DATEISH = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def needs_quotes(text: str) -> bool:
    if text.lower() in _WORDS_11 or _NUMBERISH.match(text) or _DATEISH.match(text):
        return True
    if text != text.strip() or text[:1] in "-?:,[]{}#&*!|>'\"%@`":
        return True
    return ": " in text or " #" in text or text.endswith(":")


class _Dumper(_BaseDumper):
    pass


def _str(dumper: _Dumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.rstrip("\n") + "\n", style="|")
    style = "'" if needs_quotes(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: _Dumper, value: list) -> yaml.Node:
    flow = all(isinstance(item, (str, int, float)) for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


def _dict(dumper: _Dumper, value: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", value.items(), flow_style=False)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)
_Dumper.add_representer(dict, _dict)


def dump_mapping(data: dict[str, Any], header: str = "") -> str:
    """`data` as block YAML (key order kept), after an optional comment header."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=4096,
                     default_flow_style=False)
    return (header.rstrip("\n") + "\n" if header else "") + body
