"""LibreOffice headless, as the real-consumer tests drive it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
"""LibreOffice's program, or None."""


def convert(document: Path, to: str, folder: Path) -> Path:
    """``document`` converted by LibreOffice into ``folder`` (``to``: ``pdf``, ``xlsx``...), with a
    profile of its own in ``folder`` (no lock shared with another run); the file written."""
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{document.stem}.{to}"
