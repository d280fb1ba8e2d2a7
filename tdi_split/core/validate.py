"""From pydantic's validation errors to problems: a path, a code and a plain message."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .limits import MAX_PROBLEMS
from .model import Budget
from .money import describe
from .problems import BudgetError, Path, Problem, format_path, shorten
from .shape import closest, keys_at

M = TypeVar("M", bound=BaseModel)

__all__ = ["not_a_mapping", "schema_problems", "validate"]


def validate(model: type[M], data: Any) -> M:
    """``data`` as ``model``; else :class:`BudgetError` with the schema's problems, unlocated.

    At most :data:`~tdi_split.core.limits.MAX_PROBLEMS` are listed. Pydantic counts its errors
    cheaply but builds them slowly (12 s for the 2.6 million of a list of 1.3 million empty
    partners); so when there are more than the limit, the first ones are taken from the
    validation of a copy whose lists are cut to the limit, and the rest are counted.
    """
    try:
        return model.model_validate(data)
    except ValidationError as error:
        total = error.error_count()
        if total > MAX_PROBLEMS:
            try:
                model.model_validate(_cut(data, MAX_PROBLEMS))
            except ValidationError as first:
                error = first
        items = error.errors(include_url=False)
        problems = list(schema_problems(items, model))
        # A list short only because its items failed is not a problem of its own (see
        # schema_problems): such errors are neither listed nor counted.
        unlisted = len(items) - len(problems)
        raise BudgetError(problems[:MAX_PROBLEMS], max(0, total - unlisted - MAX_PROBLEMS)) from None


def _cut(data: Any, length: int) -> Any:
    """``data`` with every list cut to its first ``length`` items, at every depth."""
    if isinstance(data, dict):
        return {key: _cut(value, length) for key, value in data.items()}
    if isinstance(data, list):
        return [_cut(item, length) for item in data[:length]]
    return data


LIKELY_KEYS: Final = {
    "floor": "min",
    "plancher": "min",
    "minimum": "min",
    "ceiling": "max",  # on a partner: a subsidy's `ceiling` is its own key
    "plafond": "max",
    "maximum": "max",
    "cap": "max",
    "forfait": "fixed",
    "taux": "rate",
    "montant": "amount",
    "nom": "name",
    "partenaires": "partners",
    "subventions": "subsidies",
    "cle": "key",
    "clé": "key",
    "duree": "months",
    "durée": "months",
    "mois": "months",
    "debut": "start",
    "début": "start",
    "annuel": "annual",
    "cout": "cost",
    "coût": "cost",
    "titre": "title",
    "beneficiaire": "beneficiary",
    "bénéficiaire": "beneficiary",
}
"""Keys people write for another, in English and in French, when that other is allowed where
they wrote it (the closest spelling would mislead: `amount` is not `payment`, `floor` not `fixed`)."""


def schema_problems(items: Sequence[ErrorDetails], root: type[BaseModel] = Budget) -> Iterator[Problem]:
    """Turn pydantic's errors into problems with paths and plain messages."""
    failed_inside = {tuple(item["loc"][:end]) for item in items for end in range(len(item["loc"]))}
    for item in items:
        loc: Path = tuple(part for part in item["loc"] if isinstance(part, (str, int)))
        kind = item["type"]
        message = str(item["msg"])
        if message.startswith("Input should be "):
            message = f"expected {message.removeprefix('Input should be ')}, got {describe(item.get('input'))}"
        message = message.removeprefix("Value error, ")  # our own validators' words, without pydantic's prefix
        if kind == "too_short":
            least = item.get("ctx", {}).get("min_length", 1)
            message = (
                f"expected at least {least} item{'s' if least != 1 else ''}, got none"
                if not item.get("input")
                else f"expected at least {least} items"
            )
        if kind == "too_short" and tuple(item["loc"]) in failed_inside:
            continue  # a list is short only because its items failed: those errors say why
        if loc and loc[-1] == "[key]":
            yield Problem("TDI002", f"bad key: {item['msg']}", loc[:-1], on_key=True)
        elif kind == "extra_forbidden":
            allowed = keys_at(root, loc[:-1])
            hint = f" (expected one of: {', '.join(allowed)})" if allowed else ""
            meant = LIKELY_KEYS.get(str(loc[-1]).casefold())
            close = meant if meant in allowed else closest(str(loc[-1]), allowed)
            if close:
                hint = f"; did you mean {close!r}?" + hint
            yield Problem("TDI003", f"unknown key {shorten(str(loc[-1]))!r}{hint}", loc, on_key=True)
        elif kind == "missing":
            where = f" in {format_path(loc[:-1])}" if loc[:-1] else ""
            yield Problem("TDI002", f"missing required key {loc[-1]!r}{where}", loc[:-1])
        elif kind in {"model_type", "model_attributes_type", "dict_type"}:
            yield Problem("TDI002", "expected a mapping (key: value, ...)", loc)
        elif kind in {"tuple_type", "list_type"}:
            yield Problem("TDI002", "expected a list (- item ...)", loc)
        else:
            yield Problem("TDI002", message, loc)


def not_a_mapping(data: Any) -> Problem:
    """The problem of a document that is not a mapping (TDI014)."""
    if isinstance(data, list):
        kind = "a list"
    elif isinstance(data, str):
        kind = "text"
    else:
        kind = f"the single value {data!r}"[:60]
    return Problem("TDI014", f"a budget file is a mapping (schema: ..., title: ...), not {kind}")
