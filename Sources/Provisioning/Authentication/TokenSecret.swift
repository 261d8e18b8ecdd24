import Crypto
import Foundation

/// Bearer secrets: how they look, how they are made, and how they are compared. Only the
/// SHA-256 hash of a secret is stored; the secret is shown once, when it is issued.
enum TokenSecret {
    /// Every secret starts with this, so a leaked token is recognisable in logs and scanners.
    static let prefix = "scimd_"
    /// Secrets longer than this are refused before hashing: no token scimd issues is that long.
    static let maxLength = 200

    /// A new secret: the prefix and 40 base-62 characters (about 238 bits).
    static func generate() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<40).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// The public part stored beside the hash: it finds the candidates for a presented secret
    /// and lets an operator tell tokens apart.
    static func publicPrefix(of secret: String) -> String {
        String(secret.prefix(prefix.count + 6))
    }

    /// Lower-case hex SHA-256 of the secret.
    static func hash(_ secret: String) -> String {
        // Every request hashes its token; String(format:) per byte costs more than the hash itself.
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Compares two hashes in time that depends only on their length, so response timing says
    /// nothing about how much of a guessed secret was right.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
