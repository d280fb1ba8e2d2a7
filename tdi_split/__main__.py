"""``python -m tdi_split``: the same as the ``tdi-split`` command."""

from .cli import run

run()
