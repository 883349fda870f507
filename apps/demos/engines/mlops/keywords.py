"""The study notes' keywords (문항17, 문항24) for each simulation event, level and serving style.

The notes follow Google Cloud's "MLOps: continuous delivery and automation pipelines in
machine learning"; the page shows these next to the timeline so an event reads as the term
the exam asks about.
"""

from __future__ import annotations

from apps.demos.engines.errors import one_of

EVENT_TYPES = (
    "value_skew_detected",
    "schema_skew_stopped",
    "retrained",
    "promoted",
    "promotion_rejected",
    "pipeline_blocked",
    "pipeline_deployed",
)

EVENT_KEYWORDS: dict[str, dict[str, list[str]]] = {
    "value_skew_detected": {
        "ko": ["데이터 검증", "값 편향(value skew)", "데이터 분포 변화 감지", "재학습 트리거"],
        "en": ["Data validation", "Value skew", "Drift detection", "Pipeline trigger"],
    },
    "schema_skew_stopped": {
        "ko": ["데이터 검증", "스키마 편향(schema skew)", "누락/예상치 못한 피처", "파이프라인 중단"],
        "en": ["Data validation", "Schema skew", "Missing/unexpected features", "Stop pipeline"],
    },
    "retrained": {
        "ko": ["지속적 학습(CT)", "파이프라인 자동화", "파이프라인 트리거(스케줄·새 데이터·성능 저하·드리프트)"],
        "en": ["Continuous training (CT)", "Automated pipeline", "Pipeline triggers"],
    },
    "promoted": {
        "ko": ["모델 검증", "모델 지속적 배포(CD)", "모델 레지스트리", "메타데이터 관리"],
        "en": ["Model validation", "Continuous delivery of models", "Model registry", "Metadata management"],
    },
    "promotion_rejected": {
        "ko": ["모델 검증", "현재 모델과 성능 비교", "세그먼트별 성능 일관성"],
        "en": ["Model validation", "Compare with the current model", "Consistency across data segments"],
    },
    "pipeline_blocked": {
        "ko": ["CI(지속적 통합)", "파이프라인 단위·통합 테스트", "배포 전 자동 검증"],
        "en": ["Pipeline CI", "Unit/integration tests of components", "Automated testing before deployment"],
    },
    "pipeline_deployed": {
        "ko": ["CD(지속적 배포)", "파이프라인 배포", "코드 변경 자동 반영"],
        "en": ["Pipeline CD", "Pipeline deployment", "Code changes shipped automatically"],
    },
}

LEVEL_KEYWORDS: dict[int, dict[str, list[str]]] = {
    0: {
        "ko": [
            "수동 프로세스",
            "스크립트 기반",
            "CI/CD 없음",
            "모델 아티팩트만 배포",
            "모니터링 없음",
            "학습-서빙 스큐",
        ],
        "en": [
            "Manual process",
            "Script-driven",
            "No CI/CD",
            "Model-only deployment",
            "No monitoring",
            "Training-serving skew",
        ],
    },
    1: {
        "ko": [
            "ML 파이프라인 자동화",
            "지속적 학습(CT)",
            "데이터·모델 검증",
            "실험-운영 대칭",
            "메타데이터 관리",
            "파이프라인 트리거",
        ],
        "en": [
            "ML pipeline automation",
            "Continuous training (CT)",
            "Data/model validation",
            "Experimental-operational symmetry",
            "Metadata management",
            "Pipeline triggers",
        ],
    },
    2: {
        "ko": [
            "CI/CD 파이프라인 자동화",
            "파이프라인 CI(빌드·테스트)",
            "파이프라인 CD(배포)",
            "모델 레지스트리",
            "모니터링",
        ],
        "en": [
            "CI/CD pipeline automation",
            "Pipeline CI (build, test)",
            "Pipeline CD (deploy)",
            "Model registry",
            "Monitoring",
        ],
    },
}

SERVING_KEYWORDS: dict[str, dict[str, list[str]]] = {
    "model_in_service": {
        "ko": ["서비스 코드 내부에 통합", "애플리케이션 개발자가 관리", "배포와 서비스 운영 결합"],
        "en": [
            "Embedded in the service code",
            "Managed by the application developers",
            "Deployment coupled with the service",
        ],
    },
    "model_as_a_service": {
        "ko": ["독립적 API로 제공", "모델 제공자/플랫폼이 관리", "API 호출로 예측", "사용량 기반"],
        "en": [
            "Separate API",
            "Managed by the model provider/platform",
            "Predictions through API calls",
            "Usage-based",
        ],
    },
}


def event_keywords(event_type: str) -> dict[str, list[str]]:
    """The notes' keywords for one simulation event type: ``{"ko": [...], "en": [...]}``."""
    one_of("event_type", event_type, EVENT_TYPES)
    keywords = EVENT_KEYWORDS[event_type]
    return {"ko": list(keywords["ko"]), "en": list(keywords["en"])}
