"""Load and validate a whole directory: every file, every problem, in one pass.

`load_directory` never raises for bad data: it returns what is valid plus a list of problems, so
`peerdir validate` can report everything at once and the site build can refuse with the same list.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import pickle
import re
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Annotated, Any, Iterator, NoReturn, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from peerdir.article_html import ARTICLE, PAGE, HtmlPolicy
from peerdir.diagnostics import Problem, relative_path
from peerdir.html_removed import markdown_pages, removed_parts
from peerdir.models import ArticleMeta, Community, Home, Meeting, Region
from peerdir.models.common import MAX_SLUG_LENGTH, SLUG_RE, Listing, Text, closest, slug_words
from peerdir.models.home import meetings_naming_private_homes
from peerdir.placeholders import placeholder_problems
from peerdir.validation_messages import describe
from peerdir.vocabulary import Vocabulary, _programs_from, default_vocabulary
from peerdir.yamlfile import (
    YamlMapping,
    YamlProblem,
    decode_utf8,
    is_blank,
    not_a_plain_file,
    parse_yaml_bytes,
    parse_yaml_mapping,
    read_bytes,
    read_yaml_file,
)

ListingT = TypeVar("ListingT", bound=BaseModel)

DATA_ENV = "PEERDIR_DATA"
# Keys a volunteer might copy from a Meeting Guide feed but that come from the file's path here.
# Region slugs that would collide with the site's own pages (meetings/all/, print/communities/ …).
RESERVED_REGION_SLUGS = frozenset({"all", "online-now", "communities", "homes"})
# meetings/<region>/<day>/ is the region's list for that day when the region's list is long.
_DAY_SLUGS = frozenset(name.lower() for name in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                                  "Saturday"))
_PATH_KEYS = {"slug": "the slug is the file name", "region": "the region is the folder the file is in"}


class _ProgramEntry(BaseModel):
    """One entry of data/programs.yaml (same shape as the package's reference/programs.yaml)."""

    model_config = ConfigDict(extra="forbid")

    name: Text
    full_name: Text | None = None
    aliases: list[Text] = Field(default_factory=list)


@dataclass
class Article:
    meta: ArticleMeta
    source: str


@dataclass
class Directory:
    data_dir: Path
    regions: dict[str, Region] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    homes: list[Home] = field(default_factory=list)
    communities: list[Community] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    vocabulary: Vocabulary = field(default_factory=default_vocabulary)
    files_checked: int = 0

    def meetings_in(self, region: str) -> list[Meeting]:
        return self._meetings_by_region.get(region, [])

    def homes_in(self, region: str) -> list[Home]:
        return self._homes_by_region.get(region, [])

    # Built on first use, after loading: every region page asks, and a scan per region is quadratic.
    @cached_property
    def _meetings_by_region(self) -> dict[str, list[Meeting]]:
        return _group_by_region(self.meetings)

    @cached_property
    def _homes_by_region(self) -> dict[str, list[Home]]:
        return _group_by_region(self.homes)


def _group_by_region(listings: list[ListingT]) -> dict[str, list[ListingT]]:
    groups: dict[str, list[ListingT]] = {}
    for listing in listings:
        groups.setdefault(listing.region, []).append(listing)  # type: ignore[attr-defined]
    return groups


def default_data_dir() -> Path:
    return Path(os.environ.get(DATA_ENV) or "data")


def directory_vocabulary(data_dir: Path) -> Vocabulary:
    """Programs and type codes as the validator reads them, data/programs.yaml included.

    Problems in that file are left for `peerdir validate` to report; the package's defaults stand in.
    """
    return _Loader(data_dir, dt.date.today()).directory.vocabulary


def load_directory(
    data_dir: Path, content_dir: Path | None = None, today: dt.date | None = None,
    *, cache: ListingCache | None = None,
) -> tuple[Directory, list[Problem]]:
    """Every listing under `data_dir` (and article under `content_dir/articles`) and every problem.

    `cache`, for a process that loads the same folder again and again (`mkdocs serve`): listings of
    files unchanged since the last call with that cache are taken from it instead of being read and
    validated again. The result is the same as without it; see ListingCache.
    """
    # Loading allocates many small objects that all stay alive (the listings) or die young without
    # cycles (parse trees): the cycle collector's passes over them are ~10% of a big load, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loader = _Loader(data_dir, today or dt.date.today())
        loader.load_regions()
        loader.load_listings(cache)
        loader.refuse_meetings_naming_private_homes()
        if content_dir is not None:
            loader.check_content_files(content_dir)
            loader.load_articles(content_dir / "articles")
            loader.check_pages(content_dir)
    finally:
        if collecting:
            gc.enable()
    return loader.directory, sorted(loader.problems)


class ListingCache:
    """Validated listings kept from one `load_directory` call to the next, in one process.

    For `mkdocs serve`, which loads the whole directory again after every edit. Pass the same cache
    to each call: a listing file is read and validated again only when it is new or changed, and
    everything else is checked as without a cache, every time (file names and folders, duplicate
    names, regions, programs, articles). Nothing stale is used:

    - a file counts as unchanged while its size, mtime_ns, ctime_ns and inode are; one written in
      the last two seconds before the load (the clock that stamps files may be coarse) is read again
      next time and reused only if its bytes are the same;
    - only files that had no problem at all are kept, so a bad file is validated and reported again
      on every call; files that are gone are dropped;
    - a change of data folder, working directory (paths in messages), `today`, programs (the
      vocabulary), or of the listing's region entry validates the files concerned again.

    `reused` and `validated` count the listing files of the last call taken from the cache and
    read and validated.
    """

    SETTLE_NS = 2_000_000_000  # files changed this recently are checked by content on the next call

    def __init__(self) -> None:
        self._setting: tuple[Any, ...] | None = None
        self._entries: dict[str, _CacheEntry] = {}
        self.reused = 0
        self.validated = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._setting, self._entries = None, {}


@dataclass(frozen=True, slots=True)
class _CacheEntry:
    stat: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
    digest: bytes  # of the file's bytes
    settled: bool  # False: stat may miss a change made in the same clock tick; compare the bytes
    kind: str
    region_zone: tuple[bool, str | None]  # (region entry valid, its time zone) when it was validated
    listing: Listing


class _Loader:
    def __init__(self, data_dir: Path, today: dt.date):
        self._shown_root = relative_path(data_dir)  # resolved once; per-file resolve() is slow
        self._regions_file = f"{self._shown_root}/regions.yaml"
        self.problems: list[Problem] = []
        self.directory = Directory(data_dir=data_dir)
        self.context: dict[str, Any] = {"today": today, "vocabulary": self.directory.vocabulary}
        vocab = self._vocabulary(data_dir / "programs.yaml")
        self.directory.vocabulary = self.context["vocabulary"] = vocab
        # Region folder names written in regions.yaml, valid or not; None when it could not be read.
        self._declared_regions: set[str] | None = set()

    def _vocabulary(self, path: Path) -> Vocabulary:
        """The package's programs plus data/programs.yaml, read as strictly as any listing."""
        base = default_vocabulary()
        if not os.path.lexists(path):
            return base
        special = not_a_plain_file(path)
        if special is not None:
            self._report(path, 1, 1, "", *special)
            return base
        try:
            doc = read_yaml_file(path, top="list")
        except YamlProblem as err:
            self._report(path, err.line, err.col, "", err.message, err.hint)
            return base
        entries = []
        for i, entry in enumerate(doc.data):
            program = self._validate(_ProgramEntry, entry, path, doc, (i,))
            if program is not None:
                entries.append(program.model_dump())
        return Vocabulary({**base.programs, **_programs_from(entries)}, base.types, base.reserved_types)

    # -- regions ------------------------------------------------------------------------------
    def load_regions(self) -> None:
        path = self.directory.data_dir / "regions.yaml"
        if not os.path.lexists(path):
            if any(self._listing_files("meetings")) or any(self._listing_files("homes")):
                self._report(path, 1, 1, "", "found meeting or home listings but no regions.yaml beside them",
                             f"create {self._regions_file} with one entry per region folder, e.g. 'chicago:' "
                             "then '  name: Chicago, IL' and '  timezone: America/Chicago'")
            self._declared_regions = None  # reported once here, not again for every listing
            return
        doc = self._read(path)
        if doc is None:
            self._declared_regions = None
            return
        for slug, value in doc.data.items():
            self._declared_regions.add(slug)  # type: ignore[union-attr]
            if not SLUG_RE.match(slug):
                line, col = doc.position((slug,), of_key=True)
                self._report(path, line, col, slug,
                             f"the region name '{slug}' is not {slug_words(slug)}",
                             f"rename it to '{_slug_suggestion(slug, 'my-region')}' here and in the folder names")
                continue
            if slug in RESERVED_REGION_SLUGS:
                line, col = doc.position((slug,), of_key=True)
                self._report(path, line, col, slug, f"'{slug}' is a reserved name: the site uses it for its own pages",
                             f"call the region something else, e.g. {slug}-region")
                continue
            region = self._validate(Region, value if value is not None else {}, path, doc, (slug,))
            if region is not None:
                self.directory.regions[slug] = region

    # -- listings -----------------------------------------------------------------------------
    def load_listings(self, cache: ListingCache | None = None) -> None:
        found: _Found = _no_listings()
        run = _CacheRun(cache, self) if cache is not None else None
        files = self._checked_listing_files()
        if run is None and _can_fork(len(files)):
            self._load_in_two(files, found)
        else:
            self._load_chunks(files, found, run)
        if run is not None:
            run.finish()
        for kind, items in found.items():
            items.sort(key=itemgetter(0))  # (region, slug): unique within a kind
            setattr(self.directory, kind, [listing for _, listing in items])

    def _checked_listing_files(self) -> list[_File]:
        """Every listing file whose name and folder pass the path rules (the others are reported)."""
        seen: dict[tuple[str, str], str] = {}
        files: list[_File] = []
        for kind in _MODELS:
            shown_folder = f"{self._shown_root}/{kind}"
            special = not_a_plain_file(self.directory.data_dir / kind)
            if special is not None:  # a linked data/meetings/ would vanish without a word otherwise
                self.problems.append(Problem(shown_folder, 1, 1, "", *special))
                continue
            refused: list[tuple[str, ...]] = []
            for path, region, parts in self._listing_files(kind, refused):
                shown = f"{shown_folder}/{'/'.join(parts)}"
                stem = self._path_ok(parts, kind, region, shown, seen)
                if stem is not None:
                    files.append((path, kind, region, stem, shown))
            for parts in refused:
                self.directory.files_checked += 1
                message, hint = not_a_plain_file(self.directory.data_dir / kind / Path(*parts)) or _refused_folder(parts)
                self.problems.append(Problem(f"{shown_folder}/{'/'.join(parts)}", 1, 1, "", message, hint))
        return files

    def _load_chunks(self, files: list[_File], found: _Found, run: _CacheRun | None) -> None:
        # In chunks, each stage over the whole chunk (read, parse, validate), so that each stage's code
        # and data stay in the CPU's caches: cachegrind counts 11% fewer data and 3% fewer instruction
        # cache misses per load than file by file.
        for start in range(0, len(files), _CHUNK):
            self._load_chunk(files[start : start + _CHUNK], found, run)

    def _load_in_two(self, files: list[_File], found: _Found) -> None:
        """The second half of `files` in a forked child, the first half here, at the same time.

        Loading is pure CPU work, and while it runs a build has nothing else for the second
        processor to do. Validated listings pickle quickly (5,000 meetings: 0.06 s out, 0.09 s in),
        so the child sends back what it found and reported; the result is the same as one process's,
        since both are sorted afterwards. Should the child fail, its half is loaded here.
        """
        half = len(files) // 2
        mine, theirs = files[:half], files[half:]
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            self._load_and_send(theirs, write_end)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            try:
                self._load_chunks(mine, found, None)
                received = _received(pipe)
            finally:
                pipe.close()  # first: a child still sending gets an error instead of waiting forever
                os.waitpid(pid, 0)
        if received is None:
            self._load_chunks(theirs, found, None)
            return
        child_found, child_problems = received
        for kind, items in child_found.items():
            found[kind] += items
        self.problems += child_problems

    def _load_and_send(self, files: list[_File], write_end: int) -> NoReturn:
        """In the forked child: load `files`, send what was found and reported, and leave at once
        (no exit handlers or buffers of the parent's run twice)."""
        status = 1
        try:
            self.problems = []
            found: _Found = _no_listings()
            self._load_chunks(files, found, None)
            with os.fdopen(write_end, "wb") as pipe:
                pickle.dump((found, self.problems), pipe, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)

    def _load_chunk(self, files: list[_File], found: _Found, run: _CacheRun | None) -> None:
        regions = self.directory.regions
        read: list[tuple[_File, bytes, Any]] = []
        for file in files:
            if run is None:
                read.append((file, read_bytes(file[0]), None))
                continue
            listing, raw, state = run.lookup(file)
            if listing is None:
                read.append((file, raw, state))
            elif not file[2] or file[2] in regions:
                found[file[1]].append(((file[2], file[3]), listing))
        parsed: list[tuple[_File, YamlMapping, Any]] = []
        for file, raw, state in read:
            try:
                parsed.append((file, parse_yaml_bytes(raw), state))
            except YamlProblem as err:
                self._report_shown(file[4], err.line, err.col, "", err.message, err.hint)
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

    def _listing_files(self, kind: str, refused: list[tuple[str, ...]] | None = None
                       ) -> Iterator[tuple[str, str, tuple[str, ...]]]:
        """(path, region folder, path parts below data/<kind>/) of every plain file there, sorted; '' for
        no folder. Links and special files are added to `refused`, when given."""
        base = self.directory.data_dir / kind
        if not base.is_dir() or not_a_plain_file(base):
            return
        found: list[tuple[tuple[str, ...], str]] = []
        _walk_files(str(base), (), found, [] if refused is None else refused)
        for parts, path in found:
            yield path, (parts[0] if len(parts) > 1 else ""), parts

    def _path_ok(self, parts: tuple[str, ...], kind: str, region: str, shown: str,
                 seen: dict[tuple[str, str], str]) -> str | None:
        """The file's slug if its name and folder are right; None once a problem is reported."""
        self.directory.files_checked += 1
        singular, flat = _SINGULAR[kind], kind == "communities"
        name = parts[-1]
        stem, suffix = (name.rsplit(".", 1) + [""])[:2] if "." in name[1:] else (name, "")
        if suffix != "yaml":
            if suffix == "yml":
                message, hint = "the file name ends in .yml; listing files end in .yaml", f"rename it to '{stem}.yaml'"
            else:
                message = f"found '{name}' among the {kind}; only .yaml listing files belong in this folder"
                hint = f"rename it to '{stem}.yaml' if it is a listing, otherwise move it out of the data folder"
            self._report_shown(shown, 1, 1, "", message, hint)
            return None
        if len(parts) != (1 if flat else 2):
            folder = f"{self._shown_root}/{kind}"
            expected = f"{folder}/<name>.yaml" if flat else f"{folder}/<region>/<name>.yaml"
            if flat:
                target = f"{folder}/{name}"
            elif len(parts) > 2:
                target = f"{folder}/{parts[0]}/{name}"
            else:
                target = f"{folder}/<region>/{name}, where <region> is a region named in {self._regions_file}"
            self._report_shown(shown, 1, 1, "", f"this {singular} file is in the wrong folder; {kind} go in {expected}",
                               f"move it to {target}")
            return None
        if not SLUG_RE.match(stem):
            self._report_shown(shown, 1, 1, "",
                               f"the file name '{name}' is not {slug_words(stem)}",
                               f"rename it to '{_slug_suggestion(stem, 'my-listing')}.yaml'")
            return None
        if kind == "meetings" and stem in _DAY_SLUGS:
            self._report_shown(shown, 1, 1, "", f"the file name '{name}' is reserved: a region with many meetings "
                               f"has its {stem.capitalize()} list at meetings/{region}/{stem}/",
                               f"rename it after the group or time, e.g. '{stem}-night.yaml'")
            return None
        declared = self._declared_regions
        if not flat and declared is not None and region not in declared:
            match = closest(region, declared)
            listed = ", ".join(sorted(declared)[:8]) + (", …" if len(declared) > 8 else "")
            regions_file = self._regions_file
            hint = (f"did you mean the folder '{match}'? Otherwise add '{region}:' to {regions_file}" if match else
                    f"add '{region}:' to {regions_file}, or move the file into one of: {listed or 'no regions yet'}")
            self._report_shown(shown, 1, 1, "", f"the region folder '{region}' is not listed in {regions_file}", hint)
            return None
        key = (kind, stem)
        if key in seen:
            self._report_shown(shown, 1, 1, "", f"the name '{stem}' is already used by {seen[key]}; "
                               f"every {singular} needs its own file name",
                               f"rename one of the two, e.g. to '{stem}-{region or 'online'}.yaml'")
            return None
        seen[key] = shown
        return stem

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

    def _check_listing(self, file: _File, doc: YamlMapping) -> Listing | None:
        """Validate one parsed listing file; its problems are reported, and then it is None.

        Every problem in one pass: when some fields are invalid, the rules across fields still run
        on the fields that are valid, and template placeholders (CHANGE ME) are refused.
        """
        _, kind, region, slug, shown = file
        model = _MODELS[kind]
        unread: set[str] = set()
        listing = self._validate_shown(model, doc.data, shown, doc, (), unread)
        for key in [key for key in unread if key not in model.model_fields]:  # a misspelt field, e.g. adress:
            unread.add(closest(key, model.model_fields) or key)
        checked = listing if listing is not None else _valid_part(model, doc.data, unread, self.context)
        refused = listing is None
        for loc, message, hint in placeholder_problems(doc.data, _SINGULAR[kind], unread):
            line, col = doc.position(loc)
            self._report_shown(shown, line, col, _field_label(loc), message, hint)
            refused = True
        if checked is None:
            return None
        known, region_zone = self.region_zone(region)
        if isinstance(checked, Meeting):
            checks = checked.cross_field_problems(region_zone, unread)
            if region and not known:  # the region's entry is broken (already reported): its zone is unknown
                checks = [check for check in checks if check[0] != "timezone"]
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
        listing.bind(slug, region, shown)
        if isinstance(listing, Meeting):
            listing.resolve_zone(region_zone)
        return listing

    # -- articles -----------------------------------------------------------------------------
    def check_content_files(self, content_dir: Path) -> None:
        """Every file MkDocs would publish from content/: plain files only (it would follow a link out
        of the repository), of the kinds a page needs; articles are content/articles/<slug>.md."""
        for path, problem in _content_problems(content_dir):
            self._report(path, 1, 1, "", *problem)

    def load_articles(self, articles_dir: Path) -> None:
        if not articles_dir.is_dir() or not_a_plain_file(articles_dir):
            return  # a linked articles/ folder is reported by check_content_files, never entered
        for path in sorted(articles_dir.glob("*.md")):
            if path.name == "index.md":
                continue
            self.directory.files_checked += 1
            if not_a_plain_file(path):
                continue  # reported by check_content_files
            if not SLUG_RE.match(path.stem):
                self._report(path, 1, 1, "",
                             f"the file name '{path.name}' is not {slug_words(path.stem)}",
                             f"rename it to '{_slug_suggestion(path.stem, 'my-article')}.md'")
                continue
            article = self._load_article(path)
            if article is not None:
                self.directory.articles.append(article)

    def _load_article(self, path: Path) -> Article | None:
        try:
            text = decode_utf8(read_bytes(path))
        except YamlProblem as err:
            self._report(path, err.line, err.col, "", err.message, err.hint)
            return None
        except OSError:
            self._report(path, 1, 1, "", "cannot be read", "commit it as an ordinary text file")
            return None
        front, body = split_front_matter(text)
        if front is None:
            if text.lstrip("\ufeff").split("\n", 1)[0].strip() == "---":
                self._report(path, 1, 1, "", "the front matter that opens with '---' on line 1 is never closed",
                             "add a line '---' after its last field, before the article's text")
            else:
                self._report(path, 1, 1, "", "the article does not start with front matter (its fields between "
                             "two '---' lines)", "start the file with a line '---', then title:, summary:, tags: "
                             "and reviewed_on: lines, then '---'")
            return None
        if is_blank(front):
            self._report(path, 2, 1, "", "the front matter between the '---' lines is empty",
                         "add title:, summary:, tags: and reviewed_on: lines between them")
            return None
        try:
            doc = parse_yaml_mapping(front, line_offset=1)
        except YamlProblem as err:
            self._report(path, err.line, err.col, "", err.message, err.hint)
            return None
        self._report_removed_html(path, text.count("\n") - body.count("\n"), body)
        meta = self._validate(ArticleMeta, doc.data, path, doc, ())
        if meta is None:
            return None
        return Article(meta=meta.bind(path.stem, body), source=relative_path(path))

    def check_pages(self, content_dir: Path) -> None:
        """content/'s other Markdown pages (index.md, about.md …): what their sanitiser would remove."""
        for path in markdown_pages(content_dir):
            self.directory.files_checked += 1
            try:
                text = decode_utf8(read_bytes(path))
            except YamlProblem as err:
                self._report(path, err.line, err.col, "", err.message, err.hint)
                continue
            except OSError:
                self._report(path, 1, 1, "", "cannot be read", "commit it as an ordinary text file")
                continue
            _, body = split_front_matter(text)
            self._report_removed_html(path, text.count("\n") - body.count("\n"), body, PAGE)

    def _report_removed_html(self, path: Path, line_offset: int, body: str, policy: HtmlPolicy = ARTICLE) -> None:
        """What the page's sanitiser would remove, at its line, so the author knows before publishing."""
        for line, what in removed_parts(body, policy):
            self._report(path, line + line_offset, 1, "", f"{what} is not allowed {policy.where}", policy.hint)

    # -- shared -------------------------------------------------------------------------------
    def _read(self, path: Path) -> YamlMapping | None:
        special = not_a_plain_file(path)
        if special is not None:
            self._report(path, 1, 1, "", *special)
            return None
        try:
            return read_yaml_file(path)
        except YamlProblem as err:
            self._report(path, err.line, err.col, "", err.message, err.hint)
            return None

    def _validate(self, model: type[ListingT], data: Any, path: Path, doc: YamlMapping, base: tuple) -> ListingT | None:
        return self._validate_shown(model, data, self._shown(path), doc, base)

    def _validate_shown(self, model: type[ListingT], data: Any, shown: str, doc: YamlMapping,
                        base: tuple, unread: set[str] | None = None) -> ListingT | None:
        """The validated model, or None once its problems are reported; `unread` collects the
        top-level fields that were invalid or missing."""
        try:
            # What model_validate does, minus a Python call and its keyword checks per file.
            return model.__pydantic_validator__.validate_python(data, context=self.context)  # type: ignore[no-any-return]
        except ValidationError as err:
            for error in err.errors():
                loc = (*base, *error["loc"])
                of_key = error["type"] in ("extra_forbidden", "missing")
                line, col = doc.position(loc, of_key=of_key)
                message, hint = describe(error, model)
                key = str(error["loc"][-1]) if error["loc"] else ""
                if error["type"] == "extra_forbidden" and key in _PATH_KEYS and issubclass(model, (Meeting, Home)):
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
            return f"{self._shown_root}/{path.relative_to(self.directory.data_dir).as_posix()}"
        except ValueError:
            return relative_path(path)

    def _report(self, path: Path, line: int, col: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self._shown(path), line, col, field_name, message, hint))

    def _report_shown(self, shown: str, line: int, col: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(shown, line, col, field_name, message, hint))


