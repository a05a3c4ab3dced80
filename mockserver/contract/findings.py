"""One fact type for the whole kit: a :class:`Finding`.

A schema change (``FIELD_REMOVED Post.via``), a response drift (``KEY_REMOVED data.post.via``) and
an invariant violation (``aggregate_baseline_trio`` on the target) are the same thing: something
with a severity, a kind, a path and a sentence. Where it was found is optional context:
``check`` (``schema``, ``replay``, ``invariants``), ``operation``, ``side`` (``mock``/``target``),
``cause`` (the schema change responsible for a failing operation) and the two ``values``.
``SchemaChange`` is the same class under the name the schema differ has always used.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Any

BREAKING = "BREAKING"
DANGEROUS = "DANGEROUS"
SAFE = "SAFE"
SEVERITIES = (BREAKING, DANGEROUS, SAFE)
#: Lower is worse; ``--fail-on`` compares ranks.
SEVERITY_RANK = {BREAKING: 0, DANGEROUS: 1, SAFE: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str
    kind: str
    path: str
    message: str
    check: str = ""
    operation: str = ""
    side: str = ""
    cause: str = ""
    expected: Any = None
    actual: Any = None

    def __str__(self) -> str:
        text = f"[{self.severity}] {self.kind} {self.path}: {self.message}"
        if self.cause:
            text += f" (cause: {self.cause})"
        return text

    def as_dict(self) -> dict[str, Any]:
        """Stable JSON form; the context keys appear only when set."""
        data = asdict(self)
        return {
            k: v
            for k, v in data.items()
            if v not in ("", None) or k in ("severity", "kind", "path", "message")
        }

    def located(self, **context: Any) -> Finding:
        """The same finding with context filled in (``check``, ``operation``, ``side``...)."""
        return replace(self, **context)


#: The schema differ's name for a finding (issue 8: one fact, one type).
SchemaChange = Finding


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def at_or_above(severity: str, threshold: str | None) -> bool:
    """``threshold`` None means never (``--fail-on never``)."""
    return threshold is not None and SEVERITY_RANK[severity] <= SEVERITY_RANK[threshold]
