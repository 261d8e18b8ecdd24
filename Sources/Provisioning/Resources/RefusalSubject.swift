import SCIM

/// What a refused write was about, filled in as far as the request got before it failed: the
/// sync log names the resource when it can, so "why didn't alice sync?" finds the refusal.
struct RefusalSubject {
    var operation: String
    var kind: ResourceKind?
    var id: String?
    var name: String?
    var externalID: String?

    init(_ operation: SyncOperation, _ kind: ResourceKind?, id: String? = nil) {
        self.operation = operation.rawValue
        self.kind = kind
        self.id = id
    }

    /// Reads a resource body and notes its name and externalId for the log.
    mutating func readObject(_ read: () async throws -> SCIMValue, kind: ResourceKind) async throws -> SCIMObject {
        guard case .object(let object) = try await read() else {
            throw SCIMError.invalidSyntax("A \(kind.rawValue) must be a JSON object")
        }
        note(object, kind: kind)
        return object
    }

    /// Notes the name and externalId of the resource a request sent.
    mutating func note(_ object: SCIMObject, kind: ResourceKind) {
        name = object[kind.nameAttribute]?.stringValue
        externalID = object["externalId"]?.stringValue
    }
}
