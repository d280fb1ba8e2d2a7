"""Limits on what a budget file may be, so that no input can exhaust time or memory.

Kept apart from the loader so that the command line can show them in ``--help``
without importing YAML.
"""

from __future__ import annotations

from typing import Final

DEFAULT_MAX_BYTES: Final = 5 * 1024 * 1024
"""Largest budget file read by default (5 MiB); `check --max-bytes` changes it."""
MAX_DEPTH: Final = 64
"""Deepest nesting of mappings and lists accepted."""
MAX_NODES: Final = 3_000_000
"""Most values a document may hold, aliases counted as many times as they are used."""
