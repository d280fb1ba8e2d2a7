"""The cyclic garbage collector while the console script runs: paused while modules load,
then tuned for a command that builds large, acyclic results.

Start-up only creates objects that live until exit; a cyclic collection during it, and the
full one the interpreter runs at exit, would scan them all for nothing (about a sixth of a
`check`'s time). So :func:`pause` stops the collector at start; :func:`resume`, called once
for every command when its modules are loaded and before any input is read, moves what
start-up made out of the collector's sight (``gc.freeze``) and turns it back on with higher
thresholds: what a command makes then (a document tree, models, shares) is large, lives
until the command ends and holds almost no cycles, yet the default thresholds would scan it
again and again (a third of the time of a 100,000-partner budget). The few cycles (caught
exceptions) are still collected. :func:`finish` freezes everything before exit.
"""

from __future__ import annotations

import gc
import sys
from typing import Final

__all__ = ["GC_THRESHOLDS", "finish", "pause", "resume"]

GC_THRESHOLDS: Final = (200_000, 30, 30)
"""The collector's thresholds while a command runs (CPython's default: 700, 10, 10), as mypy chose."""


class _State:
    paused = False
    """Whether :func:`pause` stopped the collector (and :func:`resume` has not restarted it)."""
    tuned = False
    """Whether :func:`pause` took charge of the collector at all."""


def pause() -> None:
    """At start-up: stop the collector, on CPython and only if it is on (PyPy collects otherwise)."""
    _State.tuned = sys.implementation.name == "cpython" and gc.isenabled()
    if _State.tuned:
        gc.disable()
        _State.paused = True


def resume() -> None:
    """The command's modules are loaded: freeze them and resume the collector, less often."""
    if _State.paused:
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        gc.enable()
        _State.paused = False


def finish() -> None:
    """Before exit: resume the collector if no command did (--help, a usage error), and freeze
    everything, so that the full collection at exit has nothing to scan."""
    if _State.tuned:
        resume()
        gc.freeze()
