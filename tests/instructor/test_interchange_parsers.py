"""GIFT, Moodle XML and Aiken parsers and the mapping onto our types: one test per feature."""

from pathlib import Path

import pytest

from apps.questions.interchange import aiken, gift, moodle_xml
from apps.questions.interchange.items import FormatError
from apps.questions.interchange.mapping import to_entry

SAMPLES = Path(__file__).parent / "samples"


def by_name(items):
    return {item.name: item for item in items}


@pytest.fixture(scope="module")
def gift_items():
    return by_name(gift.parse((SAMPLES / "features.gift").read_text(encoding="utf-8")))


def mapped(item, key="k", topic="t"):
    return to_entry(item, key=key, topic=topic)


def test_gift_title_escapes_markdown_feedback_and_category(gift_items):
    item = gift_items["cam-gap"]
    assert item.line == 4 and item.category == "$course$/top/XAI/CAM"
    assert item.text == "CAM에 필요한 {구조}는? 답: **GAP**"
    assert [(a.text, a.fraction, a.feedback) for a in item.answers] == [
        ("GAP 뒤 FC", 1.0, "맞습니다"), ("Flatten 뒤 FC", 0.0, "아닙니다"), ("Dropout 뒤 FC", 0.5, "절반만 맞습니다"),
    ]  # fmt: skip
    assert item.general_feedback == "GAP이 있어야 ~ 가중치를 씁니다. 1 = 1, # 없음"
    m = mapped(item)
    assert m.lang == "ko" and m.entry["type"] == "single" and m.entry["status"] == "draft"
    assert m.entry["stem"] == {"ko": item.text, "en": ""}
    assert [c.get("correct", False) for c in m.entry["choices"]] == [True, False, False]
    assert m.notes == ["partial credit 50 % for 'Dropout 뒤 FC' dropped: it scores 0 here"]


def test_gift_comments_are_dropped():
    items = gift.parse("// only a comment\n::a::Q?{T}\n// trailing\n")
    assert len(items) == 1 and items[0].name == "a" and items[0].line == 2


def test_gift_true_false_feedback_order(gift_items):
    item = gift_items["tf"]
    assert [(a.text, a.fraction, a.feedback) for a in item.answers] == [
        ("true", 1.0, "Yes"), ("false", 0.0, "No, it is 0.5"),
    ]  # fmt: skip
    m = mapped(item)
    assert m.entry["answer"] is True and m.lang == "en" and m.entry["stem"] == {"ko": "", "en": item.text}
    assert any("per-answer feedback" in n for n in m.notes)


def test_gift_numeric_range_and_tolerance(gift_items):
    assert mapped(gift_items["range"]).entry["answer"] == {"value": 3, "tolerance": 2.0}
    tolerance = mapped(gift_items["tolerance"]).entry
    assert tolerance["answer"] == {"value": 3.14, "tolerance": 0.005}
    assert tolerance["explanation"]["en"] == "Pi."


def test_gift_weights_make_a_multiple_answer_question(gift_items):
    item = gift_items["multi-weights"]
    assert not item.single and [a.fraction for a in item.answers] == [0.5, 0.5, -1.0]
    entry = mapped(item).entry
    assert entry["type"] == "multi" and [c.get("correct", False) for c in entry["choices"]] == [True, True, False]
    assert entry["choices"][2]["feedback"]["en"] == "An activation"


def test_gift_short_answer_keeps_full_marks_and_reports_partial(gift_items):
    m = mapped(gift_items["short"])
    assert m.entry["answer"] == {"ko": [], "en": ["Goodfellow", "Ian Goodfellow"]}
    assert m.notes == ["partial-credit answer 'Bengio' (50 %) dropped"]


def test_gift_html_format_becomes_markdown(gift_items):
    assert gift_items["html"].text == "Is **BERT** an encoder?"


def test_gift_missing_word_keeps_the_blank(gift_items):
    assert gift_items["missing"].text == "The capital of France is _____ in Europe."
    assert mapped(gift_items["missing"]).entry["type"] == "single"


def test_gift_unsupported_types_are_skipped_with_reasons(gift_items):
    assert "marked by hand" in mapped(gift_items["essay"]).skipped
    assert "matching" in mapped(gift_items["matching"]).skipped
    description = next(i for i in gift.parse((SAMPLES / "features.gift").read_text()) if i.qtype == "description")
    assert "description" in mapped(description).skipped


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("::a::Q {=x ~y", "never closed"),
        ("::a::Q {=x} and {=y}", "more than one answer block"),
        ("::a::Q } oops", "without its '{'"),
        ("::a::Q {#abc}", "not a number"),
        ("::a::Q {stray =x ~y}", "before the first"),
    ],
)
def test_gift_malformed_questions_are_reported_not_crashed(source, problem):
    [item] = gift.parse(source)
    assert any(problem in p for p in item.problems)
    assert problem in mapped(item).skipped


def test_gift_escape_round_trip():
    text = "a ~ b = c # d { e } f : g \\alpha \\n h\nnext line"
    assert gift.parse(f"::t::{gift.escape(text)}{{T}}")[0].text == text


# --- Moodle XML -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xml_items():
    return by_name(moodle_xml.parse((SAMPLES / "all_types.xml").read_bytes()))


