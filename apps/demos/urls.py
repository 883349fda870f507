from django.urls import path

from apps.demos.manifest import DEMOS
from apps.demos.web import index

urlpatterns = [
    path("", index.index, name="demos-index"),
    *(path(f"{demo.slug}/", demo.page, name=f"demo-{demo.slug}") for demo in DEMOS),
]
