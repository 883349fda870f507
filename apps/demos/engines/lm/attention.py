"""Look inside the masked LM: its self-attention per layer and head for a typed sentence, the
encoder's bidirectional mask beside a decoder's causal one, and scaled dot-product attention
worked out step by step for one query, checked against the model's own output."""

from __future__ import annotations

import math
from typing import Any

import torch

from apps.demos.engines.errors import whole_number
from apps.demos.engines.lm.batching import encode
from apps.demos.engines.lm.fill_mask import FillMaskModel
from apps.demos.engines.lm.tokenizer import CLS, SEP
from apps.demos.engines.lm.validation import model_pieces, text_tokens

SHOWN_DIMS = 8  # vector entries printed in the step-by-step part (d_k is 32)


def _run(lab: FillMaskModel, ids: torch.Tensor) -> list[dict[str, torch.Tensor]]:
    """One ordinary forward pass, recording for every layer what its attention read (the
    LayerNorm output) and what its heads produced (the input of the output projection)."""
    seen: list[dict[str, torch.Tensor]] = []
    hooks = []
    for block in lab.model.encoder.blocks:
        record: dict[str, torch.Tensor] = {}
        seen.append(record)
        hooks.append(block.attention.register_forward_pre_hook(lambda m, a, r=record: r.update(x=a[0])))
        hooks.append(block.attention.out.register_forward_pre_hook(lambda m, a, r=record: r.update(mixed=a[0])))
    try:
        with torch.inference_mode():
            lab.model.encoder(ids)
    finally:
        for hook in hooks:
            hook.remove()
    return seen


def _split(t: torch.Tensor, heads: int) -> torch.Tensor:
    length, width = t.shape
    return t.view(length, heads, width // heads).transpose(0, 1)  # (heads, length, d_k)


def _rounded(values: torch.Tensor, digits: int = 4) -> list:
    return [round(v, digits) for v in values.tolist()] if values.dim() == 1 else [_rounded(r, digits) for r in values]


def attention(lab: FillMaskModel, text: str, layer: int = 1, head: int = 1, query: int = 1) -> dict[str, Any]:
    """Attention weights of every layer and head (rows: queries, columns: keys, each row sums to
    1), both masks, and the chosen (1-based) ``layer``/``head``/``query`` token worked out by hand."""
    config = lab.model.encoder.config
    words = text_tokens(text)
    tokens = [CLS, *model_pieces(lab.vocab, words), SEP]
    layer = whole_number("layer", layer, 1, config.layers)
    head = whole_number("head", head, 1, config.heads)
    query = whole_number("query", query, 1, len(tokens))
    ids = torch.tensor([encode(lab.vocab, words)])
    seen = _run(lab, ids)
    d_k = config.d_model // config.heads
    weights, parts = [], None
    for number, (block, record) in enumerate(zip(lab.model.encoder.blocks, seen, strict=True), start=1):
        x = record["x"][0]
        with torch.inference_mode():
            q, k, v = (
                _split(proj(x), config.heads)
                for proj in (block.attention.query, block.attention.key, block.attention.value)
            )
        scores = q @ k.transpose(1, 2)  # (heads, length, length)
        layer_weights = (scores / math.sqrt(d_k)).softmax(dim=-1)
        weights.append([_rounded(w) for w in layer_weights])
        if number == layer:
            parts = (q[head - 1], k[head - 1], v[head - 1], scores[head - 1], record["mixed"][0])
    q, k, v, scores, mixed = parts
    i = query - 1
    scaled = scores[i] / math.sqrt(d_k)
    softmax = scaled.softmax(dim=-1)
    by_hand = softmax @ v
    model_output = mixed[i, (head - 1) * d_k : head * d_k]
    causal = torch.tril(torch.ones(len(tokens), len(tokens), dtype=torch.bool))
    causal_scores = (scores / math.sqrt(d_k)).masked_fill(~causal, float("-inf")).softmax(dim=-1)
    return {
        "tokens": tokens,
        "layers": config.layers,
        "heads": config.heads,
        "d_k": d_k,
        "weights": weights,  # [layer][head][query][key]
        "masks": {
            "bidirectional": [[1] * len(tokens) for _ in tokens],
            "causal": causal.int().tolist(),
        },
        "causal_weights": _rounded(causal_scores),
        "step": {
            "layer": layer,
            "head": head,
            "query": query,
            "query_vector": _rounded(q[i][:SHOWN_DIMS]),
            "scores": _rounded(scores[i]),
            "scale": round(math.sqrt(d_k), 4),
            "scaled": _rounded(scaled),
            "softmax": _rounded(softmax),
            "output": _rounded(by_hand[:SHOWN_DIMS]),
            "model_output": _rounded(model_output[:SHOWN_DIMS]),
            "max_abs_difference": float((by_hand - model_output).abs().max()),
        },
    }
