"""Every broken fixture set and state file of the catalog, each refused in its own process, measured.

    python bench/broken_files.py [--time-limit 20] [--memory-limit-mb 1024]

The catalog is ``tests/hardening/broken_files.py``. For each case a child process (forked from
this one once ``mockserver`` is imported, so start-up is not measured) runs ``buffer-mock
validate DIR`` or ``buffer-mock serve --fixtures <small world> --state-file FILE`` in-process and
must exit 2, with ``file:line`` messages and no traceback, within the time limit; its peak RSS
(``wait4``) must stay under the memory limit. Prints one line per case and the totals; exits 1
when any case misses.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mockserver import cli
from mockserver.http import server
from tests.hardening.broken_files import ALL_CASES, EXPECTED, SMALL_WORLD, BrokenCase

LOCATED = re.compile(r"\S:\d+: ")


def refuse_to_serve(*_: object, **__: object) -> None:
    raise SystemExit(99)  # the state file was accepted: the case failed


def run_child(case: BrokenCase, target: Path, err_path: Path) -> None:
    fd = os.open(err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    server.run = refuse_to_serve  # type: ignore[assignment]
    try:
        if case.kind == "fixtures":
            code = cli.main(["validate", str(target)])
        else:
            code = cli.main(
                ["serve", "--fixtures", str(SMALL_WORLD), "--state-file", str(target), "--port", "0"]
            )
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:  # pragma: no cover - reported by the parent as a traceback
        import traceback

        traceback.print_exc()
        code = 1
    sys.stderr.flush()
    os._exit(code)


def measure(case: BrokenCase, time_limit: float) -> tuple[int | None, float, float, str]:
    """(exit code or None on timeout, seconds, peak RSS MB, stderr)."""
    workdir = Path(tempfile.mkdtemp(prefix="broken-"))
    target = case.build(workdir)
    err_path = workdir / "stderr.txt"
    began = time.monotonic()
    pid = os.fork()
    if pid == 0:  # child
        run_child(case, target, err_path)
    code: int | None = None
    peak_mb = 0.0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            peak_mb = usage.ru_maxrss / 1024
            break
        if time.monotonic() - began > time_limit:
            os.kill(pid, signal.SIGKILL)
            _, _, usage = os.wait4(pid, 0)
            peak_mb = usage.ru_maxrss / 1024
            break
        time.sleep(0.005)
    elapsed = time.monotonic() - began
    return code, elapsed, peak_mb, err_path.read_text(errors="replace") if err_path.exists() else ""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument("--memory-limit-mb", type=float, default=1024.0)
    args = parser.parse_args()
    failures: list[str] = []
    slowest = (0.0, "")
    biggest = (0.0, "")
    for case in ALL_CASES:
        code, elapsed, peak_mb, err = measure(case, args.time_limit)
        problems = []
        if code != cli.EXIT_INVALID:
            problems.append(f"exit {code}")
        if "Traceback" in err:
            problems.append("traceback")
        if not LOCATED.search(err):
            problems.append("no file:line")
        if EXPECTED[case.name] not in err:
            problems.append("unexpected message")
        if peak_mb > args.memory_limit_mb:
            problems.append(f"{peak_mb:.0f} MB")
        slowest = max(slowest, (elapsed, case.name))
        biggest = max(biggest, (peak_mb, case.name))
        verdict = "refused" if not problems else "FAIL " + ", ".join(problems)
        print(f"{case.kind:8s} {case.name:34s} {elapsed * 1000:7.0f} ms {peak_mb:6.0f} MB  {verdict}")
        if problems:
            failures.append(case.name)
    kinds = len(ALL_CASES)
    print(
        f"\n{kinds - len(failures)}/{kinds} kinds refused (exit 2, file:line, no traceback); "
        f"slowest {slowest[0]:.2f} s ({slowest[1]}), peak RSS {biggest[0]:.0f} MB ({biggest[1]}); "
        f"limits {args.time_limit:.0f} s, {args.memory_limit_mb:.0f} MB"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