# (path, kind, region folder or '', slug, path as messages show it) of a listing file.
_File = tuple[str, str, str, str, str]
_MODELS: dict[str, type[Listing]] = {"meetings": Meeting, "homes": Home, "communities": Community}
_CHUNK = 256
_Found = dict[str, list[tuple[tuple[str, str], Listing]]]  # kind -> ((region, slug), listing) as loaded


def _valid_part(model: type[Listing], data: dict[str, Any], unread: set[str],
                context: dict[str, Any]) -> Listing | None:
    """The listing made of the fields of `data` that are valid (the others left out, as if absent),
    so that the rules across fields can be checked while some fields are still wrong."""
    part = {key: value for key, value in data.items() if key not in unread}
    try:
        validator = _lenient_model(model).__pydantic_validator__
        return validator.validate_python(part, context=context)  # type: ignore[no-any-return]
    except ValidationError:
        return None


@cache
def _lenient_model(model: type[Listing]) -> type[Listing]:
    """`model` with every required field optional: to validate what is left once invalid fields are out."""
    optional: dict[str, Any] = {
        name: (Optional[Annotated[(info.annotation, *info.metadata)]] if info.metadata  # type: ignore[valid-type]
               else Optional[info.annotation], None)
        for name, info in model.model_fields.items() if info.is_required()
    }
    lenient = create_model(f"Lenient{model.__name__}", __base__=model, **optional)  # type: ignore[call-overload]
    return lenient  # type: ignore[no-any-return]


