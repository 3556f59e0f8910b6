"""Render figures to files:
``python -m gd_snippets.figures OUT_DIR [--topic T]... [--shard K/N]``.

Writes ``OUT_DIR/<name>.<palette>.svg`` for every figure in both palettes, its
link-preview card ``OUT_DIR/<name>.card.png``, and ``OUT_DIR/catalog.json``
(name -> alt text). With ``--topic T`` only the figures of the module
``gd_snippets.figures.T`` are rendered, into ``OUT_DIR/T/`` with its own
catalog. With ``--shard K/N`` only every N-th figure starting at the K-th is
rendered, so N processes can share the work.
"""

import argparse
import json
from pathlib import Path

from gd_snippets.figures import FIGURES, PALETTES, render_card, render_svg


def shard(text: str) -> tuple[int, int]:
    k, n = (int(part) for part in text.split("/"))
    if not 0 <= k < n:
        raise argparse.ArgumentTypeError(
            f"shard must be K/N with 0 <= K < N, got {text}"
        )
    return k, n


def topic_of(name: str) -> str:
    """The module of gd_snippets.figures that registers figure ``name``."""
    return FIGURES[name].draw.__module__.rpartition(".")[2]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gd_snippets.figures")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--topic", action="append", metavar="T")
    parser.add_argument("--shard", type=shard, default=(0, 1), metavar="K/N")
    args = parser.parse_args(argv)
    topics = {topic_of(name) for name in FIGURES}
    for topic in set(args.topic or ()) - topics:
        parser.error(
            f"topic must be a module of gd_snippets.figures with figures, got {topic!r}"
        )
    # Each figure's folder: OUT_DIR itself, or its topic's folder in it.
    folders = {
        name: args.out_dir / topic_of(name) if args.topic else args.out_dir
        for name in FIGURES
        if not args.topic or topic_of(name) in args.topic
    }
    k, n = args.shard
    for name in sorted(folders)[k::n]:
        for palette in PALETTES:
            path = folders[name] / f"{name}.{palette}.svg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(render_svg(name, palette))
        (folders[name] / f"{name}.card.png").write_bytes(render_card(name))
    for folder in set(folders.values()):
        catalog = {
            name: FIGURES[name].alt for name in folders if folders[name] == folder
        }
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "catalog.json").write_text(
            json.dumps(catalog, indent=1, sort_keys=True)
        )


if __name__ == "__main__":
    main()
