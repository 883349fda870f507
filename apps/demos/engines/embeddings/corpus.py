"""Generated text in which word meanings are built from parts, so the lesson can be measured.

Every analogy word is the product of two factors, and each sentence about it shows one word of
context for each factor: ``king`` is *male* (his, he) and *royal* (throne, crown); ``queen`` is
*female* and *royal*; ``man`` is *male* and *common*. The contexts a word is seen with are then a
sum of its factors' contexts, which is what makes ``king - man + woman`` land near ``queen`` in a
word2vec space (the model never sees an analogy, only sentences). Capitals and countries share a
nation (``korean``) and differ by type (city or nation); present and past verbs share an object
and differ by a time word. Three topic groups (animals, fruits, vehicles) have their own
contexts and nothing else, for the neighbour test.

The word lists are the demo's vocabulary; a fixed seed makes the same text every time.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (male, female) and the contexts of their kind
PEOPLE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("king", "queen", ("throne", "crown", "kingdom")),
    ("prince", "princess", ("castle", "tower", "knight")),
    ("man", "woman", ("office", "job", "desk")),
    ("boy", "girl", ("school", "toys", "homework")),
    ("father", "mother", ("children", "family", "home")),
    ("husband", "wife", ("wedding", "marriage", "ring")),
    ("actor", "actress", ("stage", "film", "audience")),
    ("uncle", "aunt", ("nephew", "niece", "cousin")),
    ("waiter", "waitress", ("restaurant", "menu", "tips")),
    ("brother", "sister", ("sibling", "twin", "bedroom")),
)
GENDER: dict[str, tuple[str, str]] = {"male": ("he", "his"), "female": ("she", "her")}
# (country, capital, the nation's adjective)
NATIONS: tuple[tuple[str, str, str], ...] = (
    ("korea", "seoul", "korean"),
    ("japan", "tokyo", "japanese"),
    ("china", "beijing", "chinese"),
    ("france", "paris", "french"),
    ("germany", "berlin", "german"),
    ("italy", "rome", "italian"),
    ("spain", "madrid", "spanish"),
    ("russia", "moscow", "russian"),
    ("greece", "athens", "greek"),
    ("egypt", "cairo", "egyptian"),
)
PLACE_TYPE: dict[str, tuple[str, ...]] = {
    "country": ("nation", "border", "flag"),
    "capital": ("city", "center", "mayor"),
}
# (present, past) and the objects of the verb
VERBS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("walk", "walked", ("park", "path")),
    ("run", "ran", ("race", "track")),
    ("eat", "ate", ("bread", "rice")),
    ("drink", "drank", ("water", "tea")),
    ("write", "wrote", ("letter", "poem")),
    ("sing", "sang", ("song", "chorus")),
    ("swim", "swam", ("river", "pool")),
    ("speak", "spoke", ("truth", "speech")),
    ("play", "played", ("game", "piano")),
    ("sleep", "slept", ("bed", "couch")),
    ("drive", "drove", ("road", "highway")),
    ("build", "built", ("house", "bridge")),
    ("draw", "drew", ("picture", "map")),
    ("throw", "threw", ("stone", "dart")),
    ("buy", "bought", ("shoes", "coat")),
    ("see", "saw", ("movie", "stars")),
)
TENSE: dict[str, tuple[str, ...]] = {
    "present": ("today", "now", "usually", "often"),
    "past": ("yesterday", "earlier", "once", "before"),
}
GROUPS: dict[str, tuple[str, ...]] = {
    "animals": ("cat", "dog", "horse", "cow", "sheep", "pig", "goat", "rabbit"),
    "fruits": ("apple", "banana", "grape", "orange", "pear", "peach", "cherry", "lemon"),
    "vehicles": ("bus", "train", "bike", "boat", "plane", "taxi", "tram", "ship"),
}
GROUP_CONTEXT: dict[str, tuple[tuple[str, ...], ...]] = {
    "animals": (
        ("the", "{w}", "sleeps", "in", "the", "barn"),
        ("we", "fed", "the", "{w}", "some", "hay"),
        ("a", "{w}", "eats", "grass", "in", "the", "field"),
    ),
    "fruits": (
        ("a", "ripe", "{w}", "fell", "from", "the", "tree"),
        ("they", "picked", "a", "sweet", "{w}"),
        ("fresh", "{w}", "juice", "tastes", "sweet"),
    ),
    "vehicles": (
        ("the", "{w}", "left", "the", "station"),
        ("they", "took", "the", "{w}", "to", "work"),
        ("a", "fast", "{w}", "with", "many", "seats"),
    ),
}
# Relations the analogy probe asks about: (name, pairs (x, y)); x - y + y' should give x'.
RELATIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("gender", tuple((m, f) for m, f, _ in PEOPLE)),
    ("capital", tuple((country, capital) for country, capital, _ in NATIONS)),
    ("tense", tuple((now, then) for now, then, _ in VERBS)),
)
HELD_OUT_PAIRS = 3  # the last pairs of each relation: probes whose answer is in one are held out


@dataclass(frozen=True)
class Probe:
    a: str
    b: str
    c: str
    answer: str  # a - b + c
    relation: str
    held_out: bool


def _person(rng: random.Random, word: str, gender: str, kind: tuple[str, ...]) -> list[str]:
    he, his = GENDER[gender]
    if rng.random() < 0.5:
        return ["the", word, rng.choice(("has", "keeps", "likes", "needs")), his, rng.choice(kind)]
    return [he, "is", "the", word, "of", "the", rng.choice(kind)]


def _place(rng: random.Random, word: str, place: str, adjective: str) -> list[str]:
    if rng.random() < 0.5:
        return ["people", "in", word, "speak", adjective]
    return ["the", rng.choice(PLACE_TYPE[place]), "of", word, "is", rng.choice(("big", "old", "busy"))]


def _verb(rng: random.Random, word: str, tense: str, objects: tuple[str, ...]) -> list[str]:
    return [rng.choice(TENSE[tense]), "we", word, "the", rng.choice(objects)]


def sentences(count: int, seed: int) -> list[list[str]]:
    """``count`` sentences, each about one word drawn uniformly from every word above."""
    makers = [
        *(
            (lambda rng, w=w, g=g, k=k: _person(rng, w, g, k))
            for m, f, k in PEOPLE
            for w, g in ((m, "male"), (f, "female"))
        ),
        *(
            (lambda rng, w=w, p=p, a=a: _place(rng, w, p, a))
            for c, k, a in NATIONS
            for w, p in ((c, "country"), (k, "capital"))
        ),
        *(
            (lambda rng, w=w, t=t, o=o: _verb(rng, w, t, o))
            for now, then, o in VERBS
            for w, t in ((now, "present"), (then, "past"))
        ),
        *(
            (lambda rng, w=w, g=g: [w if t == "{w}" else t for t in rng.choice(GROUP_CONTEXT[g])])
            for g, words in GROUPS.items()
            for w in words
        ),
    ]
    rng = random.Random(seed)
    return [rng.choice(makers)(rng) for _ in range(count)]


def probes() -> list[Probe]:
    """Every ``a - b + c = answer`` the relations imply. For pairs (x, y) and (x', y'):
    x - x' + y' = y (king - man + woman = queen), y - y' + x' = x, y - x + x' = y' (seoul - korea
    + japan = tokyo) and x - y + y' = x'. A probe is held out when its answer's pair is one of the
    last ``HELD_OUT_PAIRS`` of its relation (the recipe was tuned on the others)."""
    found = []
    for relation, pairs in RELATIONS:
        held = set(pairs[-HELD_OUT_PAIRS:])
        for p in pairs:
            for q in pairs:
                if p != q:
                    found += [
                        Probe(p[0], q[0], q[1], p[1], relation, p in held),
                        Probe(p[1], q[1], q[0], p[0], relation, p in held),
                        Probe(p[1], p[0], q[0], q[1], relation, q in held),
                        Probe(p[0], p[1], q[1], q[0], relation, q in held),
                    ]
    return found


def expected(a: str, b: str, c: str) -> str | None:
    """The word ``a - b + c`` names by construction, if the three words make a probe."""
    return next((p.answer for p in probes() if (p.a, p.b, p.c) == (a, b, c)), None)


def families() -> dict[str, tuple[str, ...]]:
    """The words a learner can ask about, by family."""
    return {
        "people": tuple(w for m, f, _ in PEOPLE for w in (m, f)),
        "places": tuple(w for country, capital, _ in NATIONS for w in (country, capital)),
        "verbs": tuple(w for now, then, _ in VERBS for w in (now, then)),
        **GROUPS,
    }
