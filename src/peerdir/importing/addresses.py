"""Country-aware reading of the one-line addresses feeds give ("formatted_address").

Each country writes its postcode in its own place: after the state in the US, Canada and Australia
("Tupelo, MS 38801", "Alberta, T6C 2Z2", "Sydney NSW 2000"), after the town in the UK and New Zealand
("London SW1A 1AA", "Auckland 1010"), before it in most of Europe ("10119 Berlin"). Country names come
from ISO 3166 (pycountry) with the spellings feeds use besides ("USA", "UK", "Deutschland"); states and
provinces from ISO 3166-2 for the countries whose addresses carry one. What is not recognised stays in
the street line: nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

# Spellings feeds use that ISO 3166 does not list as a name.
_COUNTRY_ALIASES = {
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "u.s.a": "US", "us": "US", "united states of america": "US",
    "america": "US", "uk": "GB", "u.k.": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "deutschland": "DE", "österreich": "AT", "schweiz": "CH",
    "suisse": "CH", "españa": "ES", "italia": "IT", "nederland": "NL", "holland": "NL", "the netherlands": "NL",
    "belgië": "BE", "belgique": "BE", "sverige": "SE", "norge": "NO", "danmark": "DK", "suomi": "FI",
    "polska": "PL", "éire": "IE", "méxico": "MX", "aotearoa": "NZ", "russia": "RU", "south korea": "KR",
}
# The postcode alone, per country (capital letters: the text is upper-cased before matching).
POSTCODES = {
    "US": r"\d{5}(?:-\d{4})?",
    "CA": r"[A-Z]\d[A-Z] ?\d[A-Z]\d",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
    "IE": r"[A-Z]\d[\dW] ?[A-Z\d]{4}",
    "AU": r"\d{4}", "NZ": r"\d{4}", "ZA": r"\d{4}",
    "DE": r"\d{5}", "FR": r"\d{5}", "ES": r"\d{5}", "IT": r"\d{5}", "FI": r"\d{5}", "MX": r"\d{5}",
    "AT": r"\d{4}", "CH": r"\d{4}", "BE": r"\d{4}", "DK": r"\d{4}", "NO": r"\d{4}", "HU": r"\d{4}",
    "LU": r"(?:L-)?\d{4}", "NL": r"\d{4} ?[A-Z]{2}", "SE": r"\d{3} ?\d{2}", "CZ": r"\d{3} ?\d{2}",
    "SK": r"\d{3} ?\d{2}", "GR": r"\d{3} ?\d{2}", "PL": r"\d{2}-\d{3}", "PT": r"\d{4}-\d{3}",
}
# Countries whose postcode comes before the town ("10119 Berlin"); the rest write it after.
POSTCODE_FIRST = frozenset({"DE", "FR", "ES", "IT", "FI", "AT", "CH", "BE", "DK", "NO", "HU", "LU", "NL", "SE",
                            "CZ", "SK", "GR", "PL", "PT", "MX"})
# Countries whose addresses carry a state or province (ISO 3166-2), tried in this order when a feed
# names no country: a US state and ZIP, a Canadian province and postcode, an Australian state.
STATE_COUNTRIES = ("US", "CA", "AU")
GUESSED = ("US", "CA", "AU", "GB")


@dataclass(frozen=True)
class Address:
    """An address in Meeting Guide's parts; `country` is ISO 3166-1 alpha-2."""

    address: str | None = None  # the street line(s): None when the text names only a town or area
    city: str | None = None
    state: str | None = None
    postal_code: str | None = None
    country: str | None = None


def _fold(text: str) -> str:
    return " ".join(text.lower().split())


def country_code(text: str | None) -> str | None:
    """'Canada', 'CA', 'USA', 'United Kingdom', 'UK', 'Deutschland' → ISO alpha-2; None when unknown."""
    if not text:
        return None
    key = _fold(text).strip(" .") if _fold(text) not in _COUNTRY_ALIASES else _fold(text)
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None


@cache
def _states(country: str) -> dict[str, str]:
    """Lower-cased state name or code → its code ('alberta' and 'ab' → 'AB')."""
    found: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=country) or ():
        if sub.parent_code is not None:
            continue
        short = sub.code.split("-", 1)[1]
        found[_fold(sub.name)] = short
        found[short.lower()] = short
    if country == "US":  # Washington, D.C. and its spellings
        found.update({"washington dc": "DC", "washington, d.c.": "DC", "d.c.": "DC"})
    return found


