from django.urls import path

from apps.demos import views

urlpatterns = [
    path("", views.index, name="demos-index"),
]
