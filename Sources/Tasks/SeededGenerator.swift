import Crypto

/// A deterministic random number generator (xoshiro256**) for seeded shuffles and sampling.
///
/// The same seed gives the same stream on every machine and in every process: unlike Swift's
/// `Hasher`, nothing here is randomised per process. `init(seed:salt:)` derives independent
/// streams for named purposes ("word-drop/<task hash>/3", "instances/<task id>") from one seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var s0, s1, s2, s3: UInt64

    /// A stream seeded from `seed`, whose 256-bit state is expanded with SplitMix64
    /// (the expansion xoshiro's authors recommend).
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9e37_79b9_7f4a_7c15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        (s0, s1, s2, s3) = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// An independent stream for (`seed`, `salt`): the state is SHA-256 of the seed's 8 bytes
    /// (little-endian) followed by the salt's UTF-8 bytes, read as four little-endian words.
    public init(seed: UInt64, salt: String) {
        var input: [UInt8] = (0..<8).map { UInt8(truncatingIfNeeded: seed >> (8 * $0)) }
        input.append(contentsOf: salt.utf8)
        let digest = Array(Crypto.SHA256.hash(data: input))
        func word(_ index: Int) -> UInt64 {
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(digest[8 * index + $1]) << (8 * $1) }
        }
        (s0, s1, s2, s3) = (word(0), word(1), word(2), word(3))
        // xoshiro's one forbidden state; SHA-256 yielding it is astronomically unlikely.
        if s0 | s1 | s2 | s3 == 0 { self = SeededGenerator(seed: seed) }
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(45)
        return result
    }

    /// A uniform double in [0, 1) from the top 53 bits of `next()`, so the mapping is fixed
    /// (Swift's `Double.random(in:using:)` does not document its own).
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
