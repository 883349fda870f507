"""The demos the app offers and the engines that train their models.

Plain data; importing this module does not import torch or scikit-learn.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from apps.demos.engines.spec import TrainSpec

# Engine packages exporting TRAIN_SPECS; each is imported only when training or serving.
ENGINE_MODULES: tuple[str, ...] = (
    "apps.demos.engines.mlops",
    "apps.demos.engines.cam",
    "apps.demos.engines.lm",
)


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
        {
            "ko": "마스킹 방식 비교: GPT · BERT · RoBERTa · SpanBERT · BART",
            "en": "Masking schemes: GPT, BERT, RoBERTa, SpanBERT, BART",
        },
        {
            "ko": "같은 문장을 각 모델의 사전학습 방식대로 가려 보고, 입력과 정답(target)을 비교합니다.",
            "en": "Corrupt the same text the way each model is pre-trained and compare inputs with targets.",
        },
    ),
    Demo(
        "mlops",
        {"ko": "MLOps 실습: 레벨 0 · 1 · 2", "en": "MLOps lab: levels 0, 1 and 2"},
        {
            "ko": "같은 운영 시나리오(값·스키마 편향, 학습-서빙 스큐, 파이프라인 버그)를 세 레벨로 돌려 정확도와 재학습·검증·배포 이벤트를 비교합니다.",
            "en": "Run the same production scenario (value or schema skew, training-serving skew, a pipeline bug) under each level and compare accuracy, retraining, validation and deployment events.",
        },
    ),
    Demo(
        "serving",
        {"ko": "Model-in-Service vs Model-as-a-Service", "en": "Model-in-Service vs Model-as-a-Service"},
        {
            "ko": "같은 숫자 인식 모델을 서비스 프로세스 안에서 직접, 그리고 API 키로 HTTP API를 통해 호출해 답과 지연 시간을 비교합니다.",
            "en": "Call the same digits model inside the service process and over an HTTP API with a key; compare answers and latency.",
        },
        artifacts=("digits-serving",),
    ),
    Demo(
        "cam",
        {"ko": "XAI 실습: CAM · Grad-CAM · Score-CAM", "en": "XAI lab: CAM, Grad-CAM and Score-CAM"},
        {
            "ko": "두 CNN(GAP 구조, FC 구조)이 본 곳을 세 방법의 히트맵으로 나란히 비교하고, 순전파·역전파 횟수와 시간을 봅니다. 직접 그리거나 PNG를 올려도 됩니다.",
            "en": "See where two CNNs (a GAP head and an FC head) look, with the three methods' heatmaps side by side and their forward/backward pass counts and times. Draw your own object or upload a PNG.",
        },
        artifacts=("cam-gap", "cam-fc"),
    ),
    Demo(
        "mlm",
        {"ko": "언어 모델 실습: BERT식 [MASK] 채우기", "en": "Language-model lab: BERT-style [MASK] filling"},
        {
            "ko": "[MASK]를 넣은 문장을 쓰면, 파이썬 문서로 학습한 작은 마스크 언어 모델이 각 자리의 후보 단어를 확률과 함께 보여 줍니다.",
            "en": "Write a sentence with [MASK]s; a small masked language model trained on Python's documentation shows its top guesses for each, with probabilities.",
        },
        artifacts=("lm-mlm",),
    ),
    Demo(
        "electra",
        {"ko": "언어 모델 실습: ELECTRA 대체 토큰 탐지", "en": "Language-model lab: ELECTRA replaced-token detection"},
        {
            "ko": "단어 하나를 바꾸거나 생성기가 문장을 오염시키게 한 뒤, 판별기가 토큰마다 '바뀌었을 확률'을 어떻게 매기는지 보고 MLM과 학습 신호의 양을 비교합니다.",
            "en": "Swap a word or let the generator corrupt the sentence, then see the discriminator's replaced-probability for every token, and compare its learning signal with an MLM's.",
        },
        artifacts=("lm-electra",),
    ),
    Demo(
        "lora",
        {"ko": "언어 모델 실습: LoRA 랭크와 파라미터 수", "en": "Language-model lab: LoRA rank and parameter counts"},
        {
            "ko": "랭크 r을 고르면 학습 파라미터 수 r(d+k)와 d·k, 정확도, 어댑터 크기를 전체 미세조정·분류 헤드만 학습한 경우와 비교합니다.",
            "en": "Pick the rank r and compare trainable parameters, r(d+k) against d·k, accuracy and adapter size with full fine-tuning and a head-only baseline.",
        },
        artifacts=("lm-lora",),
    ),
)


def demo(slug: str) -> Demo | None:
    return next((d for d in DEMOS if d.slug == slug), None)


def spec_for(name: str) -> TrainSpec:
    """The spec of one artifact, importing engines only until it is found (serving the
    scikit-learn digits model need not import torch)."""
    for module in ENGINE_MODULES:
        for spec in importlib.import_module(module).TRAIN_SPECS:
            if spec.name == name:
                return spec
    raise KeyError(f"no engine trains {name!r}")


def train_specs() -> list[TrainSpec]:
    specs: list[TrainSpec] = []
    for module in ENGINE_MODULES:
        specs.extend(importlib.import_module(module).TRAIN_SPECS)
    return specs
