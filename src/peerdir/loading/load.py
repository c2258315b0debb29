"""Load and validate a whole directory: every file, every problem, in one pass.

`load_directory` never raises for bad data: it returns what is valid plus a list of problems, so
`peerdir validate` can report everything at once and the site build can refuse with the same list.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Annotated, Any, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from peerdir import collector, kinds
from peerdir.diagnostics import Problem, relative_path
from peerdir.directory import Directory
from peerdir.loading import articles
from peerdir.loading.across import duplicate_feed_slugs, region_tree_problems
from peerdir.loading.cache import CacheRun, ListingCache
from peerdir.loading.files import (
    Found,
    ListingFile,
    PathRules,
    listing_files,
    no_listings,
    refused_folder,
    slug_suggestion,
)
from peerdir.loading.split import Part, Splitter, choose_splitter
from peerdir.models import Home, Meeting, Region
from peerdir.models.common import Listing, ListingPlace, Text, closest, file_keys, short
from peerdir.models.home import meetings_naming_private_homes
from peerdir.models.text_rules import SLUG_RE, slug_words
from peerdir.placeholders import placeholder_problems
from peerdir.validation_messages import describe
from peerdir.vocabulary import Vocabulary, _programs_from, default_vocabulary
from peerdir.yamlfile import (
    YamlMapping,
    YamlProblem,
    not_a_plain_file,
    parse_yaml_bytes,
    read_bytes,
    read_yaml_file,
)

ListingT = TypeVar("ListingT", bound=BaseModel)

# Region slugs that would collide with the site's own pages (meetings/all/, print/communities/ …).
RESERVED_REGION_SLUGS = frozenset({"all", "online-now", "today", "communities", "homes"})
# Keys a volunteer might copy from a Meeting Guide feed but that come from the file's path here.
_PATH_KEYS = {"slug": "the slug is the file name", "region": "the region is the folder the file is in"}


class _ProgramEntry(BaseModel):
    """One entry of data/programs.yaml (same shape as the package's reference/programs.yaml)."""

    model_config = ConfigDict(extra="forbid")

    name: Text
    full_name: Text | None = None
    aliases: list[Text] = Field(default_factory=list)

class _TypeEntry(BaseModel):
    """One entry of data/types.yaml: a directory's own meeting type, under its code."""

    model_config = ConfigDict(extra="forbid")

    name: Text
    name_es: Text | None = None


_TYPE_CODE_RE = re.compile(r"^[A-Za-z0-9-]{1,20}$")


def directory_vocabulary(data_dir: Path) -> Vocabulary:
    """Programs and type codes as the validator reads them, data/programs.yaml included.

    Problems in that file are left for `peerdir validate` to report; the package's defaults stand in.
    """
    return Loader(data_dir, dt.date.today()).directory.vocabulary


def load_directory(
    data_dir: Path, content_dir: Path | None = None, today: dt.date | None = None,
    *, cache: ListingCache | None = None, splitter: Splitter | None = None,
) -> tuple[Directory, list[Problem]]:
    """Every listing under `data_dir` (and article under `content_dir/articles`) and every problem.

    `cache`, for a process that loads the same folder again and again (`mkdocs serve`): listings of
    files unchanged since the last call with that cache are taken from it instead of being read and
    validated again. The result is the same as without it; see ListingCache.
    `splitter`: how the files are shared between processes (chosen by their number when None).
    """
    with collector.paused():  # see peerdir.collector
        loader = Loader(data_dir, today or dt.date.today())
        loader.load_regions()
        loader.load_listings(cache, splitter)
        loader.refuse_meetings_naming_private_homes()
        loader.check_feed_slugs()
        if content_dir is not None:
            articles.check_content_files(loader, content_dir)
            articles.load_articles(loader, content_dir / "articles")
            articles.check_pages(loader, content_dir)
    return loader.directory, sorted(loader.problems)

class Loader:
    def __init__(self, data_dir: Path, today: dt.date):
        self.shown_root = relative_path(data_dir)  # resolved once; per-file resolve() is slow
        self._regions_file = f"{self.shown_root}/regions.yaml"
        self.problems: list[Problem] = []
        self.paths = PathRules(self.shown_root, self._regions_file, self._report_shown)
        self.directory = Directory(data_dir=data_dir)
        self.context: dict[str, Any] = {"today": today, "vocabulary": self.directory.vocabulary}
        vocab = self._vocabulary(data_dir / "programs.yaml")
        vocab = self._custom_types(data_dir / "types.yaml", vocab)
        self.directory.vocabulary = self.context["vocabulary"] = vocab

    def _vocabulary(self, path: Path) -> Vocabulary:
        """The package's programs plus data/programs.yaml, read as strictly as any listing."""
        base = default_vocabulary()
        if not os.path.lexists(path):
            return base
        special = not_a_plain_file(path)
        if special is not None:
            self.report(path, 1, 1, "", *special)
            return base
        try:
            doc = read_yaml_file(path, top="list")
        except YamlProblem as err:
            self.report(path, err.line, err.col, "", err.message, err.hint)
            return base
        entries = []
        for i, entry in enumerate(doc.data):
            program = self.validate(_ProgramEntry, entry, path, doc, (i,))
            if program is not None:
                entries.append(program.model_dump())
        return Vocabulary({**base.programs, **_programs_from(entries)}, base.types, base.reserved_types)

    def _custom_types(self, path: Path, base: Vocabulary) -> Vocabulary:
        """`base` plus the directory's own type codes from data/types.yaml (code: {name, name_es})."""
        if not os.path.lexists(path):
            return base
        doc = self._read(path)
        if doc is None:
            return base
        names: dict[str, tuple[str, str | None]] = {}
        for code, value in doc.data.items():
            line, col = doc.position((code,), of_key=True)
            bad = self._custom_code_problem(code, base, names)
            if bad is not None:
                self.report(path, line, col, code, *bad)
                continue
            entry = self.validate(_TypeEntry, value, path, doc, (code,))
            if entry is not None:
                names[code] = (entry.name, entry.name_es)
        return base.with_custom_types(names)

    @staticmethod
    def _custom_code_problem(code: str, base: Vocabulary, names: dict[str, Any]) -> tuple[str, str] | None:
        if not _TYPE_CODE_RE.match(code):
            return (f"the type code {short(code)} is not 1 to 20 letters, digits or hyphens",
                    "write a short code such as LGBTQ or AC, and the type's name under it")
        known = base.type_code(code)
        if known is not None:
            spelt = "" if known == code else f" '{known}' (in other capitals)"
            return (f"'{code}' is already the type code{spelt} for {base.types[known]}",
                    f"use '{known}' in listings and delete this entry")
        clash = next((other for other in names if other.upper() == code.upper()), None)
        if clash is not None:
            return (f"'{code}' is the code '{clash}' above, in other capitals", "keep one of the two entries")
        return None

    # -- regions ------------------------------------------------------------------------------
    def load_regions(self) -> None:
        path = self.directory.data_dir / "regions.yaml"
        if not os.path.lexists(path):
            data_dir = self.directory.data_dir
            if any(any(listing_files(data_dir, kind.name)) for kind in kinds.all_kinds() if kind.regional):
                self.report(path, 1, 1, "", "found meeting or home listings but no regions.yaml beside them",
                             f"create {self._regions_file} with one entry per region folder, e.g. 'chicago:' "
                             "then '  name: Chicago, IL' and '  timezone: America/Chicago'")
            self.paths.declared = None  # reported once here, not again for every listing
            return
        doc = self._read(path)
        if doc is None:
            self.paths.declared = None
            return
        declared: set[str] = set()
        self.paths.declared = declared  # filled as the entries are read
        for slug, value in doc.data.items():
            declared.add(slug)
            if not SLUG_RE.match(slug):
                line, col = doc.position((slug,), of_key=True)
                self.report(path, line, col, slug,
                             f"the region name '{slug}' is not {slug_words(slug)}",
                             f"rename it to '{slug_suggestion(slug, 'my-region')}' here and in the folder names")
                continue
            if slug in RESERVED_REGION_SLUGS:
                line, col = doc.position((slug,), of_key=True)
                self.report(path, line, col, slug, f"'{slug}' is a reserved name: the site uses it for its own pages",
                             f"call the region something else, e.g. {slug}-region")
                continue
            region = self.validate(Region, value if value is not None else {}, path, doc, (slug,))
            if region is not None:
                self.directory.regions[slug] = region
        for key, message, hint in region_tree_problems(self.directory.regions):
            line, col = doc.position((key, "parent"))
            self.report(path, line, col, f"{key}.parent", message, hint)

    # -- listings -----------------------------------------------------------------------------
    def load_listings(self, cache: ListingCache | None = None, splitter: Splitter | None = None) -> None:
        found: Found = no_listings()
        run = CacheRun(cache, self) if cache is not None else None
        files = self._checked_listing_files()
        if run is not None:  # the cache lives in this process: no split
            self._load_chunks(files, found, run)
            run.finish()
        else:
            for part_found, part_problems in (splitter or choose_splitter(len(files))).run(files, self._load_part):
                for kind, items in part_found.items():
                    found[kind] += items
                self.problems += part_problems
        for kind, items in found.items():
            items.sort(key=itemgetter(0))  # (region, slug): unique within a kind
            self.directory.set_listings(kind, [listing for _, listing in items])

    def _checked_listing_files(self) -> list[ListingFile]:
        """Every listing file whose name and folder pass the path rules (the others are reported)."""
        files: list[ListingFile] = []
        data_dir = self.directory.data_dir
        for kind in kinds.names():
            shown_folder = f"{self.shown_root}/{kind}"
            special = not_a_plain_file(data_dir / kind)
            if special is not None:  # a linked data/meetings/ would vanish without a word otherwise
                self.problems.append(Problem(shown_folder, 1, 1, "", *special))
                continue
            refused: list[tuple[str, ...]] = []
            for path, region, parts in listing_files(data_dir, kind, refused):
                shown = f"{shown_folder}/{'/'.join(parts)}"
                self.directory.files_checked += 1
                stem = self.paths.slug_of(parts, kind, region, shown)
                if stem is not None:
                    files.append(ListingFile(path, kind, region, stem, shown))
            for parts in refused:
                self.directory.files_checked += 1
                message, hint = not_a_plain_file(data_dir / kind / Path(*parts)) or refused_folder(parts)
                self.problems.append(Problem(f"{shown_folder}/{'/'.join(parts)}", 1, 1, "", message, hint))
        return files

    def _load_part(self, files: list[ListingFile]) -> Part:
        """`files` loaded into fresh containers: (what was found, what was reported); a Splitter's unit."""
        found = no_listings()
        kept, self.problems = self.problems, []
        try:
            self._load_chunks(files, found, None)
            return found, self.problems
        finally:
            self.problems = kept

    def _load_chunks(self, files: list[ListingFile], found: Found, run: CacheRun | None) -> None:
        # In chunks, each stage over the whole chunk (read, parse, validate), so that each stage's code
        # and data stay in the CPU's caches: cachegrind counts 11% fewer data and 3% fewer instruction
        # cache misses per load than file by file.
        for start in range(0, len(files), _CHUNK):
            self._load_chunk(files[start : start + _CHUNK], found, run)

    def _load_chunk(self, files: list[ListingFile], found: Found, run: CacheRun | None) -> None:
        regions = self.directory.regions
        read: list[tuple[ListingFile, bytes, Any]] = []
        for file in files:
            if run is None:
                read.append((file, read_bytes(file.path), None))
                continue
            listing, raw, state = run.lookup(file)
            if listing is None:
                read.append((file, raw, state))
            elif not file.region or file.region in regions:
                found[file.kind].append(((file.region, file.slug), listing))
        parsed: list[tuple[ListingFile, YamlMapping, Any]] = []
        for file, raw, state in read:
            try:
                parsed.append((file, parse_yaml_bytes(raw), state))
            except YamlProblem as err:
                self._report_shown(file.shown, err.line, err.col, "", err.message, err.hint)
        for file, doc, state in parsed:
            listing = self._check_listing(file, doc)
            if listing is None:
                continue
            path, kind, region, slug, _ = file
            # A listing whose region entry is broken is checked (its problems are reported) but
            # left out, so every listing in the Directory has its region in directory.regions.
            if not region or region in regions:
                found[kind].append(((region, slug), listing))
            if run is not None:
                run.store(file, state, listing)

    def refuse_meetings_naming_private_homes(self) -> None:
        """A meeting held at a private home, by its name and with a street, would publish the street."""
        found = meetings_naming_private_homes(self.directory.homes, self.directory.meetings)
        for meeting, home in found:
            try:
                line, col = read_yaml_file(Path(meeting.source)).position(("location",))
            except (OSError, YamlProblem):
                line, col = 1, 1
            self._report_shown(meeting.source, line, col, "location",
                               f"names '{home.name}' ({home.source}), a home whose address_visibility is city, "
                               "and gives a street address: the page would publish the home's street",
                               "a meeting open to anyone there makes the street public anyway: set the home's "
                               "address_visibility: public; a house meeting for residents only is not listed; a "
                               "meeting elsewhere names its own place in location")
        refused = {id(meeting) for meeting, _ in found}
        if refused:
            self.directory.meetings = [m for m in self.directory.meetings if id(m) not in refused]

    def check_feed_slugs(self) -> None:
        """Two meetings with one Meeting Guide slug (a `slug:`, else the file's name) would be one to the app."""
        for meeting, other in duplicate_feed_slugs(self.directory.meetings):
            try:
                line, col = read_yaml_file(Path(meeting.source)).position(("slug",))
            except (OSError, YamlProblem):
                line, col = 1, 1
            where = "its slug:" if meeting.feed_slug else "its file name"
            self._report_shown(meeting.source, line, col, "slug" if meeting.feed_slug else "",
                               f"the Meeting Guide slug '{meeting.guide_slug}' ({where}) is also that of "
                               f"{other.source}; the Meeting Guide app would take the two for one meeting",
                               "give each meeting its own: copy the slug from the source feed again, or delete "
                               "the file of a meeting listed twice")

    def region_zone(self, region: str) -> tuple[bool, str | None]:
        """(is the region's entry valid, its time zone): what a listing's checks need of its region."""
        entry = self.directory.regions.get(region)
        return (entry is not None, entry.timezone if entry is not None else None)

    def _home_region_hint(self, slug: str) -> str:
        places = [name for name, region in self.directory.regions.items() if region.timezone]
        where = f"homes/{places[0]}/{slug}.yaml" if len(places) == 1 else "homes/<region>/ of the place it is in"
        listed = f" (regions with a place: {', '.join(places)})" if len(places) > 1 else ""
        return f"move the file to {where}{listed}" if places else \
            "add the home's region, with its timezone, to regions.yaml and move the file into its folder"

    def _check_listing(self, file: ListingFile, doc: YamlMapping) -> Listing | None:
        """Validate one parsed listing file; its problems are reported, and then it is None.

        Every problem in one pass: when some fields are invalid, the rules across fields still run
        on the fields that are valid, and template placeholders (CHANGE ME) are refused.
        """
        _, kind, region, slug, shown = file
        kind_of = kinds.get(kind)
        model = kind_of.model
        unread: set[str] = set()
        known, region_zone = self.region_zone(region)
        # A region whose entry is broken (already reported) has no known zone: its listings are only checked.
        place = ListingPlace(slug, region, shown, region_zone, checked_only=bool(region) and not known)
        listing = self._validate_shown(model, doc.data, shown, doc, (), unread, dict(self.context, place=place))
        keys = file_keys(model)
        for key in [key for key in unread if key not in keys]:  # a misspelt field, e.g. adress:
            unread.add(closest(key, keys) or key)
        checked = listing if listing is not None else _valid_part(
            model, doc.data, unread, dict(self.context, place=place._replace(checked_only=True)))
        refused = listing is None
        for loc, message, hint in placeholder_problems(doc.data, kind_of.singular, unread):
            line, col = doc.position(loc)
            self._report_shown(shown, line, col, _field_label(loc), message, hint)
            refused = True
        if checked is None:
            return None
        if isinstance(checked, Meeting):
            checks = checked.cross_field_problems(unread)
        else:
            checks = checked.cross_field_problems(unread) if isinstance(checked, Home) else []
            if isinstance(checked, Home) and region and known and region_zone is None:
                self._report_shown(shown, 1, 1, "", f"a sober home cannot be in '{region}': that region is "
                                   "online-only (it has no timezone in regions.yaml), and a home is a place",
                                   self._home_region_hint(slug))
                refused = True
        for field_name, message, hint in checks:
            line, col = doc.position((field_name,), of_key=True)
            self._report_shown(shown, line, col, field_name, message, hint)
        if isinstance(checked, Home):  # a private home's street, house number or exact place
            for loc, message, hint in checked.privacy_problems(slug, unread):
                line, col = doc.position(loc)
                self._report_shown(shown, line, col, _field_label(loc), message, hint)
                refused = True
        if refused or checks or listing is None:
            return None
        return listing

    # -- shared -------------------------------------------------------------------------------
    def _read(self, path: Path) -> YamlMapping | None:
        special = not_a_plain_file(path)
        if special is not None:
            self.report(path, 1, 1, "", *special)
            return None
        try:
            return read_yaml_file(path)
        except YamlProblem as err:
            self.report(path, err.line, err.col, "", err.message, err.hint)
            return None

    def validate(self, model: type[ListingT], data: Any, path: Path, doc: YamlMapping, base: tuple) -> ListingT | None:
        return self._validate_shown(model, data, self._shown(path), doc, base)

    def _validate_shown(self, model: type[ListingT], data: Any, shown: str, doc: YamlMapping,
                        base: tuple, unread: set[str] | None = None,
                        context: dict[str, Any] | None = None) -> ListingT | None:
        """The validated model, or None once its problems are reported; `unread` collects the
        top-level fields that were invalid or missing."""
        try:
            # What model_validate does, minus a Python call and its keyword checks per file.
            return model.__pydantic_validator__.validate_python(
                data, context=context or self.context)
        except ValidationError as err:
            for error in err.errors():
                loc = (*base, *error["loc"])
                of_key = error["type"] in ("extra_forbidden", "missing") or "at_key" in error.get("ctx", {})
                line, col = doc.position(loc, of_key=of_key)
                message, hint = describe(error, model)
                key = str(error["loc"][-1]) if error["loc"] else ""
                if error["type"] == "extra_forbidden" and key in _PATH_KEYS and _has_region(model):
                    hint = _PATH_KEYS[key] + "; delete this line"
                elif error["type"] == "extra_forbidden" and key == "slug" and model is not Region:
                    hint = _PATH_KEYS[key] + "; delete this line"
                self._report_shown(shown, line, col, _field_label(loc), message, hint)
                if unread is not None and error["loc"]:
                    unread.add(str(error["loc"][0]))
            return None

    def _shown(self, path: Path) -> str:
        """The path as messages and edit links show it, relative to the working directory."""
        try:
            return f"{self.shown_root}/{path.relative_to(self.directory.data_dir).as_posix()}"
        except ValueError:
            return relative_path(path)

    def report(self, path: Path, line: int, col: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self._shown(path), line, col, field_name, message, hint))

    def _report_shown(self, shown: str, line: int, col: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(shown, line, col, field_name, message, hint))