def _no_listings() -> _Found:
    return {kind: [] for kind in _MODELS}


def _received(pipe: Any) -> tuple[_Found, list[Problem]] | None:
    """What the loading child sent; None when it died or sent nothing (its half is loaded again)."""
    try:
        return pickle.load(pipe)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - any failure of the child means the same: load its half here
        return None
# From this many listing files a load is split between two processes (see _Loader._load_in_two).
PARALLEL_FILES = 2_000


def _can_fork(files: int) -> bool:
    # Linux only (fork is unsafe on macOS and missing on Windows), and never beside other threads,
    # which a forked child would lose mid-step (a `mkdocs serve` rebuild, a test's web server).
    return files >= PARALLEL_FILES and sys.platform == "linux" and threading.active_count() == 1


class _CacheRun:
    """One load_directory call's use of a ListingCache: the entries it finds, and the ones it keeps."""

    def __init__(self, cache: ListingCache, loader: _Loader):
        self.cache = cache
        self.loader = loader
        self.setting = (os.path.abspath(loader.directory.data_dir), loader._shown_root,
                        loader.context["today"], loader.directory.vocabulary)
        self.old = cache._entries if cache._setting == self.setting else {}
        self.new: dict[str, _CacheEntry] = {}
        self.start_ns = time.time_ns()
        cache.reused = cache.validated = 0

    def lookup(self, file: _File) -> tuple[Listing | None, bytes, Any]:
        """(the cached listing, b"", None) for an unchanged file; else (None, its bytes, what store needs)."""
        path, kind, region = file[0], file[1], file[2]
        st = os.stat(path)
        stat = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        region_zone = self.loader.region_zone(region)
        entry = self.old.get(path)
        if entry is not None and (entry.kind != kind or entry.region_zone != region_zone):
            entry = None
        if entry is not None and entry.stat == stat and entry.settled:
            self.cache.reused += 1
            self.new[path] = entry
            return entry.listing, b"", None
        raw = read_bytes(path)  # after the stat: a change after it shows in the next call's stat
        digest = _digest(raw)
        if entry is not None and entry.digest == digest:  # touched, or too recent to trust: same bytes
            self._keep(path, entry, stat, digest)
            return entry.listing, b"", None
        self.cache.validated += 1
        return None, raw, (stat, digest, region_zone)

    def _keep(self, path: str, entry: _CacheEntry, stat: tuple[int, int, int, int], digest: bytes) -> None:
        self.cache.reused += 1
        self.new[path] = _CacheEntry(stat, digest, self._settled(stat), entry.kind, entry.region_zone, entry.listing)

    def store(self, file: _File, state: Any, listing: Listing) -> None:
        """Keep a listing that was validated with no problem."""
        stat, digest, region_zone = state
        self.new[file[0]] = _CacheEntry(stat, digest, self._settled(stat), file[1], region_zone, listing)

    def _settled(self, stat: tuple[int, int, int, int]) -> bool:
        return self.start_ns - max(stat[1], stat[2]) > self.cache.SETTLE_NS

    def finish(self) -> None:
        self.cache._setting, self.cache._entries = self.setting, self.new


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


