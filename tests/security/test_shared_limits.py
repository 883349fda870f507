"""With REDIS_URL the demo rate limit is one count per address across all workers: two processes'
worth of middleware (separate instances, one Redis) refuse the 61st request between them."""

import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime

import pytest
import redis
import time_machine
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory

from quizsite.limits import RequestLimitsMiddleware

REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture
def redis_url(tmp_path):
    if REDIS_SERVER is None:
        pytest.fail("redis-server is missing: apt-get install -y redis-server (.ci/run does)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def test_two_workers_share_one_count_per_address_through_redis(settings, redis_url):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    settings.QUIZLAB = {**settings.QUIZLAB, "DEMO_REQUESTS_PER_MINUTE": 60, "DEMO_CONCURRENCY": 1}
    caches["default"].clear()
    workers = [RequestLimitsMiddleware(lambda request: HttpResponse("ok")) for _ in range(2)]
    rf = RequestFactory()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC), tick=False):
        answers = [workers[n % 2](rf.get("/demos/masking/")).status_code for n in range(61)]
    assert answers[:60] == [200] * 60
    assert answers[60] == 429
    stored = redis.Redis.from_url(redis_url).keys("*limits:demo:*")
    assert len(stored) == 1  # the one count lives in Redis, not in either worker
