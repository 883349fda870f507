"""The downstream task for LoRA: which part of the Python docs does a sentence come from?

Sentences keep the MLM's train / held-out split, so the classifier is tested on sentences the
pretrained encoder never saw either. The three groups are chosen to be tellable apart from
wording ("pdb" vs "__getitem__" vs "str.split"); other topics are left out. Statements and
expressions were tried as two more groups: this small encoder confuses them with each other and
with the rest (about 55% accuracy for every method), which hides the comparison the page is about.
"""

from __future__ import annotations

from collections.abc import Sequence

from apps.demos.engines.lm.corpus import Sentence, split_sentences

TOPIC_GROUPS: dict[str, tuple[str, ...]] = {
    "special-methods": (
        "specialnames",
        "customization",
        "attribute-access",
        "sequence-types",
        "numeric-types",
        "context-managers",
        "callable-types",
    ),
    "builtin-types": (
        "string-methods",
        "typesseq",
        "typesmapping",
        "dict",
        "typesmethods",
        "typesmodules",
        "typesfunctions",
        "lists",
    ),
    "debugger": ("debugger",),
}

GROUP_LABELS: dict[str, dict[str, str]] = {
    "special-methods": {
        "en": "Special methods (__init__, __getitem__, ...)",
        "ko": "특수 메서드 (__init__, __getitem__ 등)",
    },
    "builtin-types": {"en": "Built-in types and their methods", "ko": "내장 타입과 메서드"},
    "debugger": {"en": "The pdb debugger", "ko": "pdb 디버거"},
}

GROUP_NAMES: tuple[str, ...] = tuple(TOPIC_GROUPS)
_GROUP_OF = {topic: i for i, group in enumerate(GROUP_NAMES) for topic in TOPIC_GROUPS[group]}


def labelled(sentences: Sequence[Sentence]) -> list[tuple[tuple[str, ...], int]]:
    """(tokens, group index) for the sentences whose topic belongs to a group."""
    return [(s.tokens, _GROUP_OF[s.topic]) for s in sentences if s.topic in _GROUP_OF]


def task_split() -> tuple[list[tuple[tuple[str, ...], int]], list[tuple[tuple[str, ...], int]]]:
    """(train, test) examples of the topic-group task."""
    train, heldout = split_sentences()
    return labelled(train), labelled(heldout)
