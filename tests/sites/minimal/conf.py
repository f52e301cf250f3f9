# A tiny site for tests: the real extension and theme, the real data files' shape.
extensions = ["myst_parser", "sphinx_design", "workshop"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
nitpicky = True
html_theme = "pydata_sphinx_theme"
html_sidebars = {"**": []}
