import Foundation

extension UUID {
    /// `uuidString.lowercased()` (RFC 9562 §4: lower case on output), formatted by hand:
    /// Foundation's formatter plus the lowercasing cost ~7,500 instructions, 1 % of a GET, on
    /// every request's correlation id and every created resource's id (docs/performance.md).
    public var lowercasedString: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                var i = 0
                for (n, byte) in bytes.enumerated() {
                    if n == 4 || n == 6 || n == 8 || n == 10 {
                        out[i] = UInt8(ascii: "-")
                        i += 1
                    }
                    out[i] = Self.hexDigit(byte >> 4)
                    out[i + 1] = Self.hexDigit(byte & 0x0F)
                    i += 2
                }
                return i
            }
        }
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
