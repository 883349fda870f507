"""Turn attempts and responses into what templates show. No writes, no requests."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language

from apps.demos.catalog import demo as find_demo
from apps.questions.models import Attempt, Response
from apps.questions.snapshots import pick, public_view, review_view


@dataclass(frozen=True)
class NavItem:
    position: int
    answered: bool
    flagged: bool
    current: bool
    checked: bool


def navigator(responses: list[Response], current: int | None) -> list[NavItem]:
    return [NavItem(r.position, r.is_answered, r.flagged, r.position == current, r.checked) for r in responses]


def answer_view(snapshot: dict, answer) -> dict:
    """The public view with choices in the student's saved order (ordering questions)."""
    view = public_view(snapshot, _lang())
    if snapshot["type"] == "ordering" and isinstance(answer, list):
        by_id = {c["id"]: c for c in view["choices"]}
        view["choices"] = [by_id[i] for i in answer if i in by_id]
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


def answer_text(snapshot: dict, answer, lang: str) -> str:
    """The student's answer in words, for review."""
    if answer is None:
        return ""
    texts = {c["id"]: pick(c["text"], lang) for c in snapshot["choices"]}
    qtype = snapshot["type"]
    if qtype == "single":
        return texts.get(answer, "")
    if qtype == "multi":
        return ", ".join(texts.get(i, "") for i in answer)
    if qtype == "ordering":
        return " → ".join(texts.get(i, "") for i in answer)
    if qtype == "true_false":
        return "O" if answer else "X"
    return str(answer)


def reviewed(response: Response) -> dict:
    lang = _lang()
    view = review_view(response.snapshot, lang)
    chosen = response.answer if isinstance(response.answer, list) else [response.answer]
    for choice in view["choices"]:
        choice["chosen"] = choice["id"] in chosen
    view.update(
        position=response.position,
        score=response.score,
        answered=response.is_answered,
        your_answer=answer_text(response.snapshot, response.answer, lang),
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
