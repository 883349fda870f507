"""The neutral shape every format reads into and writes from: Moodle's question model."""

from __future__ import annotations

from dataclasses import dataclass, field


class FormatError(ValueError):
    """The file as a whole cannot be read (not XML, not UTF-8, an entity bomb...)."""


@dataclass
class Answer:
    text: str
    fraction: float  # Moodle's grade for this answer, −1 … 1
    feedback: str = ""
    tolerance: float = 0.0  # numerical answers


@dataclass
class Item:
    """One question as the file has it. ``qtype`` uses Moodle's type names."""

    qtype: str
    name: str = ""
    text: str = ""  # Markdown
    line: int = 0  # where the question starts in the file (1-based)
    category: str = ""  # the file's category path, '' if none
    answers: list[Answer] = field(default_factory=list)
    single: bool = True  # multichoice: one answer or several
    general_feedback: str = ""
    usecase: bool = False  # shortanswer: case-sensitive
    unit: str = ""  # numerical: the unit of the answer (multiplier 1)
    problems: list[str] = field(default_factory=list)  # why the parser could not read it: skipped
    notes: list[str] = field(default_factory=list)  # what was read but changed on the way


@dataclass
class ParsedFile:
    items: list[Item]
    format: str
