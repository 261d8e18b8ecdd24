/// A key that signs access tokens (JWS, RFC 7515), one deployment-wide set in the database so
/// every scimd process on the same file verifies what another issued.
public struct SigningKeyRecord: Sendable, Hashable {
    /// The `kid` header value (RFC 7515 §4.1.4) naming the key in a token.
    public var kid: String
    /// The JWS `alg` (RFC 7518 §3.1), e.g. `HS256`.
    public var algorithm: String
    /// The key material, base64 (for HS256: 32 random bytes).
    public var material: String
    public var createdMs: Int64
    /// Set when a newer key took over signing; it still verifies the tokens it signed until they expire.
    public var retiredMs: Int64?

    public init(kid: String, algorithm: String, material: String, createdMs: Int64, retiredMs: Int64? = nil) {
        self.kid = kid
        self.algorithm = algorithm
        self.material = material
        self.createdMs = createdMs
        self.retiredMs = retiredMs
    }
}
