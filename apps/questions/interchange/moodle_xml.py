"""Moodle XML: read with defusedxml (entity expansion and external entities refused), write
with ElementTree. Text in ``format="html"`` becomes Markdown; we write ``format="markdown"``."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # writing only: reading goes through defusedxml

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from apps.questions.interchange.items import Answer, FormatError, Item
from apps.questions.interchange.mapping import number_text
from apps.questions.interchange.text_formats import to_markdown

IMAGE_MARKERS = ("@@PLUGINFILE@@", "<img")


def _text(element: ET.Element | None, problems: list[str], where: str) -> str:
    """The Markdown of a Moodle text element (``<questiontext format=..><text>..</text></..>``)."""
    if element is None:
        return ""
    raw = element.findtext("text") or ""
    if element.find("file") is not None or any(m in raw for m in IMAGE_MARKERS):
        problems.append(f"{where} has images, which QuizLab questions cannot hold")
    return to_markdown(raw, (element.get("format") or "html").lower())


def _fraction(value: str | None, problems: list[str]) -> float:
    try:
        return float(value or 0) / 100
    except ValueError:
        problems.append(f"fraction {value!r} is not a number")
        return 0.0


def _number(text: str, problems: list[str]) -> float:
    try:
        return float(text)
    except ValueError:
        problems.append(f"{text!r} is not a number")
        return 0.0


def parse(source: bytes | str) -> list[Item]:
    try:
        root = SafeET.fromstring(source)
    except DefusedXmlException as exc:
        raise FormatError(f"refused: the XML declares entities or a DTD ({type(exc).__name__})") from exc
    except ET.ParseError as exc:
        raise FormatError(f"not well-formed XML: {exc}") from exc
    if root.tag != "quiz":
        raise FormatError(f"not Moodle XML: the root element is <{root.tag}>, not <quiz>")
    items: list[Item] = []
    category = ""
    for number, question in enumerate(root.findall("question"), 1):
        qtype = question.get("type", "")
        if qtype == "category":
            category = (question.findtext("category/text") or "").strip()
            continue
        problems: list[str] = []
        item = Item(
            qtype=qtype,
            name=(question.findtext("name/text") or "").strip(),
            line=number,  # ElementTree keeps no line numbers: the question's number in the file
            category=category,
            text=_text(question.find("questiontext"), problems, "the question text"),
            general_feedback=_text(question.find("generalfeedback"), problems, "the general feedback"),
            single=(question.findtext("single") or "true").strip().lower() in ("true", "1"),
            usecase=(question.findtext("usecase") or "0").strip() == "1",
        )
        for answer in question.findall("answer"):
            text = answer.findtext("text") or ""
            if qtype not in ("numerical", "shortanswer", "truefalse"):
                text = _text(answer, problems, "an option")
            item.answers.append(
                Answer(
                    text=text.strip(),
                    fraction=_fraction(answer.get("fraction"), problems),
                    feedback=_text(answer.find("feedback"), problems, "an option's feedback"),
                    tolerance=abs(_number(answer.findtext("tolerance") or "0", problems)),
                )
            )
        if qtype == "ordering":
            # Items are listed in their correct order; Moodle may also number them in fractions.
            if (question.findtext("gradingtype") or "ALL_OR_NOTHING").strip() != "ALL_OR_NOTHING":
                item.notes.append("partial-credit ordering grading dropped: graded all-or-nothing here")
            for answer in item.answers:
                answer.fraction = 1.0
        if qtype == "truefalse":
            for answer in item.answers:
                answer.text = answer.text.strip().lower()
        if qtype == "numerical":
            units = [
                ((u.findtext("unit_name") or "").strip(), _number(u.findtext("multiplier") or "1", problems))
                for u in question.findall("units/unit")
            ]
            item.unit = next((name for name, multiplier in units if multiplier == 1 and name), "")
            if len(units) > (1 if item.unit else 0):
                item.notes.append("units other than the answer's own (multiplier 1) dropped")
        item.problems = problems
        items.append(item)
    return items


# --- writing ---------------------------------------------------------------------------------


def _text_element(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag, format="markdown")
    ET.SubElement(element, "text").text = text
    return element


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.7g}"


def write(items: list[Item]) -> str:
    root = ET.Element("quiz")
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            holder = ET.SubElement(root, "question", type="category")
            ET.SubElement(ET.SubElement(holder, "category"), "text").text = f"$course$/top/{category}"
        q = ET.SubElement(root, "question", type=item.qtype)
        ET.SubElement(ET.SubElement(q, "name"), "text").text = item.name
        _text_element(q, "questiontext", item.text)
        _text_element(q, "generalfeedback", item.general_feedback)
        ET.SubElement(q, "defaultgrade").text = "1"
        if item.qtype in ("multichoice", "multichoiceset"):
            ET.SubElement(q, "single").text = "true" if item.single else "false"
            ET.SubElement(q, "shuffleanswers").text = "true"
        if item.qtype == "shortanswer":
            ET.SubElement(q, "usecase").text = "0"
        if item.qtype == "ordering":
            ET.SubElement(q, "layouttype").text = "VERTICAL"
            ET.SubElement(q, "selecttype").text = "ALL"
            ET.SubElement(q, "gradingtype").text = "ALL_OR_NOTHING"
        for answer in item.answers:
            plain = item.qtype in ("numerical", "shortanswer", "truefalse")
            a = ET.SubElement(
                q, "answer", fraction=_percent(answer.fraction), format="plain_text" if plain else "markdown"
            )
            ET.SubElement(a, "text").text = answer.text
            if item.qtype == "numerical":
                ET.SubElement(a, "tolerance").text = number_text(answer.tolerance)
            _text_element(a, "feedback", answer.feedback)
        if item.unit:
            unit = ET.SubElement(ET.SubElement(q, "units"), "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = item.unit
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