_SINGULAR = {"meetings": "meeting", "homes": "home", "communities": "community"}


# Folders below data/<kind>/: listings need one (the region); a few more are reported as misplaced files.
MAX_FOLDER_DEPTH = 4


def _refused_folder(parts: tuple[str, ...]) -> tuple[str, str]:
    if len(parts) > MAX_FOLDER_DEPTH:
        return (f"folders nest more than {MAX_FOLDER_DEPTH} deep here; nothing below this folder was read",
                "listings go in one region folder: move them there and delete the extra folders")
    return ("could not be read (a folder or file the system refuses to open)",
            "commit ordinary folders and text files, with short names")


def _walk_files(folder: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]],
                refused: list[tuple[str, ...]]) -> None:
    """Collect (relative path parts, path) of the files below `folder`, as Path.rglob would; hidden files left out.
    Symbolic links, devices, pipes and sockets go to `refused` (parts only): never followed, never read.

    Each folder's entries in name order: the paths come out sorted, as sorted(found) would give them.
    """
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=attrgetter("name"))
    except OSError:  # unreadable, or a path too long for the system
        refused.append(parts)
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False) and len(parts) >= MAX_FOLDER_DEPTH:
            refused.append((*parts, entry.name))  # not entered: a bound on the recursion and on path length
        elif entry.is_dir(follow_symlinks=False):
            _walk_files(entry.path, (*parts, entry.name), found, refused)
        elif entry.name.startswith("."):
            continue
        elif entry.is_file(follow_symlinks=False):
            found.append(((*parts, entry.name), entry.path))
        else:
            refused.append((*parts, entry.name))


