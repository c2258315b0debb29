"""Issue 18's fields: each one valid as importers write it, and refused with a hint when it is not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from peerdir.directory import Directory
from peerdir.loading import load_directory
from peerdir.models import Meeting, Region
from peerdir.models.common import ListingPlace
from peerdir.validation_messages import describe

CONTEXT = {"today": dt.date(2026, 11, 23)}
DATA = {"name": "Case", "program": "AA", "day": "Monday", "time": "19:30", "address": "1 Main St",
        "last_verified": "2026-11-01"}
PLACE = ListingPlace("case", "chicago", "data/meetings/chicago/case.yaml", "America/Chicago")


def meeting(**fields: Any) -> Meeting:
    return Meeting.build({**DATA, **fields}, PLACE, CONTEXT)


def refusal(**fields: Any) -> tuple[str, str]:
    """(message, hint) of the one problem `fields` make."""
    with pytest.raises(ValidationError) as caught:
        meeting(**fields)
    [error] = caught.value.errors()
    return describe(error, Meeting)  # as `peerdir validate` tells it


VALID: list[tuple[str, Any, Any]] = [  # (key in the file, text as typed, value kept)
    ("slug", "Chestnut-Hill-0-130000", "Chestnut-Hill-0-130000"),
    ("slug", " an id with spaces and ÜNICODE ", "an id with spaces and ÜNICODE"),
    ("slug", "x" * 255, "x" * 255),
    ("formatted_address", "8405 83 Street NW, Edmonton, Alberta, T6C 2Z2, Canada",
     "8405 83 Street NW, Edmonton, Alberta, T6C 2Z2, Canada"),
    ("approximate", "yes", True),
    ("approximate", "no", False),
    ("district", "District 12", "District 12"),
    ("group_notes", "Business meeting\nfirst Sunday.", "Business meeting\nfirst Sunday."),
    ("website", "https://example.org/group", "https://example.org/group"),
    ("email", "group@example.org", "group@example.org"),
    ("feedback_url", "https://example.org/update", "https://example.org/update"),
    ("feedback_emails", ["a@example.org", "b@example.org"], ["a@example.org", "b@example.org"]),
    ("venmo", "@DowntownGroup", "@DowntownGroup"),
    ("square", "$DowntownGroup", "$DowntownGroup"),
    ("paypal", "https://paypal.me/DowntownGroup", "https://paypal.me/DowntownGroup"),
    ("updated", "2022-08-25 11:17:07", dt.datetime(2022, 8, 25, 11, 17, 7)),
    ("updated", "2022-08-25T23:05", dt.datetime(2022, 8, 25, 23, 5)),
    ("updated", "2022-08-25", dt.datetime(2022, 8, 25)),
    ("conference_phone", "+15873281099,,82900440659#", "+15873281099,,82900440659#"),
]


@pytest.mark.parametrize(("key", "typed", "kept"), VALID, ids=[f"{k}={str(t)[:30]}" for k, t, _ in VALID])
def test_an_imported_field_is_kept_as_given(key: str, typed: Any, kept: Any) -> None:
    attribute = "feed_slug" if key == "slug" else key
    assert getattr(meeting(**{key: typed}), attribute) == kept


REFUSED: list[tuple[str, Any, str]] = [  # (key, text as typed, words the message or hint must hold)
    ("slug", "a/b", "'/'"),
    ("slug", "x" * 256, "at most 255"),
    ("slug", "a\u202eb", "U+202E"),
    ("slug", "two\nlines", "one line"),
    ("formatted_address", "a\x00b", "control character"),
    ("approximate", "sometimes", ""),
    ("district", "x" * 301, "at most 300"),
    ("website", "example.org", "https://example.org"),
    ("email", "not an address", ""),
    ("feedback_url", "ftp://example.org", "https://"),
    ("feedback_emails", ["a@example.org", "nope"], ""),
    ("venmo", "@a\u200bb", "U+200B"),
    ("updated", "8/25/2022 11:17:07 AM", "YYYY-MM-DD HH:MM:SS"),
    ("updated", "2022-02-30 10:00:00", "not a real date"),
    ("updated", "2022-08-25 24:00:00", "not a real date"),
]


@pytest.mark.parametrize(("key", "typed", "words"), REFUSED, ids=[f"{k}={str(t)[:20]!r}" for k, t, _ in REFUSED])
def test_an_imported_field_refused_says_why(key: str, typed: Any, words: str) -> None:
    message, hint = refusal(**{key: typed})
    assert message
    assert words in f"{message} {hint}"


def test_the_feed_slug_is_not_the_file_slug() -> None:
    """The file's name stays the page's address; the source's slug is only given back in our feed."""
    kept = meeting(slug="Chestnut-Hill-0-130000")
    assert (kept.slug, kept.feed_slug) == ("case", "Chestnut-Hill-0-130000")
    assert meeting().feed_slug is None


