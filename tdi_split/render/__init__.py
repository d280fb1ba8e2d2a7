"""Rendering: an :class:`~tdi_split.engine.Allocation` or problems -> text for people or machines.

Submodules import only what they need: :mod:`.data` (JSON, CSV, Markdown) has no Rich
in it, so machine outputs stay fast; :mod:`.tables` and :mod:`.console` own Rich.
"""
