// MARK: - Attribute values (RFC 7643 §2.3, §2.4)

extension ResourceValidator {
    /// Validates one attribute's value and returns it normalized, or `nil` when it is unassigned
    /// or must not be stored.
    func value(_ raw: SCIMValue, _ definition: AttributeDefinition, path: String) throws(SCIMError) -> SCIMValue? {
        // RFC 7643 §2.2 readOnly: "Any values provided SHALL be ignored" — dropped unchecked.
        if definition.mutability == .readOnly { return nil }
        let normalized =
            definition.multiValued
            ? try multiValue(raw, definition, path: path) : try singleValue(raw, definition, path: path)
        // RFC 7643 §7 writeOnly (`password`): accepted and type-checked so a client learns of a malformed
        // value, then dropped. It is never returned (returned "never"), and scimd authenticates people
        // through the application, not with SCIM passwords, so it is never stored either.
        if definition.mutability == .writeOnly { return nil }
        return normalized
    }

    private func singleValue(_ raw: SCIMValue, _ definition: AttributeDefinition, path: String) throws(SCIMError)
        -> SCIMValue?
    {
        var raw = raw
        if case .array(let items) = raw {
            // Entra sends a single-valued manager as `[{"value": "…"}]`: one element is that value.
            guard items.count <= 1 else {
                throw .invalidValue("Attribute '\(path)' is single-valued, got an array of \(items.count) values")
            }
            guard let only = items.first else { return nil }
            raw = only
        }
        return try scalar(raw, definition, path: path, allowBareValue: true)
    }

    private func multiValue(_ raw: SCIMValue, _ definition: AttributeDefinition, path: String) throws(SCIMError)
        -> SCIMValue?
    {
        // A lone value for a multi-valued attribute is a list of one.
        let items: [SCIMValue]
        if case .array(let a) = raw { items = a } else { items = [raw] }
        guard items.count <= limits.maxMultiValuedElements else {
            throw .invalidValue(
                "Attribute '\(path)' has \(items.count) values; at most \(limits.maxMultiValuedElements) are allowed")
        }
        var out: [SCIMValue] = []
        out.reserveCapacity(items.count)
        for item in items {
            if case .array = item {
                throw .invalidValue("Attribute '\(path)' must hold \(Self.expected(definition)) values, got array")
            }
            if let v = try scalar(item, definition, path: path, allowBareValue: false) { out.append(v) }
        }
        // RFC 7643 §2.5: an empty array is unassigned.
        guard !out.isEmpty else { return nil }
        if definition.isComplex, definition.subAttribute(named: "primary") != nil {
            // RFC 7643 §2.4: "The primary attribute value 'true' MUST appear no more than once."
            let primaries = out.lazy.filter { $0["primary"] == .bool(true) }.count
            if primaries > 1 {
                throw .invalidValue(
                    "Attribute '\(path)' has \(primaries) values with primary true; at most one is allowed")
            }
        }
        return .array(out)
    }

    /// One value of the attribute's type, coerced where identity providers are known to deviate.
    private func scalar(_ raw: SCIMValue, _ definition: AttributeDefinition, path: String, allowBareValue: Bool)
        throws(SCIMError) -> SCIMValue?
    {
        // RFC 7643 §2.5: null, [] and {} all mean unassigned.
        if raw.isUnassigned { return nil }
        // "" is a value for a string; for every other type it can only mean "no value".
        if definition.type != .string, raw == .string("") { return nil }
        switch (definition.type, raw) {
        case (.string, .string(let s)):
            return .string(try string(s, definition, path: path))
        case (.string, .integer(let i)):
            // Identity providers send numbers for string attributes such as employeeNumber.
            return .string(try string(String(i), definition, path: path))
        case (.string, .decimal(let d)):
            return .string(try string(String(d), definition, path: path))

        case (.boolean, .bool):
            return raw
        case (.boolean, .string(let s)):
            // Entra sends booleans as strings, capitalised: "False".
            guard let flag = lenientBoolean(s) else {
                throw .invalidValue("Attribute '\(path)' must be a boolean, got string '\(Self.excerpt(s))'")
            }
            return .bool(flag)

        case (.integer, .integer):
            return raw
        case (.integer, .decimal(let d)):
            // RFC 7643 §2.3.4: an integer is a number with no fractional part; 3.0 is one.
            guard d.rounded() == d, let i = Int(exactly: d) else {
                throw .invalidValue("Attribute '\(path)' must be an integer, got \(d)")
            }
            return .integer(i)
        case (.integer, .string(let s)):
            // Like booleans, numbers arrive as strings from attribute mappings typed as text.
            guard let i = Int(s) else {
                throw .invalidValue("Attribute '\(path)' must be an integer, got string '\(Self.excerpt(s))'")
            }
            return .integer(i)

        case (.decimal, .decimal):
            return raw
        case (.decimal, .integer(let i)):
            // RFC 7643 §2.3.3: a decimal may have no fractional part; stored as decimal so equal values compare equal.
            return .decimal(Double(i))
        case (.decimal, .string(let s)):
            guard let d = Double(s), d.isFinite else {
                throw .invalidValue("Attribute '\(path)' must be a decimal, got string '\(Self.excerpt(s))'")
            }
            return .decimal(d)

        case (.dateTime, .string(let s)):
            // RFC 7643 §2.3.5: an xsd:dateTime, e.g. 2008-01-23T04:56:22Z; the grammar filters compare with.
            guard Self.isDateTime(s) else {
                throw .invalidValue(
                    "Attribute '\(path)' must be a dateTime such as 2008-01-23T04:56:22Z, got '\(Self.excerpt(s))'")
            }
            return .string(try string(s, definition, path: path))

        case (.reference, .string(let s)), (.binary, .string(let s)):
            return .string(try string(s, definition, path: path))

        case (.complex, .object(let object)):
            return try complex(object, definition, path: path)
        case (.complex, .string(let s)) where allowBareValue && definition.takesBareValue:
            // Entra sends manager as a bare id: it is the complex value's `value`; "" clears it.
            guard let object = definition.complexValue(fromBare: s) else { return nil }
            return try complex(object, definition, path: path)

        default:
            throw .invalidValue("Attribute '\(path)' must be \(Self.expected(definition)), got \(raw.typeName)")
        }
    }

