"""Field types and the base class shared by every kind of listing.

Validators raise `problem(...)`, whose message says what was found and what is expected, and whose
hint says how to fix it; `peerdir.validate` turns them into `file:line:col: field: …` lines.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, Self
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from peerdir.models.facts import refuse_private_attributes, set_facts
from peerdir.models.schema_text import number_text_between, words_pattern
from peerdir.models.text_rules import (
    COMMON_ZONES,
    DIAL_SCHEMA_PATTERN,
    LINE_PATTERN,
    MAX_EMAIL,
    MAX_SLUG,
    PHONE_SCHEMA_PATTERN,
    SLUG_RE,
    URL_CHAR,
    ZONE_SHAPE,
    Rules,
    contact_name_problem,
    did_you_mean,
    email_problem,
    is_dial_string,
    is_phone,
    schema_pattern,
    text_type,
    url_problem,
    zone_problem,
)
from peerdir.models.text_rules import (
    closest as closest,  # re-exported: hint helpers many modules read from here
)
from peerdir.vocabulary import Vocabulary, default_vocabulary


def problem(message: str, hint: str = "", *, at_key: bool = False) -> PydanticCustomError:
    """`at_key`: the problem is the field's absence or emptiness, so it is shown at the field's name."""
    # The message goes through ctx so that braces in volunteer text are never format fields.
    ctx: dict[str, Any] = {"message": message, "hint": hint}
    if at_key:
        ctx["at_key"] = True
    return PydanticCustomError("peerdir", "{message}", ctx)


def short(value: Any, limit: int = 60) -> str:
    """What was found, as a volunteer would describe it: 'text', nothing, a list, 3."""
    if value is None:
        return "nothing"  # `field:` with no value
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "indented 'field: value' lines"
    if not isinstance(value, str):
        return repr(value)
    text = f"'{value}'"
    return text if len(text) <= limit else text[: limit - 2] + "…'"


def file_keys(model: type[BaseModel]) -> dict[str, str]:
    """The keys a file of `model` may hold → field names: a field's alias where it has one (Meeting's `slug`)."""
    return {info.alias or name: name for name, info in model.model_fields.items()}


def vocabulary(info: ValidationInfo) -> Vocabulary:
    return (info.context or {}).get("vocabulary") or default_vocabulary()


def today(info: ValidationInfo) -> dt.date:
    return (info.context or {}).get("today") or dt.date.today()


def one_of(*options: str, what: str) -> Rules:
    """For `Annotated[str, one_of(...)]`: a text field with a fixed set of values, matched
    case-insensitively, stored canonical."""
    canonical = {" ".join(o.lower().replace("_", " ").split()): o for o in options}

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise problem(f"found {short(value)}; expected one of {', '.join(options)}",
                          f"write one of them on the same line, e.g. {options[0]}")
        key = " ".join(value.lower().replace("_", " ").split())
        if key in canonical:
            return canonical[key]
        hint = did_you_mean(value, options) or f"write one of: {', '.join(options)}"
        raise problem(f"found {short(value)}, which is not a known {what}", hint)

    # As `check` reads it: any case, and spaces or underscores between the words and around them.
    loose = {"type": "string", "pattern": words_pattern(canonical, apart="[\\s_]+", around="[\\s_]*")}
    return Rules((BeforeValidator(check), WithJsonSchema({"anyOf": [{"enum": list(options)}, loose]})))


# Stripped, measured and checked for refused characters (models/text_rules.py) inside pydantic-core:
# a Python validator in front would move the length checks into Python too (twice the cost of the
# whole text field). LongText may hold lines (tab and newline); Text is one line.
Text = text_type(1, 300)
LongText = text_type(1, 4000, lines=True)


def _coordinate(limit: int, name: str) -> Rules:
    def check(value: Any) -> float:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise problem(f"found {short(value)}; expected a {name} in decimal degrees", "e.g. 26.5318") from None
        if not -limit <= number <= limit:
            raise problem(f"found {short(value)}; a {name} lies between -{limit:g} and {limit:g}",
                          "copy it from a map: right-click the place in OpenStreetMap or Google Maps")
        return number

    # A quoted number is text that float() reads too.
    return Rules((BeforeValidator(check), WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": -limit, "maximum": limit},
        {"type": "string", "pattern": number_text_between(-limit, limit)}]})))


Latitude = Annotated[float, _coordinate(90, "latitude")]
Longitude = Annotated[float, _coordinate(180, "longitude")]


_BARE_DOMAIN_RE = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/?#]\S*)?$", re.IGNORECASE)


# An address this plain passes the urlsplit check below for sure; that check is slow, and most pass.
# ASCII only, without controls, spaces, quotes, <>, \ or `: what url_problem would refuse cannot be in it.
_PLAIN_URL_RE = re.compile(r"""^[Hh][Tt][Tt][Pp][Ss]?://[^\x00-\x20\x7f/?#\[\]\\"'<>`]+(?:[/?#][^\x00-\x20\x7f\\"'<>`]*)?$""")
# Far longer than any real address; a bound before any parsing.
MAX_URL = 2000


