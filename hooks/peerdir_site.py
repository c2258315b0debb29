"""MkDocs hooks for peerdir: the events are `peerdir.mkdocs_adapter`'s (MkDocs loads this file by path).

The build itself is `peerdir.build.SiteBuild`; see ARCHITECTURE.md.
"""

from peerdir.mkdocs_adapter import (
    on_build_error,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_pre_build,
    on_serve,
    on_shutdown,
    on_startup,
    on_template_context,
)

__all__ = ["on_build_error", "on_env", "on_files", "on_nav", "on_page_content", "on_page_context", "on_page_markdown",
           "on_post_build", "on_post_page", "on_pre_build", "on_serve", "on_shutdown", "on_startup",
           "on_template_context"]
