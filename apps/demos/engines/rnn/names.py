"""The networks and sequence lengths the rnn demo trains (plain data: the manifest reads them)."""

CELL_NAMES: tuple[str, ...] = ("rnn", "lstm", "gru")
LENGTHS: tuple[int, ...] = (5, 20, 50)
