from apps.questions.models.attempts import Attempt, ExtraTime, Response
from apps.questions.models.bank import Choice, Question, Quiz, QuizSlot, Topic
from apps.questions.models.recovery import AnswerRecovery
from apps.questions.models.study import Card, ReviewLog, StudyProfile

__all__ = [
    "AnswerRecovery",
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
