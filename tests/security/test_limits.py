"""quizsite.limits: oversized bodies refused unread, per-IP demo rate limit, demo concurrency cap."""

import socket
import threading
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory

from quizsite.limits import RequestLimitsMiddleware, client_ip


@pytest.fixture
def limits(settings):
    """Production's limits instead of the suite's generous ones."""
    settings.QUIZLAB = {
        **settings.QUIZLAB,
        "DEMO_REQUESTS_PER_MINUTE": 60,
        "DEMO_CONCURRENCY": 1,
        "DEMO_CPU_MS_PER_MINUTE": 20_000,
    }
    cache.clear()
    yield settings.QUIZLAB
    cache.clear()


@pytest.mark.django_db
def test_the_61st_demo_request_in_a_minute_from_one_ip_gets_429(limits):
    client = Client()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC), tick=False):
        for _ in range(60):
            assert client.get("/demos/masking/").status_code == 200
        refused = client.get("/api/demos/masking/", {"text": "x"})  # pages and API share the count
        assert refused.status_code == 429
        assert refused["Retry-After"] == "51"  # the next minute opens in 50 s
        assert refused.json() == {  # the API's error shape, in English unless the client asks otherwise
            "detail": "Too many demo requests from your address; try again in 51 seconds."
        }
        page = client.get("/demos/masking/")
        assert page.status_code == 429
        assert "데모 요청이 너무 많습니다" in page.content.decode()  # in the page's language
        assert "Too many demo requests" in client.get("/en/demos/masking/").content.decode()
        # Another address has its own budget; exam pages are never counted.
        assert Client(REMOTE_ADDR="10.0.0.2").get("/demos/masking/").status_code == 200
        assert client.get("/").status_code == 200
    with time_machine.travel(datetime(2026, 3, 2, 9, 1, 0, tzinfo=UTC), tick=False):
        assert client.get("/demos/masking/").status_code == 200


def test_client_ip_trusts_only_the_configured_proxies(settings, rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.QUIZLAB = {**settings.QUIZLAB, "PROXY_COUNT": 0}
    assert client_ip(request) == "10.0.0.9"
    settings.QUIZLAB = {**settings.QUIZLAB, "PROXY_COUNT": 1}
    assert client_ip(request) == "203.0.113.7"  # not the forgeable 6.6.6.6


def test_a_second_concurrent_demo_computation_gets_503_and_exam_requests_pass(limits):
    started, finish = threading.Event(), threading.Event()

    def view(request):
        if request.path.startswith("/demos/"):
            started.set()
            finish.wait(10)
        return HttpResponse("ok")

    middleware = RequestLimitsMiddleware(view)
    rf = RequestFactory()
    first = threading.Thread(target=middleware, args=(rf.get("/demos/mlops/"),))
    first.start()
    try:
        assert started.wait(10)
        busy = middleware(rf.get("/api/demos/mlops/"))
        assert busy.status_code == 503
        assert busy["Retry-After"] == "5"
        assert middleware(rf.post("/attempts/1/save/")).status_code == 200
    finally:
        finish.set()
        first.join(10)
    assert middleware(rf.get("/demos/mlops/")).status_code == 200  # the slot is free again


@pytest.mark.django_db
def test_an_over_limit_content_length_gets_413_in_the_api_error_shape(limits, client):
    too_big = client.generic("POST", "/api/demos/cam/", b"{}", "application/json", CONTENT_LENGTH=str(300 << 20))
    assert too_big.status_code == 413
    assert too_big.json() == {"detail": f"The request body is larger than {3 << 20} bytes."}


@pytest.mark.django_db(transaction=True)
def test_a_300_mib_upload_is_refused_from_its_headers_in_well_under_a_second(live_server):
    host, port = live_server.thread.host, live_server.thread.port
    started = time.perf_counter()
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(
            b"POST /demos/cam/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            + f"Content-Length: {300 << 20}\r\n\r\n".encode()
        )  # and not one byte of the body
        reply = sock.recv(4096)
    elapsed = time.perf_counter() - started
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert elapsed < 0.5


def test_an_address_that_spent_its_cpu_budget_gets_429_until_the_next_minute(limits, settings):
    settings.QUIZLAB = {**settings.QUIZLAB, "DEMO_CPU_MS_PER_MINUTE": 150}

    def busy_view(request):
        end = time.thread_time() + 0.1  # 100 ms of real CPU, as an uncached simulation would burn
        while time.thread_time() < end:
            pass
        return HttpResponse("ok")

    middleware = RequestLimitsMiddleware(busy_view)
    rf = RequestFactory()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC), tick=False):
        assert middleware(rf.get("/demos/mlops/")).status_code == 200  # 100 ms spent
        assert middleware(rf.get("/demos/mlops/")).status_code == 200  # 200 ms: over 150 now
        refused = middleware(rf.get("/demos/mlops/"))
        assert refused.status_code == 429 and refused["Retry-After"] == "51"
        assert middleware(rf.get("/demos/mlops/", REMOTE_ADDR="10.0.0.3")).status_code == 200  # its own budget
    with time_machine.travel(datetime(2026, 3, 2, 9, 1, 0, tzinfo=UTC), tick=False):
        assert middleware(rf.get("/demos/mlops/")).status_code == 200


@pytest.mark.django_db
def test_api_404_and_405_come_back_in_the_api_error_shape(client):
    missing = client.get("/api/demos/nope/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "There is no API endpoint at this address."}
    wrong = client.put("/api/demos/mlops/", {}, content_type="application/json")
    assert wrong.status_code == 405
    assert wrong.json() == {"detail": f"The method PUT is not allowed here; use {wrong['Allow']}."}
    assert "POST" in wrong["Allow"]
    assert client.get("/en/no-such-page/").status_code == 404  # pages keep their HTML 404
