"""Which demos a question may link to: the manifest decides (``manifest.link_problems``).

Kept as the name ``apps.questions`` imports until it imports ``apps.demos.manifest`` directly.
"""

from apps.demos.manifest import SLUGS as DEMO_SLUGS
from apps.demos.manifest import link_problems

__all__ = ["DEMO_SLUGS", "link_problems"]
