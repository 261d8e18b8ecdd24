/// Compares a presented secret with a configured one (`--metrics-token`) through their SHA-256
/// hashes, in time that does not depend on where they differ or on the presented length.
public enum SecretComparison {
    public static func matches(_ presented: String, _ expected: String) -> Bool {
        guard presented.utf8.count <= TokenSecret.maxLength * 8 else { return false }
        return TokenSecret.constantTimeEquals(TokenSecret.hash(presented), TokenSecret.hash(expected))
    }
}
