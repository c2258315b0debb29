"""An online community: `data/communities/<slug>.yaml`."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field

from peerdir.models.common import Listing, LongText, Text, VerifiedDate, WebUrl, one_of

FORMATS = ("forum", "chat", "video meetings", "app", "social group", "email list", "phone line")
APPROACHES = ("12-step", "smart", "secular", "faith-based", "harm reduction", "buddhist", "all paths")
COSTS = ("free", "paid", "free with paid tier")


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value  # one value, or a list of them (the schema says so)


_Approach = Annotated[str, one_of(*APPROACHES, what="approach")]


class Community(Listing):
    name: Text
    url: WebUrl
    format: Annotated[str, one_of(*FORMATS, what="format")]
    approach: Annotated[list[_Approach],
                        BeforeValidator(_as_list, json_schema_input_type=_Approach | list[_Approach])] = Field(
        description="One or more of: " + ", ".join(APPROACHES))
    cost: Annotated[str, one_of(*COSTS, what="cost")]
    anonymous: bool = Field(description="Can someone take part without giving a real name?")
    moderated: bool
    hours: Text | None = Field(None, description="When it is active, e.g. 24/7 or Daily 7–9 PM ET.")
    languages: Annotated[list[Text], BeforeValidator(_as_list, json_schema_input_type=Text | list[Text])] = Field(
        default_factory=lambda: ["English"])
    audience: Text | None = Field(None, description="Who it is for, e.g. women, veterans, families.")
    description: LongText | None = None
    description_es: LongText | None = Field(None, description="The description in Spanish, for the Spanish pages.")
    last_verified: VerifiedDate
