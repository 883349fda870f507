"""Aiken: single-answer multiple choice in plain text.

    Question text (one or more lines)
    A. first option          (or "A)")
    B. second option
    ANSWER: B

Questions are separated by blank lines; nothing else (no feedback, no title) exists.
"""

from __future__ import annotations

import re

from apps.questions.interchange.items import Answer, Item

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")


def parse(source: str) -> list[Item]:
    items: list[Item] = []
    block: list[tuple[int, str]] = []
    for number, line in enumerate([*source.splitlines(), ""], 1):
        if line.strip():
            block.append((number, line.strip()))
            continue
        if block:
            items.append(_question(block))
            block = []
    return items


def _question(block: list[tuple[int, str]]) -> Item:
    stem: list[str] = []
    letters: list[str] = []
    item = Item("multichoice", line=block[0][0])
    answer_letter = None
    for number, line in block:
        if match := _ANSWER.match(line):
            answer_letter = match.group(1)
            if number != block[-1][0]:
                item.problems.append(f"line {number}: 'ANSWER:' must be the question's last line")
        elif match := _OPTION.match(line):
            letters.append(match.group(1))
            item.answers.append(Answer(match.group(2).strip(), 0.0))
        elif item.answers:
            item.problems.append(f"line {number}: {line!r} is neither an option 'A. …' nor 'ANSWER: …'")
        else:
            stem.append(line)
    item.text = "\n".join(stem)
    if answer_letter is None:
        item.problems.append("no 'ANSWER: <letter>' line")
    elif answer_letter not in letters:
        item.problems.append(f"ANSWER: {answer_letter} names no option (options: {', '.join(letters) or 'none'})")
    else:
        item.answers[letters.index(answer_letter)].fraction = 1.0
    if letters != [chr(ord("A") + i) for i in range(len(letters))]:
        item.problems.append(f"options must be lettered A, B, C … in order, found {', '.join(letters) or 'none'}")
    return item


def write(items: list[Item]) -> str:
    out = []
    for item in items:
        lines = [" ".join(item.text.split())]
        for i, answer in enumerate(item.answers):
            lines.append(f"{chr(ord('A') + i)}. {' '.join(answer.text.split())}")
        correct = next(i for i, a in enumerate(item.answers) if a.fraction >= 1)
        lines.append(f"ANSWER: {chr(ord('A') + correct)}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
