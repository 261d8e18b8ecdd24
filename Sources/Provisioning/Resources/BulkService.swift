import SCIM
import Store

/// `/Bulk` (RFC 7644 §3.7): runs operations in order, each atomic on its own, resolving
/// `bulkId:` references to the ids of resources created earlier in the same request.
public final class BulkService: Sendable {
    public static let requestSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    public static let responseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
    let resources: ResourceService

    init(resources: ResourceService) { self.resources = resources }

    /// The advertised `bulk.maxOperations`.
    public var maxOperations: Int {
        resources.registry.serviceProviderConfig["bulk"]?["maxOperations"].flatMap {
            if case .integer(let n) = $0 { return n } else { return nil }
        } ?? 1000
    }

    /// Processes a BulkRequest and returns the BulkResponse body.
    public func process(_ request: SCIMValue, info: RequestInfo) async throws -> SCIMValue {
        try await process(reading: { request }, info: info)
    }

    /// Processes a BulkRequest still to be read. A request refused as a whole (unreadable, too
    /// many operations) is logged as one refused `bulk`; each operation logs its own outcome.
    public func process(reading read: () async throws -> SCIMValue, info: RequestInfo) async throws -> SCIMValue {
        try await resources.logged(RefusalSubject(.bulk, nil), info: info) { _ in
            try await run(try await read(), info: info)
        }
    }

    private func run(_ request: SCIMValue, info: RequestInfo) async throws -> SCIMValue {
        guard case .object(let body) = request else { throw SCIMError.invalidSyntax("A bulk request must be a JSON object") }
        if let schemas = body["schemas"]?.arrayValue,
            !schemas.contains(where: { $0.stringValue.map { attributeNamesEqual($0, Self.requestSchema) } ?? false })
        {
            throw SCIMError.invalidSyntax("'schemas' must contain \(Self.requestSchema)")
        }
        guard case .array(let operations)? = body["Operations"] else {
            throw SCIMError.invalidSyntax("A bulk request needs an 'Operations' array")
        }
        guard operations.count <= maxOperations else {
            throw SCIMError.payloadTooLarge("A bulk request may hold at most \(maxOperations) operations; this one has \(operations.count)")
        }
        var failOnErrors = Int.max
        if let value = body["failOnErrors"] {
            guard case .integer(let n) = value, n >= 1 else {
                throw SCIMError.invalidValue("'failOnErrors' must be a positive integer")
            }
            failOnErrors = n
        }
        var createdIDs: [String: String] = [:]
        var results: [SCIMValue] = []
        var errors = 0
        var next = 0
        while next < operations.count, errors < failOnErrors {
            // The operations of a chunk share one transaction, each operation's write a SAVEPOINT
            // in it (so each stays atomic on its own) and one COMMIT for all: bounded, so that a
            // large request does not hold the writer for long.
            let chunkIDs = createdIDs
            var chunk: [SCIMValue] = []
            var chunkErrors = 0
            do {
                try await resources.store.write { _ in
                    let started = ContinuousClock.now
                    while next + chunk.count < operations.count, errors + chunkErrors < failOnErrors, chunk.count < Self.chunkOperations,
                        ContinuousClock.now - started < Self.chunkDuration
                    {
                        let result = await perform(operations[next + chunk.count], createdIDs: &createdIDs, info: info)
                        if let status = result["status"]?.stringValue, let code = Int(status), code >= 400 { chunkErrors += 1 }
                        chunk.append(result)
                    }
                }
            } catch {
                // Not committed (the writer never came, or the COMMIT failed): none of the chunk's
                // operations happened, and the rest are not tried; each says so (RFC 7644 §3.7.3).
                let scim = SCIMError.from(error, resourceType: "resource")
                for operation in operations[next...] { results.append(Self.failure(operation, scim)) }
                createdIDs = chunkIDs
                break
            }
            results += chunk
            errors += chunkErrors
            next += chunk.count
        }
        return ["schemas": [.string(Self.responseSchema)], "Operations": .array(results)]
    }

    /// At most this many operations, and this long, per transaction.
    static let chunkOperations = 100
    static let chunkDuration = Duration.milliseconds(10)

    /// The result of an operation that did not happen because of `error`.
    private static func failure(_ operation: SCIMValue, _ error: SCIMError) -> SCIMValue {
        var result = SCIMObject()
        if let method = operation["method"]?.stringValue { result["method"] = .string(method.uppercased()) }
        if let bulkID = operation["bulkId"]?.stringValue { result["bulkId"] = .string(bulkID) }
        result["status"] = .string(String(error.status))
        result["response"] = error.body
        return .object(result)
    }