# What content/ may hold besides Markdown pages: pictures and documents a page links to. No HTML,
# scripts, styles or SVG: those would run on the site's own origin (the site's own live in overrides/).
CONTENT_SUFFIXES = frozenset({".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf"})


def _content_problems(content_dir: Path) -> list[tuple[Path, tuple[str, str]]]:
    """(path, (message, hint)) for each file below content/ that must not be published; links not followed."""
    special = not_a_plain_file(content_dir)
    if special is not None:
        return [(content_dir, special)]
    if not content_dir.is_dir():
        return []
    found: list[tuple[Path, tuple[str, str]]] = []
    articles = content_dir / "articles"
    pending = [content_dir]
    while pending:  # a loop, not recursion: nesting depth is the volunteer's to choose
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            found.append((folder, ("is a folder that cannot be read", "keep content/ a few short folders deep")))
            continue
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or
                                          entry.is_file(follow_symlinks=False)):
                found.append((path, not_a_plain_file(path) or ("is not a plain file", "")))
            elif entry.is_dir(follow_symlinks=False):
                if not entry.name.startswith("."):
                    pending.append(path)
            elif not entry.name.startswith("."):  # MkDocs leaves hidden files out
                problem = _content_file_problem(path, articles)
                if problem is not None:
                    found.append((path, problem))
    return sorted(found)


