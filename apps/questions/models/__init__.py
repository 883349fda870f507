from apps.questions.models.attempts import Attempt, ExtraTime, Response
from apps.questions.models.bank import Choice, Question, Quiz, QuizSlot, Topic
from apps.questions.models.study import Card, ReviewLog, StudyProfile

__all__ = [
    "Attempt",
    "Card",
    "Choice",
    "ExtraTime",
    "Question",
    "Quiz",
    "QuizSlot",
    "Response",
    "ReviewLog",
    "StudyProfile",
    "Topic",
]
