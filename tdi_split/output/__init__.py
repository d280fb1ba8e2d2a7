"""Results for people and machines: one module per command, the table of formats, the one
place that makes Rich consoles, and the one catalogue of English and French wording.

Only this folder imports rich, and only when a format that draws is asked for.
"""
