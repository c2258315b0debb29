"""A recovery residence (sober living home): `data/homes/<region>/<slug>.yaml`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from peerdir.models.common import (
    IsoDate,
    Latitude,
    Listing,
    Longitude,
    LongText,
    Phone,
    Text,
    VerifiedDate,
    WebUrl,
    one_of,
)

if TYPE_CHECKING:
    from peerdir.models.meeting import Meeting

GENDERS = ("men", "women", "any", "lgbtq+", "men with children", "women with children", "young adults")
GENDER_LABELS = {"men": "Men", "women": "Women", "any": "Any gender", "lgbtq+": "LGBTQ+",
                 "men with children": "Men with children", "women with children": "Women with children",
                 "young adults": "Young adults"}
NARR_LEVELS = {1: "Peer-run", 2: "Monitored", 3: "Supervised", 4: "Service provider"}
CERT_STATUSES = ("certified", "pending", "expired", "not certified")


class Certification(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    body: Text = Field(description="Who certifies, e.g. FARR, MASH, Oxford House.")
    status: Annotated[str, one_of(*CERT_STATUSES, what="certification status")]
    id: Text | None = None
    expires: IsoDate | None = None


class Cost(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    amount: Annotated[float, Field(ge=0, le=100_000)]
    per: Literal["week", "month"]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"

    @property
    def label(self) -> str:
        amount = f"{self.amount:,.0f}" if self.amount == int(self.amount) else f"{self.amount:,.2f}"
        prefix = "$" if self.currency == "USD" else f"{self.currency} "
        return f"{prefix}{amount} per {self.per}"


class Home(Listing):
    name: Text
    operator: Text | None = Field(None, description="The organisation or person that runs the home.")
    gender: Annotated[str, one_of(*GENDERS, what="gender served")] = Field(
        description="Who the home serves: " + ", ".join(GENDERS))
    narr_level: Annotated[int, Field(ge=1, le=4)] | None = Field(
        None, description="NARR level of support 1–4 (I peer-run … IV service provider); not a rating.")
    certification: Certification | None = None
    beds: Annotated[int, Field(ge=0, le=500)] | None = None
    baths: Annotated[float, Field(ge=0, le=100)] | None = None
    vacancies: Annotated[int, Field(ge=0, le=500)] | None = None
    vacancies_as_of: IsoDate | None = None
    cost: Cost | None = None
    accepts_mat: bool | None = Field(None, description="Accepts residents on medication-assisted treatment.")
    pets: bool | None = None
    phone: Phone | None = None
    website: WebUrl | None = None
    address: Text | None = Field(None, description="Street address; private unless address_visibility is public.")
    city: Text
    state: Text
    postal_code: Text | None = None
    address_visibility: Literal["public", "city"] = Field(
        "city", description="public: show the street address; city: show only the city (the default).")
    latitude: Latitude | None = Field(
        None, description="Decimal degrees; a home whose address_visibility is city: 2 decimals at most.")
    longitude: Longitude | None = Field(
        None, description="Decimal degrees; a home whose address_visibility is city: 2 decimals at most.")
    description: LongText | None = None
    description_es: LongText | None = Field(None, description="The description in Spanish, for the Spanish pages.")
    last_verified: VerifiedDate

    @property
    def street_is_public(self) -> bool:
        return self.address_visibility == "public"

    @property
    def gender_label(self) -> str:
        return GENDER_LABELS[self.gender]

    @property
    def narr_label(self) -> str:
        return f"Level {self.narr_level} ({NARR_LEVELS[self.narr_level]})" if self.narr_level else ""

    def cross_field_problems(self, unread: frozenset[str] | set[str] = frozenset()) -> list[tuple[str, str, str]]:
        """(field, message, hint) for rules that need several fields; `unread` as for Meeting's."""
        found: list[tuple[str, str, str]] = []
        if self.vacancies is not None and self.vacancies_as_of is None and "vacancies_as_of" not in unread:
            # Reported on the vacancies line: the missing field has no line of its own.
            found.append(("vacancies", "found vacancies but no vacancies_as_of, the date they were counted",
                          "add a line vacancies_as_of: YYYY-MM-DD with the day you counted them"))
        if self.vacancies is not None and self.beds is not None and self.vacancies > self.beds:
            found.append(("vacancies", f"found {self.vacancies} vacancies but only {self.beds} beds",
                          "vacancies can be at most beds: correct one of the two"))
        if self.address_visibility == "public" and not self.address and "address" not in unread:
            found.append(("address_visibility", "address_visibility is public but there is no address",
                          "add address: …, or set address_visibility: city"))
        return found

    def privacy_problems(self, slug: str, unread: frozenset[str] | set[str] = frozenset()
                         ) -> list[tuple[tuple[str, ...], str, str]]:
        """(where, message, hint) for what would make a private home findable; () is the file name.

        The repository is public: whatever the file holds is published the moment it is committed,
        whatever the site shows. So a home whose address_visibility is city keeps no street in it.
        """
        if self.street_is_public or "address_visibility" in unread:
            return []
        found: list[tuple[tuple[str, ...], str, str]] = []
        if self.address:
            found.append((("address",), "found a street address in a home whose address_visibility is city; "
                          "the site hides it, but the file itself is public",
                          f"delete the address line: {PRIVATE_HINT}. If the home publishes its street itself, "
                          "set address_visibility: public instead"))
        if self.postal_code and _ZIP_PLUS_4.match(self.postal_code):
            found.append((("postal_code",), f"found the ZIP+4 code '{self.postal_code}', which narrows a "
                          "private home down to a block",
                          f"keep the first five digits: postal_code: \"{self.postal_code[:5]}\""))
        for name, value in (("latitude", self.latitude), ("longitude", self.longitude)):
            if value is not None and abs(round(value, 2) - value) > 1e-9:
                found.append(((name,), f"found {name} {value}, exact enough to find the house, in a home "
                              "whose address_visibility is city",
                              f"round it to 2 decimals, about a kilometre: {name}: {round(value, 2):.2f}; "
                              f"{PRIVATE_HINT}"))
        for where, text in self._published_text():
            found += [(where, message, hint) for message, hint in self._street_in(text, where)]
        found += self._street_in_file_name(slug)
        return found

    def _published_text(self) -> list[tuple[tuple[str, ...], str]]:
        fields: list[tuple[tuple[str, ...], str | None]] = [
            (("name",), self.name), (("operator",), self.operator), (("description",), self.description),
            (("website",), self.website)]
        if self.certification is not None:
            fields += [(("certification", "body"), self.certification.body),
                       (("certification", "id"), self.certification.id)]
        return [(where, text) for where, text in fields if text]

    def _street_in(self, text: str, where: tuple[str, ...]) -> list[tuple[str, str]]:
        label = ".".join(where)
        own = own_address_in(text, self.address)
        if own:
            return [(f"found the home's own street address ('{own}') in {label}, and its address_visibility "
                     "is city", f"take the street out of {label}: {PRIVATE_HINT}")]
        street = street_in(text, loose=where == ("website",))
        if street:
            return [(f"found '{street}' in {label}, which looks like a street address, in a home whose "
                     "address_visibility is city", f"take the street out of {label}: {PRIVATE_HINT}")]
        return []

    def _street_in_file_name(self, slug: str) -> list[tuple[tuple[str, ...], str, str]]:
        words = slug.replace("-", " ")
        street = own_address_in(words, self.address) or street_in(words, loose=True)
        number = _HOUSE_NUMBER.search(slug)
        if street:
            what = f"a street address ('{street}')"
        elif number is not None:
            what = f"the number {number.group(0)}, which looks like a house number"
        else:
            return []
        rename = _slug_of(self.name) or "the-home-name"
        return [((), f"the file name '{slug}.yaml' holds {what}, and the home's address_visibility is city; "
                 "the file name is in the page's address, the sitemap and every export",
                 f"rename the file after the home, e.g. '{rename}.yaml': {PRIVATE_HINT}")]


