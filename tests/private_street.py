"""The formats fixture's private home holding a street in memory, for the outputs' own privacy tests.

A home whose address_visibility is city may not keep its street in its file (the repository is
public: `peerdir validate` refuses it), so the fixture's file has none. The outputs still show only
the city of such a home whatever the model holds: these tests give it a street to prove that.
"""

from __future__ import annotations

from peerdir.directory import Directory

PRIVATE_SLUG = "private-house"
PRIVATE_ADDRESS = "4821 Hidden Hollow Rd"


def with_private_street(directory: Directory) -> Directory:
    directory.homes = [home.model_copy(update={"address": PRIVATE_ADDRESS}) if home.slug == PRIVATE_SLUG else home
                       for home in directory.homes]
    directory.__dict__.pop("_homes_by_region", None)  # the cached grouping holds the old objects
    return directory
