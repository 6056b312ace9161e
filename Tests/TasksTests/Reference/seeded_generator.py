#!/usr/bin/env python3
"""Independent reference for the Swift SeededGenerator: xoshiro256** seeded by SplitMix64, and the
(seed, salt) derivation (SHA-256 of the seed's 8 little-endian bytes + the salt's UTF-8, read as four
little-endian 64-bit words). Run it to print the values SeededGeneratorTests pins."""
import hashlib
import struct

MASK = (1 << 64) - 1


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def splitmix_state(seed):
    state, words = seed, []
    for _ in range(4):
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        words.append(z ^ (z >> 31))
    return words


def salted_state(seed, salt):
    digest = hashlib.sha256(struct.pack("<Q", seed) + salt.encode("utf-8")).digest()
    return list(struct.unpack("<4Q", digest))


def xoshiro_step(s):
    """The next output of the xoshiro256** state list `s`, which is advanced in place."""
    result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
    t = (s[1] << 17) & MASK
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return result


def unit_interval(s):
    """The next draw in [0, 1): the top 53 bits of the next output."""
    return (xoshiro_step(s) >> 11) * 2.0 ** -53


def first_outputs(state, count):
    s = list(state)
    return [xoshiro_step(s) for _ in range(count)]


if __name__ == "__main__":
    for seed in (0, 42):
        print(f"seed {seed}:", ", ".join(f"0x{v:016x}" for v in first_outputs(splitmix_state(seed), 4)))
    for seed, salt in ((0, "word-drop/abc/1"), (7, "instances/task843")):
        values = first_outputs(salted_state(seed, salt), 4)
        print(f"seed {seed} salt {salt!r}:", ", ".join(f"0x{v:016x}" for v in values))
