# The minimal site plus an extension that writes a different file on every build:
# tests/tiny/test_reproducible.py must catch it.
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
extensions = ["myst_parser", "sphinx_design", "workshop", "noise"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
nitpicky = True
html_theme = "pydata_sphinx_theme"
html_sidebars = {"**": []}
