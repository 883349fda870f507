from django.urls import path

from apps.questions import views

urlpatterns = [
    path("", views.home, name="home"),
]
