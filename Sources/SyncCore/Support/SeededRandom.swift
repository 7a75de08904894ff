/// A small, fast random generator with a seed (SplitMix64): the same seed gives the same numbers
/// on every platform and every run, so generated data and random tests can be replayed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The generator of `seed`.
    public init(seed: UInt64) { state = seed }

    /// The generator of item `index` of the data set `seed`: each index has its own stream, so
    /// items can be generated in any order, one range at a time, or in parallel, and stay the same.
    public init(seed: UInt64, index: UInt64) { state = Self.mixed(seed &+ Self.mixed(index ^ 0x5851_F42D_4C95_7F2D)) }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mixed(state)
    }

    /// SplitMix64's finaliser: every bit of the result depends on every bit of `value`.
    private static func mixed(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (0 when `n` is 1 or less).
    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// One of `items`, which must not be empty.
    public mutating func element<T>(of items: [T]) -> T { items[below(items.count)] }

    /// A value drawn with its weight (weights are relative, e.g. per cent or per mille).
    public mutating func pick<T: Sendable>(_ weighted: [(T, Int)]) -> T { WeightedChoice(weighted).draw(using: &self) }
}

/// Values with relative weights, drawn in proportion to them; the running totals are computed
/// once, so a draw costs one random number and a short scan.
public struct WeightedChoice<Value: Sendable>: Sendable {
    public let values: [Value]
    private let totals: [Int]

    /// `weighted` must not be empty and its weights must not all be zero.
    public init(_ weighted: [(Value, Int)]) {
        values = weighted.map(\.0)
        var sum = 0
        totals = weighted.map { sum += max(0, $0.1); return sum }
    }

    /// A value drawn with its weight.
    public func draw(using rng: inout SeededRandom) -> Value {
        let roll = rng.below(totals.last ?? 0)
        return values[totals.firstIndex { roll < $0 } ?? 0]
    }
}
