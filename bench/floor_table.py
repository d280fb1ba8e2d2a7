"""Baseline for `tdi-split compute`: the least a CLI doing the same job must do.

Imports click, yaml, rich.table and pydantic, builds one pydantic model, loads the budget
file with PyYAML and prints a 10-row Rich table.
"""

import sys

import click  # noqa: F401 - the import cost is what is measured
import yaml
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table


class Partner(BaseModel):
    id: str
    name: str


with open(sys.argv[1], encoding="utf-8") as stream:
    data = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
partners = [Partner(id=p["id"], name=p["name"]) for p in data["partners"]][:10]
table = Table("Partner", "Id")
for partner in partners:
    table.add_row(partner.name, partner.id)
Console().print(table)
