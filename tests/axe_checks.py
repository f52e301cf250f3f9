"""axe-core in a page: what the accessibility tests of tests/browser share.

axe-core comes from npm (package.json / package-lock.json, installed by ``make test`` with
``npm ci``) and is injected into the page from node_modules: nothing is downloaded at run time.
The ``axe_script`` fixture (conftest.py) fails when it is missing under WSL_REQUIRE_BROWSER.
"""

from __future__ import annotations

from pathlib import Path

from site_build import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

# Every rule axe runs by default, and every WCAG 2.2 AA rule on top (target size, 24 x 24 px).
RUN_AXE = """async () => {
  const wcag22 = Object.fromEntries(
    axe.getRules(["wcag22aa"]).map((r) => [r.ruleId, {enabled: true}]));
  const results = await axe.run(document, {resultTypes: ["violations"], rules: wcag22});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


def axe_violations(tab, axe_script: Path) -> list[dict]:
    tab.add_script_tag(path=str(axe_script))
    return tab.evaluate(RUN_AXE)


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
    )
