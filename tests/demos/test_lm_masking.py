"""Masking schemes of the LM lab: the statistics each paper specifies, over many seeded draws."""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter

import numpy as np
import pytest

from apps.demos.engines.errors import InputError
from apps.demos.engines.lm.masking import (
    EOS,
    MASK,
    RANDOM_WORDS,
    SCHEMES,
    _geometric_length,
    _place_spans,
    _poisson_length,
    apply,
)
from apps.demos.engines.lm.subwords import PREFIX, pieces

NAMES = [s["name"] for s in SCHEMES]


def make_text(n_tokens: int, seed: int) -> str:
    """A text of exactly ``n_tokens`` tokens: words with a sentence end every 4-12 tokens."""
    rng = random.Random(seed)
    parts: list[str] = []
    until_stop = rng.randint(4, 12)
    for i in range(n_tokens):
        if until_stop == 0 and i < n_tokens - 1:
            parts.append(rng.choice(".!?"))
            until_stop = rng.randint(4, 12)
        else:
            parts.append(rng.choice(RANDOM_WORDS))
            until_stop -= 1
    return " ".join(parts)


def first_epoch(text: str, scheme: str, seed: int) -> tuple[list[str], dict]:
    out = apply(text, scheme, seed=seed)
    return out["tokens"], out["epochs"][0]


def test_schemes_are_described_in_both_languages():
    assert NAMES == [
        "gpt",
        "bert",
        "roberta",
        "spanbert",
        "bert-wwm",
        "bart-token-masking",
        "bart-token-deletion",
        "bart-text-infilling",
        "bart-sentence-permutation",
        "bart-document-rotation",
    ]
    for scheme in SCHEMES:
        for key in ("title_ko", "title_en", "description_ko", "description_en"):
            assert scheme[key].strip(), (scheme["name"], key)


@pytest.mark.parametrize("scheme", NAMES)
def test_output_is_json_and_deterministic(scheme):
    text = make_text(64, 7)
    out = apply(text, scheme, seed=11, epochs=3)
    assert json.loads(json.dumps(out)) == out
    assert out == apply(text, scheme, seed=11, epochs=3)
    # the whole-word scheme shows WordPiece pieces, several for a rare word
    assert out["scheme"] == scheme and len(out["tokens"]) == (len(pieces(text)) if scheme == "bert-wwm" else 64)
    assert [e["epoch"] for e in out["epochs"]] == [1, 2, 3]
    if scheme not in ("gpt", "bert"):  # the dynamic schemes depend on the seed
        assert out["epochs"] != apply(text, scheme, seed=12, epochs=3)["epochs"]


def test_gpt_target_is_the_input_shifted_under_a_causal_mask():
    out = apply(make_text(40, 1), "gpt", seed=0, epochs=2)
    tokens, n = out["tokens"], len(out["tokens"])
    for epoch in out["epochs"]:
        assert epoch["input"] == tokens
        assert epoch["target"] == [*tokens[1:], EOS]
    mask = np.array(out["attention_mask"])
    assert mask.shape == (n, n)
    assert np.array_equal(mask, np.tril(np.ones((n, n), dtype=int)))
    assert mask.sum() == n * (n + 1) // 2


@pytest.mark.parametrize("scheme", ["bert", "roberta"])
def test_token_mlm_selects_15_percent_with_80_10_10(scheme):
    actions: Counter[str] = Counter()
    selected = total = 0
    for seed in range(300):
        tokens, epoch = first_epoch(make_text(256 - seed % 50, seed), scheme, seed)
        n = len(tokens)
        assert len(epoch["selected"]) == round(0.15 * n)
        chosen = set(epoch["selected"])
        for i, token in enumerate(tokens):
            action, shown = epoch["actions"][i], epoch["input"][i]
            assert (i in chosen) == (action is not None)
            assert epoch["target"][i] == (token if action else None)
            if action == "mask":
                assert shown == MASK
            elif action == "random":
                assert shown in RANDOM_WORDS
            else:
                assert shown == token
        actions.update(a for a in epoch["actions"] if a)
        selected += len(epoch["selected"])
        total += n
    assert selected / total == pytest.approx(0.15, abs=0.01)
    assert actions["mask"] / selected == pytest.approx(0.8, abs=0.02)
    assert actions["random"] / selected == pytest.approx(0.1, abs=0.02)
    assert actions["keep"] / selected == pytest.approx(0.1, abs=0.02)


