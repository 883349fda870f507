from apps.questions.models.attempts import Attempt, ExtraTime, Response
from apps.questions.models.bank import Choice, Question, Quiz, QuizSlot, Topic

__all__ = ["Attempt", "Choice", "ExtraTime", "Question", "Quiz", "QuizSlot", "Response", "Topic"]
