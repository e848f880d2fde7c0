import random

import pytest
from django.core.exceptions import ValidationError

from opencmh.core.nhs_number import check_digit, is_valid, synthetic_nhs_number, validate_nhs_number
from opencmh.nhsuk_forms.fields import NHSNumberField


def test_a_valid_number_passes():
    validate_nhs_number("9434765919")  # the NHS Data Dictionary's worked example


def test_spaces_are_allowed_and_removed():
    assert NHSNumberField().clean("943 476 5919") == "9434765919"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9434765918", "not a valid NHS number: check you have typed it correctly"),
        ("94347659", "must be 10 digits long (you entered 8)"),
        ("94347A5919", "must contain only numbers"),
        ("", "must contain only numbers"),
    ],
)
def test_invalid_numbers_are_explained(value, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_nhs_number(value)
    assert message in excinfo.value.messages[0]


def test_a_number_whose_check_digit_would_be_10_is_never_valid():
    # 123456781 weights to a remainder that needs a check digit of 10.
    first_nine = next(
        f"{n:09d}" for n in range(100000000, 100001000) if check_digit(f"{n:09d}") == 10
    )
    for last in "0123456789":
        assert not is_valid(first_nine + last)
    with pytest.raises(ValidationError) as excinfo:
        validate_nhs_number(first_nine + "0")
    assert excinfo.value.code == "check_digit_10"


def test_synthetic_numbers_are_valid_and_in_the_999_test_range():
    rng = random.Random(1)
    numbers = [synthetic_nhs_number(rng) for _ in range(200)]
    assert all(n.startswith("999") and is_valid(n) for n in numbers)
