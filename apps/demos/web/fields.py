"""Number types for the demos' API schemas that accept exactly what their JSON Schema says.

JSON Schema's ``integer`` includes 3.0 but not true or "3"; pydantic's lax ``int`` takes true and
"3", and its ``StrictInt`` refuses 3.0. So the documented schema and the check disagreed both ways
(a schema fuzz found it); these two types agree with ``integer`` and ``number``."""

from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError


def _refuse_non_numbers(error_type: str, message: str):
    def check(value: Any) -> Any:
        if isinstance(value, bool | str | bytes):
            raise PydanticCustomError(error_type, message)
        return value

    return BeforeValidator(check)


# Also for a Literal of numbers, which would take false for 0.
WHOLE_NUMBERS_ONLY = _refuse_non_numbers("int_type", "Input should be a valid integer")
WholeNumber = Annotated[int, WHOLE_NUMBERS_ONLY]
Number = Annotated[float, _refuse_non_numbers("float_type", "Input should be a valid number")]
