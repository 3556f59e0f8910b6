"""Render figures to files:
``python -m gd_snippets.figures OUT_DIR [--topic T]... [--shard K/N]
[--no-cards | --card NAME...]``.

Writes ``OUT_DIR/<name>.<palette>.svg`` for every figure in both palettes, its
card files (``render_lead``: the link preview ``OUT_DIR/<name>.card.png`` and
the issue card's thumbnails ``OUT_DIR/<name>.thumb.<palette>.png``), and
``OUT_DIR/catalog.json`` (name -> alt text). With ``--topic T`` only the
figures of the module ``gd_snippets.figures.T`` are rendered, into
``OUT_DIR/T/`` with its own catalog. With ``--shard K/N`` only the K-th of N
consecutive parts of the figures (in name order) is rendered, so N processes
can share the work: a topic's figures, and the runs they share, mostly stay
in one process. A figure's card files cost more than its SVGs and only a
page's first figure needs them: ``--no-cards`` renders none, ``--card NAME``
(repeated) only the cards of those figures: alone, nothing else; with
``--topic``, the cards of those among the topics' figures, from the same
drawing as their SVGs.
"""

import argparse
import json
from pathlib import Path

from gd_snippets.figures import FIGURES, render_lead, render_svgs


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
    cards = parser.add_mutually_exclusive_group()
    cards.add_argument("--no-cards", action="store_true")
    cards.add_argument("--card", action="append", metavar="NAME")
    args = parser.parse_args(argv)
    for name in set(args.card or ()) - set(FIGURES) if not args.topic else ():
        parser.error(f"card must name a registered figure, got {name!r}")
    topics = {topic_of(name) for name in FIGURES}
    for topic in set(args.topic or ()) - topics:
        parser.error(
            f"topic must be a module of gd_snippets.figures with figures, got {topic!r}"
        )
    svgs = {  # the figures whose SVGs to draw
        name
        for name in FIGURES
        if (topic_of(name) in args.topic if args.topic else not args.card)
    }
    drawn_cards = set() if args.no_cards else set(args.card or svgs)
    if args.topic:  # only the topics' own cards
        drawn_cards &= svgs

    def folder(name: str) -> Path:  # OUT_DIR itself, or its topic's folder in it
        return args.out_dir / topic_of(name) if args.topic else args.out_dir

    k, n = args.shard
    names = sorted(svgs | drawn_cards)  # a figure's SVGs and card together
    for name in names[k * len(names) // n : (k + 1) * len(names) // n]:
        (folder(name) / name).parent.mkdir(parents=True, exist_ok=True)
        if name in drawn_cards:  # a lead's SVGs and cards from the same drawings
            files = render_lead(name)
        else:
            files = {f"{p}.svg": svg for p, svg in render_svgs(name).items()}
        for kind, data in files.items():
            if name in svgs or not kind.endswith(".svg"):
                (folder(name) / f"{name}.{kind}").write_bytes(data)
    for where in {folder(name) for name in svgs}:
        catalog = {name: FIGURES[name].alt for name in svgs if folder(name) == where}
        where.mkdir(parents=True, exist_ok=True)
        (where / "catalog.json").write_text(
            json.dumps(catalog, indent=1, sort_keys=True)
        )


if __name__ == "__main__":
    main()
