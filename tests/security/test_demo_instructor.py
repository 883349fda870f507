"""The demo instructor of `make run` (published password) exists only under DEBUG."""

import os
import secrets
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from apps.questions.checks import DEMO_INSTRUCTOR, refuse_demo_instructor

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_instructor(db, settings):
    settings.DEBUG = True
    call_command("setup_roles", "--demo-instructor", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False
    return get_user_model().objects.get(username=DEMO_INSTRUCTOR[0])


def test_serving_without_debug_refuses_while_the_demo_instructor_is_active(demo_instructor):
    with pytest.raises(ImproperlyConfigured, match="setup_roles"):
        refuse_demo_instructor()
    with pytest.raises(SystemCheckError, match=r"quizlab\.E001"):
        call_command("check", deploy=True)


def test_setup_roles_without_the_flag_deactivates_it(demo_instructor, capsys):
    call_command("setup_roles")
    assert "deactivated" in capsys.readouterr().out
    demo_instructor.refresh_from_db()
    assert not demo_instructor.is_active
    refuse_demo_instructor()  # now serving may start


def test_an_instructor_with_their_own_password_is_left_alone(demo_instructor):
    demo_instructor.set_password("a-real-secret-" + secrets.token_hex(8))
    demo_instructor.save()
    call_command("setup_roles")
    demo_instructor.refresh_from_db()
    assert demo_instructor.is_active
    refuse_demo_instructor()


def test_make_serve_refuses_to_start_with_the_demo_instructor_active(tmp_path):
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    env.update(QUIZLAB_DATA_DIR=str(tmp_path), PORT="8999", DJANGO_SETTINGS_MODULE="quizsite.settings")
    py = str(ROOT / ".venv" / "bin" / "python")
    for command in (["migrate", "--noinput", "-v0"], ["setup_roles", "--demo-instructor"]):
        subprocess.run([py, "manage.py", *command], cwd=ROOT, env={**env, "DEBUG": "1"}, check=True, timeout=300)
    serve = subprocess.run(
        ["make", "-s", "serve"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, start_new_session=True
    )
    assert serve.returncode != 0
    assert "quizlab.E001" in serve.stderr and "setup_roles" in serve.stderr
    assert "Listening at" not in serve.stderr  # gunicorn never started
