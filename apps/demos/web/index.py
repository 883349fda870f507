from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language

from apps.demos.catalog import DEMOS
from apps.demos.training import board_for, registry_for


def index(request):
    """Every demo with the state of the models it needs (ready, or training with progress)."""
    lang = get_language()
    registry, board = registry_for(settings.DATA_DIR), board_for(settings.DATA_DIR)
    demos = []
    for demo in DEMOS:
        models = [(name, registry.current(name), board.read(name)) for name in demo.artifacts]
        demos.append(
            {
                "demo": demo,
                "title": demo.text("title", lang),
                "summary": demo.text("summary", lang),
                "models": models,
                "ready": all(current for _, current, _ in models),
            }
        )
    return render(request, "demos/index.html", {"demos": demos})
