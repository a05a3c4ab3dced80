"""Docs as tests: every runnable example in README.md and docs/*.md runs (see doc_blocks.py)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.docs.doc_blocks import Block, read_blocks

REPOSITORY = Path(__file__).resolve().parents[2]
DOCS = sorted([REPOSITORY / "README.md", *(REPOSITORY / "docs").glob("*.md")])
DOC_URL = "http://127.0.0.1:8000"
KEY = "buf_mock_default_personal_key"
CLOCK = "2026-11-15T12:00:00Z"
BLOCK_TIMEOUT_S = 120
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=\S")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class DocServer:
    """``buffer-mock serve`` for one Markdown file, in that file's scratch directory."""

    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
        )
        self.env["BUFFER_MOCK_CACHE_DIR"] = "off"
        command = [sys.executable, "-m", "mockserver", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, "--clock", CLOCK, "--freeze-clock"],
            cwd=workdir,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{self.url}/_mock/health", timeout=5)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the docs server did not start: {self.process.stderr}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def _failure(block: Block, why: str, output: str) -> str:
    return (
        f"{block.where()} failed: {why}\n--- the block ---\n{block.text}--- its output ---\n{output[-3000:]}"
    )


def _run_block(block: Block, server: DocServer, workdir: Path, carried: list[str]) -> None:
    text = block.text.replace(DOC_URL, server.url)
    if block.language == "graphql":
        answer = httpx.post(
            f"{server.url}/graphql",
            json={"query": text},
            headers={"Authorization": f"Bearer {KEY}"},
            timeout=60,
        )
        body = answer.text
        if answer.status_code != 200 or ('"errors"' in body and not block.expect_errors):
            pytest.fail(_failure(block, f"HTTP {answer.status_code}", body), pytrace=False)
        return
    if block.language == "python":
        first = text.splitlines()[0] if text.strip() else ""
        if first.startswith("# test file:"):
            name = first.split(":", 1)[1].strip()
            (workdir / name).write_text(text)
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", name]
        else:
            script = workdir / f"block_{block.line}.py"
            script.write_text(text)
            command = [sys.executable, str(script)]
    else:
        command = ["bash", "-c", "set -euo pipefail\n" + "\n".join(carried) + "\n" + text]
        carried.extend(line for line in text.splitlines() if _ASSIGNMENT.match(line))
    try:
        result = subprocess.run(
            command, cwd=workdir, env=server.env, capture_output=True, text=True, timeout=BLOCK_TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        pytest.fail(_failure(block, f"still running after {BLOCK_TIMEOUT_S} s", ""), pytrace=False)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(_failure(block, f"exit status {result.returncode}", output), pytrace=False)
    if block.language == "sh" and '"errors"' in result.stdout and not block.expect_errors:
        pytest.fail(
            _failure(block, "an answer has errors (mark it expect-errors if meant)", output), pytrace=False
        )


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


@pytest.mark.parametrize("doc", DOCS, ids=[str(d.relative_to(REPOSITORY)) for d in DOCS])
def test_every_runnable_block_of_the_file_runs_top_to_bottom(doc: Path, scratch: Path) -> None:
    blocks = [b for b in read_blocks(doc, REPOSITORY) if b.language and b.skip_reason is None]
    if not blocks:
        return  # a file with nothing to run (prose and data only) passes as it is
    server = DocServer(scratch)
    carried: list[str] = []
    try:
        for block in blocks:
            _run_block(block, server, scratch, carried)
    finally:
        server.stop()


def test_blocks_that_cannot_run_are_rare_and_say_why() -> None:
    runnable = [b for doc in DOCS for b in read_blocks(doc, REPOSITORY) if b.language]
    skipped = [b for b in runnable if b.skip_reason is not None]
    assert [b.where() for b in skipped if not b.skip_reason] == [], "a skip marker needs a reason"
    assert len(skipped) <= max(3, len(runnable) // 6), [b.where() for b in skipped]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    readme = (REPOSITORY / "README.md").read_text()
    command = next(line for line in readme.splitlines() if "&& python -m pytest" in line)
    assert command in (REPOSITORY / ".ci" / "run").read_text().splitlines()
