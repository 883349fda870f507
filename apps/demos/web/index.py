from django.shortcuts import render

from apps.demos import loaded
from apps.demos.manifest import DEMOS
from apps.demos.web.forms import lang


def index(request):
    """Every demo with the state of the models it needs (ready, or training with progress)."""
    demos = []
    for demo in DEMOS:
        models = loaded.statuses(demo.requires)
        demos.append(
            {
                "demo": demo,
                "title": demo.text("title", lang()),
                "summary": demo.text("summary", lang()),
                "models": models,
                "ready": all(current for _, current, _ in models),
            }
        )
    return render(request, "demos/index.html", {"demos": demos})
