"""Links that let a reader fix a listing: the GitHub editor for its file, or a prefilled issue form.

The site's "suggest a correction" link calls `correction_links`; `peerdir stale` and `peerdir diff`
use `site_from_environment` to know the repository when they print edit links.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import yaml

from peerdir.urls import SiteInfo

CORRECTION_FORM = "correct-listing.yml"
CLOSED_FORM = "meeting-closed.yml"


def issue_form_url(site: SiteInfo, form: str, **fields: str) -> str | None:
    """`<repo>/issues/new?template=<form>&<field>=<value>…`; None where the repository is unknown.

    GitHub prefills an issue form's input whose id matches a query parameter, and `title`.
    """
    if not site.repo_url:
        return None
    query = urlencode({"template": form, **{k: v for k, v in fields.items() if v}}, quote_via=quote)
    return f"{site.repo_url.rstrip('/')}/issues/new?{query}"


def correction_links(site: SiteInfo, source: str, page_url: str, *, name: str | None = None) -> dict[str, str]:
    """{'edit': GitHub editor of the listing's file, 'issue': prefilled correct-listing form}.

    `source` is the file's path in the repository (`Listing.source`, e.g. data/meetings/x/y.yaml),
    `page_url` the listing's absolute page address. Keys are left out when the repository is
    unknown, so a template can write `{% if links.edit %}` and show nothing rather than a dead link.
    """
    links: dict[str, str] = {}
    edit = site.edit_url(source)
    if edit:
        links["edit"] = edit
    title = f"Correction: {name or _title_from(source)}"
    issue = issue_form_url(site, CORRECTION_FORM, listing=page_url or source, title=title)
    if issue:
        links["issue"] = issue
    return links


def _title_from(source: str) -> str:
    return Path(source).stem.replace("-", " ") if source else "a listing"


class _TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !!python/name:, read as nothing here, and !ENV, read as MkDocs does."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, …, default]`: the first variable set, else the default."""
    items = [node.value] if isinstance(node, yaml.ScalarNode) else [n.value for n in node.value]
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    return next((os.environ[name] for name in names if os.environ.get(name)), default)


_TolerantLoader.add_constructor("!ENV", _env_tag)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_settings(root: Path | None = None) -> dict[str, Any]:
    """mkdocs.yml's `site_url` and `extra.peerdir` settings; {} where there is no readable file."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        path = (root or Path.cwd()) / name
        if not path.is_file():
            continue
        try:
            config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return {}
        if not isinstance(config, dict):
            return {}
        extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
        settings = extra.get("peerdir") if isinstance(extra.get("peerdir"), dict) else {}
        return {**settings, "site_url": config.get("site_url"), "repo_url": config.get("repo_url")}
    return {}


def site_from_environment(root: Path | None = None, repo_url: str | None = None,
                          branch: str | None = None) -> SiteInfo:
    """The repository and site the command line is working for, from what is at hand.

    Repository: `repo_url`, else $PEERDIR_REPO_URL, else the GitHub Actions run's repository, else
    mkdocs.yml (extra.peerdir.repository, then repo_url). Site: $PEERDIR_SITE_URL, else mkdocs.yml.
    """
    settings = mkdocs_settings(root)
    repo = (repo_url or os.environ.get("PEERDIR_REPO_URL") or _actions_repo()
            or _text(settings.get("repository")) or _text(settings.get("repo_url")))
    site_url = os.environ.get("PEERDIR_SITE_URL") or _text(settings.get("site_url"))
    kwargs: dict[str, str] = {}
    if site_url:
        kwargs["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    chosen_branch = branch or os.environ.get("PEERDIR_BRANCH") or _text(settings.get("branch")) or "main"
    return SiteInfo(repo_url=repo.rstrip("/") if repo else None, branch=chosen_branch, **kwargs)


def github_pages_url(repository: str) -> str:
    """The address GitHub Pages publishes a repository at, without a custom domain.

    `repository` is OWNER/NAME (as $GITHUB_REPOSITORY) or its https://github.com/OWNER/NAME address.
    The repository named OWNER.github.io is the owner's own site, https://OWNER.github.io/; any other is
    a project site, https://OWNER.github.io/NAME/. Host names are lower case; GitHub compares the
    repository's name without regard to case.
    """
    text = repository.strip()
    if "://" in text:
        text = urlsplit(text).path
    parts = [part for part in text.strip("/").removesuffix(".git").split("/") if part]
    if len(parts) != 2:
        raise ValueError(f"'{repository}' is not a repository as OWNER/NAME")
    owner, name = parts
    host = f"{owner.lower()}.github.io"
    if name.lower() == host:
        return f"https://{host}/"
    return f"https://{host}/{quote(name)}/"


def published_site_url(repository: str | None = None, environ: dict[str, str] | None = None) -> str | None:
    """The live site's address for a deployment: $PEERDIR_SITE_URL (a custom domain) when set, else
    the GitHub Pages address of `repository` (default: $GITHUB_REPOSITORY); None without either."""
    env = os.environ if environ is None else environ
    custom = (env.get("PEERDIR_SITE_URL") or "").strip()
    if custom:
        return custom if custom.endswith("/") else custom + "/"
    repository = repository or (env.get("GITHUB_REPOSITORY") or "").strip()
    return github_pages_url(repository) if repository else None


def has_public_site(site: SiteInfo) -> bool:
    """False for the local preview address, where page links would mean nothing to anyone else."""
    host = (urlsplit(site.site_url).hostname or "").lower().rstrip(".")
    if not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return True  # a name
    return not (address.is_loopback or address.is_unspecified)


def _actions_repo() -> str | None:
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    return f"{server.rstrip('/')}/{repository}" if server and repository else None


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def file_link(site: SiteInfo, source: str) -> str | None:
    """The file's page on GitHub (blob view), for reading rather than editing."""
    if not site.repo_url:
        return None
    return f"{site.repo_url.rstrip('/')}/blob/{site.branch}/{quote(source)}"
