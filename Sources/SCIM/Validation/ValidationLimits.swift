/// Bounds on attribute values that `ResourceValidator` enforces, so one resource cannot grow without limit.
public struct ValidationLimits: Sendable, Hashable {
    /// The longest string value allowed, in characters.
    public var maxStringLength: Int
    /// The most values one multi-valued attribute may hold.
    public var maxMultiValuedElements: Int

    /// Creates limits; the defaults suit identity-provider traffic.
    public init(maxStringLength: Int = 65_536, maxMultiValuedElements: Int = 1_000) {
        self.maxStringLength = maxStringLength
        self.maxMultiValuedElements = maxMultiValuedElements
    }

    /// The limits used when none are given.
    public static let `default` = ValidationLimits()
}
