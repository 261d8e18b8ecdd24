/// A SCIM filter expression (RFC 7644 §3.4.2.2).
///
/// Consumers switch over it exhaustively in extensions: `Filter+Evaluate` here, `Filter+SQL` in Store.
public indirect enum Filter: Sendable, Hashable, CustomStringConvertible {
    /// `path op value`
    case compare(AttributePath, ComparisonOperator, ComparisonValue)
    /// `path pr`
    case present(AttributePath)
    case and(Filter, Filter)
    case or(Filter, Filter)
    case not(Filter)
    /// `path[filter]`: the inner filter's paths are sub-attributes of `path`.
    case valuePath(AttributePath, Filter)

    public var description: String {
        switch self {
        case .compare(let p, let op, let v): return "\(p) \(op.rawValue) \(v)"
        case .present(let p): return "\(p) pr"
        case .and(let a, let b): return "(\(a) and \(b))"
        case .or(let a, let b): return "(\(a) or \(b))"
        case .not(let f): return "not (\(f))"
        case .valuePath(let p, let f): return "\(p)[\(f)]"
        }
    }
}

/// The comparison operators of RFC 7644 §3.4.2.2, Table 3.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case eq, ne, co, sw, ew, gt, ge, lt, le
}

/// The literal on the right of a comparison (RFC 7644 §3.4.2.2 `compValue`).
public enum ComparisonValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int)
    case decimal(Double)
    case bool(Bool)
    case null

    public var description: String {
        switch self {
        case .string(let s):
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        case .integer(let i): return String(i)
        case .decimal(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