def _content_file_problem(path: Path, articles: Path) -> tuple[str, str] | None:
    suffix = path.suffix.lower()
    if suffix in (".markdown", ".mdown", ".mkd"):
        return (f"a '{suffix}' file is not read: pages and articles end in .md", f"rename it to {path.stem}.md")
    if suffix not in CONTENT_SUFFIXES:
        return (f"a '{suffix or path.name}' file is not published from content/: only Markdown pages (.md), "
                "pictures (.png, .jpg, .gif, .webp, .avif) and PDFs are",
                "write the page in Markdown; the site's own styles and scripts live in overrides/")
    if suffix == ".md" and articles in path.parents and path.parent != articles:
        return ("an article inside a folder of content/articles/ is not read as an article",
                f"move it to content/articles/{path.name}")
    return None


def _slug_suggestion(text: str, fallback: str) -> str:
    """'Friday Night (Español)' → 'friday-night-espanol'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split())[:MAX_SLUG_LENGTH].strip("-") or fallback


def split_front_matter(text: str) -> tuple[str | None, str]:
    """`---` YAML `---` body → (yaml text, body). No front matter → (None, text)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :])
    return None, text


def _field_label(loc: tuple) -> str:
    label = ""
    for part in loc:
        if isinstance(part, int):
            label += f"[{part + 1}]"  # 1-based: volunteers count list items from one
        else:
            label += ("." if label else "") + str(part)
    return label
