"""Regions group meetings and homes and give meetings their default time zone."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from peerdir.models.common import CountryCode, LongText, RegionKey, Text, TimeZoneName


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    timezone: TimeZoneName | None = Field(
        None, description="IANA zone. Leave out for an online-only region: each meeting then gives its own.")
    description: LongText | None = None
    # Regions form a tree; the loader checks that the parent is listed and that no region is its own ancestor.
    parent: RegionKey | None = Field(None, description="The key of the region this one lies in, e.g. philadelphia.")
    country: CountryCode | None = Field(None, description="Two-letter country code (ISO 3166-1), e.g. US, CA, GB.")
