"""The demos the app offers: the manifest decides (``manifest.demo``).

Kept as the name ``apps.questions.presenters`` imports until it imports ``apps.demos.manifest``.
"""

from apps.demos.manifest import demo

__all__ = ["demo"]
