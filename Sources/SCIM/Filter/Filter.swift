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
        // A chain hangs off the left spine (the parser is left-associative), so a left operand with
        // the same operator needs no parentheses: a 1,000-term chain prints flat and parses back to
        // the same tree instead of exceeding the nesting limit. Everything else is parenthesised.
        case .and(let a, let b): return "\(a.operand(leftOf: filterAnd)) and \(b.operand(leftOf: nil))"
        case .or(let a, let b): return "\(a.operand(leftOf: filterOr)) or \(b.operand(leftOf: nil))"
        case .not(let f): return "not (\(f))"
        case .valuePath(let p, let f): return "\(p)[\(f)]"
        }
    }
}

private let filterAnd = true
private let filterOr = false

extension Filter {
    /// This filter as the operand of a binary operator: bare when it is a chain of the same
    /// operator on the left (`isAnd`), in parentheses when it is any other `and`/`or`.
    fileprivate func operand(leftOf isAnd: Bool?) -> String {
        switch self {
        case .and(let a, let b) where isAnd == true: return "\(a.operand(leftOf: true)) and \(b.operand(leftOf: nil))"
        case .or(let a, let b) where isAnd == false: return "\(a.operand(leftOf: false)) or \(b.operand(leftOf: nil))"
        case .and, .or: return "(\(description))"
        default: return description
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
            // Escaped scalar by scalar: a backslash or quote followed by a combining mark is one
            // Character with it, so a Character-wise replace would leave it unescaped (fuzz
            // finding filter/combining-after-backslash).
            var escaped = String.UnicodeScalarView()
            for scalar in s.unicodeScalars {
                if scalar == "\\" || scalar == "\"" { escaped.append("\\") }
                escaped.append(scalar)
            }
            return "\"\(String(escaped))\""
        case .integer(let i): return String(i)
        case .decimal(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}
