"""Single-threaded BLAS/OpenMP while the lab fits and scores its small models.

The models are tiny, so extra BLAS threads only fight over a shared 2-core machine (a
60-day simulation measured 10x slower without the limit). threadpoolctl's limit is
process-wide and restores the previous value on exit; the lock keeps concurrent callers
from restoring each other's limits in the wrong order.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import threadpool_limits

_LOCK = threading.RLock()


@contextmanager
def single_threaded() -> Iterator[None]:
    with _LOCK, threadpool_limits(1):
        yield
