"""Where a peerdir project's files are: mkdocs.yml, data/ and content/, for the hook and every command.

One rule for all: the data folder is the one given (`--data`), else $PEERDIR_DATA, else data/ in the
project. The project is mkdocs.yml's folder for the hook; for a command it is the data folder's
parent (the folder it runs in by default; `--data elsewhere/data` reads elsewhere/mkdocs.yml).
content/ is `--content`, else MkDocs' `docs_dir` for the hook, else content/ beside the data folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peerdir.settings import CONFIG_NAMES, Settings, extra_peerdir, read_mkdocs_yml

DATA_FOLDER = "data"
CONTENT_FOLDER = "content"


@dataclass(frozen=True)
class Project:
    root: Path  # where mkdocs.yml is (or would be)
    data: Path
    content: Path

    @classmethod
    def for_mkdocs(cls, config_file: str | Path, docs_dir: str | Path, settings: Settings) -> Project:
        """The project MkDocs is building: data/ beside mkdocs.yml unless $PEERDIR_DATA says."""
        root = Path(config_file).parent
        return cls(root=root, data=settings.data or root / DATA_FOLDER, content=Path(docs_dir))

    @classmethod
    def for_command(cls, data: str | Path | None = None, content: str | Path | None = None,
                    settings: Settings | None = None) -> Project:
        """The project a command works on, from its --data and --content options and $PEERDIR_DATA."""
        chosen = Path(data) if data else (settings.data if settings is not None else None)
        data_dir = chosen or Path(DATA_FOLDER)  # relative, as the volunteer typed it: messages show it so
        root = data_dir.resolve().parent
        return cls(root=root, data=data_dir, content=Path(content) if content else root / CONTENT_FOLDER)

    @property
    def config_file(self) -> Path | None:
        return next((self.root / name for name in CONFIG_NAMES if (self.root / name).is_file()), None)

    def mkdocs_config(self) -> dict[str, Any]:
        """mkdocs.yml as MkDocs would read it; {} without one."""
        found = self.config_file
        return read_mkdocs_yml(found) if found is not None else {}

    def settings(self, environ: Mapping[str, str] | None = None) -> Settings:
        """mkdocs.yml's extra.peerdir and the environment (raises SettingsError)."""
        extra = extra_peerdir(self.mkdocs_config())
        return Settings.read(extra if isinstance(extra, Mapping) else None, environ)
