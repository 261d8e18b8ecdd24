import SCIM

/// The attribute-path parser (RFC 7644 §3.10 and the PATCH `path` of §3.5.2), and what consumes
/// paths: `attributes`/`excludedAttributes` projections, `sortBy`, and PATCH resolution.
///
/// Properties: parsing never crashes and fails only with `invalidPath`; a parsed path's
/// description parses back to the same path; projecting the fixture resources with the text as
/// `attributes` or `excludedAttributes`, and a PATCH `remove` at the path, either work or throw a
/// SCIMError — and a projection keeps `id` and `schemas` (RFC 7643 §7 `returned: always`).
enum PathTarget {
    static let target = FuzzTarget(name: "path", prepare: { _ = PatchFixtures.user }, run: check)

    static func check(_ data: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: data, as: UTF8.self)
        checkProjection(text)
        let path: AttributePath
        do {
            path = try AttributePath.parse(text)
        } catch {
            if error.scimType != .invalidPath || error.status != 400 {
                Finding.report("AttributePath.parse failed with \(error.status) \(error.scimType?.rawValue ?? "-"): \(error.detail)", input: text)
            }
            return
        }
        let printed = path.description
        // As for filters (FilterTarget.checkDescription): the length limit bounds what clients send,
        // so a description of a path near it may be a little longer and then need not parse again.
        let tooLong = printed.utf8.count > AttributePath.maxLength && printed.count > AttributePath.maxLength
        do {
            let again = try AttributePath.parse(printed)
            if again != path {
                Finding.report("the description \(InputDisplay.quoted(printed)) parses to another path: \(again)", input: text)
            }
        } catch {
            if !tooLong {
                Finding.report(
                    "the description \(InputDisplay.quoted(printed, limit: 300)) does not parse: \(error.detail)",
                    known: error.detail.contains("nested more than") ? .filterDescriptionDepth : nil, input: text)
            }
        }
        if FilterInspection.skipsKnownCrash(path.valueFilter) { return }
        // A PATCH remove at the path, on a user and a group: a result or a SCIMError, never a crash.
        for (schema, body) in [(Schemas.user, PatchFixtures.user), (Schemas.group, PatchFixtures.group)] {
            _ = try? PatchEngine(schema: schema).apply([.remove(path: path, value: nil)], to: body)
        }
        _ = try? PatchEngine(schema: Schemas.group).extractMultiValued("members", from: [.remove(path: path, value: nil)])
    }

    private static func checkProjection(_ text: String) {
        for (schema, resource) in [(Schemas.user, PatchFixtures.renderedUser), (Schemas.group, PatchFixtures.renderedGroup)] {
            for (attributes, excluded) in [(text, nil), (nil, text)] as [(String?, String?)] {
                guard let projection = try? ResponseProjection(schema: schema, attributes: attributes, excludedAttributes: excluded)
                else { continue }
                let projected = projection.apply(to: resource)
                if projected["id"] != resource["id"] || projected["schemas"] == nil {
                    Finding.report(
                        "projecting a \(schema.resourceType.name) with \(attributes == nil ? "excludedAttributes" : "attributes") drops id or schemas",
                        input: text)
                }
            }
        }
        _ = try? SearchRequest(parameter: { $0 == "sortBy" ? text : nil })
    }
}
