import Crypto
import Foundation
import SCIM
import Store

/// What an RFC 9865 cursor says: whose walk it is (tenant, resource type, query, page size),
/// where the next page starts, and when it was issued. It travels to the client as
/// `CursorCodec` makes it: a binary encoding with an HMAC tag, in base64url (RFC 9865 §2: only
/// RFC 3986 §2.3 unreserved characters), opaque and unforgeable (§5.2).
struct PageCursor: Sendable, Hashable {
    var tenantID: Int64
    /// `User` or `Group`.
    var type: String
    /// `PageCursor.queryHash` of the query the walk runs.
    var queryHash: [UInt8]
    /// The page size of the walk (RFC 9865 §2.1: later pages must ask for the same count).
    var count: Int
    var issuedMs: Int64
    var position: KeysetPosition

    static let queryHashBytes = 16

    /// SHA-256 of the normalised filter and sort, truncated: the same query written with other
    /// spacing (the parsed filter's own text) or `sortBy` letter case hashes alike; literals keep
    /// their case, which decides the result for caseExact attributes. `attributes` and
    /// `excludedAttributes` are left out: they shape each resource, not which come in which order.
    static func queryHash(_ search: SearchRequest) -> [UInt8] {
        var text = "filter:" + (search.filter.map(\.description) ?? "")
        text += "\u{0}sortBy:" + (search.sortBy.map { caseFold(($0.schema.map { $0 + ":" } ?? "") + $0.dottedName) } ?? "")
        text += "\u{0}descending:\(search.descending)"
        return Array(SHA256.hash(data: Data(text.utf8)).prefix(queryHashBytes))
    }

    // MARK: Binary form

    private static let version: UInt8 = 1

    /// The bytes the HMAC tag covers.
    var bytes: [UInt8] {
        var out: [UInt8] = [Self.version]
        out.append(int64: tenantID)
        let typeBytes = Array(type.utf8.prefix(255))
        out.append(UInt8(typeBytes.count))
        out += typeBytes
        out += queryHash
        out.append(int64: Int64(count))
        out.append(int64: issuedMs)
        out.append(int64: position.seq)
        switch position.sortKey {
        case nil: out.append(0)
        case .null?: out.append(1)
        case .integer(let n)?:
            out.append(2)
            out.append(int64: n)
        case .real(let d)?:
            out.append(3)
            out.append(int64: Int64(bitPattern: d.bitPattern))
        case .text(let s)?:
            out.append(4)
            out += Array(s.utf8)
        }
        return out
    }

    /// Reads `bytes`; nil for anything else.
    init?(bytes: [UInt8]) {
        var reader = ByteReader(bytes: bytes)
        guard reader.byte() == Self.version, let tenant = reader.int64(), let typeLength = reader.byte(),
            let typeBytes = reader.take(Int(typeLength)), let type = String(validating: typeBytes, as: UTF8.self),
            let hash = reader.take(Self.queryHashBytes), let count = reader.int64(), count >= 0, count <= Int64(Int32.max),
            let issued = reader.int64(), let seq = reader.int64(), let tag = reader.byte()
        else { return nil }
        var sortKey: SQLValue?
        switch tag {
        case 0: sortKey = nil
        case 1: sortKey = .null
        case 2:
            guard let n = reader.int64() else { return nil }
            sortKey = .integer(n)
        case 3:
            guard let n = reader.int64() else { return nil }
            sortKey = .real(Double(bitPattern: UInt64(bitPattern: n)))
        case 4:
            guard let text = String(validating: reader.rest(), as: UTF8.self) else { return nil }
            sortKey = .text(text)
        default: return nil
        }
        guard tag == 4 || reader.atEnd else { return nil }
        self.init(
            tenantID: tenant, type: type, queryHash: hash, count: Int(count), issuedMs: issued,
            position: KeysetPosition(seq: seq, sortKey: sortKey))
    }

    init(tenantID: Int64, type: String, queryHash: [UInt8], count: Int, issuedMs: Int64, position: KeysetPosition) {
        self.tenantID = tenantID
        self.type = type
        self.queryHash = queryHash
        self.count = count
        self.issuedMs = issuedMs
        self.position = position
    }
}

/// Reads big-endian fields off a byte array without ever trapping.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func take(_ n: Int) -> [UInt8]? {
        guard n >= 0, bytes.count - offset >= n else { return nil }
        defer { offset += n }
        return Array(bytes[offset..<offset + n])
    }

    mutating func int64() -> Int64? {
        guard let b = take(8) else { return nil }
        return Int64(bitPattern: b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[offset...])
    }
}

extension [UInt8] {
    fileprivate mutating func append(int64 value: Int64) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) { append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
    }
}
