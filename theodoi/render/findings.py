"""The linter's findings as text lines ("line N: [severity] code: message") or JSON."""

from __future__ import annotations

import json
from collections import Counter

from theodoi.parsing.plan import Finding, Plan


def finding_line(finding: Finding) -> str:
    line = finding.source.line if finding.source and finding.source.line is not None else "?"
    return f"line {line}: [{finding.severity}] {finding.code}: {finding.message}"


def findings_text(plan: Plan) -> str:
    return "".join(finding_line(f) + "\n" for f in plan.findings)


def counts(plan: Plan) -> dict[str, int]:
    """Number of findings of each severity (error, warning, info)."""
    seen = Counter(f.severity for f in plan.findings)
    return {severity: seen.get(severity, 0) for severity in ("error", "warning", "info")}


def findings_json(plan: Plan) -> str:
    data = {
        "file": plan.file.get("path"),
        "counts": counts(plan),
        "findings": [f.to_dict() for f in plan.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def has_errors(plan: Plan) -> bool:
    return any(f.severity == "error" for f in plan.findings)
