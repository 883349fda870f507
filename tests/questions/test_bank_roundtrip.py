"""export → load → export is byte-identical, on the project's real bank."""

import io

import pytest
from django.core.management import call_command

from apps.questions.models import Question

pytestmark = pytest.mark.django_db


def read_tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_project_bank_round_trip(tmp_path):
    call_command("load_bank", stdout=io.StringIO())
    assert Question.objects.filter(status="published").count() >= 20
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_bank", "--out", str(first), stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_bank", str(first), stdout=out)
    assert "nothing changed" in out.getvalue()
    call_command("export_bank", "--out", str(second), stdout=io.StringIO())
    assert read_tree(first) == read_tree(second)
    assert set(read_tree(first)) >= {"quizzes.yaml"}
