"""Writes a random token into the output: a build that is not reproducible."""

import os
from pathlib import Path


def write_noise(app, exception):
    if exception is None:
        Path(app.outdir, "noise.txt").write_text(os.urandom(8).hex())


def setup(app):
    app.connect("build-finished", write_noise)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
