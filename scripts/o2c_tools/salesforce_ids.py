"""Salesforce record Ids: the 15 to 18 character conversion and a seeded Id factory.

A Salesforce Id is a 3-character key prefix (the object type) followed by 12
case-sensitive base-62 characters. The 18-character form appends three characters
that encode which of the first 15 characters are uppercase, so the Id survives
case-insensitive tools. Each suffix character covers one 5-character chunk: bit i is
set when character i of the chunk is an uppercase letter A-Z, and the 5-bit number
indexes into ``ABCDEFGHIJKLMNOPQRSTUVWXYZ012345``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

# Characters after the key prefix: 2 for the pod, 10 for the record number.
_POD_LENGTH = 2
_NUMBER_LENGTH = 10
_NUMBER_SPACE = 62**_NUMBER_LENGTH


def checksum_suffix(id15: str) -> str:
    """Compute the 3-character case-encoding suffix of a 15-character Id."""
    if len(id15) != 15:
        raise ValueError(f"invalid Salesforce Id {id15!r}: expected 15 characters")
    suffix = []
    for start in range(0, 15, 5):
        bits = 0
        for position, char in enumerate(id15[start : start + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix.append(SUFFIX_ALPHABET[bits])
    return "".join(suffix)


def to_18(id15: str) -> str:
    """Convert a 15-character Id to its 18-character form."""
    return id15 + checksum_suffix(id15)


def to_15(id18: str) -> str:
    """Return the case-sensitive 15-character form of an 18-character Id."""
    if len(id18) != 18:
        raise ValueError(f"invalid Salesforce Id {id18!r}: expected 18 characters")
    return id18[:15]


def is_valid_18(value: str) -> bool:
    """Check length, alphabet and checksum suffix of an 18-character Id."""
    if len(value) != 18 or any(char not in BASE62_ALPHABET for char in value[:15]):
        return False
    return checksum_suffix(value[:15]) == value[15:]


def _encode_base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, 62)
        digits.append(BASE62_ALPHABET[remainder])
    return "".join(reversed(digits))


def _has_mixed_case(text: str) -> bool:
    return any(char.isupper() for char in text) and any(char.islower() for char in text)


@dataclass
class _PrefixSequence:
    """Unique record numbers of one key prefix, in a scrambled but repeatable order.

    Multiplying a counter by a number coprime to 62**10 is a bijection modulo 62**10,
    so the numbers never repeat and no set of issued Ids has to be kept in memory.
    """

    pod: str
    multiplier: int
    offset: int
    counter: int = 0

    def next_body(self) -> str:
        """Return the next 12 characters after the key prefix, with mixed case."""
        while True:
            number = (self.offset + self.counter * self.multiplier) % _NUMBER_SPACE
            self.counter += 1
            body = self.pod + _encode_base62(number, _NUMBER_LENGTH)
            if _has_mixed_case(body):
                return body


class IdFactory:
    """Issue unique, valid 18-character Ids per key prefix from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._sequences: dict[str, _PrefixSequence] = {}

    def new_id(self, key_prefix: str) -> str:
        """Return a new 18-character Id with the given 3-character key prefix."""
        sequence = self._sequences.get(key_prefix)
        if sequence is None:
            sequence = self._start_sequence(key_prefix)
        return to_18(key_prefix + sequence.next_body())

    def _start_sequence(self, key_prefix: str) -> _PrefixSequence:
        if len(key_prefix) != 3:
            raise ValueError(
                f"invalid key prefix {key_prefix!r}: expected 3 characters"
            )
        pod = "".join(
            self._rng.choice(BASE62_ALPHABET[10:]) for _ in range(_POD_LENGTH)
        )
        multiplier = self._rng.randrange(62 ** (_NUMBER_LENGTH - 1), _NUMBER_SPACE)
        # 62 = 2 * 31, so an odd multiplier that 31 does not divide is coprime to it.
        multiplier |= 1
        while multiplier % 31 == 0:
            multiplier += 2
        sequence = _PrefixSequence(pod, multiplier, self._rng.randrange(_NUMBER_SPACE))
        self._sequences[key_prefix] = sequence
        return sequence
