"""GIFT (Moodle's plain-text question format): read into items, write from items.

Read: ``//`` comment lines, ``$CATEGORY:``, ``::title::``, ``[html|moodle|plain|markdown]``,
escapes ``\\~ \\= \\# \\{ \\} \\: \\\\ \\n``, multiple choice ``=`` / ``~`` with ``%50%`` weights
and ``#feedback``, ``####general feedback``, true/false ``{T}`` / ``{FALSE#wrong#right}``,
short answer, numerical ``{#x:e}`` / ``{#a..b}`` / ``{#=x:e =%50%y:e}``, missing word
(text after the answers), and essay ``{}``, matching ``->`` and descriptions (no braces) so
they can be reported as skipped. Questions are separated by blank lines.
"""

from __future__ import annotations

import re

from apps.questions.interchange.items import Answer, Item
from apps.questions.interchange.mapping import number_text
from apps.questions.interchange.text_formats import to_markdown

# Escaped specials become private-use characters while parsing, and come back as themselves.
_SPECIAL = "~=#{}:"
_HIDE = {c: chr(0xE000 + i) for i, c in enumerate(_SPECIAL)}
_SHOW = {v: k for k, v in _HIDE.items()}
_ESCAPE = re.compile(r"\\(.)", re.S)
_TITLE = re.compile(r"^\s*::(.*?)::", re.S)
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.I)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)(#.*)?$", re.S)


def _hide_escapes(text: str) -> str:
    def swap(match: re.Match) -> str:
        char = match.group(1)
        if char in _HIDE:
            return _HIDE[char]
        if char == "\\":
            return "\ue010"  # a literal backslash, restored last
        if char == "n":
            return "\n"
        return match.group(0)  # \alpha and friends stay as written

    return _ESCAPE.sub(swap, text)


def _show(text: str) -> str:
    return "".join(_SHOW.get(c, c) for c in text).replace("\ue010", "\\")


def _blocks(source: str):
    """(first line number, lines) of each question, comment lines dropped."""
    block: list[str] = []
    start = 0
    for number, line in enumerate(source.splitlines(), 1):
        if line.lstrip().startswith("//"):
            continue
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def parse(source: str) -> list[Item]:
    items: list[Item] = []
    category = ""
    for line, lines in _blocks(source):
        # A $CATEGORY line may share a block with the question after it.
        while lines and lines[0].strip().startswith("$CATEGORY:"):
            category = lines[0].strip()[len("$CATEGORY:") :].strip()
            lines = lines[1:]
            line += 1
        if lines:
            item = _question(_hide_escapes("\n".join(lines)))
            item.line, item.category = line, category
            items.append(item)
    return items


def _question(text: str) -> Item:
    name = ""
    if match := _TITLE.match(text):
        name, text = _show(match.group(1)).strip(), text[match.end() :]
    fmt = "moodle"
    if match := _FORMAT.match(text):
        fmt, text = match.group(1).lower(), text[match.end() :]
    open_at = text.find("{")
    if open_at < 0:
        if "}" in text:
            return Item("unknown", name=name, problems=["a '}' without its '{'"])
        return Item("description", name=name, text=_show(text).strip())
    close_at = text.find("}", open_at)
    if close_at < 0:
        return Item("unknown", name=name, problems=["the answers' '{' is never closed by '}'"])
    before, body, after = text[:open_at], text[open_at + 1 : close_at], text[close_at + 1 :]
    if "{" in body or "{" in after or "}" in after:
        return Item(
            "unknown",
            name=name,
            problems=[
                "more than one answer block: separate questions by a blank line, or escape '{' and '}' as '\\{' '\\}'"
            ],
        )
    stem = before.strip() + (" _____ " + after.strip() if after.strip() else "")

    def md(part: str) -> str:
        return to_markdown(_show(part), fmt)

    body, _, general = body.partition("####")
    item = _answers(body.strip())
    item.name, item.text, item.general_feedback = name, md(stem), md(general)
    for answer in item.answers:
        answer.text, answer.feedback = md(answer.text), md(answer.feedback)
    return item


def _answers(body: str) -> Item:
    if not body:
        return Item("essay")
    if body.startswith("#"):
        return _numerical(body[1:].strip())
    if match := _TRUE_FALSE.match(body):
        value = match.group(1).upper().startswith("T")
        feedback = [*(match.group(2) or "").split("#")[1:], "", ""]
        # GIFT gives the feedback for a wrong answer first, then for a right one.
        wrong, right = feedback[0].strip(), feedback[1].strip()
        return Item(
            "truefalse",
            answers=[Answer("true", 1.0 if value else 0.0, right if value else wrong),
                     Answer("false", 0.0 if value else 1.0, wrong if value else right)],
        )  # fmt: skip
    pieces = re.split(r"(?=[=~])", body)
    if pieces[0].strip():
        return Item("unknown", problems=[f"text {_show(pieces[0].strip())!r} before the first '=' or '~'"])
    pieces = [p for p in pieces if p.strip()]
    if any(p.startswith("=") and "->" in p for p in pieces):
        return Item("matching")
    answers, problems = [], []
    for piece in pieces:
        marker, rest = piece[0], piece[1:]
        fraction = 1.0 if marker == "=" else 0.0
        if match := _WEIGHT.match(rest.strip()):
            fraction, rest = float(match.group(1)) / 100, rest.strip()[match.end() :]
            if not -1 <= fraction <= 1:
                problems.append(f"weight {match.group(0)} is outside −100 % … 100 %")
        text, _, feedback = rest.partition("#")
        answers.append(Answer(text.strip(), fraction, feedback.strip()))
    if any(p.startswith("~") for p in pieces):
        # Several answers when weighted '~' options alone give the marks: more than one earns
        # something, or a wrong one costs something (a one-key multi written by us).
        weighted = not any(p.startswith("=") for p in pieces)
        several = weighted and (sum(a.fraction > 0 for a in answers) > 1 or any(a.fraction < 0 for a in answers))
        return Item("multichoice", answers=answers, single=not several, problems=problems)
    return Item("shortanswer", answers=answers, problems=problems)


def _numerical(body: str) -> Item:
    specs = [p for p in re.split(r"(?=[=~])", body) if p.strip()] if body.startswith("=") else [body]
    answers, problems = [], []
    for spec in specs:
        fraction = 1.0
        if spec[0] in "=~":
            fraction = 1.0 if spec[0] == "=" else 0.0
            spec = spec[1:].strip()
        if match := _WEIGHT.match(spec):
            fraction, spec = float(match.group(1)) / 100, spec[match.end() :]
        spec, _, feedback = spec.partition("#")
        spec = spec.strip()
        try:
            if ".." in spec:
                low, high = (float(x) for x in spec.split(".."))
                value, tolerance = (low + high) / 2, (high - low) / 2
            elif ":" in spec or _HIDE[":"] in spec:
                value, tolerance = (float(x) for x in spec.replace(_HIDE[":"], ":").split(":"))
            else:
                value, tolerance = float(spec), 0.0
        except ValueError:
            problems.append(f"{spec!r} is not a number, a range a..b or a value with tolerance x:e")
            continue
        answers.append(Answer(number_text(value), fraction, _show(feedback).strip(), tolerance=abs(tolerance)))
    return Item("numerical", answers=answers, problems=problems)


# --- writing ---------------------------------------------------------------------------------


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in _SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _answer(marker: str, answer: Answer, weight: str = "") -> str:
    feedback = f"#{escape(answer.feedback)}" if answer.feedback else ""
    return f"\t{marker}{weight}{escape(answer.text)}{feedback}"


def _weight(fraction: float) -> str:
    # Five decimals, as Moodle lists its grade fractions (33.33333 %).
    return "%" + f"{100 * fraction:.5f}".rstrip("0").rstrip(".") + "%"


def write(items: list[Item]) -> str:
    out: list[str] = []
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            out += [f"$CATEGORY: {category}", ""]
        lines = [f"::{escape(item.name)}::[markdown]{escape(item.text)}" + "{"]
        if item.qtype == "truefalse":
            value = item.answers[0].fraction >= 1
            lines = [lines[0][:-1] + "{" + ("TRUE" if value else "FALSE")]
        elif item.qtype == "numerical":
            a = item.answers[0]
            lines.append(f"\t#{number_text(float(a.text))}:{number_text(a.tolerance)}")
        elif item.qtype == "shortanswer":
            lines += [_answer("=", a) for a in item.answers]
        elif item.single:
            lines += [_answer("=" if a.fraction >= 1 else "~", a) for a in item.answers]
        else:
            lines += [_answer("~", a, _weight(a.fraction)) for a in item.answers]
        if item.general_feedback:
            lines.append(f"\t####{escape(item.general_feedback)}")
        lines.append("}")
        out += [*lines, ""]
    return "\n".join(out)
