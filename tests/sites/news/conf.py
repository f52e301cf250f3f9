# The tiny site with news: the minimal site's configuration, plus the sitemap (a published
# post is in it, a post dated after the build is not).
extensions = ["myst_parser", "sphinx_design", "workshop", "sphinx_sitemap"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
nitpicky = True
html_theme = "pydata_sphinx_theme"
html_sidebars = {"**": []}
sitemap_url_scheme = "{link}"
