"""Baseline for a large budget: PyYAML's C loader reading the file, nothing else."""

import sys

import yaml

yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=yaml.CSafeLoader)
