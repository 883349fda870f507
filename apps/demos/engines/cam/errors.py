"""Input errors the web layer turns into 4xx responses naming the offending field."""

from __future__ import annotations

from apps.demos.engines.errors import InputError

__all__ = ["CAM_NEEDS_GAP", "CAM_NEEDS_GAP_KO", "InputError", "MethodNotApplicable"]


class MethodNotApplicable(InputError):
    """The requested explanation method cannot work on this model's architecture."""

    def __init__(self, message: str, message_ko: str):
        super().__init__("methods", message)
        self.message_ko = message_ko


# Why CAM refuses the ``fc`` model, in English and Korean (raised with MethodNotApplicable).
CAM_NEEDS_GAP = (
    "CAM needs global average pooling followed by a single linear layer; this model flattens "
    "the feature maps into a hidden fully connected layer, so there is no per-channel class "
    "weight. Use Grad-CAM or Score-CAM."
)
CAM_NEEDS_GAP_KO = (
    "CAM은 전역 평균 풀링 뒤에 선형 층 하나만 있는 구조가 필요합니다. 이 모델은 특징 맵을 "
    "펼쳐서 은닉 완전연결층에 넣으므로 채널별 클래스 가중치가 없습니다. Grad-CAM이나 "
    "Score-CAM을 사용하세요."
)