def test_xml_multichoice_single_from_html(xml_items):
    item = xml_items["Encoder model"]
    assert item.category == "$course$/top/Default for course/NLP/BERT"
    assert item.text == "Which model is *encoder-only*?"
    entry = mapped(item).entry
    assert entry["type"] == "single" and entry["explanation"]["en"] == "BERT uses only the encoder."
    assert [(c["text"]["en"], c.get("correct", False), c["feedback"]["en"]) for c in entry["choices"]] == [
        ("BERT", True, "Yes"), ("GPT", False, "Decoder"), ("T5", False, ""),
    ]  # fmt: skip


def test_xml_multichoice_multiple(xml_items):
    entry = mapped(xml_items["Optimisers"]).entry
    assert entry["type"] == "multi" and not entry.get("all_or_nothing")
    assert [c.get("correct", False) for c in entry["choices"]] == [True, True, False]


def test_xml_true_false_short_numerical(xml_items):
    assert mapped(xml_items["sigmoid"]).entry["answer"] is True
    short = mapped(xml_items["GAN author"])
    assert short.lang == "ko" and short.entry["answer"] == {"ko": ["Goodfellow"], "en": []}
    assert any("case-sensitive" in n for n in short.notes) and any("Bengio" in n for n in short.notes)
    numeric = mapped(xml_items["params"])
    assert numeric.entry["answer"] == {"value": 24576, "tolerance": 10.0, "unit": "params"}


def test_xml_ordering_and_all_or_nothing(xml_items):
    ordering = mapped(xml_items["CAM steps"])
    assert ordering.entry["type"] == "ordering"
    assert [c["text"]["en"] for c in ordering.entry["choices"]] == [
        "Forward pass",
        "Weight the feature maps",
        "Upsample",
    ]
    assert any("all-or-nothing" in n for n in ordering.notes)
    aon = mapped(xml_items["all or nothing"]).entry
    assert aon["type"] == "multi" and aon["all_or_nothing"] is True


@pytest.mark.parametrize(
    ("name", "reason"),
    [("Essay", "marked by hand"), ("Match", "matching"), ("Cloze", "cloze"), ("Intro", "description"),
     ("With image", "images")],
)  # fmt: skip
def test_xml_unsupported_types_and_images_are_skipped_with_reasons(xml_items, name, reason):
    assert reason in mapped(xml_items[name]).skipped


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<quiz><question type="truefalse"><name><text>&lol4;</text></name></question></quiz>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&secret;</text></name></question></quiz>"""


@pytest.mark.parametrize("source", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_xml_entity_bombs_and_external_entities_are_refused(source):
    with pytest.raises(FormatError, match="refused"):
        moodle_xml.parse(source)


@pytest.mark.parametrize(
    ("source", "message"),
    [(b"<quiz><question>", "not well-formed"), (b"<html/>", "root element is <html>"), (b"", "not well-formed")],
)
def test_xml_malformed_files_raise_a_clear_error(source, message):
    with pytest.raises(FormatError, match=message):
        moodle_xml.parse(source)


# --- Aiken ----------------------------------------------------------------------------------


def test_aiken_reads_options_with_dots_or_parentheses():
    items = aiken.parse((SAMPLES / "good.aiken").read_text(encoding="utf-8"))
    assert [i.line for i in items] == [1, 7]
    first = mapped(items[0]).entry
    assert first["stem"]["ko"] == "CAM을 쓰려면 마지막에 무엇이 필요한가?"
    assert [(c["text"]["ko"], c.get("correct", False)) for c in first["choices"]] == [
        ("GAP 뒤 FC", True), ("Flatten 뒤 FC", False), ("Dropout", False),
    ]  # fmt: skip
    assert mapped(items[1]).entry["choices"][1].get("correct") is True


def test_aiken_malformed_questions_are_reported_by_line():
    items = aiken.parse((SAMPLES / "bad.aiken").read_text(encoding="utf-8"))
    assert [(i.line, bool(i.problems)) for i in items] == [(1, True), (5, True), (10, False)]
    assert "no 'ANSWER" in mapped(items[0]).skipped
    assert "ANSWER: D names no option" in mapped(items[1]).skipped


def test_xml_a_malformed_number_skips_only_its_question():
    source = b"""<quiz><question type="numerical"><name><text>n</text></name>
      <questiontext format="html"><text>How many?</text></questiontext>
      <answer fraction="100"><text>3</text><tolerance>abc</tolerance></answer></question>
      <question type="truefalse"><name><text>tf</text></name><questiontext><text>Yes?</text></questiontext>
      <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>"""
    numeric, tf = moodle_xml.parse(source)
    assert "'abc' is not a number" in mapped(numeric).skipped
    assert mapped(tf).entry["answer"] is True


def test_long_names_and_categories_still_fit_their_columns():
    from apps.questions.interchange.importer import _key_base, topic_for

    long = "x" * 150
    assert len(_key_base(gift.parse(f"::{long}::Q?{{T}}")[0], "gift-1")) <= 80
    slug = topic_for(f"$course$/top/{'a' * 90}/{'b' * 90}")
    assert slug == f"{'a' * 40}/{'b' * 40}"
    assert topic_for("$course$/top/설명 가능한 AI/캠") == "ai"  # what slugifies; Korean-only parts drop out
    assert topic_for("$course$/top/Default for course") == "imported"
