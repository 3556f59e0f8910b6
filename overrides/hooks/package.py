"""MkDocs hook: the code behind the site, for readers to install.

* ``downloads/gd-snippets.zip`` is the ``gd_snippets`` package of this very
  build as a source archive (``pyproject.toml``, ``README.md`` and the
  package's modules), byte for byte the same on every build:
  ``pip install <site>/downloads/gd-snippets.zip`` gives a reader the code the
  pages and notebooks import, whatever hosts the repository.
* With ``$GD_WEEKLY_REPOSITORY`` set (the CI workflow sets it to the GitHub
  repository's address), every page's footer links the repository: a plain
  link, not ``repo_url``, whose widget asks GitHub's API from the browser.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = "downloads/gd-snippets.zip"
REPOSITORY = "GD_WEEKLY_REPOSITORY"
SOCIAL_NAME = "Source code of this site and of gd_snippets"


def package_files(root: Path = ROOT) -> list[Path]:
    """What a reader needs to install ``gd_snippets``, sorted."""
    modules = (root / "gd_snippets").rglob("*.py")
    return sorted([root / "pyproject.toml", root / "README.md", *modules])


def archive(root: Path = ROOT) -> bytes:
    """The package as a zip archive with fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in package_files(root):
            entry = zipfile.ZipInfo(
                path.relative_to(root).as_posix(), (1980, 1, 1, 0, 0, 0)
            )
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(entry, path.read_bytes())
    return buffer.getvalue()


def on_config(config):
    url = os.environ.get(REPOSITORY, "").strip()
    if url:
        social = config.extra.setdefault("social", [])
        social.append(
            {"icon": "fontawesome/brands/github", "link": url, "name": SOCIAL_NAME}
        )
    return config


def on_files(files, config):
    files.append(File.generated(config, ARCHIVE, content=archive()))
    return files