def _check_url(value: Any) -> str:
    if not isinstance(value, str):
        raise problem(f"found {short(value)}; expected a web address", "write it like https://example.org")
    url = value.strip()
    if len(url) > MAX_URL:
        raise problem(f"this address is {len(url)} characters; at most {MAX_URL} fit",
                      "copy the address again from the browser's address bar, or use the site's short link")
    if url.isascii() and _PLAIN_URL_RE.match(url):
        return url
    bad = url_problem(url)
    if bad is not None:
        raise problem(*bad)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        hint = "copy the full address from the browser's address bar"
        if _BARE_DOMAIN_RE.match(url):
            hint = f"write https://{url}"
        raise problem(f"found {short(url)}; expected a web address starting with https:// or http://", hint)
    return url


WebUrl = Annotated[
    str, BeforeValidator(_check_url),
    WithJsonSchema({"type": "string", "maxLength": MAX_URL,
                    "pattern": rf"^\s*[Hh][Tt][Tt][Pp][Ss]?://(?:(?![/?#]){URL_CHAR})+(?:[/?#]{URL_CHAR}*)?\s*$"}),
]

def _check_phone(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    if not is_phone(text):
        raise problem(
            f"found {short(text)}; expected a phone number", "write digits with spaces or dashes, e.g. 561-555-0134"
        )
    return text


# YAML 1.2 reads digits alone (5550134) as a number; three digits at least, as the phone checks count them.
_AT_LEAST_3_DIGITS = {"type": "integer", "not": {"minimum": -99, "maximum": 99}}

def _check_dial_string(value: Any) -> str:
    """A conference dial-in: a phone number, then pauses (,) and the meeting id and # to key in."""
    text = str(value).strip() if value is not None else ""
    if not is_dial_string(text):
        raise problem(f"found {short(text)}; expected a phone number, optionally followed by ,,id#",
                      "e.g. +1 646 555 0143,,5550100231#")
    return text


DialString = Annotated[
    str, BeforeValidator(_check_dial_string), WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": DIAL_SCHEMA_PATTERN}, _AT_LEAST_3_DIGITS,
    ]}),
]

Phone = Annotated[str, BeforeValidator(_check_phone), WithJsonSchema({"anyOf": [
    {"type": "string", "pattern": PHONE_SCHEMA_PATTERN},
    _AT_LEAST_3_DIGITS,
]})]

def _check_email(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""  # not str(): a list would pass as "['a@b.org']"
    bad = email_problem(text)
    if bad is not None:
        raise problem(*bad)
    return text


Email = Annotated[
    str, BeforeValidator(_check_email), WithJsonSchema({
        "type": "string", "maxLength": MAX_EMAIL,
        "pattern": rf"^\s*(?:(?!@){URL_CHAR})+@(?:(?!@){URL_CHAR})+\.(?:(?!@){URL_CHAR})+\s*$"}),
]

MAX_CONTACT_NAME = 60
# The usual names, which contact_name_problem accepts for sure, matched without a Python loop:
# "Maria", "Maria K.", "Ann-Marie K." (a joined first name only with an initial, see text_rules).
_PLAIN_CONTACT_RE = re.compile(r"^(?:[A-Z][a-z]{1,20}|[A-Z][a-z]*(?:[-'][A-Z]?[a-z]+)* [A-Z]\.?)$")


def _check_contact_name(value: Any) -> str:
    if value is None:
        raise problem("found nothing; expected a first name and at most a last initial", "e.g. name: Maria K.")
    text = " ".join(str(value).split())
    if _PLAIN_CONTACT_RE.match(text):
        return text
    if len(text) > MAX_CONTACT_NAME:
        raise problem(f"this is {len(text)} characters; a contact is a first name and at most a last initial",
                      "e.g. name: Maria K.")
    refused = contact_name_problem(text)  # joined names, invisible characters: see models/text_rules.py
    if refused is not None:
        raise problem(*refused)
    return text


# The JSON Schema's reading of a contact name, as close as a regex shared by JavaScript and Python gets
# (neither knows Unicode's letter classes in both): a name without joins, or joined parts and an initial.
_NAME_LETTER = (r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02AF\u0300-\u036F\u0370-\u03FF\u0400-\u052F"
                r"\u0590-\u05FF\u0620-\u064A\u0900-\u0DFF\u0E00-\u0E7F\u1E00-\u1FFF\u3040-\u30FF\u4E00-\u9FFF"
                r"\uAC00-\uD7A3]")
_CAMEL = r"[a-z\u00DF-\u00F6\u00F8-\u00FF][A-Z\u00C0-\u00D6\u00D8-\u00DE]"
_CONTACT_SCHEMA_PATTERN = (rf"^\s*(?:(?!\S*{_CAMEL}){_NAME_LETTER}+|{_NAME_LETTER}+(?:[-'’]{_NAME_LETTER}+)*"
                           rf"\s+{_NAME_LETTER}\.?)\s*$")

ContactName = Annotated[
    str, BeforeValidator(_check_contact_name), WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": _CONTACT_SCHEMA_PATTERN, "maxLength": MAX_CONTACT_NAME},
        {"type": "boolean"},  # `name: True` is a name to peerdir, which reads the text
    ]}),
]


