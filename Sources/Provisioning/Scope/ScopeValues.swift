import SCIM

/// Reads the values a scope rule looks at from a user body, as text.
enum ScopeValues {
    /// The values at a SCIM attribute path (RFC 7644 §3.10), e.g. `name.givenName` or
    /// `emails[type eq "work"].value`; empty strings and nulls do not count as values.
    ///
    /// A value filter of the form `type eq "X"` prefers the elements typed X and, when no
    /// element is, takes every element: `emails[type eq "work"].value` is "a work email, or any
    /// email when none is typed work" (identity providers often send an untyped primary email).
    static func at(path text: String, in subject: ScopeSubject) -> [String] {
        guard let path = try? AttributePath.parse(text), let resolved = subject.schema.resolve(path) else { return [] }
        let container = resolved.isExtension(of: subject.schema) ? subject.body[resolved.schema.id]?.objectValue : subject.body
        guard let value = container?[path.name] else { return [] }
        var elements: [SCIMValue]
        if case .array(let items) = value { elements = items } else { elements = [value] }
        if let filter = path.valueFilter {
            let matching = elements.filter { element in
                element.objectValue.map { filter.matches($0, in: .complex(resolved.attribute)) } ?? false
            }
            elements = matching.isEmpty && isTypeSelection(filter) ? primaryFirst(elements) : matching
        }
        if let sub = path.subAttribute {
            elements = elements.compactMap { $0[sub] }
        }
        return elements.flatMap(texts)
    }

    /// The values a criterion compares (see `ScopeCriterion`).
    static func of(_ criterion: ScopeCriterion, in subject: ScopeSubject) -> [String] {
        switch criterion {
        case .userType:
            return at(path: "userType", in: subject)
        case .department:
            return at(path: "\(EnterpriseUser.schemaID):department", in: subject)
        case .office:
            let locality = strictWorkAddressLocality(subject)
            if !locality.isEmpty { return locality }
            let division = at(path: "\(EnterpriseUser.schemaID):division", in: subject)
            return division.isEmpty ? at(path: "\(EnterpriseUser.schemaID):organization", in: subject) : division
        case .domain:
            return emailDomains(subject)
        case .group:
            return subject.groups.flatMap { [$0.displayName] + ($0.externalID.map { [$0] } ?? []) }
        }
    }

    /// Office is the work address's locality only: an untyped home address says nothing about
    /// where the user works, so here the "any element" fallback does not apply.
    private static func strictWorkAddressLocality(_ subject: ScopeSubject) -> [String] {
        let addresses = subject.body["addresses"]?.arrayValue ?? []
        return addresses.filter { $0["type"]?.stringValue.map(caseFold) == "work" }
            .compactMap { $0["locality"] }.flatMap(texts)
    }

    /// Domains of the primary and work emails; of every email when none is primary or work.
    private static func emailDomains(_ subject: ScopeSubject) -> [String] {
        let emails = subject.body["emails"]?.arrayValue ?? []
        let chosen = emails.filter { $0["primary"]?.boolValue == true || $0["type"]?.stringValue.map(caseFold) == "work" }
        var seen = Set<String>()
        return (chosen.isEmpty ? emails : chosen).compactMap { email -> String? in
            guard let address = email["value"]?.stringValue, let at = address.lastIndex(of: "@") else { return nil }
            let domain = String(address[address.index(after: at)...])
            return domain.isEmpty || !seen.insert(caseFold(domain)).inserted ? nil : domain
        }
    }

    /// True for `type eq "…"`, the selection that falls back to any element.
    private static func isTypeSelection(_ filter: Filter) -> Bool {
        if case .compare(let path, .eq, _) = filter, path.subAttribute == nil, caseFold(path.name) == "type" { return true }
        return false
    }

    private static func primaryFirst(_ elements: [SCIMValue]) -> [SCIMValue] {
        elements.filter { $0["primary"]?.boolValue == true } + elements.filter { $0["primary"]?.boolValue != true }
    }

    /// A value as text: strings (non-empty), numbers and booleans; complex values count as
    /// present through their own `value` or any sub-attribute.
    private static func texts(_ value: SCIMValue) -> [String] {
        switch value {
        case .null: return []
        case .string(let s): return s.allSatisfy(\.isWhitespace) ? [] : [s]
        case .bool(let b): return [b ? "true" : "false"]
        case .integer(let n): return [String(n)]
        case .decimal(let d): return [String(d)]
        case .array(let items): return items.flatMap(texts)
        case .object(let object):
            if let inner = object["value"] { return texts(inner) }
            return object.contains { !texts($0.value).isEmpty } ? [SCIMValue.object(object).jsonString] : []
        }
    }
}
