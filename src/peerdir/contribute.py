"""Links that let a reader fix a listing: the GitHub editor for its file, or a prefilled issue form.

The site's "suggest a correction" link calls `correction_links`; `peerdir stale` and `peerdir diff`
use `site_from_environment` to know the repository when they print edit links.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from peerdir.settings import CONFIG_NAMES, Settings, extra_peerdir, read_mkdocs_yml
from peerdir.urls import SiteInfo

CORRECTION_FORM = "correct-listing.yml"
CLOSED_FORM = "meeting-closed.yml"


def issue_form_url(site: SiteInfo, form: str, **fields: str) -> str | None:
    """`<repo>/issues/new?template=<form>&<field>=<value>…`; None where the repository is unknown.

    GitHub prefills an issue form's input whose id matches a query parameter, and `title`. Values are
    form-encoded as briefly as they stay unambiguous (a space as +, : and / as they are): the link
    is on every listing page (issue 20).
    """
    if not site.repo_url:
        return None
    query = urlencode({"template": form, **{k: v for k, v in fields.items() if v}}, safe=":/")
    return f"{site.repo_url.rstrip('/')}/issues/new?{query}"


def correction_links(site: SiteInfo, source: str, page_url: str) -> dict[str, str]:
    """{'edit': GitHub editor of the listing's file, 'issue': prefilled correct-listing form}.

    `source` is the file's path in the repository (`Listing.source`, e.g. data/meetings/x/y.yaml),
    `page_url` the listing's absolute page address. Keys are left out when the repository is
    unknown, so a template can write `{% if links.edit %}` and show nothing rather than a dead link.
    The form's `listing` names the file (the page's address when there is none): what a volunteer
    edits, shorter than the address on every listing page, and what listing.js draws the page's
    edit link from (issue 20). No `title`: the form's own ("Correction: ") starts it, and the
    listing's name again would be 45 bytes more on every listing page (issue 20).
    """
    links: dict[str, str] = {}
    edit = site.edit_url(source)
    if edit:
        links["edit"] = edit
    issue = issue_form_url(site, CORRECTION_FORM, listing=source or page_url)
    if issue:
        links["issue"] = issue
    return links


def mkdocs_settings(root: Path | None = None) -> dict[str, Any]:
    """mkdocs.yml's `site_url`, `repo_url` and `extra.peerdir` settings, as written; {} without a readable file."""
    config = _mkdocs_config(root)
    if not config:
        return {}
    peerdir = extra_peerdir(config)
    settings = dict(peerdir) if isinstance(peerdir, Mapping) else {}
    return {**settings, "site_url": config.get("site_url"), "repo_url": config.get("repo_url")}


def site_from_environment(root: Path | None = None, repo_url: str | None = None,
                          branch: str | None = None) -> SiteInfo:
    """The repository and site the command line is working for, from what is at hand.

    Repository: `repo_url`, else $PEERDIR_REPO_URL, else the GitHub Actions run's repository, else
    mkdocs.yml (extra.peerdir.repository, then repo_url). Site: $PEERDIR_SITE_URL, else mkdocs.yml.
    Raises SettingsError for a setting that cannot be used.
    """
    config = _mkdocs_config(root)
    peerdir = extra_peerdir(config)
    settings = Settings.read(peerdir if isinstance(peerdir, Mapping) else None)
    repo = (repo_url or settings.repo_url or _actions_repo() or settings.repository
            or _text(config.get("repo_url")))
    site_url = settings.site_url or _text(config.get("site_url"))
    kwargs: dict[str, str] = {}
    if site_url:
        kwargs["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    chosen_branch = branch or settings.env_branch or settings.branch
    return SiteInfo(repo_url=repo.rstrip("/") if repo else None, branch=chosen_branch, **kwargs)


def _mkdocs_config(root: Path | None) -> dict[str, Any]:
    folder = root or Path.cwd()
    found = next((folder / name for name in CONFIG_NAMES if (folder / name).is_file()), None)
    return read_mkdocs_yml(found) if found is not None else {}


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
    custom = Settings.read(None, env).site_url
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