def _check_zone(value: Any) -> str:
    if value is None:
        raise problem("found nothing; expected a time zone name", "e.g. timezone: America/Chicago")
    text = str(value).strip()
    bad = zone_problem(text)
    if bad is not None:
        raise problem(*bad)
    return text


TimeZoneName = Annotated[
    str, BeforeValidator(_check_zone),
    # The shape of a zone name; whether the zone exists, `peerdir validate` checks against the IANA list.
    WithJsonSchema({"type": "string", "pattern": rf"^\s*(?:{ZONE_SHAPE.pattern})\s*$",
                    "examples": list(COMMON_ZONES)}),
]


def _check_not_future(value: dt.date, info: ValidationInfo) -> dt.date:
    # One day of slack: a volunteer east of UTC may already be on tomorrow's date.
    if value > today(info) + dt.timedelta(days=1):
        raise problem(f"found {value.isoformat()}, which is in the future",
                      "write the date you last checked it: today or earlier")
    return value


_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_US_DATE_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _date_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    if _ISO_DATE_RE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise problem(f"found {short(text)}, which is not a real date",
                          "check the month, 01 to 12, and the day") from None
    hint = "e.g. 2026-03-14"
    us = _US_DATE_RE.fullmatch(text)
    if us:
        month, day, year = (int(part) for part in us.groups())
        hint = f"write {year:04d}-{month:02d}-{day:02d} if that is month/day/year"
    raise problem(f"found {short(value)}; expected a date as YYYY-MM-DD", hint)


IsoDate = Annotated[dt.date, BeforeValidator(_date_text)]

