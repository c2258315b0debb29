"""Load and validate a whole directory: every file, every problem, in one pass.

`load_directory` never raises for bad data: it returns what is valid plus a list of problems, so
`peerdir validate` can report everything at once and the site build can refuse with the same list.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, TypeVar

from pydantic import BaseModel, ValidationError

from peerdir.diagnostics import Problem, relative_path
from peerdir.models import ArticleMeta, Community, Home, Meeting, Region
from peerdir.models.common import SLUG_RE, Listing
from peerdir.validation_messages import describe
from peerdir.vocabulary import Vocabulary, default_vocabulary
from peerdir.yamlfile import YamlMapping, YamlProblem, parse_yaml_mapping, read_yaml_file, decode_utf8

ListingT = TypeVar("ListingT", bound=BaseModel)

DATA_ENV = "PEERDIR_DATA"
# Keys a volunteer might copy from a Meeting Guide feed but that come from the file's path here.
# Region slugs that would collide with the site's own cross-region pages (meetings/all/ …).
RESERVED_REGION_SLUGS = frozenset({"all", "online-now"})
_PATH_KEYS = {"slug": "the slug is the file name", "region": "the region is the folder the file is in"}


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


def load_directory(
    data_dir: Path, content_dir: Path | None = None, today: dt.date | None = None
) -> tuple[Directory, list[Problem]]:
    loader = _Loader(data_dir, today or dt.date.today())
    loader.load_regions()
    loader.load_listings()
    if content_dir is not None:
        loader.load_articles(content_dir / "articles")
    return loader.directory, sorted(loader.problems)


class _Loader:
    def __init__(self, data_dir: Path, today: dt.date):
        vocab = default_vocabulary().with_programs_file(data_dir / "programs.yaml")
        self.directory = Directory(data_dir=data_dir, vocabulary=vocab)
        self._shown_root = relative_path(data_dir)  # resolved once; per-file resolve() is slow
        self.problems: list[Problem] = []
        self.context = {"today": today, "vocabulary": vocab}

    # -- regions ------------------------------------------------------------------------------
    def load_regions(self) -> None:
        path = self.directory.data_dir / "regions.yaml"
        if not path.is_file():
            if any(self._listing_files("meetings")) or any(self._listing_files("homes")):
                self._report(path, 1, 1, "", "regions.yaml is missing",
                             "create data/regions.yaml with one entry per region folder")
            return
        doc = self._read(path)
        if doc is None:
            return
        for slug, value in doc.data.items():
            if not SLUG_RE.match(slug):
                line, col = doc.position((slug,), of_key=True)
                self._report(path, line, col, slug, f"region name '{slug}' is not a slug",
                             "use lowercase letters, digits and hyphens, e.g. palm-beach")
                continue
            if slug in RESERVED_REGION_SLUGS:
                line, col = doc.position((slug,), of_key=True)
                self._report(path, line, col, slug, f"'{slug}' is a reserved name: the site uses meetings/{slug}/ itself",
                             f"call the region something else, e.g. {slug}-region")
                continue
            region = self._validate(Region, value if value is not None else {}, path, doc, (slug,))
            if region is not None:
                self.directory.regions[slug] = region

    # -- listings -----------------------------------------------------------------------------
    def load_listings(self) -> None:
        seen: dict[tuple[str, str], Path] = {}
        for kind, model in (("meetings", Meeting), ("homes", Home), ("communities", Community)):
            for path, region in self._listing_files(kind):
                if not self._path_ok(path, kind, region, seen):
                    continue
                listing = self._load_listing(path, model, region)
                if listing is not None:
                    getattr(self.directory, kind).append(listing)
        for kind in ("meetings", "homes", "communities"):
            getattr(self.directory, kind).sort(key=lambda item: (item.region, item.slug))

    def _listing_files(self, kind: str) -> Iterator[tuple[Path, str]]:
        base = self.directory.data_dir / kind
        if not base.is_dir():
            return
        for path in sorted(base.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                parts = path.relative_to(base).parts
                yield path, (parts[0] if len(parts) > 1 else "")

    def _path_ok(self, path: Path, kind: str, region: str, seen: dict[tuple[str, str], Path]) -> bool:
        self.directory.files_checked += 1
        depth = len(path.relative_to(self.directory.data_dir / kind).parts)
        expected = f"data/{kind}/<slug>.yaml" if kind == "communities" else f"data/{kind}/<region>/<slug>.yaml"
        if depth != (1 if kind == "communities" else 2) or path.suffix != ".yaml":
            hint = "rename it to end in .yaml" if path.suffix == ".yml" else f"move it to {expected}"
            self._report(path, 1, 1, "", f"this file is not where {kind} listings go", hint)
            return False
        if not SLUG_RE.match(path.stem):
            suggestion = "-".join("".join(c if c.isalnum() else " " for c in path.stem.lower()).split())
            self._report(path, 1, 1, "", f"file name '{path.name}' is not a slug",
                         f"rename it to '{suggestion or 'my-listing'}.yaml': lowercase letters, digits, hyphens")
            return False
        if kind != "communities" and region not in self.directory.regions:
            self._report(path, 1, 1, "", f"region folder '{region}' is not in data/regions.yaml",
                         f"add '{region}:' to data/regions.yaml, or move the file to a listed region")
            return False
        key = (kind, path.stem)
        if key in seen:
            self._report(path, 1, 1, "", f"slug '{path.stem}' is already used by {relative_path(seen[key])}",
                         "give one of the two files another name; slugs are unique within a kind")
            return False
        seen[key] = path
        return True

    def _load_listing(self, path: Path, model: type[Listing], region: str) -> Listing | None:
        doc = self._read(path)
        if doc is None:
            return None
        listing = self._validate(model, doc.data, path, doc, ())
        if listing is None:
            return None
        listing.bind(path.stem, region, self._shown(path))
        region_zone = self.directory.regions[region].timezone if region else None
        if isinstance(listing, Meeting):
            listing.resolve_zone(region_zone)
            checks = listing.cross_field_problems(region_zone)
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
                self._report(path, 1, 1, "", f"file name '{path.name}' is not a slug",
                             "use lowercase letters, digits and hyphens")
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
            self._report(path, 1, 1, "", "the article has no front matter",
                         "start the file with a line '---', the fields title, summary, tags, reviewed_on, then '---'")
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
                if error["type"] == "extra_forbidden" and str(error["loc"][-1]) in _PATH_KEYS:
                    hint = _PATH_KEYS[str(error["loc"][-1])] + "; delete this line"
                self._report(path, line, col, _field_label(error["loc"]), message, hint)
            return None

    def _shown(self, path: Path) -> str:
        """The path as messages and edit links show it, relative to the working directory."""
        try:
            return f"{self._shown_root}/{path.relative_to(self.directory.data_dir).as_posix()}"
        except ValueError:
            return relative_path(path)

    def _report(self, path: Path, line: int, col: int, field_name: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self._shown(path), line, col, field_name, message, hint))


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
