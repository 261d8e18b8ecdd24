import Crypto
import Foundation

/// The `X-Scimd-Signature` header: `t=UNIX,v1=HEX`, where HEX is HMAC-SHA256 (RFC 2104, with
/// SHA-256 from FIPS 180-4) keyed with the subscription's secret over `"<t>.<body>"`. Signing the
/// timestamp with the body lets a receiver refuse a captured request replayed later: it
/// recomputes the MAC, compares in constant time, and rejects a `t` further than
/// `replayWindowSeconds` from its own clock.
public enum WebhookSignature {
    public static let headerName = "X-Scimd-Signature"
    /// What a receiver should accept: 5 minutes either side (retries are new attempts with a new `t`).
    public static let replayWindowSeconds: Int64 = 300

    public static func header(body: [UInt8], secret: String, timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(hex(mac(body: body, secret: secret, timestamp: timestamp)))"
    }

    /// True when `header` carries a v1 MAC of `body` under `secret` and a `t` within the replay window of `nowSeconds`.
    public static func verify(header: String, body: [UInt8], secret: String, nowSeconds: Int64) -> Bool {
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1].lowercased()) }
        }
        guard let timestamp, abs(nowSeconds - timestamp) <= replayWindowSeconds else { return false }
        return signatures.contains { candidate in
            guard let bytes = bytes(hex: candidate) else { return false }
            // HMAC's own comparison runs in constant time, so a receiver's timing reveals nothing.
            return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: signed(body, timestamp), using: key(secret))
        }
    }

    static func key(_ secret: String) -> SymmetricKey { SymmetricKey(data: Data(secret.utf8)) }

    static func signed(_ body: [UInt8], _ timestamp: Int64) -> [UInt8] { Array("\(timestamp).".utf8) + body }

    static func mac(body: [UInt8], secret: String, timestamp: Int64) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(for: signed(body, timestamp), using: key(secret))
    }

    static func hex(_ mac: HashedAuthenticationCode<SHA256>) -> String {
        mac.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> [UInt8]? {
        guard hex.count == 64 else { return nil }
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}
