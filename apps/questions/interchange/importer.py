"""Import: parse a file, plan what it creates (with every problem by question and line), and
write the plan as draft questions in one transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from apps.questions.bank.schema import KEY, TOPIC_SLUG
from apps.questions.interchange import aiken, gift, moodle_xml
from apps.questions.interchange.items import FormatError, Item
from apps.questions.interchange.mapping import to_entry
from apps.questions.models import Choice, Question, Topic

FORMATS = ("gift", "moodle-xml", "aiken")
EXTENSIONS = {".gift": "gift", ".xml": "moodle-xml", ".txt": "aiken", ".aiken": "aiken"}
MAX_BYTES = 10 * 1024 * 1024
DEFAULT_TOPIC = "imported"
DEFAULT_TOPIC_NAMES = {"ko": "가져온 문항", "en": "Imported questions"}


def guess_format(filename: str) -> str | None:
    return EXTENSIONS.get(PurePath(filename).suffix.lower())


def read_items(data: bytes, fmt: str) -> list[Item]:
    """Items of a file; FormatError if the file as a whole cannot be read."""
    if len(data) > MAX_BYTES:
        raise FormatError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if fmt == "moodle-xml":
        return moodle_xml.parse(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})") from exc
    if fmt == "gift":
        return gift.parse(text)
    if fmt == "aiken":
        return aiken.parse(text)
    raise FormatError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


@dataclass
class Planned:
    line: int
    name: str
    entry: dict
    notes: list[str]
    lang: str


@dataclass
class Skipped:
    line: int
    name: str
    reason: str


@dataclass
class Plan:
    questions: list[Planned] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    new_topics: list[str] = field(default_factory=list)


def topic_for(category: str) -> str:
    """A topic slug from a category path: its last one or two parts that make a slug
    ('$course$/top/xai/cam' → 'xai/cam'); 'imported' if none do (e.g. Korean names)."""
    # Each part cut to 40 characters so a slug always fits its column (100).
    parts = [slugify(p)[:40].strip("-") for p in category.split("/") if p and not p.startswith("$") and p != "top"]
    parts = [p for p in parts if p and p != "default" and not p.startswith("default-for")]
    for slug in ("/".join(parts[-2:]), parts[-1] if parts else ""):
        if slug and TOPIC_SLUG.match(slug):
            return slug
    return DEFAULT_TOPIC


def _key_base(item: Item, fallback: str) -> str:
    if KEY.match(item.name) and len(item.name) <= 80:  # room for a '-2' suffix in the key's 100
        return item.name
    return slugify(item.name)[:80].strip("-") or fallback


def plan(items: list[Item], *, topic: str | None = None, fmt: str = "import") -> Plan:
    """What importing ``items`` would create; ``topic`` puts every question there."""
    result = Plan()
    taken = set(Question.objects.values_list("key", flat=True))
    existing_topics = set(Topic.objects.values_list("slug", flat=True))
    for number, item in enumerate(items, 1):
        target = topic or topic_for(item.category)
        base = _key_base(item, f"{fmt}-{number}")
        key, n = base, 1
        while key in taken:
            n += 1
            key = f"{base}-{n}"
        mapped = to_entry(item, key=key, topic=target)
        if mapped.entry is None:
            result.skipped.append(Skipped(item.line, item.name or _first_words(item.text), mapped.skipped))
            continue
        taken.add(key)
        result.questions.append(
            Planned(item.line, item.name or _first_words(item.text), mapped.entry, mapped.notes, mapped.lang)
        )
        for slug in _with_parent(target):
            if slug not in existing_topics and slug not in result.new_topics:
                result.new_topics.append(slug)
    return result


def _first_words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:60]


def _with_parent(slug: str) -> list[str]:
    return [slug.split("/")[0], slug] if "/" in slug else [slug]


def apply(result: Plan) -> list[Question]:
    """Write the plan: new topics, then draft questions with their choices, all or nothing."""
    with transaction.atomic():
        for slug in result.new_topics:
            if slug == DEFAULT_TOPIC:
                names = DEFAULT_TOPIC_NAMES
            else:
                last = slug.rsplit("/", 1)[-1]
                names = {"ko": last, "en": last}
            parent = Topic.objects.get(slug=slug.split("/")[0]) if "/" in slug else None
            Topic.objects.create(slug=slug, name_ko=names["ko"], name_en=names["en"], parent=parent)
        topics = {t.slug: t for t in Topic.objects.all()}
        start = (Question.objects.aggregate(m=Max("position"))["m"] or 0) + 1
        questions = Question.objects.bulk_create(
            Question(
                key=p.entry["key"],
                topic=topics[p.entry["topic"]],
                type=p.entry["type"],
                status=Question.Status.DRAFT,
                difficulty=p.entry["difficulty"],
                source=p.entry["source"],
                answer=p.entry.get("answer"),
                all_or_nothing=p.entry.get("all_or_nothing", False),
                position=start + i,
                stem_ko=p.entry["stem"]["ko"],
                stem_en=p.entry["stem"]["en"],
                explanation_ko=p.entry["explanation"]["ko"],
                explanation_en=p.entry["explanation"]["en"],
            )
            for i, p in enumerate(result.questions)
        )
        if not all(q.pk for q in questions):  # backends that do not return ids from bulk inserts
            ids = dict(Question.objects.filter(key__in=[q.key for q in questions]).values_list("key", "pk"))
            for q in questions:
                q.pk = q.id = ids[q.key]
        Choice.objects.bulk_create(
            Choice(
                question=question,
                position=position,
                is_correct=bool(c.get("correct")),
                text_ko=c["text"]["ko"],
                text_en=c["text"]["en"],
                feedback_ko=c["feedback"]["ko"],
                feedback_en=c["feedback"]["en"],
            )
            for question, p in zip(questions, result.questions, strict=True)
            for position, c in enumerate(p.entry.get("choices", []))
        )
    return questions
