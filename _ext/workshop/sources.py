"""Pages that are not UTF-8 are a located error, not a crash of Sphinx's reader.

Sphinx decodes each page as UTF-8 when it reads it and stops the whole build with a traceback
on the first wrong byte (a file saved as Latin-1 or Windows-1252), naming neither file nor
line. Before reading, each page to read is decoded once here; a page that is not UTF-8 gets a
warning with its file and line, and for that build Sphinx reads pages with the wrong bytes
replaced (U+FFFD), so the build goes on and reports everything else too. Pages that are valid
UTF-8 read exactly the same either way.
"""

from __future__ import annotations

import codecs
import encodings.utf_8_sig as utf_8_sig
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .diagnostics import Problem, warn
from .model.yamlio import DataError, decode

LENIENT_UTF8 = "workshop-utf-8-sig-replace"


class _ReplacingDecoder(utf_8_sig.IncrementalDecoder):
    def __init__(self, errors: str = "strict") -> None:
        super().__init__("replace")


def _find_codec(name: str) -> codecs.CodecInfo | None:
    if name.replace("_", "-") != LENIENT_UTF8:
        return None
    return codecs.CodecInfo(
        name=LENIENT_UTF8,
        encode=utf_8_sig.encode,
        decode=lambda data, errors="strict": utf_8_sig.decode(data, "replace"),
        incrementalencoder=utf_8_sig.IncrementalEncoder,
        incrementaldecoder=_ReplacingDecoder,
        streamreader=utf_8_sig.StreamReader,
        streamwriter=utf_8_sig.StreamWriter,
    )


codecs.register(_find_codec)


def on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    env.settings["input_encoding"] = app.config.source_encoding
    for docname in docnames:
        path = Path(env.doc2path(docname))
        try:
            decode(path.read_bytes())
        except OSError:
            continue  # Sphinx reports a file it cannot open
        except DataError as error:
            source = path.relative_to(app.srcdir).as_posix()
            warn(Problem.data, str(error), location=f"{source}:{error.line}")
            env.settings["input_encoding"] = LENIENT_UTF8


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    env.settings["input_encoding"] = app.config.source_encoding


def setup_sources(app: Sphinx) -> None:
    app.connect("env-before-read-docs", on_env_before_read_docs, priority=100)
    app.connect("env-updated", on_env_updated)
