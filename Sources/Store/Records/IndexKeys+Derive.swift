import SCIM

extension IndexKeys {
    /// Multi-valued sub-attributes with an index table behind them, per resource type.
    /// Filters on these use the index; others are evaluated by SQLite over the JSON body.
    public static let indexedMultiValued: [String: Set<String>] = ["User": ["emails.value"]]

    /// Derives the indexed values of a stored body.
    public static func derive(type: String, body: SCIMObject) -> IndexKeys {
        let displayName = body["displayName"]?.stringValue
        let nameKey: String
        switch type {
        case "User": nameKey = caseFold(body["userName"]?.stringValue ?? "")
        default: nameKey = caseFold(displayName ?? "")
        }
        var values: [IndexedValue] = []
        for path in indexedMultiValued[type] ?? [] {
            let parts = path.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let elements = body[parts[0]]?.arrayValue else { continue }
            var seen = Set<String>()
            for element in elements {
                guard let v = element[parts[1]]?.stringValue else { continue }
                let key = caseFold(v)
                if seen.insert(key).inserted { values.append(IndexedValue(attribute: path, key: key)) }
            }
        }
        return IndexKeys(
            nameKey: nameKey, displayKey: displayName.map(caseFold), externalID: body["externalId"]?.stringValue,
            values: values)
    }
}
