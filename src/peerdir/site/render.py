"""Listing and index page bodies, from one compiled Jinja template per page kind.

Everything a volunteer typed passes through Jinja's autoescaping; links go through `href`, which
lets only http(s) and tel: URLs out. Links are relative, so a site served from a sub-path works.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from peerdir import i18n
from peerdir.directory import Article, Directory
from peerdir.models import Community, Home, Meeting
from peerdir.models.home import NARR_LEVELS, Cost
from peerdir.models.meeting import DAY_NAMES
from peerdir.site import display
from peerdir.site.constant_text import ConstantTranslations
from peerdir.site.meeting_links import dial_in, directions, map_links, payment_links
from peerdir.site.meeting_row import ListRowWriter, MeetingRows, escape, list_zone, rows_of  # noqa: F401 - escape: for generate.py too
from peerdir.site.venues import MAX_SHOWN, Venues
from peerdir.urls import SiteInfo, meeting_path, region_meetings_path

ONLINE_PATH = "meetings/online-now/"
# Rows (a meeting on two days is two rows) on one list page: about 25 KB compressed, which keeps a
# page under 100 KB with the theme's stylesheets and scripts. Longer lists get a page per day, and
# a long day is split by the meetings' own start times.
MAX_LIST_ROWS = 700
DAY_PARTS = (("morning", "Morning, 4:00 AM to noon", 240, 720), ("afternoon", "Afternoon, noon to 5:00 PM", 720, 1020),
             ("evening", "Evening, 5:00 to 9:00 PM", 1020, 1260), ("night", "Night, 9:00 PM to 4:00 AM", 1260, 240))


def _clock(minute: int) -> str:
    hour = minute // 60 % 24
    return f"{(hour - 1) % 12 + 1}:00 {'AM' if hour < 12 else 'PM'}"


TWO_HOUR_PARTS = tuple((f"from-{m // 60 % 24:02d}", f"{_clock(m)} to {_clock(m + 120)}", m % 1440, (m + 120) % 1440)
                       for m in range(240, 240 + 1440, 120))


@dataclass(frozen=True)
class RenderedPage:
    path: str  # site path, e.g. "meetings/chicago/monday-night/"
    title: str  # plain text
    description: str  # plain text
    html: str  # the page body, starting with its <h1>


@dataclass
class SiteContext:
    """What every page body needs: the data, the site, the clock and a few settings."""

    directory: Directory
    site: SiteInfo
    today: dt.date
    stale_after_days: int = 180
    jsonld: Callable[[Any], dict | None] = field(default=lambda listing: None)
    correction_links: Callable[[Any, str], dict[str, str]] | None = None
    language: str = "en"  # the pages' language (peerdir.i18n); a site in two has a context for each

    @cached_property
    def rows(self) -> MeetingRows:
        """Each meeting's row view, made once for every list, sheet, embed and hour file."""
        return rows_of(self.directory, self.language)

    @cached_property
    def type_names(self) -> dict[str, str]:
        """{type code: name} in the pages' language."""
        return display.type_names_in(self.directory.vocabulary, self.language)

    @cached_property
    def venues(self) -> Venues:
        """The meetings grouped by place, for "Other meetings here"."""
        return Venues(self.directory.meetings)

    @cached_property
    def region_names(self) -> dict[str, str]:
        return {slug: region.name for slug, region in self.directory.regions.items()}


_SAFE_PREFIXES = ("https://", "http://", "tel:")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


RegionTree = list[tuple[str, "RegionTree"]]


def region_tree(directory: Directory) -> RegionTree:
    """The regions as (key, subregions) under their parents, each level in regions.yaml's order.

    A region the walk from the top does not reach (on a cycle of parents, which the loader reports)
    is listed at the top, so that no region drops out of the index."""
    below: dict[str | None, list[str]] = {}
    for key in directory.regions:
        path = directory.region_path(key)
        below.setdefault(path[-2] if len(path) > 1 else None, []).append(key)
    seen: set[str] = set()

    def level(keys: list[str]) -> RegionTree:
        fresh = [key for key in keys if key not in seen]
        seen.update(fresh)
        return [(key, level(below.get(key, []))) for key in fresh]

    tree = level(below.get(None, []))
    return tree + level([key for key in directory.regions if key not in seen])


def href(url: str | None) -> str:
    """A link target that is safe to emit: http(s) or tel: only, else an empty string."""
    if not url:
        return ""
    if url.startswith(_SAFE_PREFIXES):  # the common case, without parsing the URL
        return url
    scheme = urlsplit(url).scheme.lower()
    return url if scheme in ("http", "https", "tel") else ""


