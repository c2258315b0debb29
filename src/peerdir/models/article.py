"""Front matter of a coping-strategy article: `content/articles/<slug>.md`."""

from __future__ import annotations

import math
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from peerdir.models.common import IsoDate, Text, WebUrl
from peerdir.models.text_rules import text_rules

WORDS_PER_MINUTE = 200


def _tag(value: object) -> object:
    return " ".join(value.lower().split()) if isinstance(value, str) else value


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    url: WebUrl | None = None


class ArticleMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    summary: Annotated[str, text_rules(10, 400, lines=True)]  # a folded or literal block may hold lines
    tags: list[Annotated[Text, BeforeValidator(_tag)]] = Field(min_length=1)
    reviewed_on: IsoDate
    sources: list[Source] = Field(default_factory=list)

    _slug: str = PrivateAttr(default="")
    _words: int = PrivateAttr(default=0)

    def bind(self, slug: str, body: str) -> ArticleMeta:
        self._slug = slug
        self._words = len(re.findall(r"\w+", body))
        return self

    @property
    def slug(self) -> str:
        return self._slug

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self._words / WORDS_PER_MINUTE))
