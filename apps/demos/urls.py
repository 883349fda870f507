from django.urls import path

from apps.demos.web import index, masking

urlpatterns = [
    path("", index.index, name="demos-index"),
    path("masking/", masking.page, name="demo-masking"),
]