PRIVATE_HINT = "this repository is public: keep the city; the house phone is the way in"

_ZIP_PLUS_4 = re.compile(r"^\d{5}-?\d{4}$")
# 100 to 99999 in a file name: a house number far more often than anything else (a zero-padded
# sequence number, home-000123, is not one).
_HOUSE_NUMBER = re.compile(r"(?<!\d)[1-9]\d{2,4}(?!\d)")
_STREET_WORDS = ("street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "drive", "dr", "lane",
                 "ln", "court", "ct", "place", "pl", "terrace", "ter", "way", "circle", "cir", "parkway", "pkwy",
                 "highway", "hwy", "row", "trail", "trl", "square", "sq", "alley", "crescent", "plaza", "pike",
                 "loop", "turnpike", "expressway")
_STREET_WORD = "(?i:" + "|".join(_STREET_WORDS) + r")\b\.?"
# A house number, one to three words of the street's name, a street word: "1420 N Damen Ave",
# "12 Elm Street". In prose the name's words are capitalised ("6 women share the Place" is no street);
# "12 Step" is the program, never a street.
_STREET = re.compile(r"\b\d{1,6}[A-Za-z]?(?!\s+(?i:steps?)\b)(?:\s+[A-Z0-9][\w'’.-]*){1,3}?\s+" + _STREET_WORD)
_STREET_LOOSE = re.compile(r"\b\d{1,6}[a-z]?(?!\s+steps?\b)(?:\s+[a-z0-9][\w'’.-]*){1,3}?\s+(?:"
                           + "|".join(_STREET_WORDS) + r")\b", re.IGNORECASE)


def street_in(text: str, *, loose: bool = False) -> str | None:
    """The first street-address-like part of `text`, or None. `loose`: any case, and a web address's
    or file name's separators read as spaces (for slugs and URLs, which are all lower case)."""
    if loose:
        text = re.sub(r"[-_/+.=&?#]+", " ", text)
    match = (_STREET_LOOSE if loose else _STREET).search(text)
    return match.group(0).rstrip(".") if match else None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def own_address_in(text: str, address: str | None) -> str | None:
    """The part of `address` that `text` repeats: the whole street address, or its street name
    without the number when that is two words or more ("Kestrel Bend Row")."""
    if not address:
        return None
    haystack = f" {_words(text)} "
    whole = _words(address)
    if whole and f" {whole} " in haystack:
        return address
    name = re.sub(r"^\d+[a-z]?\s+", "", whole)
    if name != whole and len(name.split()) >= 2 and f" {name} " in haystack:
        return name
    return None


def _slug_of(text: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()).strip("-")


def meetings_naming_private_homes(homes: Iterable[Home], meetings: Iterable[Meeting]
                                  ) -> list[tuple[Meeting, Home]]:
    """Meetings whose location names a private home of their region and that give a street address.

    Such a meeting publishes the street the home keeps out of its own file (with the meeting's
    coordinates), and ties it to the home's name on a public page.
    """
    private: dict[str, list[tuple[str, Home]]] = {}
    for home in homes:
        if not home.street_is_public and len(_words(home.name)) >= 4:
            private.setdefault(home.region, []).append((f" {_words(home.name)} ", home))
    found: list[tuple[Meeting, Home]] = []
    for meeting in meetings:
        if not meeting.address or not meeting.location or meeting.region not in private:
            continue
        location = f" {_words(meeting.location)} "
        for name, home in private[meeting.region]:
            if name in location:
                found.append((meeting, home))
                break
    return found
