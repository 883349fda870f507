"""Export: bank questions to a format's text, with what each question lost or why it was left out."""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.questions.bank.exporter import question_to_dict
from apps.questions.interchange import aiken, gift, moodle_xml
from apps.questions.interchange.mapping import to_item

WRITERS = {"gift": gift.write, "moodle-xml": moodle_xml.write, "aiken": aiken.write}


@dataclass
class Exported:
    text: str
    written: int = 0
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (key, why)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (key, what was lost)


def export(questions, fmt: str, lang: str = "ko") -> Exported:
    items = []
    result = Exported("")
    for question in (
        questions.select_related("topic").prefetch_related("choices").order_by("topic__slug", "position", "key")
    ):
        item, notes = to_item(question_to_dict(question), fmt, lang)
        if item is None:
            result.left_out += [(question.key, n) for n in notes]
            continue
        if fmt == "aiken" and "\n" in item.text.strip():
            notes.append("line breaks in the question text joined: Aiken questions are one line")
        result.notes += [(question.key, n) for n in notes]
        items.append(item)
    result.text = WRITERS[fmt](items)
    result.written = len(items)
    return result