_TIMESTAMP_RE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def _timestamp_text(value: Any) -> Any:
    """A source's last change as it gave it: 'YYYY-MM-DD HH:MM:SS', or a date alone (midnight)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = value.strip() if isinstance(value, str) else ""
    match = _TIMESTAMP_RE.fullmatch(text)
    if not match:
        raise problem(f"found {short(value)}; expected a date and time as YYYY-MM-DD HH:MM:SS",
                      "e.g. updated: 2022-08-25 11:17:07, or a date alone: 2022-08-25")
    day, hour, minute, second = match.groups()
    try:
        return dt.datetime.combine(dt.date.fromisoformat(day),
                                   dt.time(int(hour or 0), int(minute or 0), int(second or 0)))
    except ValueError:
        raise problem(f"found {short(value)}, which is not a real date and time",
                      "check the month (01-12), the day, the hour (00-23) and the minutes (00-59)") from None


# The days each month can have (29 February in every year: a leap year is `peerdir validate`'s to know,
# and a date alone gets the schema's date format too).
_MONTH_DAY = r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-9])|(?:0[13-9]|1[0-2])-30|(?:0[13578]|1[02])-31)"
_TIMESTAMP_SCHEMA = {"type": "string", "allOf": [
    {"pattern": rf"^\s*[0-9]{{4}}-{_MONTH_DAY}(?:[ T](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?)?\s*$"},
    {"anyOf": [{"format": "date"}, {"pattern": "^\\s|\\s$|[ T]"}]}]}
# A source's time of its last change, in the meeting's own zone, to the second ("updated" in Meeting Guide).
Timestamp = Annotated[dt.datetime, BeforeValidator(_timestamp_text),
                      WithJsonSchema(_TIMESTAMP_SCHEMA)]

MAX_FEED_SLUG = 255


def _no_slash(value: str) -> str:
    if "/" in value:
        raise problem(f"found {short(value)}, which holds '/'; a slug is one name, not a path",
                      "copy the slug from the source feed again, or delete the line 'slug:'")
    return value


# The Meeting Guide slug a source gave a meeting, kept as given (any case: the app keys favourites by it):
# one line of text (the text rules' characters), no '/'.
FeedSlug = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_FEED_SLUG,
                                            pattern=LINE_PATTERN),
                     AfterValidator(_no_slash),
                     WithJsonSchema({"anyOf": [
                         {"type": "string", "allOf": [{"pattern": schema_pattern(1, MAX_FEED_SLUG, lines=False)},
                                                      {"pattern": "^[^/]*$"}]},
                         {"type": ["number", "boolean"]}]})]

def _check_region_key(value: Any) -> str:
    # Any case: a key is lowercase, and 'Philadelphia' can only mean 'philadelphia'.
    text = str(value).strip().lower() if isinstance(value, (str, int)) else ""
    if not SLUG_RE.match(text):
        raise problem(f"found {short(value)}; expected the key of a region in this file (lowercase words and hyphens)",
                      "write the key exactly as it starts its entry, e.g. parent: philadelphia")
    return text


# A region's key in regions.yaml (also its folder's name): a slug, read in any case. YAML 1.2 reads
# some keys as numbers or booleans (12, true), which are keys to peerdir too.
_REGION_KEY_SCHEMA = rf"^\s*(?=[A-Za-z0-9-]{{1,{MAX_SLUG}}}\s*$)[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\s*$"
RegionKey = Annotated[str, BeforeValidator(_check_region_key),
                      WithJsonSchema({"anyOf": [{"type": "string", "pattern": _REGION_KEY_SCHEMA},
                                                {"type": "integer", "minimum": 0}, {"type": "boolean"}]})]

_COUNTRY_RE = re.compile(r"[A-Za-z]{2}")


def _check_country_code(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not _COUNTRY_RE.fullmatch(text):
        raise problem(f"found {short(value)}; expected a two-letter country code (ISO 3166-1)",
                      "e.g. country: US, CA, GB, DE, AU or NZ")
    return text.upper()


# ISO 3166-1 alpha-2, stored in capitals. (Whether the code is assigned is not checked: a code's shape is.)
CountryCode = Annotated[str, BeforeValidator(_check_country_code),
                        WithJsonSchema({"type": "string", "pattern": r"^\s*[A-Za-z]{2}\s*$"})]
VerifiedDate = Annotated[dt.date, BeforeValidator(_date_text), AfterValidator(_check_not_future)]


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: ContactName
    email: Email | None = None
    phone: Phone | None = None


class ListingPlace(NamedTuple):
    """Where a listing's file is, and its region's time zone: what the file's path says about it.

    Every listing is built with one, in its validation context (`Listing.build`, or the loader's
    context "place"), so none exists without its slug, region, file and, for a meeting, its zone.
    """

    slug: str
    region: str  # '' for a kind without regions (communities)
    source: str  # the data file's path as messages show it, e.g. data/meetings/x/y.yaml
    region_zone: str | None = None  # the region's time zone; None: an online-only region
    # True: built only to have its rules checked, never published (the valid part of a file with
    # problems, or a listing whose region entry is broken, whose zone is unknown): a meeting without
    # a zone is then no error and its zone is ''. The loader and the importer's checks set it.
    checked_only: bool = False


def place_of(context: dict[str, Any] | None) -> ListingPlace:
    place: Any = context.get("place") if context else None
    if place.__class__ is not ListingPlace:  # not isinstance: this runs once per listing
        raise TypeError("a listing is built with its place: validate it with context={'place': ListingPlace(...)}, "
                        "e.g. through Listing.build")
    return place


class Listing(BaseModel):
    """Base of every listing. The slug and region come from the file's path, not its contents."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    if TYPE_CHECKING:  # what set_facts stores (models/facts.py); Pydantic types it `dict | None`
        __pydantic_private__: dict[str, Any]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        refuse_private_attributes(cls)

    @classmethod
    def build(cls, data: Any, place: ListingPlace, context: dict[str, Any] | None = None) -> Self:
        """`data` (a listing file's mapping) validated as the listing whose file is at `place`."""
        return cls.model_validate(data, context={**(context or {}), "place": place})

    def model_post_init(self, context: Any, /) -> None:
        place = place_of(context)
        set_facts(self, {"slug": place.slug, "region": place.region, "source": place.source})

    # Read straight from the facts dict: templates read these for every row of every page.
    @property
    def slug(self) -> str:
        return self.__pydantic_private__["slug"]

    @property
    def region(self) -> str:
        return self.__pydantic_private__["region"]

    @property
    def source(self) -> str:
        """The data file's path relative to the repository root, e.g. data/meetings/x/y.yaml."""
        return self.__pydantic_private__["source"]
