"""Which demos a question may link to, and with which preset parameters.

Pure data and functions: the bank loader validates ``demo: {slug, params}`` against it and
the review page builds the preset URL from it.
"""

from __future__ import annotations

from typing import Any

# slug -> {param: allowed values (a tuple) or a type}
DEMO_PARAMS: dict[str, dict[str, Any]] = {
    "cam": {"model": ("gap", "fc"), "method": ("cam", "gradcam", "scorecam"), "sample": int},
    "mlm": {"text": str},
    "electra": {"text": str},
    "masking": {
        "scheme": (
            "gpt",
            "bert",
            "roberta",
            "spanbert",
            "bart-token-masking",
            "bart-token-deletion",
            "bart-text-infilling",
            "bart-sentence-permutation",
            "bart-document-rotation",
        )
    },
    "lora": {"rank": (1, 2, 4, 8, 16)},
    "mlops": {
        "level": (0, 1, 2),
        "scenario": ("none", "value_skew", "schema_skew", "training_serving_skew", "pipeline_bug"),
        "days": int,
        "seed": int,
    },
    "serving": {"sample": int},
}

DEMO_SLUGS = tuple(DEMO_PARAMS)


def link_problems(slug: Any, params: Any) -> list[str]:
    """Everything wrong with a demo link, as messages; empty when it is valid."""
    if slug not in DEMO_PARAMS:
        return [f"unknown demo slug {slug!r} (known: {', '.join(DEMO_SLUGS)})"]
    if params is None:
        return []
    if not isinstance(params, dict):
        return [f"demo params must be a mapping, not {type(params).__name__}"]
    allowed = DEMO_PARAMS[slug]
    problems = []
    for name, value in params.items():
        rule = allowed.get(name)
        if rule is None:
            problems.append(f"demo {slug!r} has no parameter {name!r}")
        elif isinstance(rule, tuple):
            if value not in rule or isinstance(value, bool):
                problems.append(f"demo {slug!r} parameter {name!r} must be one of {list(rule)}, not {value!r}")
        elif not isinstance(value, rule) or isinstance(value, bool):
            problems.append(f"demo {slug!r} parameter {name!r} must be a {rule.__name__}")
    return problems
