/// An optional result field that is encoded as JSON `null` when it has no value, instead of
/// being left out (what synthesized `Encodable` does). Results whose keys are always present
/// (`UserDiagnosis`, `ProvisionReport`, …) mark their optional fields with it, so scripts read
/// them without checking for keys and no result writes its own `encode(to:)`.
@propertyWrapper
public struct Nullable<Value: Encodable & Sendable & Equatable>: Encodable, Sendable, Equatable {
    public var wrappedValue: Value?

    public init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
