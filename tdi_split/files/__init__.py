"""The boundary with the file system: YAML read with the position of every node, budget
files and overlays loaded with their problems located, paths walked, results written atomically.

Only :mod:`.yamlreader` imports yaml.
"""
