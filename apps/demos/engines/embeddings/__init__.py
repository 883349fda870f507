"""Word-embedding lab: CBOW and skip-gram word2vec on generated text; neighbours, analogies and
one-hot against dense vectors. Only training needs torch; the page reads the stored vectors."""

from apps.demos.engines.embeddings.corpus import families, sentences
from apps.demos.engines.embeddings.lab import DEFAULTS, explore
from apps.demos.engines.embeddings.trainer import RECIPE, SPEC, TRAIN_SPECS

__all__ = ["DEFAULTS", "RECIPE", "SPEC", "TRAIN_SPECS", "explore", "families", "sentences"]
