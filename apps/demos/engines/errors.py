"""The one error type engines raise for bad input; the web layer turns it into a 4xx naming ``field``."""


class InputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
