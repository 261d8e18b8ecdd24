import SCIM

/// One attribute change recorded in a sync-log entry: old → new, or members added/removed.
public struct AttributeChange: Sendable, Hashable {
    public var attribute: String
    public var old: SCIMValue?
    public var new: SCIMValue?
    public var added: [SCIMValue]
    public var removed: [SCIMValue]

    public init(attribute: String, old: SCIMValue? = nil, new: SCIMValue? = nil, added: [SCIMValue] = [], removed: [SCIMValue] = []) {
        self.attribute = attribute
        self.old = old
        self.new = new
        self.added = added
        self.removed = removed
    }

    public var isEmpty: Bool { old == new && added.isEmpty && removed.isEmpty }

    var json: SCIMValue {
        var o = SCIMObject()
        o["attribute"] = .string(attribute)
        if old != nil || new != nil {
            o["old"] = old ?? .null
            o["new"] = new ?? .null
        }
        if !added.isEmpty { o["added"] = .array(added) }
        if !removed.isEmpty { o["removed"] = .array(removed) }
        return .object(o)
    }
}

/// Attribute-level differences between two stored bodies, for the sync log.
enum ChangeSet {
    static func between(old: SCIMObject, new: SCIMObject) -> [AttributeChange] {
        var changes: [AttributeChange] = []
        func compare(_ a: SCIMObject, _ b: SCIMObject, prefix: String) {
            for entry in b where entry.key != "schemas" {
                let before = a[entry.key]
                if entry.key.hasPrefix("urn:"), case .object(let inner) = entry.value {
                    compare(before?.objectValue ?? SCIMObject(), inner, prefix: entry.key + ":")
                } else if before != entry.value {
                    changes.append(AttributeChange(attribute: prefix + entry.key, old: before, new: entry.value))
                }
            }
            for entry in a where entry.key != "schemas" && b[entry.key] == nil {
                if entry.key.hasPrefix("urn:"), case .object(let inner) = entry.value {
                    compare(inner, SCIMObject(), prefix: entry.key + ":")
                } else {
                    changes.append(AttributeChange(attribute: prefix + entry.key, old: entry.value, new: nil))
                }
            }
        }
        compare(old, new, prefix: "")
        return changes
    }

    static func json(_ changes: [AttributeChange]) -> SCIMValue? {
        changes.isEmpty ? nil : .array(changes.map(\.json))
    }
}
