"""A small pre-LayerNorm Transformer encoder and the heads the lab puts on it.

Sizes are BERT's shape scaled down (d=128, 2 layers, 4 heads, feed-forward 256): big enough to
beat a word-frequency guess clearly, small enough to train in about a minute on one CPU thread.
The query/key/value projections are separate ``nn.Linear`` layers so LoRA can wrap q and v.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

INIT_STD = 0.02


@dataclass(frozen=True)
class EncoderConfig:
    vocab_size: int
    d_model: int = 128
    layers: int = 2
    heads: int = 4
    d_ff: int = 256
    max_len: int = 130  # 128 WordPiece pieces + [CLS] + [SEP] (validation.MAX_PIECES)
    dropout: float = 0.0  # ~20 epochs over the corpus in the step budget: too few to overfit
    d_embed: int = 128  # token-embedding width; differs from d_model in ELECTRA's generator

    def to_dict(self) -> dict:
        return asdict(self)


def init_weights(module: nn.Module) -> None:
    """BERT's initialisation: N(0, 0.02) weights, zero biases, identity LayerNorms."""
    if isinstance(module, (nn.Linear, nn.Embedding)):
        nn.init.normal_(module.weight, std=INIT_STD)
    if isinstance(module, nn.Linear) and module.bias is not None:
        nn.init.zeros_(module.bias)
    if isinstance(module, nn.LayerNorm):
        nn.init.ones_(module.weight)
        nn.init.zeros_(module.bias)


class Embeddings(nn.Module):
    """Token plus learned position embeddings (shared by ELECTRA's generator and discriminator)."""

    def __init__(self, vocab_size: int, width: int, max_len: int):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, width)
        self.positions = nn.Embedding(max_len, width)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1], device=ids.device)
        return self.tokens(ids) + self.positions(positions)


class SelfAttention(nn.Module):
    def __init__(self, d_model: int, heads: int, dropout: float):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(d_model, d_model)
        self.key = nn.Linear(d_model, d_model)
        self.value = nn.Linear(d_model, d_model)
        self.out = nn.Linear(d_model, d_model)
        self.dropout = dropout

    def forward(self, x: torch.Tensor, attend: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, width // self.heads).transpose(1, 2)

        mixed = F.scaled_dot_product_attention(
            split(self.query(x)),
            split(self.key(x)),
            split(self.value(x)),
            attn_mask=attend,
            dropout_p=self.dropout if self.training else 0.0,
        )
        return self.out(mixed.transpose(1, 2).reshape(batch, length, width))


class Block(nn.Module):
    """Pre-LN residual block: x + Attn(LN(x)), then x + FFN(LN(x))."""

    def __init__(self, config: EncoderConfig):
        super().__init__()
        self.ln_attention = nn.LayerNorm(config.d_model)
        self.attention = SelfAttention(config.d_model, config.heads, config.dropout)
        self.ln_feedforward = nn.LayerNorm(config.d_model)
        self.feedforward = nn.Sequential(
            nn.Linear(config.d_model, config.d_ff),
            nn.GELU(),
            nn.Linear(config.d_ff, config.d_model),
        )
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor, attend: torch.Tensor) -> torch.Tensor:
        x = x + self.dropout(self.attention(self.ln_attention(x), attend))
        return x + self.dropout(self.feedforward(self.ln_feedforward(x)))


class Encoder(nn.Module):
    """ids (batch, length) -> hidden states (batch, length, d_model). Id 0 is padding."""

    def __init__(self, config: EncoderConfig, embeddings: Embeddings | None = None):
        super().__init__()
        self.config = config
        self.embeddings = embeddings or Embeddings(config.vocab_size, config.d_embed, config.max_len)
        self.project_in = (
            nn.Linear(config.d_embed, config.d_model) if config.d_embed != config.d_model else nn.Identity()
        )
        self.dropout = nn.Dropout(config.dropout)
        self.blocks = nn.ModuleList(Block(config) for _ in range(config.layers))
        self.ln_final = nn.LayerNorm(config.d_model)
        for name, module in self.named_modules():
            if embeddings is None or not name.startswith("embeddings"):
                init_weights(module)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        # (batch, 1, 1, length): every query may look at every real (non-padding) key.
        attend = (ids != 0)[:, None, None, :]
        x = self.dropout(self.project_in(self.embeddings(ids)))
        for block in self.blocks:
            x = block(x, attend)
        return self.ln_final(x)


class MaskedLM(nn.Module):
    """Encoder + BERT's MLM head, whose output layer is the (tied) token-embedding matrix."""

    def __init__(self, config: EncoderConfig, embeddings: Embeddings | None = None):
        super().__init__()
        self.encoder = Encoder(config, embeddings)
        self.transform = nn.Sequential(
            nn.Linear(config.d_model, config.d_embed), nn.GELU(), nn.LayerNorm(config.d_embed)
        )
        self.output_bias = nn.Parameter(torch.zeros(config.vocab_size))
        self.transform.apply(init_weights)

    def forward(self, ids: torch.Tensor, selected: torch.Tensor | None = None) -> torch.Tensor:
        """Vocabulary logits for every position, or only where ``selected`` (bool) is True."""
        hidden = self.encoder(ids)
        if selected is not None:
            hidden = hidden[selected]
        tied = self.encoder.embeddings.tokens.weight
        return self.transform(hidden) @ tied.T + self.output_bias


class ReplacedTokenDetector(nn.Module):
    """ELECTRA's discriminator: one logit per token, > 0 meaning "this token was replaced"."""

    def __init__(self, config: EncoderConfig):
        super().__init__()
        self.encoder = Encoder(config)
        self.head = nn.Sequential(nn.Linear(config.d_model, config.d_model), nn.GELU(), nn.Linear(config.d_model, 1))
        self.head.apply(init_weights)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(ids)).squeeze(-1)
