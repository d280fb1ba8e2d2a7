"""Baseline for `tdi-split check --format json`: the floor script without Rich.

Imports click, yaml and pydantic, builds one pydantic model, loads the budget file with
PyYAML and prints the partners as JSON.
"""

import json
import sys

import click  # noqa: F401 - the import cost is what is measured
import yaml
from pydantic import BaseModel


class Partner(BaseModel):
    id: str
    name: str


with open(sys.argv[1], encoding="utf-8") as stream:
    data = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
print(json.dumps([Partner(id=p["id"], name=p["name"]).model_dump() for p in data["partners"]]))
