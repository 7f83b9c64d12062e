"""Personnummer rules (hr-data.md §1, persons) and the pseudonym (keyed HMAC-SHA256)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random

import pyarrow as pa
import pytest

from attraktiv.hrdata.pseudonym import (
    birth_date,
    gender,
    is_personnummer,
    luhn_valid,
    pseudonymise,
    pseudonymise_many,
)

from .helpers import PNR, luhn_complete

TODAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    "value",
    ["811218-9876", "8112189876", "198112189876", "19811218-9876", "121212+1212"],
)
def test_personnummer_forms(value):
    """§1, persons: ``^(\\d{2})?\\d{6}[-+]?\\d{4}$``."""
    assert is_personnummer(value)


@pytest.mark.parametrize("value", ["P2", "81121-9876", "811218--9876", "1981121898765", "abc"])
def test_not_personnummer(value):
    assert not is_personnummer(value)


def test_luhn():
    """§1, persons: the check digit (Luhn over YYMMDDNNNC)."""
    assert luhn_valid(PNR)
    assert luhn_valid("198112189876")
    assert not luhn_valid("811218-9875")
    assert luhn_valid(luhn_complete("701063239"))  # a samordningsnummer


def test_birth_date_century_rule():
    """§1, persons: the latest century that makes the person younger than 100."""
    assert birth_date("8112189876", TODAY) == dt.date(1981, 12, 18)
    assert birth_date("121212-1212", TODAY) == dt.date(2012, 12, 12)
    assert birth_date("250601-1234", TODAY) == dt.date(2025, 6, 1)  # born today
    assert birth_date("250602-1234", TODAY) == dt.date(1925, 6, 2)  # not tomorrow
    assert birth_date("191212121212", TODAY) == dt.date(1912, 12, 12)  # 12 digits: as given


def test_birth_date_plus_means_100_or_older():
    """§1, persons: written with ``+`` the person is 100 or older."""
    assert birth_date("121212+1212", TODAY) == dt.date(1912, 12, 12)
    assert birth_date("250601+1234", TODAY) == dt.date(1925, 6, 1)  # 100 today
    assert birth_date("250602+1234", TODAY) == dt.date(1825, 6, 2)


def test_samordningsnummer_day_plus_60():
    """§1, persons: a samordningsnummer has 60 added to the day of birth."""
    assert birth_date("701063-2391", TODAY) == dt.date(1970, 10, 3)
    assert birth_date("19701091-2391", TODAY) == dt.date(1970, 10, 31)


def test_invalid_birth_date():
    with pytest.raises(ValueError):
        birth_date("811318-9876", TODAY)  # month 13
    with pytest.raises(ValueError):
        birth_date("810230-9876", TODAY)  # 30 February


def test_gender_from_second_to_last_digit():
    """§1, persons: odd = M, even = K."""
    assert gender(PNR) == "M"
    assert gender("121212-1212") == "M"  # …-12[1]2
    assert gender("121212-1222") == "K"


def test_pseudonym_is_hmac_of_normalised_number():
    """§1, persons: HMAC-SHA256 with the key, of the 12-digit number, hex; stable."""
    expected = hmac.new(b"key", b"198112189876", hashlib.sha256).hexdigest()
    for written in ("811218-9876", "8112189876", "198112189876", "19811218-9876"):
        assert pseudonymise(written, "key", today=TODAY) == expected
    assert pseudonymise(PNR, b"key", today=TODAY) == expected
    assert pseudonymise(PNR, "other key", today=TODAY) != expected
    long_key = "k" * 100  # longer than SHA-256's block
    assert (
        pseudonymise(PNR, long_key, today=TODAY)
        == hmac.new(long_key.encode(), b"198112189876", hashlib.sha256).hexdigest()
    )
    with pytest.raises(ValueError):
        pseudonymise("P2", "key")
    with pytest.raises(ValueError):
        pseudonymise(PNR, "")


def test_many_at_once_agrees_with_one_at_a_time():
    """The reader's vectorised path gives exactly the one-value functions' results."""
    rng = random.Random(7)
    values = ["P2", "opaque-1", PNR, "811318-9876", "810230-9876", "250602+1234"]
    for _ in range(400):
        year = rng.randrange(1900, 2025)
        month = rng.randrange(1, 13)
        day = rng.randrange(1, 29) + (60 if rng.random() < 0.1 else 0)
        nine = f"{year % 100:02d}{month:02d}{day:02d}{rng.randrange(1000):03d}"
        ten = luhn_complete(nine) if rng.random() < 0.9 else nine + "0"
        form = rng.choice(["ten", "dash", "plus", "twelve", "twelve-dash"])
        century = f"{year // 100}"
        values.append(
            {
                "ten": ten,
                "dash": ten[:6] + "-" + ten[6:],
                "plus": ten[:6] + "+" + ten[6:],
                "twelve": century + ten,
                "twelve-dash": century + ten[:6] + "-" + ten[6:],
            }[form]
        )
    values = list(dict.fromkeys(values))
    batch = pseudonymise_many(pa.array(values), "key", TODAY)
    for index, value in enumerate(values):
        if not is_personnummer(value):
            assert batch.pseudonyms[index].as_py() == value
            assert not batch.is_personnummer[index]
            continue
        assert batch.pseudonyms[index].as_py() == pseudonymise(value, "key", today=TODAY)
        assert batch.luhn[index] == luhn_valid(value)
        assert batch.gender[index].as_py() == gender(value)
        try:
            born = birth_date(value, TODAY)
        except ValueError:
            assert not batch.valid_date[index]
            assert batch.born[index].as_py() is None
        else:
            assert batch.valid_date[index]
            assert batch.born[index].as_py() == born
