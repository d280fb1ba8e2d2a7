"""The shape of the budget models, walked by path: which keys a node accepts.

Used to say "unknown key 'contribute'; did you mean 'contributes'?" and to check the
dotted paths of scenario overlays against the schema rather than against a list kept
by hand.
"""

from __future__ import annotations

import difflib
import types
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from .problems import Path

__all__ = ["NodeKind", "child", "closest", "keys_at", "model_keys", "unwrap"]

NodeKind = Literal["model", "list", "mapping", "value"]


def unwrap(annotation: Any) -> Any:
    """``X | None`` and ``Annotated[X, ...]`` -> ``X``."""
    while True:
        origin = get_origin(annotation)
        if origin is Union or origin is types.UnionType:
            annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
        elif hasattr(annotation, "__metadata__"):
            annotation = get_args(annotation)[0]
        else:
            return annotation


def kind_of(annotation: Any) -> NodeKind:
    """What a node of this type is: a model, a list, a mapping or a plain value."""
    annotation = unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model"
    if get_origin(annotation) in (tuple, list):
        return "list"
    if get_origin(annotation) is dict:
        return "mapping"
    return "value"


def model_keys(model: type[BaseModel]) -> list[str]:
    """The keys a model accepts, as written in a file (aliases)."""
    return [info.alias or name for name, info in model.model_fields.items()]


def child(annotation: Any, segment: str | int) -> Any | None:
    """The type below ``segment`` of a node of type ``annotation`` (None if there is none)."""
    annotation = unwrap(annotation)
    kind = kind_of(annotation)
    if kind == "model":
        fields = {info.alias or name: info for name, info in annotation.model_fields.items()}
        info = fields.get(str(segment))
        return None if info is None else info.annotation
    if kind in ("list", "mapping"):
        return get_args(annotation)[-1 if kind == "mapping" else 0]
    return None


def keys_at(model: type[BaseModel], loc: Path) -> list[str]:
    """The keys accepted at ``loc`` below ``model`` (empty when that node is no model)."""
    node: Any = model
    for part in loc:
        node = child(node, part)
        if node is None:
            return []
    node = unwrap(node)
    return model_keys(node) if kind_of(node) == "model" else []


def closest(word: str, choices: list[str]) -> str | None:
    """The choice most like ``word``, if one is close enough to be a typo."""
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None