    /// Applies the length limit and rewrites a canonical value to its canonical spelling.
    private func string(_ s: String, _ definition: AttributeDefinition, path: String) throws(SCIMError) -> String {
        // UTF-8 length bounds the character count from above, so the O(n) count is rarely needed.
        if s.utf8.count > limits.maxStringLength, s.count > limits.maxStringLength {
            throw .invalidValue("Attribute '\(path)' is longer than \(limits.maxStringLength) characters")
        }
        // C0 control characters have no place in identity data, and U+0000 ends strings in C code
        // (SQLite functions, logs): refused, except the tab and line breaks that RFC 7643 §4.1.2's
        // `addresses.formatted` example uses.
        if let offset = Self.controlCharacterOffset(in: s) {
            throw .invalidValue(
                "Attribute '\(path)' contains the control character U+\(Self.hex4(offset.byte)) at position \(offset.index + 1); "
                    + "remove it at the identity provider")
        }
        // RFC 7643 §7 canonicalValues: other values are allowed (SHOULD), so only the spelling is normalized.
        if let canonical = definition.canonicalValues?.first(where: { caseFold($0) == caseFold(s) }) {
            return canonical
        }
        return s
    }

    private func complex(_ object: SCIMObject, _ definition: AttributeDefinition, path: String) throws(SCIMError)
        -> SCIMValue?
    {
        var out = SCIMObject()
        for entry in object {
            guard let sub = definition.subAttribute(named: entry.key) else {
                throw .invalidValue(
                    "Unknown attribute '\(path).\(entry.key)' for resource type \(schema.resourceType.name)")
            }
            var normalized = try value(entry.value, sub, path: "\(path).\(sub.name)")
            // RFC 7643 §2.4: `value` identifies a complex value; an empty one identifies nothing
            // (Entra clears a manager with `{"value": ""}`).
            if sub.name == "value", normalized == .string("") { normalized = nil }
            out[sub.name] = nil
            if let normalized { out.set(sub.name, normalized) }
        }
        // RFC 7643 §2.5: an empty complex value is unassigned.
        guard !out.isEmpty else { return nil }
        for sub in definition.subAttributes ?? [] where sub.required {
            guard sub.mutability != .readOnly, sub.mutability != .writeOnly else { continue }
            if out[sub.name] == nil { throw .invalidValue("Attribute '\(path).\(sub.name)' is required") }
        }
        return .object(out)
    }

    // MARK: - Helpers

    /// The first C0 control character other than tab, line feed and carriage return, with its
    /// character position; nil when there is none.
    static func controlCharacterOffset(in s: String) -> (index: Int, byte: UInt8)? {
        var offset = 0
        for byte in s.utf8 {
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                // Only reached for a refused value, so counting the characters before it is fine.
                return (String(decoding: s.utf8.prefix(offset), as: UTF8.self).count, byte)
            }
            offset += 1
        }
        return nil
    }

    /// `0` → `0000`: a code point as RFC 5137 writes it after `U+`.
    static func hex4(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    static func expected(_ definition: AttributeDefinition) -> String {
        switch definition.type {
        case .string: return "a string"
        case .boolean: return "a boolean"
        case .integer: return "an integer"
        case .decimal: return "a decimal"
        case .dateTime: return "a dateTime"
        case .reference: return "a reference"
        case .binary: return "a base64 binary string"
        case .complex: return "an object"
        }
    }

    /// A value quoted in an error message, cut short so a hostile value cannot bloat the response.
    static func excerpt(_ s: String) -> String {
        s.count <= 64 ? s : String(s.prefix(64)) + "…"
    }

    /// True for a dateTime scimd can store and compare: the one grammar of `SCIMDateTime.parse`.
    static func isDateTime(_ s: String) -> Bool {
        SCIMDateTime.parse(s) != nil
    }
}
