"""The manifest is the one declaration of a demo: URLs, API, training and question links agree with it."""

import sys

import pytest
from django.urls import reverse

from apps.demos.manifest import DEMOS, SLUGS, demo, link_problems, spec_for, train_specs

pytestmark = pytest.mark.django_db


def test_every_demo_has_a_page_an_api_and_an_index_entry(client):
    schema = client.get("/api/openapi.json").json()
    index = client.get("/en/demos/").content.decode()
    for entry in DEMOS:
        assert reverse(f"demo-{entry.slug}").endswith(f"/demos/{entry.slug}/")
        assert any(path.startswith(f"/api/demos/{entry.slug}/") for path in schema["paths"]), entry.slug
        assert entry.text("title", "en") in index


def test_every_artifact_a_demo_needs_is_trained_by_its_engine_and_every_spec_is_needed():
    specs = {spec.name: spec for spec in train_specs()}
    needed = {name for entry in DEMOS for name in entry.requires}
    assert needed <= set(specs)
    for spec in specs.values():
        assert spec.demo in SLUGS
        assert spec_for(spec.name) is spec
        assert spec.name in needed or any(spec in other.requires for other in specs.values())
    with pytest.raises(KeyError):
        spec_for("no-such-model")


def test_link_params_are_the_engines_own_choices():
    from apps.demos.engines.cam.methods import METHODS
    from apps.demos.engines.cam.network import HEADS

    assert demo("cam").links["method"] == tuple(METHODS) and demo("cam").links["model"] == HEADS
    assert link_problems("cam", {"model": "fc", "method": "gradcam", "sample": 3}) == []
    assert link_problems("lora", {"rank": 8}) == [] and link_problems("lora", {"rank": 3})
    assert link_problems("mlops", {"level": True})  # a bool is not the level 1
    assert link_problems("nope", None) == ["unknown demo slug 'nope' (known: " + ", ".join(SLUGS) + ")"]
    assert link_problems("masking", {"schema": "bert"}) == ["demo 'masking' has no parameter 'schema'"]


def test_the_manifest_and_the_urlconf_import_no_torch():
    """Checked in a fresh interpreter: this one may have imported torch for another test."""
    import subprocess

    code = "import django; django.setup(); import quizsite.urls, sys; print('torch' in sys.modules)"
    env = {"DJANGO_SETTINGS_MODULE": "quizsite.test_settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"
