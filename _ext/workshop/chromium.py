"""Find the system's Chromium for the browser tests, ``make bench`` and ``make lighthouse``.

Never a browser downloaded by a tool: ``CHROME_PATH`` (or ``WSL_CHROMIUM``) names one, else the
first of ``chromium``, ``chromium-browser``, ``google-chrome`` on ``PATH``. Not imported by the
extension.
"""

from __future__ import annotations

import os
import shutil

NAMES = ("chromium", "chromium-browser", "google-chrome")
VARIABLES = ("CHROME_PATH", "WSL_CHROMIUM")
MISSING = (
    "no Chromium found: set CHROME_PATH to its executable or put one of "
    + ", ".join(NAMES)
    + " on PATH (Debian/Ubuntu: apt-get install chromium)"
)


def find_chromium() -> str | None:
    """The executable's path, or None."""
    for variable in VARIABLES:
        if os.environ.get(variable):
            return shutil.which(os.environ[variable])
    return next((found for name in NAMES if (found := shutil.which(name))), None)


if __name__ == "__main__":  # `python -m workshop.chromium`: the path, for the Makefile
    found = find_chromium()
    if found is None:
        raise SystemExit(MISSING)
    print(found)
