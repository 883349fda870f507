"""Drawing code of the demo pages: colour scales, PNG pictures and SVG chart geometry.

Plain functions over numbers and arrays: no Django, no engine imports (import-linter checks),
so each can be tested on its own and reused by a new demo.
"""
