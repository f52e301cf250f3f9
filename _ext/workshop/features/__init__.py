"""Sphinx glue by feature: directives, roles and event handlers, each module with its setup."""
