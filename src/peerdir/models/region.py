"""Regions group meetings and homes and give meetings their default time zone."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from peerdir.models.common import LongText, Text, TimeZoneName


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    timezone: TimeZoneName | None = Field(
        None, description="IANA zone. Leave out for an online-only region: each meeting then gives its own.")
    description: LongText | None = None
