import Testing

@testable import SCIM

private typealias F = PatchFixtures

/// Splits a PATCH body (JSON text) for a group into the body operations and the member steps.
private func extract(_ body: String) throws -> (remaining: [PatchOperation], steps: [MemberPatchStep]) {
    try F.engine("Group").extractMultiValued("members", from: PatchRequest.parse(SCIMValue(parsing: body)))
}

/// The `scimType` extraction fails with, or nil.
private func failure(_ body: String) -> SCIMErrorType? {
    do {
        _ = try extract(body)
        return nil
    } catch let error as SCIMError {
        return error.scimType
    } catch {
        return nil
    }
}

/// An element literal.
private func member(_ value: SCIMValue) -> SCIMObject {
    value.objectValue ?? SCIMObject()
}

@Suite struct MemberPatchTests {
    @Test func addMembersByPath() throws {
        let (remaining, steps) = try extract(
            F.ops(#"{"op":"Add","path":"members","value":[{"value":"u1","display":"Babs"},{"VALUE":"u2","type":"User"}]}"#))
        #expect(remaining.isEmpty)
        // readOnly `display` is dropped (RFC 7643 §2.2); names take the schema's spelling.
        #expect(steps == [.add([member(["value": "u1"]), member(["value": "u2", "type": "User"])])])
    }

    @Test func replaceMembersByPath() throws {
        let (_, steps) = try extract(F.ops(#"{"op":"replace","path":"members","value":[{"value":"u3"}]}"#))
        #expect(steps == [.replace([member(["value": "u3"])])])
    }

    @Test func removeAllMembers() throws {
        let (_, steps) = try extract(F.ops(#"{"op":"remove","path":"members"}"#))
        #expect(steps == [.removeAll])
    }

    @Test func entraRemoveByValueArrayNeverRemovesAll() throws {
        let (_, steps) = try extract(F.ops(#"{"op":"Remove","path":"members","value":[{"value":"u1"},{"value":"u2"}]}"#))
        #expect(steps == [.remove(ids: ["u1", "u2"])])
        let (_, none) = try extract(F.ops(#"{"op":"Remove","path":"members","value":[]}"#))
        #expect(none == [.remove(ids: [])])
    }

    @Test func entraRemoveByValueFilter() throws {
        let (_, steps) = try extract(F.ops(#"{"op":"remove","path":"members[value eq \"u9\"]"}"#))
        #expect(steps == [.remove(ids: ["u9"])])
        let (_, several) = try extract(F.ops(#"{"op":"remove","path":"members[value eq \"u1\" or value eq \"u2\"]"}"#))
        #expect(several == [.remove(ids: ["u1", "u2"])])
    }

    @Test func otherFiltersBecomeRemoveMatching() throws {
        let (_, steps) = try extract(F.ops(#"{"op":"remove","path":"members[type eq \"Group\"]"}"#))
        #expect(steps == [.removeMatching(.compare(AttributePath(name: "type"), .eq, .string("Group")))])
    }

    @Test func pathLessReplaceIsSplit() throws {
        let (remaining, steps) = try extract(
            F.ops(#"{"op":"replace","value":{"id":"g1","displayName":"New","members":[{"value":"u1"}]}}"#))
        #expect(remaining == [.replace(path: nil, value: ["id": "g1", "displayName": "New"])])
        #expect(steps == [.replace([member(["value": "u1"])])])
    }

    @Test func pathLessAddOfOnlyMembersLeavesNoOperation() throws {
        let (remaining, steps) = try extract(F.ops(#"{"op":"add","value":{"members":[{"value":"u1"}]}}"#))
        #expect(remaining.isEmpty)
        #expect(steps == [.add([member(["value": "u1"])])])
    }

    @Test func orderIsKeptAndOtherOperationsRemain() throws {
        let (remaining, steps) = try extract(
            F.ops(
                #"""
                {"op":"Replace","path":"displayName","value":"X"},
                {"op":"Add","path":"urn:ietf:params:scim:schemas:core:2.0:Group:members","value":[{"value":"u1"}]},
                {"op":"Remove","path":"members[value eq \"u2\"]"},
                {"op":"Add","path":"externalId","value":"e"}
                """#))
        #expect(
            remaining == [
                .replace(path: AttributePath(name: "displayName"), value: "X"),
                .add(path: AttributePath(name: "externalId"), value: "e"),
            ])
        #expect(steps == [.add([member(["value": "u1"])]), .remove(ids: ["u2"])])
        // The remaining operations apply to the member-less body.
        let group = try F.engine("Group").apply(remaining, to: F.group(members: []))
        #expect(group["displayName"] == "X")
    }

    @Test(arguments: [
        #"{"op":"add","path":"members","value":["u1"]}"#,
        #"{"op":"add","path":"members","value":[{"display":"no id"}]}"#,
        #"{"op":"add","path":"members","value":[{"value":""}]}"#,
        #"{"op":"remove","path":"members","value":[{"value":7}]}"#,
        #"{"op":"replace","value":{"members":[{"value":"u1"},42]}}"#,
    ])
    func malformedElementsAreInvalidValue(operation: String) {
        #expect(failure(F.ops(operation)) == .invalidValue)
    }

    @Test func memberSubAttributesCannotBePatched() {
        #expect(failure(F.ops(#"{"op":"remove","path":"members[value eq \"u1\"].display"}"#)) == .mutability)
        #expect(failure(F.ops(#"{"op":"replace","path":"members[value eq \"u1\"].value","value":"u2"}"#)) == .mutability)
        #expect(failure(F.ops(#"{"op":"remove","path":"members[nope eq \"u1\"]"}"#)) == .invalidPath)
    }

    @Test func usersHaveNoMembersToExtract() throws {
        let operations: [PatchOperation] = [.replace(path: nil, value: ["active": false])]
        let (remaining, steps) = try F.engine("User").extractMultiValued("members", from: operations)
        #expect(remaining == operations)
        #expect(steps.isEmpty)
    }
}
