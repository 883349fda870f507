"""The language-model lab: BERT-style masked LM, ELECTRA replaced-token detection and LoRA.

All three are small models trained here on the English documentation shipped with Python
(``pydoc_data.topics``), reading a WordPiece vocabulary trained on the same text
(``subwords``; ``subwords.pieces(word)`` shows how it splits a word). Public API (plain data in and out; bad input raises ``InputError``):

* ``fill_mask(model, text, top_k)`` with the ``lm-mlm`` artifact;
* ``detect_replaced(model, text, corrupt, seed)`` and ``learning_signal(model)`` with ``lm-electra``;
* ``lora_rank_result(results, rank)`` and ``lora_results_table(results)`` with ``lm-lora``.

Each ``model`` is what the matching ``TrainSpec.load`` returns.

The names below are imported on first use: most of them need torch, and the torch-free
modules (``masking``, ``tokenizer``, ``subwords``, ``corpus``, ``validation``) must stay cheap to import,
since the URLconf imports them and every ``manage.py`` command loads the URLconf.
"""

from apps.demos.engines.lazy import export_lazily

# public name -> (submodule, name in it)
_EXPORTS = {
    "attention": ("attention", "attention"),
    "ELECTRA_EXAMPLES": ("replaced_tokens", "EXAMPLE_SENTENCES"),
    "ELECTRA_SPEC": ("specs", "ELECTRA_SPEC"),
    "LORA_SPEC": ("specs", "LORA_SPEC"),
    "MLM_EXAMPLES": ("fill_mask", "EXAMPLE_SENTENCES"),
    "MLM_SPEC": ("specs", "MLM_SPEC"),
    "PAPER_DIFFERENCES": ("electra", "PAPER_DIFFERENCES"),
    "TRAIN_SPECS": ("specs", "TRAIN_SPECS"),
    "FillMaskModel": ("fill_mask", "FillMaskModel"),
    "LoraResults": ("lora_results", "LoraResults"),
    "ReplacedTokenModel": ("replaced_tokens", "ReplacedTokenModel"),
    "detect_replaced": ("replaced_tokens", "detect_replaced"),
    "fill_mask": ("fill_mask", "fill_mask"),
    "learning_signal": ("replaced_tokens", "learning_signal"),
    "lora_rank_result": ("lora_results", "lora_rank_result"),
    "lora_results_table": ("lora_results", "lora_results_table"),
}
__all__ = export_lazily(__name__, _EXPORTS)
