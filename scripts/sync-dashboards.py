#!/usr/bin/env python3
"""Copies every dashboards/*.json body into template.yaml, under its "# dashboard-body: dashboards/<file>" marker.

The JSON files are the source of truth; the template deploys them through Fn::Sub, so ${MetricsNamespace},
${AWS::Region} and ${JobTransitionsLogGroup} in a file are filled at deploy time. tests/Deployment.Tests fails when
a body in the template differs from its file: run this script after editing a dashboard.
Usage: python3 scripts/sync-dashboards.py [--check]
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"
MARKER = re.compile(r"^(?P<indent> *)# dashboard-body: (?P<file>dashboards/[\w.-]+\.json)\n(?P=indent)- \|\n(?P<body>(?:(?P=indent)  .*\n|\n)*?)(?=(?P=indent)- )", re.M)


def render(match: re.Match) -> str:
    indent = match.group("indent")
    body = json.loads((ROOT / match.group("file")).read_text())
    text = json.dumps(body, indent=2)
    lines = "".join(f"{indent}  {line}\n" for line in text.splitlines())
    return f"{indent}# dashboard-body: {match.group('file')}\n{indent}- |\n{lines}"


def main() -> int:
    original = TEMPLATE.read_text()
    updated, count = MARKER.subn(render, original)
    files = sorted(p.name for p in (ROOT / "dashboards").glob("*.json"))
    if count != len(files):
        print(f"template.yaml has {count} dashboard-body markers for {len(files)} dashboards/*.json files", file=sys.stderr)
        return 1
    if "--check" in sys.argv:
        if updated != original:
            print("template.yaml dashboard bodies differ from dashboards/*.json; run scripts/sync-dashboards.py", file=sys.stderr)
            return 1
        return 0
    TEMPLATE.write_text(updated)
    print(f"synced {count} dashboard bodies")
    return 0


if __name__ == "__main__":
    sys.exit(main())
