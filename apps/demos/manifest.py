"""Every demo the app offers, declared once. The demos index, the URLs (``demo-<slug>``), the
JSON API's routers, the "model not ready" card, training (``train_demos``) and the validation
of a question's demo link all read this list; nothing else names a demo.

How to add a demo ``foo``
-------------------------
1. The engine: ``apps/demos/engines/foo/`` (plain Python, no Django, no ``apps.demos`` outside
   ``engines``). Bad input raises ``engines.errors.InputError(field, gettext_noop("..."), **values)``
   (or its helpers ``whole_number`` / ``one_of``); the web layer translates it. If the demo needs
   a trained model, the package exports ``TRAIN_SPECS`` (``engines.spec.TrainSpec``; a spec that
   builds on another lists it in ``requires``). If the package's ``__init__`` would import torch,
   make it lazy with ``engines.lazy.export_lazily`` (as ``lm`` and ``cam`` do): the URLconf
   imports every web module, and ``tests/demos/test_manifest.py`` checks it imports no torch.
2. The web module ``apps/demos/web/foo.py`` with two names:
   * ``router``: a django-ninja ``Router`` whose paths start with ``/foo/`` (mounted under
     ``/api/demos``);
   * ``page(request)``: builds the context and returns
     ``forms.run_page(request, "foo", context, compute, prepare)``; ``compute()`` calls the engine
     and returns the result (an ``InputError`` becomes a 400 with the message by the field, in
     the page's language), ``prepare(context)`` adds what needs the trained model.
3. Templates ``templates/demos/foo.html`` (the page) and ``templates/demos/_foo_result.html`` (the
   htmx partial; it shows ``error.message`` when ``error`` is set, ``result`` otherwise). A page
   with models wraps its form in ``{% if not_ready %}`` + ``{% translate "..." as title %}``
   ``{% translate "..." as text %}{% include "demos/_not_ready.html" %}{% else %}``; a form
   control shows ``error.message`` beside it when ``error.field`` names it (see ``lora.html``).
4. One ``Demo(...)`` entry below: slug, ko/en title and summary, ``web`` (the module above),
   ``engine`` and ``requires`` (the artifacts its page needs) when it has a trained model, and
   ``links``: the query parameters a question may preset, each a tuple of allowed values
   (take it from the engine's own constants) or a type (``int``, ``str``).
5. Translations of new messages in ``locale/ko/LC_MESSAGES/django.po``; add the demo's invalid
   inputs to ``tests/demos/test_demo_errors.py`` (it fails until you do).

Importing this module imports no torch and no web module: those load when first asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from apps.demos.engines.cam.names import HEADS, METHOD_NAMES
from apps.demos.engines.fundamentals.names import GATE_NAMES, KNOBS, REMEDIES, SURROGATES
from apps.demos.engines.lm.masking import SCHEME_NAMES
from apps.demos.engines.lm.validation import TRAINED_RANKS
from apps.demos.engines.mlops.simulation import LEVELS
from apps.demos.engines.mlops.stream import SCENARIOS
from apps.demos.engines.rnn.names import LENGTHS
from apps.demos.engines.spec import TrainSpec

LinkRule = tuple[Any, ...] | type  # allowed values, or the type every value must have


@dataclass(frozen=True)
class Demo:
    slug: str
    title: Mapping[str, str]  # by language code; "ko" is the fallback
    summary: Mapping[str, str]
    web: str  # module with ``page`` and ``router``
    engine: str | None = None  # package exporting TRAIN_SPECS
    requires: tuple[str, ...] = ()  # artifact (TrainSpec) names the page needs
    links: Mapping[str, LinkRule] = field(default_factory=dict)

    def text(self, name: str, lang: str) -> str:
        values = getattr(self, name)
        return values.get(lang) or values["ko"]

    def web_module(self) -> ModuleType:
        return importlib.import_module(self.web)

    @property
    def page(self) -> Callable:
        return self.web_module().page

    @property
    def router(self) -> Any:
        return self.web_module().router


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
        web="apps.demos.web.masking",
        links={"scheme": SCHEME_NAMES},
    ),
    Demo(
        "mlops",
        {"ko": "MLOps 실습: 레벨 0 · 1 · 2", "en": "MLOps lab: levels 0, 1 and 2"},
        {
            "ko": "같은 운영 시나리오(값·스키마 편향, 학습-서빙 스큐, 파이프라인 버그)를 세 레벨로 돌려 정확도와 재학습·검증·배포 이벤트를 비교합니다.",
            "en": "Run the same production scenario (value or schema skew, training-serving skew, a pipeline bug) under each level and compare accuracy, retraining, validation and deployment events.",
        },
        web="apps.demos.web.mlops",
        links={"level": LEVELS, "scenario": SCENARIOS, "days": int, "seed": int},
    ),
    Demo(
        "serving",
        {"ko": "Model-in-Service vs Model-as-a-Service", "en": "Model-in-Service vs Model-as-a-Service"},
        {
            "ko": "같은 숫자 인식 모델을 서비스 프로세스 안에서 직접, 그리고 API 키로 HTTP API를 통해 호출해 답과 지연 시간을 비교합니다.",
            "en": "Call the same digits model inside the service process and over an HTTP API with a key; compare answers and latency.",
        },
        web="apps.demos.web.serving",
        engine="apps.demos.engines.mlops",
        requires=("digits-serving",),
        links={"sample": int},
    ),
    Demo(
        "cam",
        {"ko": "XAI 실습: CAM · Grad-CAM · Score-CAM", "en": "XAI lab: CAM, Grad-CAM and Score-CAM"},
        {
            "ko": "두 CNN(GAP 구조, FC 구조)이 본 곳을 세 방법의 히트맵으로 나란히 비교하고, 순전파·역전파 횟수와 시간을 봅니다. 직접 그리거나 PNG를 올려도 됩니다.",
            "en": "See where two CNNs (a GAP head and an FC head) look, with the three methods' heatmaps side by side and their forward/backward pass counts and times. Draw your own object or upload a PNG.",
        },
        web="apps.demos.web.cam",
        engine="apps.demos.engines.cam",
        requires=("cam-gap", "cam-fc"),
        links={"model": HEADS, "method": METHOD_NAMES, "sample": int},
    ),
    Demo(
        "mlm",
        {"ko": "언어 모델 실습: BERT식 [MASK] 채우기", "en": "Language-model lab: BERT-style [MASK] filling"},
        {
            "ko": "[MASK]를 넣은 문장을 쓰면, 파이썬 문서로 학습한 작은 마스크 언어 모델이 각 자리의 후보 단어를 확률과 함께 보여 줍니다.",
            "en": "Write a sentence with [MASK]s; a small masked language model trained on Python's documentation shows its top guesses for each, with probabilities.",
        },
        web="apps.demos.web.mlm",
        engine="apps.demos.engines.lm",
        requires=("lm-mlm",),
        links={"text": str},
    ),
    Demo(
        "electra",
        {"ko": "언어 모델 실습: ELECTRA 대체 토큰 탐지", "en": "Language-model lab: ELECTRA replaced-token detection"},
        {
            "ko": "단어 하나를 바꾸거나 생성기가 문장을 오염시키게 한 뒤, 판별기가 토큰마다 '바뀌었을 확률'을 어떻게 매기는지 보고 MLM과 학습 신호의 양을 비교합니다.",
            "en": "Swap a word or let the generator corrupt the sentence, then see the discriminator's replaced-probability for every token, and compare its learning signal with an MLM's.",
        },
        web="apps.demos.web.electra",
        engine="apps.demos.engines.lm",
        requires=("lm-electra",),
        links={"text": str},
    ),
    Demo(
        "lora",
        {"ko": "언어 모델 실습: LoRA 랭크와 파라미터 수", "en": "Language-model lab: LoRA rank and parameter counts"},
        {
            "ko": "랭크 r을 고르면 학습 파라미터 수 r(d+k)와 d·k, 정확도, 어댑터 크기를 전체 미세조정·분류 헤드만 학습한 경우와 비교합니다.",
            "en": "Pick the rank r and compare trainable parameters, r(d+k) against d·k, accuracy and adapter size with full fine-tuning and a head-only baseline.",
        },
        web="apps.demos.web.lora",
        engine="apps.demos.engines.lm",
        requires=("lm-lora",),
        links={"rank": TRAINED_RANKS},
    ),
    Demo(
        "attention",
        {"ko": "언어 모델 실습: 셀프 어텐션 들여다보기", "en": "Language-model lab: inside self-attention"},
        {
            "ko": "문장을 쓰면 학습된 MLM의 층 · 헤드별 어텐션 행렬, 인코더의 양방향 마스크와 디코더의 인과(causal) 마스크, 한 쿼리의 scaled dot-product attention 계산(점수, /√d_k, softmax, 가중합)을 단계별로 봅니다.",
            "en": "Type a sentence and see the trained MLM's attention per layer and head, the encoder's bidirectional mask beside a decoder's causal mask, and scaled dot-product attention for one query step by step (scores, /√d_k, softmax, weighted sum).",
        },
        web="apps.demos.web.attention",
        engine="apps.demos.engines.lm",
        requires=("lm-mlm",),
        links={"text": str, "layer": int, "head": int, "query": int},
    ),
    Demo(
        "fitting",
        {"ko": "기초 실습: 과적합과 과소적합", "en": "Fundamentals lab: over- and underfitting"},
        {
            "ko": "다항식 차수 · 트리 깊이 · MLP 너비로 모델 용량을 바꾸고, 학습 · 검증 오차 곡선에서 과소적합 · 적합 · 과적합을 읽습니다. 데이터 추가, L2 규제, 드롭아웃, 조기 종료의 효과도 봅니다.",
            "en": "Turn the capacity knob (polynomial degree, tree depth, MLP width) and read underfitting, good fit and overfitting from the training and validation curves; see what more data, L2, dropout and early stopping do.",
        },
        web="apps.demos.web.fitting",
        engine="apps.demos.engines.fundamentals",
        requires=("fundamentals-fitting",),
        links={
            "degree": int,
            "max_degree": int,
            "points": int,
            "noise": float,
            "l2": float,
            "seed": int,
            "knob": KNOBS,
            "remedy": REMEDIES,
        },
    ),
    Demo(
        "regression",
        {
            "ko": "기초 실습: 선형 vs 로지스틱 회귀와 대리 모델",
            "en": "Fundamentals lab: linear vs logistic regression and surrogates",
        },
        {
            "ko": "같은 이진 분류 문제에 선형 회귀와 로지스틱 회귀를 맞춰 출력 범위, MSE와 교차 엔트로피, 임계값, 로그 오즈를 비교하고, 블랙박스 MLP를 흉내 내는 대리 모델(트리, 로지스틱)의 충실도를 정확도와 나란히 봅니다.",
            "en": "Fit linear and logistic regression to the same binary task and compare output ranges, MSE vs cross-entropy, the threshold and log-odds; then fit surrogates (trees, logistic) to a black-box MLP and compare their fidelity with their accuracy.",
        },
        web="apps.demos.web.regression",
        engine="apps.demos.engines.fundamentals",
        requires=("fundamentals-blackbox",),
        links={"feature": str, "threshold": float, "surrogate": SURROGATES, "sample": int},
    ),
    Demo(
        "perceptron",
        {
            "ko": "기초 실습: 퍼셉트론에서 MLP로 (AND · OR · XOR)",
            "en": "Fundamentals lab: perceptron to MLP (AND, OR, XOR)",
        },
        {
            "ko": "단층 퍼셉트론과 은닉층 하나짜리 MLP를 AND · OR · XOR에 직접 학습시켜, 가중치 · 편향 · 결정 경계와 역전파 한 단계의 기울기를 봅니다. 퍼셉트론은 XOR을 풀지 못합니다.",
            "en": "Train a single-layer perceptron and a one-hidden-layer MLP on AND, OR and XOR; see weights, bias, the decision boundary and the gradients of one backpropagation step. The perceptron cannot solve XOR.",
        },
        web="apps.demos.web.perceptron",
        links={"gate": GATE_NAMES, "hidden": int, "mlp_epochs": int, "perceptron_epochs": int, "seed": int},
    ),
    Demo(
        "stages",
        {
            "ko": "기초 실습: 딥러닝 발전 5단계를 한 문제로",
            "en": "Fundamentals lab: the five stages of deep learning on one task",
        },
        {
            "ko": "같은 손글씨 숫자 문제를 규칙 기반, 수작업 특징 + 머신러닝, 처음부터 학습한 CNN, 사전학습 + 미세조정, 프롬프트(예시만 주고 학습 없음)로 풀어 정확도 · 사용한 레이블 수 · 학습 시간을 측정합니다.",
            "en": "Solve the same handwritten-digit task with rules, hand-made features + ML, a CNN from scratch, pre-training + fine-tuning and prompting (examples only, no training); measured accuracy, labels used and training time.",
        },
        web="apps.demos.web.stages",
        engine="apps.demos.engines.fundamentals",
        requires=("fundamentals-stages",),
        links={"sample": int},
    ),
    Demo(
        "shots",
        {
            "ko": "학습 패러다임 실습: Zero · One · Few-shot과 GZSL",
            "en": "Paradigms lab: zero-, one-, few-shot and GZSL",
        },
        {
            "ko": "일곱 숫자로만 학습한 속성 네트워크가 나머지 세 숫자를 설명(속성)만으로, k개의 예시로, 그리고 본 숫자와 섞인 채로(GZSL) 알아봅니다. 보정(calibrated stacking)으로 Seen 쏠림을 줄여 조화 평균을 올려 봅니다.",
            "en": "An attribute network trained on seven digits meets the other three through a description only, through k examples, and mixed with the seen digits (GZSL); calibrated stacking counters the seen-class bias and raises the harmonic mean.",
        },
        web="apps.demos.web.shots",
        engine="apps.demos.engines.shots",
        requires=("shots",),
        links={"calibration": float, "seed": int},
    ),
    Demo(
        "qlearning",
        {"ko": "강화학습 실습: Q-learning vs DQN", "en": "RL lab: Q-learning vs DQN"},
        {
            "ko": "벽 · 목표 · 함정이 있는 격자 세계를 표 기반 Q-learning과 작은 DQN으로 풀고, TD 오차와 ε-greedy, 경험 재생과 타깃 네트워크를 끄면 무엇이 불안정해지는지 봅니다.",
            "en": "Solve a gridworld with walls, a goal and a pit by tabular Q-learning and by a small DQN; see the TD error and ε-greedy at work, and what becomes unstable without experience replay and a target network.",
        },
        web="apps.demos.web.qlearning",
        engine="apps.demos.engines.qlearning",
        requires=("qlearning-dqn",),
        links={
            "alpha": float,
            "epsilon": float,
            "episodes": int,
            "seed": int,
            "replay": ("on", "off"),
            "target": ("on", "off"),
        },
    ),
    Demo(
        "nas",
        {"ko": "AutoML 실습: NAS, 랜덤 탐색 vs DARTS", "en": "AutoML lab: NAS, random search vs DARTS"},
        {
            "ko": "작은 셀 탐색 공간에서 랜덤 탐색과 DARTS(연속 완화, softmax(α), 이중 최적화, argmax 이산화)로 구조를 찾고, 탐색 비용과 재학습 정확도를 비교합니다.",
            "en": "Search a small cell space with random search and with DARTS (continuous relaxation, softmax(α), bilevel updates, argmax discretisation); compare search cost and retrained accuracy.",
        },
        web="apps.demos.web.nas",
        engine="apps.demos.engines.nas",
        requires=("nas",),
        links={"edge": int},
    ),
    Demo(
        "rnn",
        {
            "ko": "순환 신경망 실습: RNN의 기울기 소실과 LSTM · GRU",
            "en": "Recurrent lab: vanishing gradients, RNN vs LSTM and GRU",
        },
        {
            "ko": "첫 토큰을 기억해야 하는 과제를 길이 5 · 20 · 50에서 vanilla RNN, LSTM, GRU로 학습하고, 정확도와 첫 시점까지 도달하는 기울기 크기(로그 스케일)를 측정해 게이트가 기울기 소실을 어떻게 막는지 봅니다.",
            "en": "Train a vanilla RNN, an LSTM and a GRU to remember the first token of sequences of length 5, 20 and 50; measure accuracy and the gradient norm reaching the first step (log scale) to see how gates counter vanishing gradients.",
        },
        web="apps.demos.web.rnn",
        engine="apps.demos.engines.rnn",
        requires=("rnn",),
        links={"length": LENGTHS},
    ),
    Demo(
        "embeddings",
        {
            "ko": "워드 임베딩 실습: CBOW vs Skip-gram, 원-핫 vs 밀집 벡터",
            "en": "Word-embedding lab: CBOW vs skip-gram, one-hot vs dense",
        },
        {
            "ko": "여기서 학습한 두 Word2Vec(CBOW, Skip-gram)으로 단어의 최근접 이웃과 코사인 유사도, 유추 a - b + c(king - man + woman)를 나란히 보고, 같은 단어들을 원-핫 벡터와 밀집 벡터로 비교하고, 서브워드(WordPiece) 토크나이저가 드문 단어를 어떻게 쪼개는지 봅니다.",
            "en": "Two word2vec models trained here (CBOW and skip-gram): a word's nearest neighbours with cosine similarities and the analogy a - b + c (king - man + woman) side by side, the same words as one-hot and as dense vectors, and how the subword (WordPiece) tokenizer splits a rare word.",
        },
        web="apps.demos.web.embeddings",
        engine="apps.demos.engines.embeddings",
        requires=("embeddings",),
        links={"word": str, "a": str, "b": str, "c": str, "words": str, "split": str},
    ),
)

SLUGS: tuple[str, ...] = tuple(d.slug for d in DEMOS)


def demo(slug: str) -> Demo | None:
    return next((d for d in DEMOS if d.slug == slug), None)


def _engines() -> list[str]:
    """The engine packages that train something, each once, in manifest order."""
    return list(dict.fromkeys(d.engine for d in DEMOS if d.engine))


def train_specs() -> list[TrainSpec]:
    """Every artifact ``train_demos`` keeps trained (imports the engines, so torch)."""
    return [spec for engine in _engines() for spec in importlib.import_module(engine).TRAIN_SPECS]


def spec_for(name: str) -> TrainSpec:
    """The spec of one artifact, importing only the engine of the demo that needs it (serving
    the scikit-learn digits model need not import torch)."""
    engines = [d.engine for d in DEMOS if name in d.requires and d.engine] + _engines()
    for engine in dict.fromkeys(engines):
        for spec in importlib.import_module(engine).TRAIN_SPECS:
            if spec.name == name:
                return spec
    raise KeyError(f"no engine trains {name!r}")


def link_problems(slug: Any, params: Any) -> list[str]:
    """Everything wrong with a question's ``demo: {slug, params}`` link, as messages; empty when valid."""
    found = demo(slug) if isinstance(slug, str) else None
    if found is None:
        return [f"unknown demo slug {slug!r} (known: {', '.join(SLUGS)})"]
    if params is None:
        return []
    if not isinstance(params, dict):
        return [f"demo params must be a mapping, not {type(params).__name__}"]
    problems = (_param_problem(found, name, value) for name, value in params.items())
    return [f"demo {slug!r} {problem}" for problem in problems if problem]


def _param_problem(found: Demo, name: str, value: Any) -> str | None:
    rule = found.links.get(name)
    if rule is None:
        return f"has no parameter {name!r}"
    if isinstance(rule, tuple):
        allowed = value in rule and not isinstance(value, bool)  # True == 1, but is no level
        return None if allowed else f"parameter {name!r} must be one of {list(rule)}, not {value!r}"
    allowed = isinstance(value, rule) and not isinstance(value, bool)
    return None if allowed else f"parameter {name!r} must be a {rule.__name__}"