def tel(number: str | None) -> str:
    if not number:
        return ""
    dial = re.sub(r"[^0-9+,*#]", "", number)
    return "tel:" + quote(dial, safe="+,*")


def directions_url(listing: Meeting | Home) -> str:
    """OpenStreetMap's link to the listing (a home's page has this one)."""
    lat, lon = getattr(listing, "latitude", None), getattr(listing, "longitude", None)
    return map_links(lat, lon, (listing.address, listing.city, listing.state, listing.postal_code))[0][1]


def long_date(value: dt.date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"  # English whatever the machine's locale


def json_script(data: Any) -> Markup:
    """JSON for a <script> element: '<' is escaped so text can never close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def relative_base(path: str) -> str:
    """From a page at `path` back to the site root: '' → '', 'a/b/' → '../../'."""
    return "../" * path.count("/")


class _PageEnvironment(Environment):
    """Jinja's environment with each template's globals in a plain dict.

    Jinja keeps them in a ChainMap over the environment's globals, and every render copies them
    key by key in Python (measured: 3 % of a 10,000-listing build). The renderer sets every global
    before it loads its first template, so a snapshot is all a template needs.
    """

    def make_globals(self, d: Any = None) -> Any:
        return {**self.globals, **(d or {})}


def remembered_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's gettext for templates (`_()` and `{% trans %}`, newstyle: escaped, then %-formatted)
    with each text given without variables made once: a meeting page asks for some twenty, the same
    on every page (measured: 4 % of the build's CPU in Jinja's calls). Positional-only, as Jinja's
    own, so a variable may be called `string`."""
    made: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(context: Context, string: str, /, **variables: Any) -> str:
        autoescape = bool(context.eval_ctx.autoescape)
        if not variables and (found := made.get((string, autoescape))) is not None:
            return found
        text: str = translate(string)
        if autoescape:
            text = Markup(text)
        text = text % variables  # always a format string, as in Jinja ("%%" is "%")
        if not variables:
            made[(string, autoescape)] = text
        return text

    return gettext


def _environment(language: str = "en", remember: bool = True) -> Environment:
    env = _PageEnvironment(
        extensions=["jinja2.ext.i18n", *([ConstantTranslations] if remember else [])],
        loader=PackageLoader("peerdir", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        auto_reload=False,  # templates are package files; a stat per render adds up over 10,000 pages
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        href=href, tel=tel, clock12=display.clock_12h, clock24=display.clock_24h,
        minutes=display.minutes, days=display.day_list, long_date=long_date, json_script=json_script,
        directions=directions_url,
    )
    env.globals.update(DAY_NAMES=DAY_NAMES, DAY_SLUGS=tuple(name.lower() for name in DAY_NAMES), language=language,
                       narr_names=NARR_LEVELS)
    # `word`: a value from a model's fixed list (genders, formats, statuses…) in the page's language; plain
    # gettext, never %-formatted (`_()` in a template is), and never given volunteer text.
    translate = i18n.translations(language).gettext
    env.filters.update(word=translate, cost_label=lambda cost: _cost_label(cost, language, translate))
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    if remember:  # `_()` straight to it, without Jinja's alias looking `gettext` up on every call
        env.globals["gettext"] = env.globals["_"] = remembered_gettext(translate)
        ConstantTranslations.use(env, translate)  # and texts without variables translated once, when compiled
    if language != "en":  # English keeps display's own functions: its pages stay as they were
        names = i18n.day_names(language)
        env.filters.update(clock12=lambda value: i18n.clock(value, language),
                           days=lambda days: _day_list(days, names, i18n.translations(language).gettext),
                           long_date=lambda value: i18n.long_date(value, language))
        env.globals.update(DAY_NAMES=names)
    return env


def _cost_label(cost: Cost, language: str, translate: Callable[[str], str]) -> str:
    """"$1,200 per month" (the model's label), "$1,200 por mes" in Spanish."""
    if language == "en":
        return cost.label
    return translate(f"{{amount}} per {cost.per}").format(amount=cost.label.rsplit(" per ", 1)[0])


def _day_list(days: list[int], names: tuple[str, ...], gettext: Callable[[str], str]) -> str:
    """display.day_list in another language: "Lunes, Miércoles y Viernes"."""
    if len(days) == 7:
        return gettext("Every day")
    shown = [names[day].lower() for day in days]  # "Lunes y jueves": a name mid-sentence is lowercase
    text = shown[0] if len(shown) == 1 else gettext("%(days)s and %(last)s") % {"days": ", ".join(shown[:-1]),
                                                                               "last": shown[-1]}
    return text[:1].upper() + text[1:]


class PageRenderer:
    """Renders page bodies; templates are compiled once per renderer."""

    def __init__(self, ctx: SiteContext, lists: dict[tuple, tuple[tuple[Meeting, ...], RenderedPage]] | None = None):
        self.ctx = ctx
        # `mkdocs serve`: list pages from the last build, kept while they list the very same meetings.
        self.lists = lists
        self.env = _environment(ctx.language)
        self.env.globals.update(
            site=ctx.site, today=ctx.today, vocab=ctx.directory.vocabulary, region_names=ctx.region_names,
            zone_label=lambda zone: display.zone_label_in(zone, ctx.today, ctx.language),
            is_stale=lambda d: display.is_stale(d, ctx.today, ctx.stale_after_days),
            stale_after_days=ctx.stale_after_days,
        )
        self._templates: dict[str, Any] = {}
        self.rows = ctx.rows
        self._ = i18n.translations(ctx.language).gettext  # the pages' Python-made text
        self.day_names = i18n.day_names(ctx.language)

    def _render(self, name: str, **values: Any) -> str:
        template = self._templates.get(name)
        if template is None:
            template = self._templates[name] = self.env.get_template(name)
        return template.render(**values)

    def _correction(self, listing: Any, path: str) -> dict[str, str]:
        if self.ctx.correction_links is not None:
            return self.ctx.correction_links(listing, path)
        edit = self.ctx.site.edit_url(listing.source)
        return {"edit": edit} if edit else {}

    def _listing_page(self, template: str, listing: Any, path: str, title: str, description: str,
                      **values: Any) -> RenderedPage:
        body = self._render(
            template, item=listing, base=relative_base(path), path=path,
            correction=self._correction(listing, path), jsonld=self.ctx.jsonld(listing), **values)
        return RenderedPage(path, title, description, body)

    # -- one listing --------------------------------------------------------------------------
    def meeting(self, meeting: Meeting) -> RenderedPage:
        path = f"meetings/{meeting.region}/{meeting.slug}/"
        _ = self._
        days, clock = self.env.filters["days"], self.env.filters["clock12"]
        description = i18n.fill(
            _("{program} meeting, {days} at {time}, {attendance}"), self.ctx.language,
            program=meeting.program, days=days(meeting.day), time=clock(meeting.time),
            attendance=_(meeting.attendance.label).lower())
        others = self.ctx.venues.others(meeting)
        return self._listing_page("meeting.html", meeting, path, meeting.name, description,
                                  type_names=display.type_names(meeting, self.ctx.type_names),
                                  dial=dial_in(meeting), maps=directions(meeting),
                                  payments=payment_links(meeting),
                                  country=display.shown_country(meeting, self.ctx.directory.region_country(
                                      meeting.region), self.ctx.language),
                                  others=[(meeting_path(m), m) for m in others[:MAX_SHOWN]],
                                  more_here=max(0, len(others) - MAX_SHOWN))

    def shown_with(self, listing: Any) -> tuple:
        """The other listings a listing's page shows (a meeting's "Other meetings here"): its page
        is made again when any of them changes."""
        return tuple(self.ctx.venues.others(listing)) if isinstance(listing, Meeting) else ()

    def home(self, home: Home) -> RenderedPage:
        path = f"homes/{home.region}/{home.slug}/"
        description = i18n.fill(self._("Recovery residence for {gender} in {city}, {state}"), self.ctx.language,
                                gender=self._(home.gender_label).lower(), city=home.city, state=home.state)
        return self._listing_page("home.html", home, path, home.name, description)

    def community(self, community: Community) -> RenderedPage:
        path = f"communities/{community.slug}/"
        description = i18n.fill(self._("Online recovery community: {format}, {approaches}"), self.ctx.language,
                                format=self._(community.format),
                                approaches=", ".join(self._(approach) for approach in community.approach))
        return self._listing_page("community.html", community, path, community.name, description)

    # -- index pages --------------------------------------------------------------------------
    def meetings_index(self) -> RenderedPage:
        d = self.ctx.directory
        counts = {slug: len(d.meetings_in(slug)) for slug in d.regions}
        programs: dict[str, int] = {}
        for meeting in d.meetings:
            programs[meeting.program] = programs.get(meeting.program, 0) + 1
        full_names = self._names_in(d.meetings)[1]
        body = self._render("meetings_index.html", base=relative_base("meetings/"), counts=counts,
                            tree=region_tree(d), total=len(d.meetings),
                            programs=[(name, full_names[name], n) for name, n in sorted(programs.items())],
                            show_all=not is_long(d.meetings))
        return RenderedPage("meetings/", self._("Meetings"), self._("Find a recovery meeting by region, day and time."),
                            body)

    def region_meetings(self, region: str) -> list[RenderedPage]:
        """The region's meetings by day: one page, or a page per day when the list is long."""
        name = self.ctx.region_names[region]
        return self._day_lists(region_meetings_path(region), self._("Meetings in {name}").format(name=name),
                               self.ctx.directory.meetings_in(region), region)

    def all_meetings(self) -> RenderedPage:
        return self._meeting_list("meetings/all/", self._("All meetings"), self.ctx.directory.meetings, region=None)

    def online_meetings(self) -> list[RenderedPage]:
        """All online and hybrid meetings: one page, or a page per day when the list is long."""
        online = [m for m in self.ctx.directory.meetings if m.is_online]
        return self._day_lists(ONLINE_PATH, self._("Online and hybrid meetings"), online, region=None)

    def _day_lists(self, path: str, title: str, meetings: list[Meeting], region: str | None) -> list[RenderedPage]:
        """One list page; or, past MAX_LIST_ROWS, a page of days at `path` and a page per day below it,
        each long day split again into parts of the day."""
        if not is_long(meetings):
            return [self._meeting_list(path, title, meetings, region)]
        pages: list[RenderedPage] = []
        counts = []
        for day, name in enumerate(DAY_NAMES):
            on_day = [m for m in meetings if day in m.day]
            counts.append(len(on_day))
            day_path = f"{path}{name.lower()}/"
            day_title = self._("{title} on {day}s").format(title=title, day=self.day_names[day])
            if len(on_day) <= MAX_LIST_ROWS:
                pages.append(self._meeting_list(day_path, day_title, on_day, region, day=day, index="../"))
            else:
                pages += self._day_parts(day_path, day_title, on_day, region, day)
        region_info = self.ctx.directory.regions.get(region) if region else None
        body = self._render("day_index.html", base=relative_base(path), title=title, counts=counts,
                            total=len(meetings), region=region, region_info=region_info)
        description = self._("{count} recovery meetings by day and time.").format(count=len(meetings))
        return [RenderedPage(path, title, description, body), *pages]

    def _day_parts(self, path: str, title: str, meetings: list[Meeting], region: str | None,
                   day: int) -> list[RenderedPage]:
        """A day's page listing its parts, and one page per part of the day."""
        counts: list[tuple[str, str, int]] = []
        pages: list[RenderedPage] = []
        # A day too long even for four parts (a national online list) is split into two-hour windows.
        parts = DAY_PARTS if len(meetings) <= len(DAY_PARTS) * MAX_LIST_ROWS else TWO_HOUR_PARTS
        for slug, label, start, end in parts:
            chosen = [m for m in meetings if _starts_within(m, start, end)]
            label = self._(label) if parts is DAY_PARTS else label
            counts.append((slug, label, len(chosen)))
            name = label.split(",")[0]
            part_title = f"{title}: {name[0].lower()}{name[1:]}"
            pages.append(self._meeting_list(f"{path}{slug}/", part_title, chosen, region, day=day, index="../../"))
        body = self._render("day_parts.html", base=relative_base(path), title=title, parts=counts,
                            total=len(meetings))
        return [RenderedPage(path, title, self._("{count} recovery meetings.").format(count=len(meetings)), body),
                *pages]

    def _meeting_list(self, path: str, title: str, meetings: list[Meeting], region: str | None,
                      day: int | None = None, index: str | None = None) -> RenderedPage:
        """A list of meetings by day; `day` keeps only that day's rows, `index` links a split list's
        page of days (whose "on now" data the finder loads there)."""
        key = (path, title, region, day, index)
        kept = self.lists.get(key) if self.lists is not None else None
        if kept is not None and len(kept[0]) == len(meetings) and all(
                a is b for a, b in zip(kept[0], meetings, strict=True)):
            return kept[1]
        page = self._render_meeting_list(path, title, meetings, region, day, index)
        if self.lists is not None:
            self.lists[key] = (tuple(meetings), page)
        return page

    def _render_meeting_list(self, path: str, title: str, meetings: list[Meeting], region: str | None,
                             day: int | None, index: str | None) -> RenderedPage:
        by_day = self.rows.by_day(meetings)
        if day is not None:
            by_day = [rows if d == day else [] for d, rows in enumerate(by_day)]
        region_info = self.ctx.directory.regions.get(region) if region else None
        type_names, program_names = self._names_in(meetings)
        base = relative_base(path)
        zone = list_zone(by_day, region_info.timezone if region_info else None)
        writer = ListRowWriter(self.ctx.today, path, multi_zone=not (region_info and region_info.timezone),
                               rows=self.rows, language=self.ctx.language, zone=zone)
        body = self._render("meeting_list.html", base=base, title=title, row_zone=zone,
                            by_day=[writer.html(rows) for rows in by_day],
                            region=region, region_info=region_info, count=len(meetings),
                            type_names=type_names, program_names=program_names, index=index)
        description = self._("{count} recovery meetings by day and time.").format(count=len(meetings))
        return RenderedPage(path, title, description, body)

    def _names_in(self, meetings: list[Meeting]) -> tuple[dict[str, str], dict[str, str]]:
        """{type code: name} and {program: full name} for the codes and programs these meetings use."""
        vocab = self.ctx.directory.vocabulary
        names = self.ctx.type_names
        types = {code: names.get(code, code) for code in {c for m in meetings for c in m.types}}
        programs = {}
        for name in {m.program for m in meetings}:
            program = vocab.program(name)
            programs[name] = self._(program.full_name) if program else name  # a directory's own: as written
        return types, programs

    def homes_index(self) -> RenderedPage:
        d = self.ctx.directory
        counts = {slug: len(d.homes_in(slug)) for slug in d.regions}
        body = self._render("homes_index.html", base=relative_base("homes/"), counts=counts, total=len(d.homes))
        return RenderedPage("homes/", self._("Sober living homes"), self._("Recovery residences by region."), body)

    def region_homes(self, region: str) -> RenderedPage:
        path = f"homes/{region}/"
        name = self.ctx.region_names[region]
        body = self._render("home_list.html", base=relative_base(path), region=region, region_name=name,
                            homes=self.ctx.directory.homes_in(region))
        return RenderedPage(path, self._("Sober living homes in {name}").format(name=name),
                            self._("Recovery residences in {name}.").format(name=name), body)

    def communities_index(self) -> RenderedPage:
        body = self._render("community_list.html", base=relative_base("communities/"),
                            communities=self.ctx.directory.communities)
        return RenderedPage("communities/", self._("Online communities"),
                            self._("Online recovery communities: forums, chats, video meetings and apps."), body)

    def articles_index(self) -> RenderedPage:
        """The articles in the page's language; in another than English, its translations first, then
        the articles not yet translated, marked as in English and leading to them."""
        directory, language = self.ctx.directory, self.ctx.language
        own = directory.translations.get(language, {})
        articles = _by_title(directory.articles if language == "en" else own.values())
        originals = [] if language == "en" else _by_title(a for a in directory.articles if a.meta.slug not in own)
        tags = sorted({tag for a in articles for tag in a.meta.tags})
        body = self._render("article_list.html", base=relative_base("articles/"), articles=articles, tags=tags,
                            originals=originals, originals_base=relative_base(f"{language}/articles/"),
                            language=language)
        return RenderedPage("articles/", self._("Coping strategies"),
                            self._("Short articles on cravings, triggers and more."), body)

    def article_header(self, article: Article, path: str) -> str:
        return self._render("article_header.html", article=article, base=relative_base(path))

    def article_footer(self, article: Article, path: str) -> str:
        return self._render("article_footer.html", article=article, base=relative_base(path),
                            jsonld=self.ctx.jsonld(article))


def _by_title(articles: Iterable[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: a.meta.title.lower())


def list_rows(meetings: list[Meeting]) -> int:
    return sum(len(m.day) for m in meetings)


def is_long(meetings: list[Meeting]) -> bool:
    """Whether a list of meetings is split into a page per day."""
    return list_rows(meetings) > MAX_LIST_ROWS


def split_lists(directory: Directory) -> list[tuple[str, list[Meeting]]]:
    """(path, meetings) of every list that is split into day pages: its day data goes beside it."""
    lists = [(region_meetings_path(region), directory.meetings_in(region)) for region in directory.regions]
    lists.append((ONLINE_PATH, [m for m in directory.meetings if m.is_online]))
    return [(path, meetings) for path, meetings in lists if meetings and is_long(meetings)]


def _starts_within(meeting: Meeting, start: int, end: int) -> bool:
    """Whether the meeting starts in [start, end) minutes after midnight; end < start wraps midnight."""
    t = display.minutes(meeting.time)
    return start <= t < end if start < end else (t >= start or t < end)
