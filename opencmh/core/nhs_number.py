"""NHS number: normalising, the modulus 11 check, and the synthetic 999 test range."""

import random

from django.core.exceptions import ValidationError

WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def normalise(value: str) -> str:
    """Strip the spaces and dashes people type (e.g. '943 476 5919')."""
    return "".join(value.split()).replace("-", "")


def check_digit(first_nine: str) -> int:
    """The modulus 11 check digit for nine digits; 10 means no valid number exists."""
    total = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True))
    remainder = 11 - (total % 11)
    return 0 if remainder == 11 else remainder


def validate_nhs_number(value: str) -> None:
    """Raise ValidationError in plain words if VALUE is not a valid NHS number."""
    number = normalise(value)
    if not number.isdigit():
        raise ValidationError(
            "NHS number must contain only numbers, like 999 123 4567", code="not_digits"
        )
    if len(number) != 10:
        raise ValidationError(
            f"NHS number must be 10 digits long (you entered {len(number)})", code="length"
        )
    expected = check_digit(number[:9])
    if expected == 10:
        raise ValidationError(
            "This is not a valid NHS number: no NHS number can start with these 9 digits",
            code="check_digit_10",
        )
    if expected != int(number[9]):
        raise ValidationError(
            "This is not a valid NHS number: check you have typed it correctly",
            code="check_digit",
        )


def is_valid(value: str) -> bool:
    try:
        validate_nhs_number(value)
    except ValidationError:
        return False
    return True


def synthetic_nhs_number(rng: random.Random) -> str:
    """A valid NHS number from the 999 range, which is never issued to real people."""
    while True:
        first_nine = "999" + f"{rng.randrange(1_000_000):06d}"
        digit = check_digit(first_nine)
        if digit != 10:
            return first_nine + str(digit)
