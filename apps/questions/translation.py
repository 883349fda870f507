from modeltranslation.translator import TranslationOptions, register

from apps.questions.models import Choice, Question, Quiz, Topic


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("ko",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("stem", "explanation")
    required_languages = {"ko": ("stem",)}


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text", "feedback")
    required_languages = {"ko": ("text",)}


@register(Quiz)
class QuizTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"ko": ("title",)}
