"""Production mode (DEBUG off) is safe by default: Django's deployment checks pass with the settings
the README documents, and every page carries the browser protections."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path, **extra):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}  # none of the suite's
    env.update(
        DJANGO_SETTINGS_MODULE="quizsite.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="quiz.example.org",
        QUIZLAB_DATA_DIR=str(tmp_path),
        **extra,
    )
    return env


def check_deploy(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = check_deploy(production_env(tmp_path, PROXY_SSL_HEADER="X-Forwarded-Proto"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_plain_http(tmp_path):
    """HTTPS=0 (a local try of `make serve`) is visibly not a deployment."""
    result = check_deploy(production_env(tmp_path, HTTPS="0"))
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/demos/", "/demos/masking/", "/accounts/login/", "/api/docs"])
def test_every_page_has_a_strict_csp_and_permissions_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert csp["script-src"] == "'self'"  # no inline script, no CDN
    assert csp["default-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_api_docs_load_their_scripts_from_this_site(client):
    html = client.get("/api/docs").content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html


@pytest.mark.django_db
def test_demo_pages_vary_on_hx_request(client):
    """The same address answers a full page or an htmx partial: caches must keep them apart."""
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get("/demos/masking/", **headers)
        assert "HX-Request" in response["Vary"]
