"""Where the provider's reference material lives: ``<repo>/../shared/reference`` (CI puts it there).

``BUFFER_MOCK_REFERENCE_DIR`` points elsewhere (e.g. from a git worktree that is not beside it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = Path(os.environ.get("BUFFER_MOCK_REFERENCE_DIR") or REPO_ROOT.parent / "shared" / "reference")


def reference_file(name: str) -> Path:
    path = REFERENCE_DIR / name
    if not path.is_file():
        raise FileNotFoundError(
            f"reference file {path} is missing: the tests compare against ../shared/reference beside the repo"
        )
    return path


def cli_documents() -> dict[str, Any]:
    return json.loads(reference_file("buffer-cli-documents.json").read_text(encoding="utf-8"))
