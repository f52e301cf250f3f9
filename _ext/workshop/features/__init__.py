"""Sphinx glue by feature: roles, directives and event handlers, one job per module."""
