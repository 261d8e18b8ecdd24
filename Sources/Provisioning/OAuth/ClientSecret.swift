/// OAuth client secrets: random like bearer tokens, with their own prefix so a leaked one is
/// recognisable and is never mistaken for a static token. Only the SHA-256 hash is stored
/// (`TokenSecret.hash`); a 238-bit random secret needs no slow hash (there is nothing to guess).
enum ClientSecret {
    static let prefix = "scimdcs_"
    /// Longer presented secrets are refused before hashing.
    static let maxLength = 200

    static func generate() -> String {
        prefix + String(TokenSecret.generate().dropFirst(TokenSecret.prefix.count))
    }

    static func publicPrefix(of secret: String) -> String {
        String(secret.prefix(prefix.count + 6))
    }
}
