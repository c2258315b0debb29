"""Load and validate a whole directory: every file, every problem, in one pass.

`load_directory` never raises for bad data: it returns what is valid plus a list of problems, so
`peerdir validate` can report everything at once and the site build can refuse with the same list.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from peerdir.diagnostics import Problem, relative_path
from peerdir.models import ArticleMeta, Community, Home, Meeting, Region
from peerdir.models.common import SLUG_RE, Listing, Text, closest
from peerdir.validation_messages import describe
from peerdir.vocabulary import Vocabulary, _programs_from, default_vocabulary
from peerdir.yamlfile import YamlMapping, YamlProblem, decode_utf8, is_blank, parse_yaml_mapping, read_yaml_file

ListingT = TypeVar("ListingT", bound=BaseModel)

DATA_ENV = "PEERDIR_DATA"
# Keys a volunteer might copy from a Meeting Guide feed but that come from the file's path here.
# Region slugs that would collide with the site's own pages (meetings/all/, print/communities/ …).
RESERVED_REGION_SLUGS = frozenset({"all", "online-now", "communities", "homes"})
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
    data_dir: Path, content_dir: Path | None = None, today: dt.date | None = None
) -> tuple[Directory, list[Problem]]:
    # Loading allocates many small objects that all stay alive (the listings) or die young without
    # cycles (parse trees): the cycle collector's passes over them are ~10% of a big load, for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loader = _Loader(data_dir, today or dt.date.today())
        loader.load_regions()
        loader.load_listings()
        if content_dir is not None:
            loader.load_articles(content_dir / "articles")
    finally:
        if collecting:
            gc.enable()
    return loader.directory, sorted(loader.problems)


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
        if not path.is_file():
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
        if not path.is_file():
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
                             f"the region name '{slug}' is not lowercase letters, digits and single hyphens",
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
    def load_listings(self) -> None:
        seen: dict[tuple[str, str], Path] = {}
        for kind, model in (("meetings", Meeting), ("homes", Home), ("communities", Community)):
            shown_folder = f"{self._shown_root}/{kind}"
            for path, region, parts in self._listing_files(kind):
                if not self._path_ok(path, parts, kind, region, seen):
                    continue
                listing = self._load_listing(path, model, region, f"{shown_folder}/{'/'.join(parts)}")
                # A listing whose region entry is broken is checked (its problems are reported) but
                # left out, so every listing in the Directory has its region in directory.regions.
                if listing is not None and (not region or region in self.directory.regions):
                    getattr(self.directory, kind).append(listing)
        for kind in ("meetings", "homes", "communities"):
            getattr(self.directory, kind).sort(key=lambda item: (item.region, item.slug))

    def _listing_files(self, kind: str) -> Iterator[tuple[Path, str, tuple[str, ...]]]:
        """(path, region folder, path parts below data/<kind>/) of every file there, sorted; '' for no folder."""
        base = self.directory.data_dir / kind
        if not base.is_dir():
            return
        found: list[tuple[str, ...]] = []
        _walk_files(str(base), (), found)
        for parts in sorted(found):
            yield base.joinpath(*parts), (parts[0] if len(parts) > 1 else ""), parts

    def _path_ok(self, path: Path, parts: tuple[str, ...], kind: str, region: str,
                 seen: dict[tuple[str, str], Path]) -> bool:
        self.directory.files_checked += 1
        singular, flat = _SINGULAR[kind], kind == "communities"
        stem, suffix = (path.name.rsplit(".", 1) + [""])[:2] if "." in path.name[1:] else (path.name, "")
        if suffix != "yaml":
            if suffix == "yml":
                message, hint = "the file name ends in .yml; listing files end in .yaml", f"rename it to '{stem}.yaml'"
            else:
                message = f"found '{path.name}' among the {kind}; only .yaml listing files belong in this folder"
                hint = f"rename it to '{stem}.yaml' if it is a listing, otherwise move it out of the data folder"
            self._report(path, 1, 1, "", message, hint)
            return False
        if len(parts) != (1 if flat else 2):
            folder = f"{self._shown_root}/{kind}"
            expected = f"{folder}/<name>.yaml" if flat else f"{folder}/<region>/<name>.yaml"
            if flat:
                target = f"{folder}/{path.name}"
            elif len(parts) > 2:
                target = f"{folder}/{parts[0]}/{path.name}"
            else:
                target = f"{folder}/<region>/{path.name}, where <region> is a region named in {self._regions_file}"
            self._report(path, 1, 1, "", f"this {singular} file is in the wrong folder; {kind} go in {expected}",
                         f"move it to {target}")
            return False
        if not SLUG_RE.match(stem):
            self._report(path, 1, 1, "",
                         f"the file name '{path.name}' is not lowercase letters, digits and single hyphens",
                         f"rename it to '{_slug_suggestion(stem, 'my-listing')}.yaml'")
            return False
        declared = self._declared_regions
        if not flat and declared is not None and region not in declared:
            match = closest(region, declared)
            listed = ", ".join(sorted(declared)[:8]) + (", …" if len(declared) > 8 else "")
            regions_file = self._regions_file
            hint = (f"did you mean the folder '{match}'? Otherwise add '{region}:' to {regions_file}" if match else
                    f"add '{region}:' to {regions_file}, or move the file into one of: {listed or 'no regions yet'}")
            self._report(path, 1, 1, "", f"the region folder '{region}' is not listed in {regions_file}", hint)
            return False
        key = (kind, stem)
        if key in seen:
            self._report(path, 1, 1, "", f"the name '{stem}' is already used by {self._shown(seen[key])}; "
                         f"every {singular} needs its own file name",
                         f"rename one of the two, e.g. to '{stem}-{region or 'online'}.yaml'")
            return False
        seen[key] = path
        return True

    def _load_listing(self, path: Path, model: type[Listing], region: str, shown: str) -> Listing | None:
        doc = self._read(path)
        if doc is None:
            return None
        listing = self._validate(model, doc.data, path, doc, ())
        if listing is None:
            return None
        listing.bind(path.stem, region, shown)
        known = region in self.directory.regions
        region_zone = self.directory.regions[region].timezone if known else None
        if isinstance(listing, Meeting):
            listing.resolve_zone(region_zone)
            checks = listing.cross_field_problems(region_zone)
            if region and not known:  # the region's entry is broken (already reported): its zone is unknown
                checks = [check for check in checks if check[0] != "timezone"]
        else:
            checks = listing.cross_field_problems() if isinstance(listing, Home) else []
        for field_name, message, hint in checks:
            line, col = doc.position((field_name,), of_key=True)
            self._report(path, line, col, field_name, message, hint)
        return None if checks else listing

    # -- articles -----------------------------------------------------------------------------
    def load_articles(self, articles_dir: Path) -> None:
        if not articles_dir.is_dir():
            return
        for path in sorted(articles_dir.glob("*.md")):
            if path.name == "index.md":
                continue
            self.directory.files_checked += 1
            if not SLUG_RE.match(path.stem):
                self._report(path, 1, 1, "",
                             f"the file name '{path.name}' is not lowercase letters, digits and single hyphens",
                             f"rename it to '{_slug_suggestion(path.stem, 'my-article')}.md'")
                continue
            article = self._load_article(path)
            if article is not None:
                self.directory.articles.append(article)

    def _load_article(self, path: Path) -> Article | None:
        try:
            text = decode_utf8(path.read_bytes())
        except YamlProblem as err:
            self._report(path, err.line, err.col, "", err.message, err.hint)
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
        meta = self._validate(ArticleMeta, doc.data, path, doc, ())
        if meta is None:
            return None
        return Article(meta=meta.bind(path.stem, body), source=relative_path(path))

    # -- shared -------------------------------------------------------------------------------
    def _read(self, path: Path) -> YamlMapping | None:
        try:
            return read_yaml_file(path)
        except YamlProblem as err:
            self._report(path, err.line, err.col, "", err.message, err.hint)
            return None

    def _validate(self, model: type[ListingT], data: Any, path: Path, doc: YamlMapping, base: tuple) -> ListingT | None:
        try:
            return model.model_validate(data, context=self.context)
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
                self._report(path, line, col, _field_label(loc), message, hint)
            return None

    def _shown(self, path: Path) -> str:
        """The path as messages and edit links show it, relative to the working directory."""
        try:
            return f"{self._shown_root}/{path.relative_to(self.directory.data_dir).as_posix()}"
        except ValueError:
            return relative_path(path)

    def _report(self, path: Path, line: int, col: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self._shown(path), line, col, field_name, message, hint))


_SINGULAR = {"meetings": "meeting", "homes": "home", "communities": "community"}


def _walk_files(folder: str, parts: tuple[str, ...], found: list[tuple[str, ...]]) -> None:
    """Collect relative paths of the files below `folder`, as Path.rglob would; hidden files left out."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _walk_files(entry.path, (*parts, entry.name), found)
            elif not entry.name.startswith(".") and entry.is_file():
                found.append((*parts, entry.name))


def _slug_suggestion(text: str, fallback: str) -> str:
    """'Friday Night (Español)' → 'friday-night-espanol'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.sub(r"[^a-z0-9]+", " ", ascii_text).split()) or fallback


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
