import Store

/// An organization with its parent's name and its depth in the tree.
public struct OrganizationSummary: Encodable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var parent: String?
    /// 0 for a top-level organization, 1 for its children, and so on.
    public var depth: Int
    public var created: String

    /// The catalogue in tree order: each organization followed by its children, by name.
    static func tree(_ records: [OrganizationRecord]) -> [OrganizationSummary] {
        let names = Dictionary(records.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let children = Dictionary(grouping: records, by: \.parentID)
        var result: [OrganizationSummary] = []
        var visited = Set<Int64>()
        func visit(_ parent: Int64?, depth: Int) {
            for record in (children[parent] ?? []).sorted(by: { $0.name < $1.name }) where visited.insert(record.id).inserted {
                result.append(
                    OrganizationSummary(
                        id: record.id, name: record.name, parent: record.parentID.flatMap { names[$0] }, depth: depth,
                        created: AdminTime.text(record.createdMs)))
                visit(record.id, depth: depth + 1)
            }
        }
        visit(nil, depth: 0)
        // A parent that is not in the list (it cannot happen through scimd) must not hide its subtree.
        for record in records where !visited.contains(record.id) {
            if let parent = record.parentID, names[parent] == nil { visit(parent, depth: 0) }
        }
        return result
    }
}
