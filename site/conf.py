"""Sphinx configuration of the course website (``make site``; built by ``site/build.py``).

The source folder Sphinx reads is a staging copy (``build/site-src``) holding these pages, the
lessons (``course/*.ipynb``, executed at build time) and the student versions of the exercises
(``exercises/<a>/<a>.ipynb``: prompts and stubs, never run, never the solutions).
"""

import importlib.util
import os
from pathlib import Path

project = "Fair ML Certificate"
author = "Fair ML Certificate contributors"
copyright = "the Fair ML Certificate contributors (see LICENSE)"
language = "en"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints", "_readme.md"]

# Lessons run once per change of their code: jupyter-cache keeps the outputs in build/.
nb_execution_mode = "cache"
nb_execution_cache_path = os.environ.get("FAIRML_SITE_CACHE", "../site-cache")
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_execution_show_tb = True
# The exercises are shown, not run: their stubs raise NotImplementedError by design.
nb_execution_excludepatterns = ["exercises/*"]
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["myst.header"]

html_theme = "pydata_sphinx_theme"
html_title = "Fair ML Certificate"
html_static_path = ["_static"]
html_css_files = ["a11y.css"]
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    # The theme's search field shows "Search Ctrl+K" but is labelled "Search" (axe:
    # label-content-name-mismatch, serious): the icon button alone has no visible text.
    "navbar_persistent": [],
    "navbar_end": ["search-button", "navbar-icon-links"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "pygments_light_style": "a11y-light",
    "pygments_dark_style": "a11y-dark",
}
html_context = {"default_mode": "light"}

# MathJax 3 from the sphinx-mathjax-offline package, not from a CDN: the site works offline.
# (Its own extension does not declare itself safe for a parallel build, so this does the same
# two things: point mathjax_path at the copy, and copy it into _static.)
_MATHJAX = Path(importlib.util.find_spec("sphinx-mathjax-offline").origin).parent / "static"
mathjax_path = "mathjax/tex-chtml.js"


def _copy_mathjax(app, exc):
    from sphinx.util.fileutil import copy_asset

    if exc is None:
        copy_asset(str(_MATHJAX / "mathjax"), os.path.join(app.outdir, "_static", "mathjax"))


def setup(app):
    app.connect("build-finished", _copy_mathjax)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
