"""Slug, time zone, phone and email rules: one rule each (models/text_rules.py), shared by the models,
the loader's path rules, the importer and the CLI, with one limit each."""

from __future__ import annotations

import datetime as dt

import pytest

from peerdir.formats import _common as formats_common
from peerdir.formats.meeting_guide import import_feed
from peerdir.formats.meeting_guide_import import SourceError
from peerdir.models import text_rules
from peerdir.models.text_rules import (
    MAX_SLUG,
    email_problem,
    is_dial_string,
    is_phone,
    is_slug,
    slug_words,
    slugify,
    zone_abbreviation,
    zone_label,
)
from peerdir.newlisting import slugify as new_listing_slug

TODAY = dt.date(2026, 11, 23)
RECORD = {"name": "Long Region Group", "day": 1, "time": "19:00", "address": "1 Main St", "city": "Springfield",
          "state": "IL", "updated": "2026-03-01 00:00:00"}


def test_a_slug_is_lowercase_words_of_at_most_100_characters() -> None:
    assert is_slug("a" * MAX_SLUG) and is_slug("friday-night-2")
    for refused in ("a" * (MAX_SLUG + 1), "Friday", "a--b", "-a", "a-", "", "a_b", "a/b", "é"):
        assert not is_slug(refused), refused
    assert slug_words("a" * 101) == "lowercase letters, digits and single hyphens, at most 100 characters"


def test_every_slug_peerdir_makes_passes_the_rule() -> None:
    names = ["Friday Night Step Study (Español)", "Step & Tradition", "Men's Stag", "朝の集い", "!!!",
             "The Very Long Name Of A Meeting That Goes On And On Well Past Any Sensible Length " * 3, "a" * 300]
    for name in names:
        for slug in (slugify(name), new_listing_slug(name), formats_common.slugify(name)):
            assert slug == "" or is_slug(slug), (name, slug)
    assert len(new_listing_slug(names[5])) <= 60 and len(formats_common.slugify(names[5])) <= 64
    assert slugify("Step & Tradition") == "step-and-tradition"


def test_the_importer_takes_every_region_name_the_loader_takes(tmp_path) -> None:
    # Was refused beyond 64 characters, while regions.yaml and the loader take up to 100.
    region = "r" * MAX_SLUG
    report = import_feed([RECORD], tmp_path, region=region, timezone="America/Chicago", today=TODAY, program="AA")
    assert report.problems == [] and (tmp_path / "meetings" / region).is_dir()
    with pytest.raises(SourceError, match="at most 100 characters"):
        import_feed([RECORD], tmp_path, region="r" * (MAX_SLUG + 1), timezone="America/Chicago", today=TODAY, program="AA")


def test_zone_labels_read_as_a_person_says_them() -> None:
    assert zone_label("America/Chicago", TODAY) == "Central Time (CST)"
    assert zone_label("America/Chicago", dt.date(2026, 7, 1)) == "Central Time (CDT)"
    assert zone_label("Asia/Dubai", TODAY) == "Dubai time"  # tzdata has no letters for it (+04)
    assert zone_abbreviation("America/Denver", TODAY) == "MST"
    assert zone_abbreviation("Asia/Dubai", TODAY) == "Dubai time"
    assert text_rules.zone_problem("America/Chicago") is None
    assert text_rules.zone_problem("Central")[1] == "did you mean 'America/Chicago'?"


def test_phone_and_dial_rules() -> None:
    assert is_phone("911") and is_phone("561-555-0134 x12") and is_phone("+1 (561) 555.0134 ext. 4")
    assert not is_phone("12") and not is_phone("call us") and not is_phone("555,,123#")
    assert is_dial_string("+1 646 555 0143,,5550100231#") and not is_dial_string("555 0134 ext 2")


def test_email_rule() -> None:
    assert email_problem("group@example.org") is None
    assert email_problem("not-an-email") is not None
    assert email_problem("a b@example.org") is not None  # a space: no address has one
    assert "at most 254" in email_problem("a" * 250 + "@example.org")[0]


def test_the_importer_keeps_a_contact_whose_email_it_leaves_out(tmp_path) -> None:
    # Its pre-check is the model's rule now: an address the model refuses is left out with a note,
    # instead of passing the pre-check and losing the whole contact.
    record = {**RECORD, "contact_1_name": "Maria", "contact_1_email": "maria<b>@example.org",
              "contact_1_phone": "561-555-0134"}
    report = import_feed([record], tmp_path, region="springfield", timezone="America/Chicago", today=TODAY, program="AA")
    text = next((tmp_path / "meetings" / "springfield").glob("*.yaml")).read_text(encoding="utf-8")
    assert "Maria" in text and "561-555-0134" in text and "maria<b>" not in text
    assert any("is not an email address; left out" in note for _, note in report.notes)
