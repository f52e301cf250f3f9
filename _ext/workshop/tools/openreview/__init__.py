"""The parts of ``python -m workshop.tools.openreview_import``: export, paper files, plan."""
