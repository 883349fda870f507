"""The demos the app offers and the engines that train their models.

Plain data; importing this module does not import torch or scikit-learn.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from apps.demos.engines.spec import TrainSpec

# Engine packages exporting TRAIN_SPECS; each is imported only when training or serving.
ENGINE_MODULES: tuple[str, ...] = ()


@dataclass(frozen=True)
class Demo:
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    artifacts: tuple[str, ...] = ()  # registry names the demo needs

    def text(self, field: str, lang: str) -> str:
        values = getattr(self, field)
        return values.get(lang) or values["ko"]


DEMOS: tuple[Demo, ...] = (
    Demo(
        "masking",
        {"ko": "마스킹 방식 비교: GPT · BERT · RoBERTa · SpanBERT · BART", "en": "Masking schemes: GPT, BERT, RoBERTa, SpanBERT, BART"},
        {
            "ko": "같은 문장을 각 모델의 사전학습 방식대로 가려 보고, 입력과 정답(target)을 비교합니다.",
            "en": "Corrupt the same text the way each model is pre-trained and compare inputs with targets.",
        },
    ),
)


def demo(slug: str) -> Demo | None:
    return next((d for d in DEMOS if d.slug == slug), None)


def train_specs() -> list[TrainSpec]:
    specs: list[TrainSpec] = []
    for module in ENGINE_MODULES:
        specs.extend(importlib.import_module(module).TRAIN_SPECS)
    return specs
