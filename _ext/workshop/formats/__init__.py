"""Pure serialisers: data in, text or bytes out; no Sphinx, unit-tested without a build."""
