import SCIM

/// The PATCH engine (RFC 7644 §3.5.2) as ResourceService.patch drives it: `PatchRequest.parse`,
/// for a group `extractMultiValued("members")` (the member steps, with `members[...]` filters run
/// over the fixture members as the service does), `PatchEngine.apply` on the stored body, then
/// `ResourceValidator` in `.patched` mode.
///
/// Properties: nothing crashes, every failure is a SCIMError with a 4xx status; a result that
/// validates serialises to JSON that parses back to an equal body and the same bytes, and
/// validating it again returns it unchanged (ResourceValidator's documented idempotence).
enum PatchTarget {
    static let target = FuzzTarget(name: "patch", prepare: { _ = PatchFixtures.user }, run: check)

    static func check(_ data: UnsafeBufferPointer<UInt8>) {
        guard let body = try? SCIMValue(parsing: data) else { return }
        let operations: [PatchOperation]
        do {
            operations = try PatchRequest.parse(body)
        } catch {
            expectClientError(error, step: "PatchRequest.parse", data)
            return
        }
        if valueFilters(in: operations).contains(where: FilterInspection.skipsKnownCrash) { return }
        patch(operations, of: PatchFixtures.user, schema: Schemas.user, data)

        let engine = PatchEngine(schema: Schemas.group)
        do {
            let (remaining, steps) = try engine.extractMultiValued("members", from: operations)
            let scope = FilterScope.complex(
                Schemas.group.core.attribute(named: "members") ?? AttributeDefinition(name: "members", type: .complex, multiValued: true))
            for case .removeMatching(let filter) in steps {
                _ = PatchFixtures.members.filter { filter.matches($0, in: scope) }
            }
            patch(remaining, of: PatchFixtures.group, schema: Schemas.group, data)
        } catch {
            expectClientError(error, step: "extractMultiValued", data)
        }
        // The engine is a pure function of (body, operations, schema) and must hold up even where
        // the service would have taken the members out first.
        var withMembers = PatchFixtures.group
        withMembers["members"] = .array(PatchFixtures.members.map { .object($0) })
        patch(operations, of: withMembers, schema: Schemas.group, data)
    }

    private static func patch(_ operations: [PatchOperation], of stored: SCIMObject, schema: ResourceSchema, _ data: UnsafeBufferPointer<UInt8>) {
        let type = schema.resourceType.name
        let patched: SCIMObject
        do {
            patched = try PatchEngine(schema: schema).apply(operations, to: stored)
        } catch {
            expectClientError(error, step: "PatchEngine.apply (\(type))", data)
            return
        }
        let validator = ResourceValidator(schema: schema)
        let validated: SCIMObject
        do {
            validated = try validator.validate(patched, mode: .patched(existing: stored))
        } catch {
            expectClientError(error, step: "ResourceValidator (\(type))", data)
            return
        }
        let bytes = SCIMValue.object(validated).serialized()
        let text = String(decoding: bytes, as: UTF8.self)
        do {
            let reparsed = try SCIMValue(parsing: bytes)
            if reparsed != .object(validated) {
                Finding.report("\(type): the validated result re-parses to another value: \(text)", input: input(data))
            }
            if reparsed.serialized() != bytes {
                Finding.report("\(type): the validated result re-serialises to other bytes: \(text)", input: input(data))
            }
        } catch {
            Finding.report("\(type): the validated result does not parse (\(error.detail)): \(text)", input: input(data))
        }
        do {
            let again = try validator.validate(validated, mode: .patched(existing: validated))
            if again != validated {
                Finding.report(
                    "\(type): validating the result again changes it:\n  \(text)\n  \(SCIMValue.object(again).jsonString)", input: input(data))
            }
        } catch {
            Finding.report("\(type): the validated result fails validation again: \(error.detail)\n  \(text)", input: input(data))
        }
    }

    /// A refused PATCH is a 4xx SCIM error (RFC 7644 §3.12), never a 5xx.
    private static func expectClientError(_ error: SCIMError, step: String, _ data: UnsafeBufferPointer<UInt8>) {
        if !(400..<500).contains(error.status) {
            Finding.report("\(step) threw \(error.status): \(error.detail)", input: input(data))
        }
    }

    /// The value filters the engine will evaluate: those of the paths, and of the keys of path-less
    /// values (Entra's `{"emails[type eq \"work\"].value": …}`), one extension object deep.
    private static func valueFilters(in operations: [PatchOperation]) -> [Filter] {
        func keys(_ value: SCIMValue, depth: Int) -> [Filter] {
            guard case .object(let object) = value else { return [] }
            return object.flatMap { entry -> [Filter] in
                var found: [Filter] = []
                if let filter = (try? AttributePath.parse(entry.key))?.valueFilter { found.append(filter) }
                if depth == 0 { found += keys(entry.value, depth: 1) }
                return found
            }
        }
        return operations.flatMap { operation -> [Filter] in
            switch operation {
            case .add(let path?, _), .replace(let path?, _), .remove(let path, _): return path.valueFilter.map { [$0] } ?? []
            case .add(nil, let value), .replace(nil, let value): return keys(value, depth: 0)
            }
        }
    }

    private static func input(_ data: UnsafeBufferPointer<UInt8>) -> String { String(decoding: data, as: UTF8.self) }
}
