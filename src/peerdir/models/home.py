"""A recovery residence (sober living home): `data/homes/<region>/<slug>.yaml`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from peerdir.models.common import IsoDate, Listing, LongText, Phone, Text, VerifiedDate, WebUrl, one_of

GENDERS = ("men", "women", "any", "lgbtq+", "men with children", "women with children", "young adults")
GENDER_LABELS = {"men": "Men", "women": "Women", "any": "Any gender", "lgbtq+": "LGBTQ+",
                 "men with children": "Men with children", "women with children": "Women with children",
                 "young adults": "Young adults"}
NARR_LEVELS = {1: "Peer-run", 2: "Monitored", 3: "Supervised", 4: "Service provider"}
CERT_STATUSES = ("certified", "pending", "expired", "not certified")


class Certification(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    body: Text = Field(description="Who certifies, e.g. FARR, MASH, Oxford House.")
    status: one_of(*CERT_STATUSES, what="certification status")  # type: ignore[valid-type]
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
    gender: one_of(*GENDERS, what="gender served") = Field(  # type: ignore[valid-type]
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
    description: LongText | None = None
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



