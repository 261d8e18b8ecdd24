import Testing

@testable import SCIM

/// Parses a JSON text into a PATCH operation list.
private func parse(_ json: String) throws -> [PatchOperation] {
    try PatchRequest.parse(SCIMValue(parsing: json))
}

/// The `scimType` a parse fails with, or nil if it succeeds.
private func failure(_ json: String) -> SCIMErrorType? {
    do {
        _ = try parse(json)
        return nil
    } catch let error as SCIMError {
        return error.scimType
    } catch {
        return nil
    }
}

@Suite struct PatchRequestTests {
    @Test func parsesTheRFCExample() throws {
        // RFC 7644 §3.5.2.1
        let operations = try parse(
            #"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations":[{"op":"add","path":"members","value":[{"display":"Babs Jensen",
               "$ref":"https://example.com/v2/Users/2819c223","value":"2819c223"}]}]}
            """#)
        #expect(operations.count == 1)
        guard case .add(let path?, .array(let values)) = operations[0] else {
            Issue.record("expected an add with a path and an array")
            return
        }
        #expect(path == AttributePath(name: "members"))
        #expect(values.first?["value"] == "2819c223")
    }

    @Test(arguments: ["add", "Add", "ADD", "aDd"])
    func addInAnyCase(op: String) throws {
        let operations = try parse(#"{"Operations":[{"op":"\#(op)","path":"nickName","value":"Babs"}]}"#)
        #expect(operations == [.add(path: AttributePath(name: "nickName"), value: "Babs")])
    }

    @Test func entraCapitalisedOperations() throws {
        let operations = try parse(
            #"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"Replace","path":"active","value":"False"},
              {"op":"Remove","path":"members","value":[{"value":"abc"}]}]}
            """#)
        #expect(
            operations == [
                .replace(path: AttributePath(name: "active"), value: "False"),
                .remove(path: AttributePath(name: "members"), value: [["value": "abc"]]),
            ])
    }

    @Test func operationsKeyIsCaseInsensitive() throws {
        let operations = try parse(#"{"operations":[{"op":"replace","value":{"active":false}}]}"#)
        #expect(operations == [.replace(path: nil, value: ["active": false])])
    }

    @Test func parsesValueFilterPaths() throws {
        let operations = try parse(
            #"{"Operations":[{"op":"add","path":"addresses[type eq \"work\"].locality","value":"Paris"}]}"#)
        guard case .add(let path?, _) = operations[0] else {
            Issue.record("expected an add with a path")
            return
        }
        #expect(path.name == "addresses")
        #expect(path.subAttribute == "locality")
        #expect(path.valueFilter == .compare(AttributePath(name: "type"), .eq, .string("work")))
    }

    @Test func parsesURNPaths() throws {
        let operations = try parse(
            #"""
            {"Operations":[{"op":"Add",
              "path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"7"}]}
            """#)
        #expect(
            operations == [
                .add(
                    path: AttributePath(
                        schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", name: "employeeNumber"),
                    value: "7")
            ])
    }

    @Test func nullValueIsKeptForReplaceAndDroppedForRemove() throws {
        let operations = try parse(
            #"""
            {"Operations":[{"op":"replace","path":"nickName","value":null},
                           {"op":"remove","path":"nickName","value":null}]}
            """#)
        #expect(
            operations == [
                .replace(path: AttributePath(name: "nickName"), value: .null),
                .remove(path: AttributePath(name: "nickName"), value: nil),
            ])
    }

    @Test func nullOrBlankPathMeansNoPath() throws {
        let operations = try parse(
            #"""
            {"Operations":[{"op":"replace","path":null,"value":{"active":false}},
                           {"op":"add","path":"  ","value":{"nickName":"B"}}]}
            """#)
        #expect(
            operations == [
                .replace(path: nil, value: ["active": false]),
                .add(path: nil, value: ["nickName": "B"]),
            ])
    }

    @Test func acceptsMissingSchemas() throws {
        #expect(try parse(#"{"Operations":[{"op":"remove","path":"title"}]}"#).count == 1)
    }

    @Test(arguments: [
        // schemas present without the PatchOp URN
        (#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"Operations":[{"op":"remove","path":"title"}]}"#,
         SCIMErrorType.invalidSyntax),
        (#"{"schemas":5,"Operations":[{"op":"remove","path":"title"}]}"#, .invalidSyntax),
        (#"[{"op":"remove","path":"title"}]"#, .invalidSyntax),
        (#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}"#, .invalidSyntax),
        (#"{"Operations":{"op":"remove","path":"title"}}"#, .invalidSyntax),
        (#"{"Operations":[]}"#, .invalidValue),
        (#"{"Operations":["remove"]}"#, .invalidSyntax),
        (#"{"Operations":[{"path":"title"}]}"#, .invalidSyntax),
        (#"{"Operations":[{"op":true,"path":"title"}]}"#, .invalidSyntax),
        (#"{"Operations":[{"op":"move","path":"title"}]}"#, .invalidSyntax),
        (#"{"Operations":[{"op":"add","path":"title"}]}"#, .invalidSyntax),
        (#"{"Operations":[{"op":"Replace","path":"title"}]}"#, .invalidSyntax),
        (#"{"Operations":[{"op":"add","path":7,"value":"x"}]}"#, .invalidSyntax),
        // RFC 7644 §3.5.2.2: remove without a path is noTarget.
        (#"{"Operations":[{"op":"remove"}]}"#, .noTarget),
        (#"{"Operations":[{"op":"Remove","value":[{"value":"x"}]}]}"#, .noTarget),
        (#"{"Operations":[{"op":"add","path":"emails[type eq","value":"x"}]}"#, .invalidPath),
        (#"{"Operations":[{"op":"remove","path":"9lives"}]}"#, .invalidPath),
    ])
    func rejects(json: String, expected: SCIMErrorType) {
        #expect(failure(json) == expected)
    }

    @Test func unknownOpIsNamed() {
        #expect(throws: SCIMError.self) { try parse(#"{"Operations":[{"op":"merge","value":{}}]}"#) }
        do {
            _ = try parse(#"{"Operations":[{"op":"merge","value":{}}]}"#)
        } catch let error as SCIMError {
            #expect(error.detail.contains("merge"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func limitsTheNumberOfOperations() throws {
        let one = #"{"op":"replace","path":"title","value":"x"}"#
        let atLimit = #"{"Operations":[\#(Array(repeating: one, count: 1000).joined(separator: ","))]}"#
        #expect(try parse(atLimit).count == 1000)
        let over = #"{"Operations":[\#(Array(repeating: one, count: 1001).joined(separator: ","))]}"#
        #expect(failure(over) == .invalidValue)
    }
}
