"""Fast stand-ins for Faker and ``random`` digit strings, for worlds of any size.

Faker spends about half a millisecond per generated post (its providers parse format
strings on every call), which is fine for the 400-post default world and too slow for
100,000 posts. :class:`PooledFaker` draws a few thousand values from a seeded Faker once,
then answers the same methods by picking from those pools with its own seeded
``random.Random``: texts still read like Faker's and combine into far more distinct posts
than the pools hold, at a few microseconds per call. Deterministic for a seed.

:class:`QuickRandom` is a ``random.Random`` whose digit and code strings come from one
``getrandbits`` call instead of one ``choice`` per character (``content.random_digits`` and
``content.random_code`` use these methods when they are given one).
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

from faker import Faker

_POOL_SIZES = {
    "catch_phrase": 600,
    "bs": 600,
    "sentence": 2000,
    "first_name": 400,
    "last_name": 400,
    "city": 300,
    "company": 300,
    "user_name": 400,
    "word": 600,
    "slug": 800,
    "address": 200,
}


class PooledFaker:
    """The Faker methods the world generator uses, answered from seeded pools."""

    def __init__(self, seed: int, locale: str = "en_US") -> None:
        fake = Faker(locale)
        fake.seed_instance(seed)
        self._rng = random.Random(f"{seed}:pooled-faker")
        self._pools: dict[str, list[str]] = {}
        for name, size in _POOL_SIZES.items():
            method: Callable[[], str] = getattr(fake, name)
            self._pools[name] = [method() for _ in range(size)]
        self._sentences_by_words: dict[int, list[str]] = {}
        for text in self._pools["sentence"]:
            self._sentences_by_words.setdefault(len(text.split()), []).append(text)

    def _pick(self, name: str) -> str:
        pool = self._pools[name]
        return pool[int(self._rng.random() * len(pool))]

    def seed_instance(self, seed: int) -> None:  # Faker's API; the pools are already seeded
        self._rng.seed(f"{seed}:pooled-faker")

    def catch_phrase(self) -> str:
        return self._pick("catch_phrase")

    def bs(self) -> str:
        return self._pick("bs")

    def sentence(self, nb_words: int = 6) -> str:
        near = self._sentences_by_words.get(nb_words)
        if near:
            return near[int(self._rng.random() * len(near))]
        return self._pick("sentence")

    def paragraph(self, nb_sentences: int = 3) -> str:
        count = max(1, nb_sentences + self._rng.choice((-1, 0, 0, 1)))
        return " ".join(self._pick("sentence") for _ in range(count))

    def first_name(self) -> str:
        return self._pick("first_name")

    def last_name(self) -> str:
        return self._pick("last_name")

    def name(self) -> str:
        return f"{self._pick('first_name')} {self._pick('last_name')}"

    def city(self) -> str:
        return self._pick("city")

    def company(self) -> str:
        return self._pick("company")

    def user_name(self) -> str:
        return self._pick("user_name")

    def word(self) -> str:
        return self._pick("word")

    def words(self, nb: int = 3) -> list[str]:
        return [self._pick("word") for _ in range(nb)]

    def slug(self) -> str:
        return self._pick("slug")

    def address(self) -> str:
        return self._pick("address")


class QuickRandom(random.Random):
    """``random.Random`` with fast fixed-length digit and code strings."""

    def digits(self, count: int) -> str:
        """``count`` decimal digits, the first one not zero."""
        low = 10 ** (count - 1)
        return str(low + self.randrange(9 * low))

    def code(self, count: int, alphabet: str = string.ascii_letters + string.digits) -> str:
        """``count`` characters of ``alphabet`` (random bytes read through a 256-entry table)."""
        table = _TABLES.get(alphabet)
        if table is None:
            table = _TABLES[alphabet] = bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))
        return self.randbytes(count).translate(table).decode("ascii")


_TABLES: dict[str, bytes] = {}


# What the generator's content functions draw texts from: a seeded Faker or its pooled stand-in.
TextSource = Faker | PooledFaker

__all__ = ["PooledFaker", "QuickRandom", "TextSource"]
