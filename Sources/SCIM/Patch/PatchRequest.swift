/// Decodes a PATCH request body (RFC 7644 §3.5.2) into operations.
///
/// Accepts what identity providers actually send: `op` in any letter case (Entra sends
/// `"Replace"`), a `null` or empty `path` meaning no path, and a missing `schemas`.
public enum PatchRequest {
    /// The PatchOp message schema URN (RFC 7644 §3.5.2).
    public static let schema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// The most operations one request may carry.
    public static let maxOperations = 1_000

    /// Parses a PATCH body into its operations, in order.
    public static func parse(_ body: SCIMValue) throws(SCIMError) -> [PatchOperation] {
        guard case .object(let object) = body else {
            throw .invalidSyntax("A PATCH body must be a JSON object, not \(body.typeName)")
        }
        try checkSchemas(object["schemas"])
        guard let operationsValue = object["Operations"] else {
            throw .invalidSyntax("A PATCH body needs an \"Operations\" array")
        }
        guard case .array(let operations) = operationsValue else {
            throw .invalidSyntax("\"Operations\" must be an array, not \(operationsValue.typeName)")
        }
        // RFC 7644 §3.5.2: the body contains "one or more" operations.
        guard !operations.isEmpty else { throw .invalidValue("\"Operations\" must not be empty") }
        guard operations.count <= maxOperations else {
            throw .invalidValue("A PATCH request may carry at most \(maxOperations) operations, not \(operations.count)")
        }
        var result: [PatchOperation] = []
        result.reserveCapacity(operations.count)
        for (index, operation) in operations.enumerated() {
            result.append(try parseOperation(operation, number: index + 1))
        }
        return result
    }

    // MARK: - Parts

    /// A present `schemas` must list the PatchOp URN; an absent one is tolerated, as some clients omit it.
    private static func checkSchemas(_ schemas: SCIMValue?) throws(SCIMError) {
        guard let schemas, schemas != .null else { return }
        let listed: [SCIMValue]
        switch schemas {
        case .array(let values): listed = values
        case .string: listed = [schemas]
        default: throw .invalidSyntax("\"schemas\" must be an array of URNs, not \(schemas.typeName)")
        }
        let found = listed.contains { value in
            value.stringValue.map { attributeNamesEqual($0, Self.schema) } ?? false
        }
        guard found else { throw .invalidSyntax("\"schemas\" must contain \(Self.schema)") }
    }

    /// Decodes one `{"op", "path", "value"}` member of `Operations`.
    private static func parseOperation(_ value: SCIMValue, number: Int) throws(SCIMError) -> PatchOperation {
        guard case .object(let object) = value else {
            throw .invalidSyntax("Operation \(number) must be a JSON object, not \(value.typeName)")
        }
        guard let opValue = object["op"] else { throw .invalidSyntax("Operation \(number) has no \"op\"") }
        guard let op = opValue.stringValue else {
            throw .invalidSyntax("Operation \(number): \"op\" must be a string, not \(opValue.typeName)")
        }
        let path = try parsePath(object["path"], number: number)
        // A present `"value": null` is kept: it asks to clear the target (Entra clears manager that way).
        let operand = object["value"]
        switch op.lowercased() {
        case "add":
            guard let operand else { throw .invalidSyntax("Operation \(number): add needs a \"value\"") }
            return .add(path: path, value: operand)
        case "replace":
            guard let operand else { throw .invalidSyntax("Operation \(number): replace needs a \"value\"") }
            return .replace(path: path, value: operand)
        case "remove":
            // RFC 7644 §3.5.2.2: "If 'path' is unspecified, the operation fails with ... noTarget".
            guard let path else { throw .noTarget("Operation \(number): remove needs a \"path\"") }
            return .remove(path: path, value: operand == .null ? nil : operand)
        default:
            throw .invalidSyntax("Operation \(number): unknown op \"\(op)\"; expected add, remove or replace")
        }
    }

    /// Parses `path`; `null` and blank strings count as absent.
    private static func parsePath(_ value: SCIMValue?, number: Int) throws(SCIMError) -> AttributePath? {
        guard let value, value != .null else { return nil }
        guard let text = value.stringValue else {
            throw .invalidSyntax("Operation \(number): \"path\" must be a string, not \(value.typeName)")
        }
        guard !text.allSatisfy(\.isWhitespace) else { return nil }
        return try AttributePath.parse(text)
    }
}
