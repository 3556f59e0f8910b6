"""Shared by the hooks (MkDocs puts their folder on the import path): which
files of gd_snippets a Python file runs when it imports, read from its source."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from disk_cache import ROOT

PACKAGE = "gd_snippets"


def imported_names(source: Path) -> frozenset[str]:
    """The gd_snippets names the Python file ``source`` imports."""
    stat = source.stat()  # parsed once per version of the file
    return _imported_names(source, stat.st_mtime_ns, stat.st_size)


@functools.cache
def _imported_names(source: Path, _mtime_ns: int, _size: int) -> frozenset[str]:
    names = set()
    for node in ast.walk(ast.parse(source.read_bytes())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)  # and `from package import module`:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(name for name in names if name.split(".")[0] == PACKAGE)


def module_files(name: str, *, whole_subpackages: bool = True) -> list[Path]:
    """The files importing ``name`` runs: the package's ``__init__`` and each
    module on the way. A subpackage counts whole (``figures`` imports every
    module in it), or, with ``whole_subpackages=False``, as its ``__init__``."""
    parts = name.split(".")
    files = [ROOT / PACKAGE / "__init__.py"]
    for depth in range(2, len(parts) + 1):
        path = ROOT.joinpath(*parts[:depth])
        if path.is_dir() and whole_subpackages:
            return files + sorted(path.rglob("*.py"))
        if path.is_dir():
            files.append(path / "__init__.py")
        elif path.with_suffix(".py").is_file():
            files.append(path.with_suffix(".py"))
    return files


def used_files(source: Path, *, whole_subpackages: bool = True) -> set[Path]:
    """Every gd_snippets file that running ``source`` imports, transitively."""
    used: set[Path] = set()
    todo = [source]
    while todo:
        for name in imported_names(todo.pop()):
            files = module_files(name, whole_subpackages=whole_subpackages)
            new = set(files) - used
            used |= new
            todo += new
    return used
