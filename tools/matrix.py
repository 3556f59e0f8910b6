"""The support matrix: what a reader copies, tested where readers run it.

``python tools/matrix.py [--cell PYTHON:NUMPY]...`` (or the cells in
``$GD_WEEKLY_MATRIX``, space-separated; ``none`` for none, as the CI
workflow's test job sets, its matrix job running each cell) runs the unit
tests of
every ``gd_snippets`` module and every docs block (no site build, no
browser) in one environment per cell: the oldest and the newest numpy we
promise (``pyproject.toml``), each on the oldest and the newest Python we
support. The cell of the oldest Python and the newest numpy is the project's
own environment, which ``make test`` runs already.

Each environment is ``uv.lock`` installed with only numpy (and Python)
changed, in ``.cache/matrix/<cell>/``, and is made again only when the lock
or the project changes. Python comes from this machine (pyenv's versions or
``pythonX.Y`` on the PATH); uv never downloads one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# (Python, numpy): the oldest and newest of each we promise; the project's own
# environment is the remaining corner (Python 3.11, numpy as locked).
CELLS = (("3.11", "2.1.3"), ("3.13", "2.1.3"), ("3.13", "2.4.6"))
UV = shutil.which("uv") or str(ROOT / ".cache" / "uv" / "bin" / "uv")
TESTED_ELSEWHERE = ("_figures",)  # figures are the site's, not a reader's copy


def reader_tests(root: Path = ROOT) -> list[Path]:
    """The tests of what a reader copies: each gd_snippets module's own test
    files (``test_<module>.py``, ``test_<module>_*.py``), the input checks
    and every docs block."""
    modules = [path.stem for path in (root / "gd_snippets").glob("[!_]*.py")]
    tests = [
        path
        for path in sorted((root / "tests").glob("test_*.py"))
        if any(
            path.stem in (f"test_{m}",) or path.stem.startswith(f"test_{m}_")
            for m in modules
        )
        and not path.stem.endswith(TESTED_ELSEWHERE)
    ]
    return [*tests, root / "tests" / "test_checks.py", root / "tests" / "test_docs.py"]


def interpreter(version: str) -> str:
    """This machine's Python ``version`` (``3.13``): pyenv's, or on the PATH."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for candidate in sorted(pyenv.glob(f"{version}.*/bin/python{version}")):
        return str(candidate)
    found = shutil.which(f"python{version}")
    if found is None:
        raise SystemExit(f"matrix: no Python {version} on this machine (pyenv or PATH)")
    return found


def environment(python: str, numpy: str, root: Path = ROOT) -> Path:
    """The virtual environment of the cell: uv.lock with numpy ``numpy`` on
    Python ``python``, made if missing or out of date."""
    folder = root / ".cache" / "matrix" / f"py{python}-numpy{numpy}"
    key = hashlib.sha256(
        b"".join((root / name).read_bytes() for name in ("uv.lock", "pyproject.toml"))
        + f"{python} {numpy}".encode()
    ).hexdigest()
    stamp = folder / "locked-as"
    if stamp.exists() and stamp.read_text() == key:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    uv = [UV, "--quiet"]
    run([*uv, "venv", "--python", interpreter(python), str(folder)], root)
    requirements, overrides = folder / "requirements.txt", folder / "overrides.txt"
    run(
        [
            *uv,
            "export",
            "--frozen",
            "--no-hashes",
            "--no-emit-project",
            "--format",
            "requirements.txt",
            "-o",
            str(requirements),
        ],
        root,
    )
    overrides.write_text(f"numpy=={numpy}\n")
    target = ["--python", str(folder / "bin" / "python")]
    run(
        [
            *uv,
            "pip",
            "install",
            *target,
            "-r",
            str(requirements),
            "--override",
            str(overrides),
        ],
        root,
    )
    run([*uv, "pip", "install", *target, "--no-deps", "-e", str(root)], root)
    stamp.write_text(key)
    return folder


def run(command: list[str], root: Path) -> None:
    subprocess.run(command, cwd=root, check=True)


def cell(text: str) -> tuple[str, str]:
    python, _, numpy = text.partition(":")
    if not (python and numpy):
        raise argparse.ArgumentTypeError(f"cell must be PYTHON:NUMPY, got {text!r}")
    return python, numpy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/matrix.py")
    parser.add_argument("--cell", type=cell, action="append", metavar="PYTHON:NUMPY")
    args = parser.parse_args(argv)
    chosen = os.environ.get("GD_WEEKLY_MATRIX", "").split()  # make matrix CELLS=...
    if chosen == ["none"]:  # the CI workflow runs each cell in a job of its own
        print("matrix: none here (GD_WEEKLY_MATRIX=none)", file=sys.stderr)
        return 0
    args.cell = args.cell or [cell(text) for text in chosen] or None
    tests = [str(path.relative_to(ROOT)) for path in reader_tests()]
    failed = []
    for python, numpy in args.cell or CELLS:
        start = time.perf_counter()
        folder = environment(python, numpy)
        made = time.perf_counter() - start
        result = subprocess.run(
            [
                str(folder / "bin" / "python"),
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "-m",
                "not slow",
                *tests,
            ],
            cwd=ROOT,
        )
        tested = time.perf_counter() - start - made
        outcome = "FAILED" if result.returncode else "passed"
        print(
            f"matrix: Python {python}, numpy {numpy}: {outcome} "
            f"(environment {made:.0f} s, tests {tested:.0f} s)",
            file=sys.stderr,
        )
        if result.returncode:
            failed.append(f"{python}:{numpy}")
    if failed:
        print(f"matrix: failed in {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
