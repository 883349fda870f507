from django.shortcuts import render

from apps.questions import selectors


def home(request):
    quizzes = selectors.visible_quizzes()
    return render(
        request,
        "questions/home.html",
        {
            "domains": selectors.domain_summaries(),
            "quizzes": [(quiz, selectors.quiz_question_count(quiz)) for quiz in quizzes],
        },
    )
