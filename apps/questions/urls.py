from django.contrib.auth import views as auth_views
from django.urls import path

from apps.questions.views import accounts, attempts, pages, study

urlpatterns = [
    path("", pages.home, name="home"),
    path("quizzes/<slug:key>/", pages.quiz_detail, name="quiz-detail"),
    path("quizzes/<slug:key>/start/", pages.start, name="quiz-start"),
    path("attempts/<int:attempt_id>/<int:position>/", attempts.question, name="attempt-question"),
    path("attempts/<int:attempt_id>/<int:position>/save/", attempts.save, name="attempt-save"),
    path("attempts/<int:attempt_id>/<int:position>/flag/", attempts.flag, name="attempt-flag"),
    path("attempts/<int:attempt_id>/<int:position>/check/", attempts.check, name="attempt-check"),
    path("attempts/<int:attempt_id>/summary/", attempts.summary, name="attempt-summary"),
    path("attempts/<int:attempt_id>/submit/", attempts.submit, name="attempt-submit"),
    path("attempts/<int:attempt_id>/review/", attempts.result, name="attempt-review"),
    path("attempts/<int:attempt_id>/retry/", study.retry_missed, name="attempt-retry"),
    path("study/", study.study, name="study"),
    path("study/exam-date/", study.exam_date, name="study-exam-date"),
    path("study/review/", study.start_review, name="study-review"),
    path("study/drill/", study.start_drill, name="study-drill"),
    path("progress/", study.my_progress, name="progress"),
    path("progress/<int:user_id>/", study.student_progress, name="student-progress"),
    path("accounts/signup/", accounts.signup, name="signup"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
