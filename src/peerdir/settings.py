"""One `Settings` model: `extra.peerdir` in mkdocs.yml and the PEERDIR_* environment, bounded.

The hook and every command read their settings here, so a value means the same everywhere and a
wrong one is refused with one clear line (`SettingsError`) instead of a traceback. mkdocs.yml is
read by MkDocs for the hook; the commands read it with `read_mkdocs_yml`, which understands MkDocs'
`!ENV` tag and ignores the others (`!!python/name:` …).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from peerdir.i18n import LANGUAGES

DEFAULT_STALE_DAYS = 180
MAX_STALE_DAYS = 36_500  # a hundred years: anything more is a typo
MAX_TEXT = 2_000  # an address or branch name longer than this is no address

# Where each field comes from, as the volunteer would write it (also the error messages' wording).
ENVIRONMENT = {
    "today": "PEERDIR_TODAY",  # pins the build's date (tests, previews of a later day)
    "data": "PEERDIR_DATA",  # the data folder, instead of data/ beside mkdocs.yml
    "site_url": "PEERDIR_SITE_URL",  # the live address (a custom domain) for the commands
    "repo_url": "PEERDIR_REPO_URL",  # the repository the commands' edit links point to
    "env_branch": "PEERDIR_BRANCH",  # the branch those links edit
    "search_index": "PEERDIR_SEARCH_INDEX",  # 0: build without a search index (faster previews)
    "search_shard_pages": "PEERDIR_SEARCH_SHARD_PAGES",  # pages per Pagefind index
    "fork_extras": "PEERDIR_FORK_EXTRAS",  # 1 or 0: feeds in a forked child or not (default: by size)
}
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
MKDOCS_KEYS = ("repository", "branch", "stale_after_days", "languages", "site_name_es")  # extra.peerdir in mkdocs.yml
_OFF = ("0", "false", "no", "off")


class SettingsError(ValueError):
    """A setting that cannot be used: the message names it, what was found and what is expected."""


def _pinned_date(value: Any) -> Any:
    text = value.strip() if isinstance(value, str) else value
    if text in (None, ""):
        return None
    if isinstance(text, dt.date):
        return text
    try:
        if isinstance(text, str) and len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise PydanticCustomError("pinned_date", "must be a date like 2026-11-23, not {found}",
                              {"found": repr(str(text)[:40])})


def _switch(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower() not in _OFF
    return value


def _optional_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _whole_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).strip().isdigit():
        if value in (None, ""):
            return value
        raise PydanticCustomError("whole_number", "must be a whole number, not {found}",
                                  {"found": repr(str(value)[:40])})
    return int(value)


def _languages(value: Any) -> Any:
    """`[en, es]`: the site's languages, the first at the site's root; one, unique, known (peerdir.i18n)."""
    if value in (None, "", []):
        return ["en"]
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise PydanticCustomError("languages", "must be a list of language codes like [en, es], not {found}",
                                  {"found": repr(str(value)[:40])})
    codes = [item.strip().lower() for item in items]
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown or len(set(codes)) != len(codes) or codes[0] != "en":
        raise PydanticCustomError("languages", "must start with en and name each of {known} at most once, "
                                  "not {found}", {"known": ", ".join(LANGUAGES), "found": repr(codes)[:60]})
    return codes


# Bounds (Field) before the BeforeValidator: pydantic then checks them with their own messages.
Text = Annotated[str | None, Field(max_length=MAX_TEXT), BeforeValidator(_optional_text)]


class Settings(BaseModel):
    """Every setting peerdir reads, whichever file or variable it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    # mkdocs.yml, extra.peerdir
    repository: Text = None  # where "suggest a correction" links point
    branch: Annotated[str, Field(max_length=200), BeforeValidator(lambda v: _optional_text(v) or "main")] = "main"
    stale_after_days: Annotated[int, Field(ge=0, le=MAX_STALE_DAYS), BeforeValidator(_whole_number)] = \
        DEFAULT_STALE_DAYS
    # The site's languages: English at the root, each other under /<code>/ (default: English only).
    languages: Annotated[tuple[str, ...], Field(max_length=8), BeforeValidator(_languages)] = ("en",)
    site_name_es: Text = None  # the site's name on its Spanish pages (default: mkdocs.yml's site_name)
    # the environment
    today: Annotated[dt.date | None, BeforeValidator(_pinned_date)] = None
    data: Annotated[Path | None, BeforeValidator(lambda v: _optional_text(v))] = None
    site_url: Text = None
    repo_url: Text = None
    env_branch: Annotated[str | None, Field(max_length=200), BeforeValidator(_optional_text)] = None
    search_index: Annotated[bool, BeforeValidator(_switch)] = True
    search_shard_pages: Annotated[int | None, Field(ge=1, le=1_000_000), BeforeValidator(_whole_number)] = None
    fork_extras: Annotated[bool | None, BeforeValidator(_switch)] = None  # None: by the directory's size

    @classmethod
    def read(cls, extra: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """From mkdocs.yml's `extra.peerdir` mapping and the environment (default: os.environ)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if extra is not None:
            if not isinstance(extra, Mapping):
                raise SettingsError("extra.peerdir in mkdocs.yml must be a mapping of settings "
                                    f"({', '.join(MKDOCS_KEYS)})")
            values.update({key: value for key, value in extra.items() if value is not None})
        values.update({name: env[var] for name, var in ENVIRONMENT.items() if env.get(var, "").strip()})
        try:
            return cls(**values)
        except ValidationError as error:
            raise SettingsError(_explain(error)) from None

    def build_date(self) -> dt.date:
        """The build's date: PEERDIR_TODAY when pinned, else today."""
        return self.today or dt.date.today()


def _explain(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        where = ENVIRONMENT.get(name) or (f"extra.peerdir.{name} in mkdocs.yml" if name in MKDOCS_KEYS else
                                          f"extra.peerdir.{name[:40]!r} in mkdocs.yml")
        if item["type"] == "extra_forbidden":
            lines.append(f"{where} is not a setting peerdir knows (it knows {', '.join(MKDOCS_KEYS)})")
        elif item["type"] in ("pinned_date", "whole_number", "languages"):
            lines.append(f"{where} {item['msg']}")
        else:
            lines.append(f"{where}: {item['msg']}, not {str(item.get('input'))[:40]!r}")
    return "; ".join(lines)


class _MkDocsLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name:, read as nothing here, and !ENV, read as MkDocs does."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, …, default]`: the first variable set, else the default."""
    items = [node.value] if isinstance(node, yaml.ScalarNode) else [n.value for n in node.value]
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    return next((os.environ[name] for name in names if os.environ.get(name)), default)


_MkDocsLoader.add_constructor("!ENV", _env_tag)
_MkDocsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict[str, Any]:
    """The mapping in mkdocs.yml as MkDocs would see it; {} where there is no readable mapping."""
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_MkDocsLoader)  # noqa: S506 - a SafeLoader
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return config if isinstance(config, dict) else {}


def extra_peerdir(config: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """`extra.peerdir` of a mkdocs.yml mapping (None where absent)."""
    extra = config.get("extra")
    return extra.get("peerdir") if isinstance(extra, Mapping) else None
