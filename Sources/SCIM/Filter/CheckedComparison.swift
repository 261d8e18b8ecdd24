/// A comparison `attribute op literal` whose literal suits the attribute's type, with the literal
/// normalised to that type: the one type check of RFC 7644 §3.4.2.2 comparisons.
///
/// The store's SQL compiler, the in-memory evaluator and the PATCH engine's value filters
/// (RFC 7644 §3.5.2) all ask it, so a filter a query refuses is refused by a PATCH path too, and
/// a literal means the same in SQL and in memory (`active eq "True"` is `active eq true` in both).
public struct CheckedComparison: Sendable, Hashable {
    /// The operator as written (`ne` included).
    public let op: ComparisonOperator
    /// The literal, normalised to the attribute's type.
    public let literal: Literal

    /// A literal in the form the attribute's type compares it.
    public enum Literal: Sendable, Hashable {
        /// `eq null`: no value assigned (RFC 7643 §2.5).
        case null
        /// For string, reference and binary attributes (case folding is the comparer's business: `caseExact`).
        case text(String)
        /// For boolean attributes; `"true"` and `"false"` in any case count (see `lenientBoolean`).
        case boolean(Bool)
        /// For integer and decimal attributes: an integral literal.
        case integer(Int)
        /// For integer and decimal attributes: a literal with a fraction or exponent.
        case decimal(Double)
        /// For dateTime attributes: the text as given and, when it is an xsd:dateTime
        /// (RFC 7643 §2.3.5), the instant in milliseconds since 1970.
        case dateTime(String, instant: Int64?)
    }

    /// Checks `op literal` against `definition` (RFC 7644 §3.4.2.2, Table 3): strings, references
    /// and binaries take quoted strings and every operator; booleans take `true`/`false` (or their
    /// quoted spelling) with `eq` and `ne`; numbers take numbers and no substring operator;
    /// dateTimes take quoted text; `null` goes only with `eq` and `ne`; a complex attribute needs a
    /// sub-attribute. The literal's type is checked before the operator.
    public init(
        _ definition: AttributeDefinition, _ op: ComparisonOperator, _ value: ComparisonValue
    ) throws(FilterTypeError) {
        self.op = op
        let equality = op == .eq || op == .ne
        if case .null = value {
            guard equality else { throw .nullNeedsEquality }
            literal = .null
            return
        }
        let name = definition.name
        switch definition.type {
        case .string, .reference, .binary:
            guard case .string(let text) = value else { throw .expectedString(attribute: name) }
            literal = .text(text)
        case .boolean:
            switch value {
            case .bool(let flag): literal = .boolean(flag)
            case .string(let text):
                guard let flag = lenientBoolean(text) else { throw .expectedBoolean(attribute: name) }
                literal = .boolean(flag)
            default: throw .expectedBoolean(attribute: name)
            }
            guard equality else { throw .booleanOperator(attribute: name) }
        case .integer, .decimal:
            switch value {
            case .integer(let i): literal = .integer(i)
            case .decimal(let d): literal = .decimal(d)
            default: throw .expectedNumber(attribute: name)
            }
            if Self.substring.contains(op) { throw .numberOperator(op, attribute: name) }
        case .dateTime:
            guard case .string(let text) = value else { throw .expectedDateTime(attribute: name) }
            literal = .dateTime(text, instant: SCIMDateTime.parse(text))
        case .complex:
            throw .complexNeedsSubAttribute(attribute: name)
        }
    }

    /// The operators that look for a substring; they apply to text only.
    public static let substring: Set<ComparisonOperator> = [.co, .sw, .ew]

    /// The instant a dateTime comparison compares with, for a store that keeps `definition` as an
    /// instant (meta.created, meta.lastModified): the literal must be a valid dateTime and the
    /// operator an ordering one, since an instant has no substrings.
    public func instant(for definition: AttributeDefinition) throws(FilterTypeError) -> Int64 {
        guard case .dateTime(let text, let instant) = literal else { throw .expectedDateTime(attribute: definition.name) }
        guard let instant else { throw .invalidDateTime(text) }
        if Self.substring.contains(op) { throw .dateTimeOperator(op, attribute: definition.name) }
        return instant
    }
}

/// Why a comparison's literal does not suit its attribute; `message` is the client's detail text.
public enum FilterTypeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `null` with an operator other than `eq` or `ne`.
    case nullNeedsEquality
    /// A string, reference or binary attribute compared with a non-string.
    case expectedString(attribute: String)
    /// A boolean attribute compared with something other than true or false.
    case expectedBoolean(attribute: String)
    /// A boolean attribute with an operator other than `eq` or `ne`.
    case booleanOperator(attribute: String)
    /// A number attribute compared with a non-number.
    case expectedNumber(attribute: String)
    /// A number attribute with a substring operator.
    case numberOperator(ComparisonOperator, attribute: String)
    /// A dateTime attribute compared with a non-string.
    case expectedDateTime(attribute: String)
    /// An instant compared with text that is no xsd:dateTime.
    case invalidDateTime(String)
    /// An instant with a substring operator.
    case dateTimeOperator(ComparisonOperator, attribute: String)
    /// A complex attribute named without a sub-attribute.
    case complexNeedsSubAttribute(attribute: String)

    /// One sentence for the client's error detail.
    public var message: String {
        switch self {
        case .nullNeedsEquality: return "Only 'eq' and 'ne' may compare with null"
        case .expectedString(let name): return "'\(name)' is a string; compare it with a quoted string"
        case .expectedBoolean(let name): return "'\(name)' is a boolean; compare it with true or false"
        case .booleanOperator(let name): return "Boolean '\(name)' supports only 'eq', 'ne' and 'pr'"
        case .expectedNumber(let name): return "'\(name)' is a number; compare it with a number"
        case .numberOperator(let op, let name): return "'\(op.rawValue)' does not apply to number '\(name)'"
        case .expectedDateTime(let name): return "'\(name)' is a dateTime; compare it with a quoted timestamp"
        case .invalidDateTime(let text): return "'\(text)' is not a valid dateTime (expected e.g. 2026-01-31T12:00:00Z)"
        case .dateTimeOperator(let op, let name): return "'\(op.rawValue)' does not apply to dateTime '\(name)'"
        case .complexNeedsSubAttribute(let name): return "Filter on complex attribute '\(name)' needs a sub-attribute"
        }
    }

    /// The same as `message`.
    public var description: String { message }
}
