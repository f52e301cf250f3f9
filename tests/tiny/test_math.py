"""Math is rendered to MathML at build time: the page shows it and loads nothing for it.

Sphinx's default renderer adds MathJax from a CDN to any page with ``{math}`` (third-party
script); _ext/workshop/math.py converts the LaTeX into the page instead.
"""

from __future__ import annotations

import re

PAGE = """---
orphan: true
---

# Energy

Mass and energy: {math}`E = mc^2`.

```{math}
\\frac{a}{b} < c
```
"""


def test_math_is_mathml_and_loads_nothing(tiny_site):
    built = tiny_site(files={"energy.md": PAGE})
    html = (built.outdir / "energy" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<math [^>]*display=\"inline\".*<msup><mi>c</mi><mn>2</mn></msup>", html)
    assert re.search(r"<math [^>]*display=\"block\".*<mfrac>", html, re.DOTALL)
    scripts = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", html)
    assert [src for src in scripts if "//" in src or "math" in src.lower()] == []
    assert "mathjax" not in html.lower()


def test_a_link_inside_math_is_refused(tiny_site):
    page = "---\norphan: true\n---\n\n# Links\n\nSee {math}`\\href{javascript:alert(1)}{x}`.\n"
    built = tiny_site(files={"links.md": page}, allow_warnings=True)
    warnings = [w for w in built.warning_lines() if "[workshop.content]" in w]
    assert len(warnings) == 1 and "links.md:7:" in warnings[0], built.warnings
    assert "the math uses 'href'" in warnings[0]
    html = (built.outdir / "links" / "index.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in html
    assert "<math" not in html, "the refused math is shown as code"
