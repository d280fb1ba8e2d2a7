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
MAX_PROBLEMS: Final = 1_000
"""Most problems reported for one file; the rest are counted, not listed."""
MAX_OVERLAY_DEPTH: Final = 32
"""Most scenario overlays stacked on one another (``base:`` of a ``base:``...)."""
MAX_ITEMS: Final = 200_000
"""Most items in one list or mapping (partners, criteria...): twice the largest budget benchmarked."""
