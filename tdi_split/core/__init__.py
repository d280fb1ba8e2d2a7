"""The pure core: money, the budget model, the rules, the arithmetic and every result.

Nothing here reads a file, prints, or imports click, rich or yaml (DESIGN section 2); a
test walks the imports of every module of this folder to keep it so.
"""
