import Crypto
import Foundation
import SCIM
import Store
import Synchronization

/// Turns `PageCursor`s into the opaque strings clients see and back, authenticated with
/// HMAC-SHA256 (RFC 2104) so a client can neither read meaning into a cursor nor forge or alter
/// one (RFC 9865 §5.2).
///
/// The key is a row of the database (`cursor_keys`, migration 10), made on the first cursor, so
/// cursors survive a restart and every process on the file accepts the others' cursors. It is
/// read once and kept in memory.
final class CursorCodec: Sendable {
    /// Longer strings are refused before decoding: no cursor this server issues comes close.
    static let maxLength = 4096

    private let store: any ProvisioningStore
    private let clock: ProvisioningClock
    private let cachedKey = Mutex<SymmetricKey?>(nil)

    init(store: any ProvisioningStore, clock: ProvisioningClock) {
        self.store = store
        self.clock = clock
    }

    /// The key, read from the database or created there on first use. Called outside any
    /// transaction: creating the key is a write.
    func key() async throws -> SymmetricKey {
        if let key = cachedKey.withLock({ $0 }) { return key }
        var material = try await store.read { tx in try await tx.cursorKey() }
        if material == nil {
            let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            let now = clock.nowMs()
            material = try await store.write { tx in try await tx.ensureCursorKey(material: fresh, nowMs: now) }
        }
        guard let text = material, let data = Data(base64Encoded: text), data.count >= 32 else {
            throw StoreError.internalError("the stored cursor key is not 32 base64 bytes")
        }
        let key = SymmetricKey(data: data)
        cachedKey.withLock { $0 = key }
        return key
    }

    /// The client's form: payload and tag, base64url without padding (RFC 4648 §5).
    static func encode(_ cursor: PageCursor, key: SymmetricKey) -> String {
        let payload = cursor.bytes
        let tag = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Data(payload + Array(tag)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The cursor in `text`, or nil when it is not one this database's key signed.
    static func decode(_ text: String, key: SymmetricKey) -> PageCursor? {
        guard text.utf8.count <= maxLength,
            text.utf8.allSatisfy({ $0.isBase64URL })
        else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: standard) else { return nil }
        let tagLength = SHA256.byteCount
        guard data.count > tagLength else { return nil }
        let bytes = Array(data)
        let payload = Array(bytes[..<(bytes.count - tagLength)])
        let tag = Array(bytes[(bytes.count - tagLength)...])
        // Constant-time comparison: a client probing tags learns nothing from the timing.
        guard HMAC<SHA256>.isValidAuthenticationCode(tag, authenticating: payload, using: key) else { return nil }
        return PageCursor(bytes: payload)
    }
}

extension UInt8 {
    /// A character of the base64url alphabet (RFC 4648 §5), all RFC 3986 §2.3 unreserved.
    fileprivate var isBase64URL: Bool {
        (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || (0x30...0x39).contains(self) || self == 0x2D
            || self == 0x5F
    }
}
