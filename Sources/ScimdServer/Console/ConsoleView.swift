import Foundation
import Provisioning
import SCIM

/// Turns operation results into what Mustache renders: their one JSON shape (`AdminJSON`, the
/// same the admin API answers) as dictionaries, arrays, strings, numbers and booleans. JSON null
/// becomes `NSNull`, which renders as nothing and stops a name from being looked up in an
/// enclosing section. Every array `x` also gets `has_x`, for a table head shown once.
enum ConsoleView {
    // Not inlined: inlined into the async routes, Swift 6.3's release build crashed (signal 11)
    // splitting their coroutines.
    @inline(never)
    static func value<Result: Encodable>(_ result: Result) throws -> Any {
        value(try SCIMValue(parsing: String(decoding: AdminJSON.encode(result), as: UTF8.self)))
    }

    static func value(_ json: SCIMValue) -> Any {
        switch json {
        case .null: return NSNull()
        case .bool(let b): return b
        case .integer(let n): return n
        case .string(let s): return s
        case .array(let items): return items.map(value)
        case .object(let object):
            var out: [String: Any] = [:]
            for entry in object.entries {
                out[entry.key] = value(entry.value)
                if case .array(let items) = entry.value { out["has_\(entry.key)"] = !items.isEmpty }
            }
            return out
        default: return String(decoding: json.serialized(), as: UTF8.self)
        }
    }

    /// A JSON value as one line of text (the old and new values of a change).
    static func text(_ json: SCIMValue?) -> String {
        guard let json, json != .null else { return "" }
        if case .string(let s) = json { return s }
        return json.jsonString
    }

    /// A change set's JSON (`ChangeSet.json`: `attribute`, `old`, `new` each) as the rows of
    /// `ChangesPartial`, with `has_changes` set when there is one.
    static func addChangeRows(_ changes: SCIMValue?, to data: inout [String: Any]) {
        let rows = changes?.arrayValue ?? []
        data["changes"] = rows.map { change -> [String: Any] in
            ["attribute": text(change["attribute"]), "old": text(change["old"]), "new": text(change["new"])]
        }
        data["has_changes"] = !rows.isEmpty
    }

    /// A JSON value indented for reading (an entry's details).
    static func pretty(_ json: SCIMValue) -> String {
        String(decoding: json.serialized(pretty: true), as: UTF8.self)
    }
}
