"""``buffer-mock generate``: write a seeded world as YAML fixtures."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from mockserver.fixtures.cache import cache_dir, fixture_key, save_cached, worth_caching
from mockserver.fixtures.loader import DEFAULT_LIMITS, FixtureError, load_fixture_documents
from mockserver.worldgen.sizing import NETWORKS, ShapeError, WorldShape, build_sized_world
from mockserver.worldgen.world import (
    DEFAULT_SEED,
    Json,
    Progress,
    build_default_world,
    default_command,
    render,
    write_files,
)

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_INVALID = 2
PROGRESS_FROM = 10_000  # posts: smaller worlds are written before a bar would be worth drawing


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"generator seed (default {DEFAULT_SEED})"
    )
    parser.add_argument("--out", type=Path, required=True, help="directory to write the *.yaml files into")
    parser.add_argument(
        "--organizations", type=int, default=None, help="organizations (default 2: yours and an outsider's)"
    )
    parser.add_argument(
        "--channels", type=int, default=None, help="channels over all organizations (default 17)"
    )
    parser.add_argument("--posts", type=int, default=None, help="posts over all channels (default 403)")
    parser.add_argument(
        "--networks",
        default=None,
        metavar="a,b,...",
        help=f"only these networks (default all: {','.join(NETWORKS)})",
    )
    parser.add_argument(
        "--start", default=None, metavar="ISO", help="first day of sent posts (default --end - 365d)"
    )
    parser.add_argument(
        "--end", default=None, metavar="ISO", help="the world's anchor: sent posts before, scheduled after "
        "(default 2026-11-15T00:00:00Z)"
    )  # fmt: skip
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="do not prime the fixture cache (large worlds are then parsed on their first serve)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar, no list of written files")


def _instant(flag: str, text: str | None) -> int | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ShapeError(f"{flag}: not an ISO date or instant: {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def shape_from_args(args: argparse.Namespace) -> WorldShape:
    networks = None
    if args.networks is not None:
        networks = tuple(dict.fromkeys(n.strip() for n in args.networks.split(",") if n.strip()))
    return WorldShape(
        seed=args.seed,
        organizations=args.organizations,
        channels=args.channels,
        posts=args.posts,
        networks=networks,
        start=_instant("--start", args.start),
        end=_instant("--end", args.end),
    ).checked()


def _command_line(args: argparse.Namespace, shape: WorldShape) -> str:
    if shape.is_default:
        return default_command(shape.seed)
    parts = [f"--seed {shape.seed}"]
    for flag in ("organizations", "channels", "posts", "networks", "start", "end"):
        value = getattr(args, flag)
        if value is not None:
            parts.append(f"--{flag} {value}")
    return " ".join([*parts, "--out DIR"])


@contextmanager
def _progress_bar(total: int, enabled: bool) -> Iterator[Progress | None]:
    if not enabled or total < PROGRESS_FROM:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("generating posts"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("posts", total=total)
    with bar:
        yield lambda count: bar.advance(task, count)


def run(args: argparse.Namespace) -> int:
    try:
        shape = shape_from_args(args)
    except ShapeError as error:
        print(f"buffer-mock generate: {error}", file=sys.stderr)
        return EXIT_INVALID
    expected = shape.posts if shape.posts is not None else 0
    with _progress_bar(expected, not args.quiet) as progress:
        documents = (
            build_default_world(shape.seed, progress)
            if shape.is_default
            else build_sized_world(shape, progress)
        )
    texts = render(documents, _command_line(args, shape))
    try:
        written = write_files(args.out, texts)
    except OSError as error:
        print(
            f"buffer-mock generate: cannot write --out {args.out}: {error.strerror or error}", file=sys.stderr
        )
        return EXIT_INVALID
    if not args.quiet:
        for path in written:
            print(path)
    hint = size_limit_hint(texts)
    if hint is not None:
        print(f"buffer-mock generate: {hint}", file=sys.stderr)
    if not args.no_cache:
        return _prime_cache(args.out, documents, texts)
    return EXIT_OK


def size_limit_hint(texts: dict[str, str]) -> str | None:
    """What to set when the world is over the default fixture size limits (``serve`` reads it from
    the fixture cache this command primes; without that cache the YAML is parsed and limited)."""
    sizes = [len(text.encode("utf-8")) for text in texts.values()]
    file_bytes, set_bytes = max(sizes, default=0), sum(sizes)
    if file_bytes <= DEFAULT_LIMITS.file_bytes and set_bytes <= DEFAULT_LIMITS.set_bytes:
        return None
    return (
        f"this world ({set_bytes} bytes of YAML, largest file {file_bytes}) is over the default fixture"
        " limits: serve loads it from the fixture cache primed here; elsewhere (or with the cache off)"
        f" set BUFFER_MOCK_FIXTURE_FILE_MAX_BYTES={max(file_bytes, DEFAULT_LIMITS.file_bytes)}"
        f" BUFFER_MOCK_FIXTURE_SET_MAX_BYTES={max(set_bytes, DEFAULT_LIMITS.set_bytes)}"
    )


def _prime_cache(out: Path, documents: dict[str, Json], texts: dict[str, str]) -> int:
    """Load the world just written (from memory: the same data) and cache it, as ``serve`` would.

    Loading validates it too: a generator bug shows here, not on the user's first serve.
    """
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    if not worth_caching(files):
        return EXIT_OK
    try:
        world = load_fixture_documents(out.name, documents)
    except FixtureError as error:
        for problem in error.problems[:20]:
            print(problem, file=sys.stderr)
        print("buffer-mock generate: the generated world is invalid (a generator bug)", file=sys.stderr)
        return EXIT_ERROR
    save_cached(cache_dir(), fixture_key(out.resolve().name, files), world)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mockserver.worldgen", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


__all__ = ["add_arguments", "main", "run"]
