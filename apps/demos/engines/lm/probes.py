"""Text written here that no model of the lab trains on, to measure what a learner would see.

``DOCS_SENTENCES`` read like the corpus (Python documentation); ``NOTES_SENTENCES`` like the study
notes (machine learning), a domain the corpus does not cover, so many of their words are new to
the models; ``EVERYDAY_WORDS`` are words a learner might swap in that the corpus never uses
(tests/demos/test_lm_probes.py checks all three). The bench and the ELECTRA tests swap words into
these sentences; the ELECTRA page offers some of the words.
"""

from __future__ import annotations

DOCS_SENTENCES: tuple[str, ...] = (
    "A list comprehension builds a new list from the items of an iterable.",
    "The default value of a parameter is evaluated once, when the function is defined.",
    "A generator function returns an iterator that produces one value at a time.",
    "If the key is missing, the method returns the default value instead of raising an exception.",
    "A tuple is an immutable sequence, so its items cannot be assigned after it is created.",
    "The with statement calls the exit method of the context manager even when an exception occurs.",
    "Slicing a string returns a new string that contains the selected characters.",
    "The loop ends when the iterator raises an exception to signal that no items are left.",
    "Keyword arguments must follow positional arguments in a function call.",
    "A set holds unique hashable objects and keeps no particular order.",
    "The return statement leaves the current function call with the given value.",
    "When a file is opened in text mode, the data is decoded with the given encoding.",
    "A module is imported only once, and later imports use the same module object.",
    "A lambda expression creates a small anonymous function from a single expression.",
    "If the condition is false, the else clause of the statement is executed.",
    "A dictionary maps hashable keys to arbitrary values.",
    "The break statement ends the nearest enclosing loop.",
    "An exception that is not handled stops the program and prints a traceback.",
    "A decorator is a function that takes another function and returns a new one.",
    "Assignment to a name binds the name to an object in the local namespace.",
    "The yield expression suspends the generator and returns a value to the caller.",
    "A class attribute is shared by all instances of the class.",
    "The continue statement skips the rest of the loop body and starts the next iteration.",
    "The finally clause runs whether or not an exception was raised in the try clause.",
    "A method is a function that is stored as an attribute of a class.",
    "Local variables are created when the function is called and removed when it returns.",
    "The first argument of an instance method refers to the instance itself.",
    "A format string contains replacement fields surrounded by curly braces.",
)

NOTES_SENTENCES: tuple[str, ...] = (
    "Gradient descent changes the weights in the direction that lowers the loss.",
    "A learning rate that is too large makes the training loss grow instead of shrink.",
    "The model is trained on one part of the data and tested on another part.",
    "Dropout sets a random part of the values to zero during training only.",
    "Each layer of the network computes a weighted sum of its inputs and applies a function.",
    "The attention weights of each query are positive and sum to one.",
    "A masked language model predicts the missing words from the words on both sides.",
    "The tokenizer splits a rare word into smaller pieces that are in its vocabulary.",
    "Batch normalization keeps the mean and variance of each layer's inputs stable.",
    "Early stopping ends training when the error on held out data stops improving.",
    "The embedding of a word is a dense vector that the model learns.",
    "A recurrent network reads the sequence one step at a time and keeps a hidden state.",
)

SENTENCES = DOCS_SENTENCES + NOTES_SENTENCES

EVERYDAY_WORDS: tuple[str, ...] = (
    "banana",
    "violin",
    "ocean",
    "giraffe",
    "pancake",
    "umbrella",
    "tulip",
    "guitar",
    "volcano",
    "penguin",
    "sandwich",
    "bicycle",
    "kitten",
    "lemonade",
    "pillow",
    "carrot",
    "saxophone",
    "meadow",
    "dolphin",
    "blanket",
    "cinnamon",
    "tomato",
    "rainbow",
    "lighthouse",
    "squirrel",
    "cucumber",
    "trumpet",
    "orchard",
    "zebra",
    "waffle",
    "pumpkin",
    "jungle",
    "hamster",
    "teapot",
    "glacier",
    "mango",
    "canyon",
    "pajamas",
    "lobster",
    "strawberry",
)