def test_whole_word_masking_takes_15_percent_of_words_with_all_their_pieces():
    actions: Counter[str] = Counter()
    split_words = 0
    for seed in range(200):
        text = make_text(60 + seed % 40, seed) + " banana violin ocean"
        words = len(apply(text, "gpt", seed=seed)["tokens"])
        tokens, epoch = first_epoch(text, "bert-wwm", seed)
        assert tokens == pieces(text)
        assert len(epoch["selected_words"]) == round(0.15 * words)
        chosen = set(epoch["selected"])
        starts = [i for i, t in enumerate(tokens) if not t.startswith(PREFIX)]
        for begin, end in zip(starts, [*starts[1:], len(tokens)], strict=True):
            word = range(begin, end)
            assert all(i in chosen for i in word) or not any(i in chosen for i in word)  # whole words only
            if begin in chosen:
                assert len({epoch["actions"][i] for i in word}) == 1  # one action per word
                assert [epoch["target"][i] for i in word] == tokens[begin:end]
                actions[epoch["actions"][begin]] += 1
                split_words += end - begin > 1
    total = sum(actions.values())
    assert split_words > 50  # the chosen words include split ones
    assert abs(actions["mask"] / total - 0.8) < 0.04 and abs(actions["random"] / total - 0.1) < 0.03


def test_bert_mask_is_static_and_roberta_mask_is_dynamic():
    for seed in range(20):
        text = make_text(100, seed)
        bert = [e["selected"] for e in apply(text, "bert", seed=seed, epochs=5)["epochs"]]
        assert all(s == bert[0] for s in bert)
        roberta = [tuple(e["selected"]) for e in apply(text, "roberta", seed=seed, epochs=5)["epochs"]]
        assert len(set(roberta)) == 5


def test_clipped_geometric_has_the_papers_mean_of_3_8():
    p, q, k = 0.2, 0.8, np.arange(1, 11)
    weights = p * q ** (k - 1)
    analytic = (k * weights).sum() / weights.sum()
    assert analytic == pytest.approx((1 - 11 * q**10 + 10 * q**11) / (p * (1 - q**10)))
    assert analytic == pytest.approx(3.8, abs=0.01)
    rng = np.random.default_rng(0)
    draws = np.array([_geometric_length(rng) for _ in range(20_000)])
    assert draws.min() == 1 and draws.max() == 10
    assert draws.mean() == pytest.approx(3.8, abs=0.1)


def test_placed_geometric_spans_keep_mean_3_8_on_long_texts():
    # On a long text only the last span of each text is cut by the budget, so placement itself
    # must not skew the lengths.
    rng = np.random.default_rng(1)
    lengths = []
    for _ in range(60):
        spans = _place_spans(rng, 2000, 300, _geometric_length)
        assert sum(length for _, length, _ in spans) == 300
        for (start, length, _), (following, _, _) in itertools.pairwise(spans):
            assert start + length < following  # disjoint, with a visible token between
        lengths.extend(length for _, length, _ in spans)
    assert max(lengths) <= 10
    assert np.mean(lengths) == pytest.approx(3.8, abs=0.3)


def test_spanbert_masks_whole_spans_up_to_15_percent():
    lengths: list[int] = []
    span_actions: Counter[str] = Counter()
    for seed in range(200):
        out = apply(make_text(256, seed), "spanbert", seed=seed, epochs=4)
        for epoch in out["epochs"]:
            check_spanbert_epoch(out["tokens"], epoch)
            lengths.extend(span["length"] for span in epoch["spans"])
            span_actions.update(span["action"] for span in epoch["spans"])
    # Each text's last span is cut to fit the 15% budget, so 256-token texts average about 3.6.
    assert 3.3 < np.mean(lengths) < 3.8
    spans = len(lengths)
    assert span_actions["mask"] / spans == pytest.approx(0.8, abs=0.02)
    assert span_actions["random"] / spans == pytest.approx(0.1, abs=0.02)
    assert span_actions["keep"] / spans == pytest.approx(0.1, abs=0.02)


def check_spanbert_epoch(tokens: list[str], epoch: dict) -> None:
    n = len(tokens)
    actions = epoch["actions"]
    masked = [i for i, a in enumerate(actions) if a]
    assert len(masked) == round(0.15 * n)
    covered = []
    for span in epoch["spans"]:
        start, end = span["start"], span["start"] + span["length"] - 1
        assert 1 <= span["length"] <= 10
        covered.extend(range(start, end + 1))
        assert set(actions[start : end + 1]) == {span["action"]}  # 80/10/10 per whole span
        assert epoch["target"][start : end + 1] == tokens[start : end + 1]
        if span["action"] == "mask":
            assert epoch["input"][start : end + 1] == [MASK] * span["length"]
        # the SBO boundary tokens sit just outside the span and stay visible
        assert span["left"] == (tokens[start - 1] if start > 0 else None)
        assert span["right"] == (tokens[end + 1] if end + 1 < n else None)
        assert start == 0 or actions[start - 1] is None
        assert end == n - 1 or actions[end + 1] is None
    assert covered == masked


