"""The language-model lab: BERT-style masked LM, ELECTRA replaced-token detection and LoRA.

All three are small models trained here on the English documentation shipped with Python
(``pydoc_data.topics``). Public API (plain data in and out; bad input raises ``InputError``):

* ``fill_mask(model, text, top_k)`` with the ``lm-mlm`` artifact;
* ``detect_replaced(model, text, corrupt, seed)`` and ``learning_signal(model)`` with ``lm-electra``;
* ``lora_rank_result(results, rank)`` and ``lora_results_table(results)`` with ``lm-lora``.

Each ``model`` is what the matching ``TrainSpec.load`` returns.
"""

from apps.demos.engines.lm.electra import PAPER_DIFFERENCES
from apps.demos.engines.lm.errors import InputError
from apps.demos.engines.lm.fill_mask import EXAMPLE_SENTENCES as MLM_EXAMPLES
from apps.demos.engines.lm.fill_mask import FillMaskModel, fill_mask
from apps.demos.engines.lm.lora_results import LoraResults, lora_rank_result, lora_results_table
from apps.demos.engines.lm.replaced_tokens import EXAMPLE_SENTENCES as ELECTRA_EXAMPLES
from apps.demos.engines.lm.replaced_tokens import (
    ReplacedTokenModel,
    detect_replaced,
    learning_signal,
)
from apps.demos.engines.lm.specs import ELECTRA_SPEC, LORA_SPEC, MLM_SPEC, TRAIN_SPECS

__all__ = [
    "ELECTRA_EXAMPLES",
    "ELECTRA_SPEC",
    "LORA_SPEC",
    "MLM_EXAMPLES",
    "MLM_SPEC",
    "PAPER_DIFFERENCES",
    "TRAIN_SPECS",
    "FillMaskModel",
    "InputError",
    "LoraResults",
    "ReplacedTokenModel",
    "detect_replaced",
    "fill_mask",
    "learning_signal",
    "lora_rank_result",
    "lora_results_table",
]
