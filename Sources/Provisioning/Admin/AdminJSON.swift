import Foundation

/// The one encoding of administrative results, shared by scimctl's `--json` and the admin API.
public enum AdminJSON {
    /// Compact JSON, keys in a stable order, `/` unescaped (paths and URLs read as written).
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
