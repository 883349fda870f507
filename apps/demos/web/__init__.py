"""The demos' web layer: one module per demo (named in ``apps.demos.manifest``) holding its
page view and its API router, plus what the pages share (``forms``) and the index."""
