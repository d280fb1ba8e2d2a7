"""Baseline for a large budget: PyYAML's C loader reading the file, nothing else."""

import sys

import yaml

with open(sys.argv[1], encoding="utf-8") as stream:
    yaml.load(stream, Loader=yaml.CSafeLoader)
