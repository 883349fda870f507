"""Turn attempts and responses into what templates show. No writes, no requests."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from apps.demos.manifest import demo as find_demo
from apps.questions.kinds import kind
from apps.questions.kinds.base import pick
from apps.questions.models import Attempt, Response
from apps.questions.tokens import attempt_tokens


@dataclass(frozen=True)
class NavItem:
    position: int
    answered: bool
    flagged: bool
    current: bool
    checked: bool


def navigator(responses: list[Response], current: int | None) -> list[NavItem]:
    return [NavItem(r.position, r.is_answered, r.flagged, r.position == current, r.checked) for r in responses]


def answer_view(response: Response) -> dict:
    """The question as the page shows it while answering, with the saved answer in page values."""
    tokens = attempt_tokens(response.attempt_id, response.snapshot)
    qkind = kind(response.snapshot["type"])
    view = qkind.public_view(response.snapshot, _lang(), tokens.encode, response.answer)
    view["answer"] = qkind.page_answer(response.answer, tokens.encode)
    return view


def _lang() -> str:
    return (get_language() or "ko")[:2]


def demo_link(demo: dict | None) -> str | None:
    """URL of the live demo preset for a question, only when that demo exists in the app."""
    if not demo or not find_demo(demo["slug"]):
        return None
    try:
        url = reverse(f"demo-{demo['slug']}")
    except NoReverseMatch:
        return None
    params = demo.get("params") or {}
    return f"{url}?{urlencode(params)}" if params else url


def reviewed(response: Response) -> dict:
    lang = _lang()
    qkind = kind(response.snapshot["type"])
    view = qkind.review_view(response.snapshot, lang, response.answer)
    view.update(
        position=response.position,
        score=response.score,
        answered=response.is_answered,
        your_answer="" if response.answer is None else qkind.answer_text(response.snapshot, response.answer, lang),
        demo_url=demo_link(response.snapshot.get("demo")),
        flagged=response.flagged,
    )
    return view


@dataclass(frozen=True)
class TopicScore:
    name: str
    score: float
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.score / self.total if self.total else 0.0


def topic_breakdown(responses: list[Response]) -> list[TopicScore]:
    lang = _lang()
    totals: OrderedDict[str, list[float]] = OrderedDict()
    for r in sorted(responses, key=lambda r: r.snapshot["topic"]):
        entry = totals.setdefault(pick(r.snapshot["topic_name"], lang), [0.0, 0])
        entry[0] += r.score or 0.0
        entry[1] += 1
    return [TopicScore(name, score, total) for name, (score, total) in totals.items()]


def passed(attempt: Attempt) -> bool | None:
    percent = attempt.percent
    return None if percent is None else percent >= attempt.quiz.pass_percent