    private func perform(_ operation: SCIMValue, createdIDs: inout [String: String], info: RequestInfo) async -> SCIMValue {
        var result = SCIMObject()
        var ids = createdIDs
        do {
            try await resources.logged(RefusalSubject(.bulk, nil), info: info) { subject in
                try await perform(operation, subject: &subject, result: &result, createdIDs: &ids, info: info)
            }
        } catch {
            let scim = error as? SCIMError ?? .internalError("Internal error in bulk operation")
            result["status"] = .string(String(scim.status))
            result["response"] = scim.body
        }
        createdIDs = ids
        return .object(result)
    }

    /// One operation, through the same unlogged write paths a single request takes; `subject`
    /// gathers what the log should name if it is refused.
    private func perform(
        _ operation: SCIMValue, subject: inout RefusalSubject, result: inout SCIMObject, createdIDs: inout [String: String],
        info: RequestInfo
    ) async throws {
        guard case .object(let op) = operation else { throw SCIMError.invalidSyntax("Each bulk operation must be an object") }
        guard let method = op["method"]?.stringValue?.uppercased() else {
            throw SCIMError.invalidSyntax("A bulk operation needs a 'method'")
        }
        result["method"] = .string(method)
        subject.operation = (["POST": .create, "PUT": .replace, "PATCH": .patch, "DELETE": .delete] as [String: SyncOperation])[method]?
            .rawValue ?? SyncOperation.bulk.rawValue
        let bulkID = op["bulkId"]?.stringValue
        if let bulkID { result["bulkId"] = .string(bulkID) }
        guard let rawPath = op["path"]?.stringValue else { throw SCIMError.invalidSyntax("A bulk operation needs a 'path'") }
        let path = try substitute(.string(rawPath), createdIDs).stringValue ?? rawPath
        let segments = path.split(separator: "/").map(String.init)
        guard let first = segments.first, let kind = ResourceKind(endpoint: first), segments.count <= 2 else {
            throw SCIMError.invalidPath("Bulk path '\(rawPath)' must be /Users, /Groups or /Users/{id}, /Groups/{id}")
        }
        let id = segments.count == 2 ? segments[1] : nil
        subject.kind = kind
        subject.id = id
        let data = try op["data"].map { try substitute($0, createdIDs) }
        let preconditions = Preconditions(ifMatch: op["version"]?.stringValue)
        switch (method, id) {
        case ("POST", nil):
            guard bulkID != nil else { throw SCIMError.invalidSyntax("A bulk POST needs a 'bulkId'") }
            guard case .object(let object)? = data else { throw SCIMError.invalidSyntax("A bulk POST needs 'data'") }
            subject.note(object, kind: kind)
            // A bulk answer carries location and version only (RFC 7644 §3.7.3): nothing to render.
            let created = try await resources.insert(kind, object, info: info, options: .none)
            if let bulkID, let newID = created.object["id"]?.stringValue { createdIDs[bulkID] = newID }
            result["location"] = .string(created.location)
            result["version"] = .string(created.etag)
            result["status"] = "201"
        case ("PUT", let id?):
            guard case .object(let object)? = data else { throw SCIMError.invalidSyntax("A bulk PUT needs 'data'") }
            subject.note(object, kind: kind)
            let replaced = try await resources.overwrite(kind, id: id, object, preconditions: preconditions, info: info, options: .none)
            result["location"] = .string(replaced.location)
            result["version"] = .string(replaced.etag)
            result["status"] = "200"
        case ("PATCH", let id?):
            guard let data else { throw SCIMError.invalidSyntax("A bulk PATCH needs 'data'") }
            let patched = try await resources.amend(kind, id: id, data, preconditions: preconditions, info: info, options: .none)
            result["location"] = .string(patched.location)
            result["version"] = .string(patched.etag)
            result["status"] = "200"
        case ("DELETE", let id?):
            try await resources.remove(kind, id: id, preconditions: preconditions, info: info)
            result["location"] = .string("\(info.baseURL)/\(kind.endpoint)/\(id)")
            result["status"] = "204"
        default:
            throw SCIMError.invalidSyntax("Bulk method \(method) is not supported on \(rawPath)")
        }
    }

    /// Replaces `bulkId:x` strings with the id created for `x` (RFC 7644 §3.7.2).
    private func substitute(_ value: SCIMValue, _ ids: [String: String]) throws -> SCIMValue {
        switch value {
        case .string(let s):
            // Standard-library search and replace: Foundation's traps on some U+0000 inputs.
            if let range = s.firstRange(of: "bulkId:") {
                let key = String(s[range.upperBound...].prefix { $0 != "/" && $0 != "\"" })
                guard let id = ids[key] else {
                    throw SCIMError.invalidValue("bulkId '\(key)' is not defined by an earlier POST in this request")
                }
                return .string(s.replacing("bulkId:\(key)", with: id))
            }
            return value
        case .array(let elements): return .array(try elements.map { try substitute($0, ids) })
        case .object(let object):
            return .object(SCIMObject(try object.entries.map { .init(key: $0.key, value: try substitute($0.value, ids)) }))
        default: return value
        }
    }
}
