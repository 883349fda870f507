from django.urls import path

from apps.classes import views

urlpatterns = [
    path("", views.index, name="classes"),
    path("new/", views.create, name="class-create"),
    path("join/", views.join, name="class-join"),
    path("<int:pk>/", views.detail, name="class-detail"),
    path("<int:pk>/assign/", views.assign, name="class-assign"),
    path("<int:pk>/quizzes/<slug:quiz_key>/", views.results, name="class-results"),
]