def test_bart_token_masking_masks_15_percent():
    for seed in range(50):
        tokens, epoch = first_epoch(make_text(120, seed), "bart-token-masking", seed)
        assert len(epoch["masked"]) == round(0.15 * 120)
        assert epoch["target"] == tokens
        for i, token in enumerate(tokens):
            assert epoch["input"][i] == (MASK if i in epoch["masked"] else token)


def test_bart_token_deletion_shortens_by_the_deleted_count():
    for seed in range(50):
        tokens, epoch = first_epoch(make_text(30 + seed, seed), "bart-token-deletion", seed)
        deleted = epoch["deleted"]
        assert len(deleted) == round(0.15 * len(tokens))
        assert len(epoch["input"]) == len(tokens) - len(deleted)
        assert epoch["input"] == [t for i, t in enumerate(tokens) if i not in deleted]
        assert epoch["target"] == tokens


def test_bart_infilling_replaces_poisson_3_spans_by_one_mask_each():
    rng = np.random.default_rng(0)
    assert np.mean([_poisson_length(rng) for _ in range(20_000)]) == pytest.approx(3, abs=0.1)
    lengths: list[int] = []
    for seed in range(150):
        tokens, epoch = first_epoch(make_text(256, seed), "bart-text-infilling", seed)
        spans, shown = epoch["spans"], epoch["input"]
        assert epoch["target"] == tokens
        assert shown.count(MASK) == len(spans)
        assert sum(s["length"] for s in spans) == round(0.3 * 256)
        rebuilt = list(shown)
        for span in reversed(spans):
            assert shown[span["mask_index"]] == MASK
            assert span["tokens"] == tokens[span["start"] : span["start"] + span["length"]]
            rebuilt[span["mask_index"] : span["mask_index"] + 1] = span["tokens"]
        assert rebuilt == tokens
        lengths.extend(s["length"] for s in spans)
    assert 0 in lengths  # zero-length spans insert a [MASK]
    assert np.mean(lengths) == pytest.approx(3, abs=0.3)


def test_bart_sentence_permutation_keeps_the_sentences():
    orders = set()
    for seed in range(40):
        tokens, epoch = first_epoch(make_text(80, seed), "bart-sentence-permutation", seed)
        sentences = epoch["sentences"]
        assert [t for s in sentences for t in s] == tokens
        assert all(s[-1] in ".!?" for s in sentences[:-1])
        assert sorted(epoch["order"]) == list(range(len(sentences)))
        assert epoch["input"] == [t for i in epoch["order"] for t in sentences[i]]
        assert epoch["target"] == tokens
        orders.add(tuple(epoch["order"]) == tuple(sorted(epoch["order"])))
    assert orders == {False}  # eight or so sentences: never left in order by chance here


def test_sentences_keep_runs_of_end_punctuation():
    _, epoch = first_epoch("Really?! Yes. and more", "bart-sentence-permutation", 0)
    assert sorted(epoch["sentences"]) == [["and", "more"], ["really", "?", "!"], ["yes", "."]]


def test_bart_document_rotation_is_a_cyclic_shift_from_any_token():
    starts = set()
    for seed in range(200):
        tokens, epoch = first_epoch(make_text(12, 3), "bart-document-rotation", seed)
        k = epoch["rotation"]
        assert epoch["input"] == tokens[k:] + tokens[:k]
        assert epoch["target"] == tokens
        starts.add(k)
    assert starts == set(range(12))


@pytest.mark.parametrize("scheme", NAMES)
def test_a_one_token_text_is_handled(scheme):
    out = apply("Return", scheme, seed=0, epochs=2)  # one word, one WordPiece piece
    assert out["tokens"] == ["return"]
    assert out["epochs"][1]["target"] == ([EOS] if scheme == "gpt" else ["return"])
    if scheme == "bart-token-deletion":
        assert out["epochs"][1]["input"] == ["return"]  # never deletes the whole text


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": "   "}, "text"),
        ({"text": ""}, "text"),
        ({"text": 5}, "text"),
        ({"text": make_text(257, 0)}, "text"),
        ({"text": "x" * 9000}, "text"),
        ({"scheme": "xlnet"}, "scheme"),
        ({"scheme": ["bert"]}, "scheme"),
        ({"epochs": 0}, "epochs"),
        ({"epochs": 6}, "epochs"),
        ({"epochs": True}, "epochs"),
        ({"seed": -1}, "seed"),
        ({"seed": "1"}, "seed"),
    ],
)
def test_bad_input_names_the_field(kwargs, field):
    args = {"text": "a short text.", "scheme": "bert", "seed": 0, "epochs": 1, **kwargs}
    with pytest.raises(InputError) as caught:
        apply(args.pop("text"), args.pop("scheme"), **args)
    assert caught.value.field == field


def test_256_tokens_is_accepted():
    assert len(apply(make_text(256, 0), "gpt", seed=0)["tokens"]) == 256
