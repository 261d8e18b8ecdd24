import Store

/// An access-token signing key as listed: its kid and dates, never its material.
public struct SigningKeySummary: Encodable, Sendable, Equatable {
    public enum State: String, Encodable, Sendable {
        /// Signs new tokens.
        case signing
        /// Verifies the tokens it signed until they expire.
        case retired
    }
    public var kid: String
    public var algorithm: String
    public var created: String
    public var retired: String?
    public var state: State

    init(_ record: SigningKeyRecord) {
        kid = record.kid
        algorithm = record.algorithm
        created = AdminTime.text(record.createdMs)
        retired = AdminTime.text(record.retiredMs)
        state = record.retiredMs == nil ? .signing : .retired
    }
}
