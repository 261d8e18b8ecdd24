/// The key that authenticates pagination cursors (RFC 9865 §5.2), one for the whole database.
///
/// Contract: there is at most one key; `ensureCursorKey` never replaces it, so two processes
/// creating one at once end up with the same key.
public protocol CursorKeyStore {
    /// The key material (base64), nil until the first cursor is issued.
    func cursorKey() async throws -> String?
    /// Stores `material` as the key unless one exists; returns the key in force. Write only.
    func ensureCursorKey(material: String, nowMs: Int64) async throws -> String
}
