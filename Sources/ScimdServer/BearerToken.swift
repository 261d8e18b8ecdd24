import HTTPTypes

/// `Authorization: Bearer <secret>` (RFC 6750 §2.1): the scheme is case-insensitive.
enum BearerToken {
    /// The secret, or nil when the header is missing or uses another scheme.
    static func secret(in headers: HTTPFields) -> String? {
        guard let header = headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return HeaderText.trimmed(parts[1])
    }
}
