from django import template

from apps.questions.rendering import render_inline, render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text or "")


@register.filter
def markdown_inline(text: str):
    return render_inline(text or "")
