"""A listing is built in one step with its place and zone; its facts live where models/facts.py says.

These tests fail if a Pydantic upgrade changes what models/facts.py relies on: post-init called by
pydantic-core with the validation context, and `__pydantic_private__` carried by copy, pickle and ==.
"""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import pytest
from pydantic import PrivateAttr, ValidationError

from peerdir.models import Community, Home, Meeting
from peerdir.models.common import Listing, ListingPlace
from peerdir.models.meeting import NO_ZONE

CONTEXT = {"today": dt.date(2026, 11, 23)}
DATA = {"name": "Case", "program": "AA", "day": "Monday", "time": "19:30", "address": "1 Main St",
        "last_verified": "2026-11-01"}
PLACE = ListingPlace("case", "chicago", "data/meetings/chicago/case.yaml", "America/Chicago")


def test_a_meeting_is_built_with_its_place_and_its_regions_zone() -> None:
    meeting = Meeting.build(DATA, PLACE, CONTEXT)
    assert (meeting.slug, meeting.region, meeting.source, meeting.zone) == (
        "case", "chicago", "data/meetings/chicago/case.yaml", "America/Chicago")
    assert Meeting.build({**DATA, "timezone": "America/Denver"}, PLACE, CONTEXT).zone == "America/Denver"


def test_no_listing_without_its_place() -> None:
    home = {"name": "Oak House", "gender": "men", "city": "Chicago", "state": "IL", "last_verified": "2026-11-01"}
    community = {"name": "Chat", "url": "https://example.org", "format": "chat", "approach": "all paths",
                 "cost": "free", "anonymous": True, "moderated": True, "last_verified": "2026-11-01"}
    for model, data in ((Meeting, {**DATA, "timezone": "UTC"}), (Home, home), (Community, community)):
        with pytest.raises(TypeError, match="built with its place"):
            model.model_validate(data, context=CONTEXT)


def test_no_meeting_without_a_zone_and_never_a_silent_utc() -> None:
    online = PLACE._replace(region_zone=None)
    with pytest.raises(ValidationError) as caught:
        Meeting.build(DATA, online, CONTEXT)
    [error] = caught.value.errors()
    assert error["loc"] == ("timezone",) and (error["ctx"]["message"], error["ctx"]["hint"]) == NO_ZONE
    assert error["ctx"]["at_key"]  # shown at the field's name, as the missing field it is
    # Only checked, never published (a file with other problems, a region whose entry is broken): no zone.
    assert Meeting.build(DATA, online._replace(checked_only=True), CONTEXT).zone == ""


def test_facts_survive_copy_pickle_and_compare() -> None:
    meeting = Meeting.build(DATA, PLACE, CONTEXT)
    assert Meeting.__pydantic_post_init__ == "model_post_init"  # pydantic-core calls it with the context
    assert meeting.__pydantic_private__ == {"slug": "case", "region": "chicago",
                                            "source": "data/meetings/chicago/case.yaml", "zone": "America/Chicago"}
    for other in (copy.copy(meeting), copy.deepcopy(meeting), pickle.loads(pickle.dumps(meeting)),
                  meeting.model_copy(), meeting.model_copy(update={"name": "Other"})):
        assert (other.slug, other.region, other.source, other.zone) == (
            meeting.slug, meeting.region, meeting.source, meeting.zone)
    assert pickle.loads(pickle.dumps(meeting)) == meeting
    assert Meeting.build(DATA, PLACE._replace(slug="other"), CONTEXT) != meeting  # facts count in ==
    assert "slug" not in meeting.model_dump() and "zone" not in meeting.model_dump()  # never a field


def test_a_listing_declaring_a_private_attribute_is_refused() -> None:
    # Pydantic would set it in its own post-init, which the facts dict replaces.
    with pytest.raises(TypeError, match="private attributes"):
        class Broken(Listing):
            _extra: str = PrivateAttr(default="")