_CHUNK = 256


def _valid_part(model: type[Listing], data: dict[str, Any], unread: set[str],
                context: dict[str, Any]) -> Listing | None:
    """The listing made of the fields of `data` that are valid (the others left out, as if absent),
    so that the rules across fields can be checked while some fields are still wrong."""
    part = {key: value for key, value in data.items() if key not in unread}
    try:
        validator = _lenient_model(model).__pydantic_validator__
        return validator.validate_python(part, context=context)
    except ValidationError:
        return None


@cache
def _lenient_model(model: type[Listing]) -> type[Listing]:
    """`model` with every required field optional: to validate what is left once invalid fields are out."""
    optional: dict[str, Any] = {
        name: (Optional[Annotated[(info.annotation, *info.metadata)]] if info.metadata  # noqa: UP045
               else Optional[info.annotation], None)  # noqa: UP045
        for name, info in model.model_fields.items() if info.is_required()
    }
    lenient = create_model(f"Lenient{model.__name__}", __base__=model, **optional)
    return lenient


def _has_region(model: type[BaseModel]) -> bool:
    """Is `model` a listing whose region is its folder?"""
    return any(issubclass(model, kind.model) and kind.regional for kind in kinds.all_kinds())


def _field_label(loc: tuple) -> str:
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part + 1}]"  # 1-based: volunteers count list items from one
        else:
            label += ("." if label else "") + str(part)
    return label
