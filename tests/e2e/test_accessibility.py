"""Accessibility: axe-core (npm, offline: node_modules/axe-core, installed by `make test`) runs in
every page of the running app and finds no serious or critical violation (WCAG 2 A/AA rules, colour
contrast included) and no heading-order problem. Each failure lists the rule, its impact, and the
first elements it hit."""
from __future__ import annotations

import pytest

from tools.appserver import PAGES, ROOT, open_page

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAIL_IMPACTS = {"serious", "critical"}
ALWAYS_FAIL = {"heading-order"}      # a "moderate" rule the issue names: headings go in order
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
    count: v.nodes.length,
  }));
}"""


def failing(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in FAIL_IMPACTS or v["id"] in ALWAYS_FAIL]


def report(path: str, violations: list[dict]) -> str:
    lines = [f"/{path}: {len(violations)} accessibility violation(s)"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}, {v['count']} element(s)): {v['help']}")
        lines += [f"    {n['target']}: {n['summary']}".replace("\n", " ") for n in v["nodes"]]
    return "\n".join(lines)


def test_axe_is_installed():
    assert AXE.is_file(), f"{AXE} is missing: run `make test` (it installs axe-core with npm)"


def test_the_filter_keeps_heading_order_and_serious_rules():
    """The filter itself: what it fails on, and what it lets through."""
    found = [{"id": "heading-order", "impact": "moderate"}, {"id": "color-contrast", "impact": "serious"},
             {"id": "region", "impact": "moderate"}, {"id": "aria-allowed-role", "impact": "minor"},
             {"id": "button-name", "impact": "critical"}]
    assert [v["id"] for v in failing(found)] == ["heading-order", "color-contrast", "button-name"]


@pytest.mark.parametrize("path", list(PAGES), ids=lambda p: f"/{p}")
def test_page_has_no_serious_accessibility_violation(page, app_url, path):
    assert AXE.is_file(), f"{AXE} is missing: run `make test`"
    open_page(page, f"{app_url}/{path}", PAGES[path])
    page.wait_for_timeout(1500)          # charts and tables finish drawing after the run
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    bad = failing(violations)
    assert bad == [], report(path, bad)