def is_state(text: str, country: str) -> bool:
    return country in STATE_COUNTRIES and _fold(text).strip(" .") in _states(country)


def country_of(state: str | None, postal_code: str | None) -> str | None:
    """The one country whose state (and postcode, when given) these are: 'MS', '38801' → US; None when
    no country or several fit ('WA' alone is Washington and Western Australia)."""
    if not state:
        return None
    fits = [c for c in STATE_COUNTRIES if is_state(state, c)
            and (not postal_code or re.fullmatch(_postcode(c), postal_code.strip().upper()))]
    return fits[0] if len(fits) == 1 else None


def _postcode(country: str) -> str:
    return POSTCODES.get(country, r"\d{4,5}")


def parse_address(text: str, country: str | None = None) -> Address:
    """One line of comma-separated parts → Address. `country`: the record's own country, when it has one.

    "8405 83 Street NW, Edmonton, Alberta, T6C 2Z2, Canada" → street, Edmonton, Alberta, T6C 2Z2, CA;
    "Friedrichstraße 10, 10119 Berlin, Germany" → street, Berlin, postcode 10119, DE;
    "Edmonton, Alberta, Canada" → no street (a town only), Edmonton, Alberta, CA.
    """
    parts = [part.strip() for part in text.split(",") if part.strip()]
    country = _pop_country(parts) or country
    if country:
        return _tail(parts, country)
    for guess in GUESSED:  # no country named: one whose state (or distinctive postcode) is there
        found = _tail(list(parts), guess)
        if found.state or (found.postal_code and guess in DISTINCT_POSTCODES):
            return found
    return _tail(parts, None)


# Postcodes no other country's look like: enough to tell the country when a feed names none.
DISTINCT_POSTCODES = frozenset({"CA", "GB"})


def _pop_country(parts: list[str]) -> str | None:
    if not parts:
        return None
    last = parts[-1]
    # "Atlanta, Georgia": a US state, not the country, unless it stands alone.
    if len(parts) > 1 and any(is_state(last, c) for c in STATE_COUNTRIES):
        return None
    code = country_code(last)
    if code:
        parts.pop()
    return code


def _tail(parts: list[str], country: str | None) -> Address:
    """The town, state and postcode at the end of `parts`, read as `country` (None: unknown) writes them."""
    code = _postcode(country) if country else r"\d{4,5}"
    states = _states(country) if country in STATE_COUNTRIES else {}
    city = state = postal = None
    if parts and re.fullmatch(code, parts[-1].upper()):
        postal = parts.pop()
    if parts and postal is None:
        city, state, postal = _town_and_postcode(parts[-1], country, code, states)
        if postal:
            parts.pop()
    if parts and state is None and _fold(parts[-1]).strip(" .") in states and (len(parts) > 1 or postal):
        state = parts.pop()
    if city is None and parts and (len(parts) > 1 or not re.search(r"\d", parts[0])):
        city = parts.pop()
    return Address(", ".join(parts) or None, city, state, postal, country)


def _town_and_postcode(part: str, country: str | None, code: str,
                       states: dict[str, str]) -> tuple[str | None, str | None, str | None]:
    """'10119 Berlin', 'London SW1A 1AA', 'MS 38801', 'Sydney NSW 2000' → (town, state, postcode)."""
    if country in POSTCODE_FIRST or country is None:
        match = re.fullmatch(rf"(?P<postal>{code})\s+(?P<city>\D.*)", part, re.IGNORECASE)
        if match:
            return match["city"], None, match["postal"]
        if country is not None:
            return None, None, None
    state_words = "|".join(sorted((re.escape(s) for s in states), key=len, reverse=True)) or "(?!)"
    match = re.fullmatch(rf"(?:(?P<city>.*?)\s+)??(?:(?P<state>{state_words})\.?\s+)?(?P<postal>{code})",
                         part, re.IGNORECASE)
    if match is None or not country:
        return None, None, None
    return match["city"], match["state"], match["postal"]