def region(**fields: Any) -> Region:
    return Region.model_validate({"name": "Chestnut Hill", **fields})


def test_a_region_has_a_parent_key_and_a_country_code() -> None:
    kept = region(parent="Philadelphia-County", country="us")
    assert (kept.parent, kept.country) == ("philadelphia-county", "US")
    assert (region().parent, region().country) == (None, None)


@pytest.mark.parametrize(("key", "typed", "words"), [
    ("parent", "Philadelphia County", "lowercase words and hyphens"),
    ("parent", "a/b", "parent: philadelphia"),
    ("country", "USA", "two-letter country code"),
    ("country", "U1", "e.g. country: US"),
])
def test_a_region_field_refused_says_why(key: str, typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        region(**{key: typed})
    [error] = caught.value.errors()
    assert words in f"{error['ctx']['message']} {error['ctx']['hint']}"


def test_declared_custom_types_join_the_directorys_vocabulary(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "meetings" / "chicago").mkdir(parents=True)
    (data / "regions.yaml").write_text("chicago:\n  name: Chicago\n  timezone: America/Chicago\n"
                                       "north-side:\n  name: North Side\n  parent: chicago\n  country: us\n")
    (data / "types.yaml").write_text("LGBTQIA:\n  name: LGBTQIA+\n  name_es: LGBTQIA+ (es)\nAC:\n"
                                     "  name: Agnostic Candlelight\n")
    (data / "meetings" / "chicago" / "rainbow.yaml").write_text(
        "name: Rainbow\nprogram: AA\nday: Friday\ntime: 19:30\ntypes: [O, lgbtqia, AC]\naddress: 1 Main St\n"
        "last_verified: 2026-11-01\n")
    directory, problems = load_directory(data, today=CONTEXT["today"])
    assert problems == []
    assert [m.types for m in directory.meetings] == [["O", "LGBTQIA", "AC"]]  # canonical spelling
    vocab = directory.vocabulary
    assert (vocab.types["LGBTQIA"], vocab.types["AC"]) == ("LGBTQIA+", "Agnostic Candlelight")
    assert vocab.custom_types == {"LGBTQIA": "LGBTQIA+ (es)", "AC": None}
    assert directory.regions["north-side"].parent == "chicago" and directory.regions["north-side"].country == "US"


def test_an_approximate_address_is_no_place_to_go() -> None:
    city = {"address": "Edmonton, Alberta, Canada", "approximate": "yes"}
    online = meeting(**city, conference_url="https://zoom.us/j/1")
    assert (online.is_in_person, online.attendance.value) == (False, "online")  # never hybrid
    [(field, message, hint)] = meeting(**city).cross_field_problems()
    assert field == "approximate" and "no way to join online" in message and "conference_url" in hint
    assert meeting(**city, types=["TC"]).cross_field_problems() == []  # closed for now: said so
    assert meeting(approximate="no").is_in_person


def test_a_region_path_runs_from_the_top_and_stops_at_a_cycle(tmp_path: Path) -> None:
    regions = {"pa": region(), "philly": region(parent="pa"), "hill": region(parent="philly"),
               "a": region(parent="b"), "b": region(parent="a"), "lost": region(parent="nowhere")}
    directory = Directory(data_dir=tmp_path, regions=regions)
    assert directory.region_path("hill") == ["pa", "philly", "hill"]
    assert directory.region_path("pa") == ["pa"]
    assert directory.region_path("a") == ["b", "a"]  # reported by the loader; the walk still ends
    assert directory.region_path("lost") == ["lost"]
