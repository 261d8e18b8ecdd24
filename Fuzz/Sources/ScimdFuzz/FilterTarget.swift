import SCIM
import Store

/// The filter parser, and a differential check of the SQL compiler against the in-memory
/// evaluator (RFC 7644 §3.4.2.2): the server answers `GET ?filter=` through SQL, while PATCH value
/// filters and the provisioning dry run use `Filter.matches`, so both must select the same resources.
///
/// For each input that parses: its description parses back to the same filter (the lexer
/// promises that round trip); then for Users and for Groups, the store either refuses it with a
/// SCIMError (400, e.g. ordering a boolean) or returns exactly the resources the evaluator selects
/// from the rendered resources, with `totalResults` equal to the count. Anything else — another
/// error (a 500), a different set, a crash or a hang — is a finding.
enum FilterTarget {
    static let target = FuzzTarget(name: "filter", prepare: { _ = FilterStore.shared }, run: check)

    static func check(_ data: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: data, as: UTF8.self)
        let filter: Filter
        do {
            filter = try Filter.parse(text)
        } catch {
            if error.scimType != .invalidFilter || error.status != 400 {
                Finding.report("Filter.parse failed with \(error.status) \(error.scimType?.rawValue ?? "-"): \(error.detail)", input: text)
            }
            return
        }
        checkDescription(filter, input: text)
        if FilterInspection.skipsKnownCrash(filter) { return }
        let fixture = FilterStore.shared
        for (type, schema) in [("User", Schemas.user), ("Group", Schemas.group)] {
            compare(filter, type: type, schema: schema, fixture: fixture, input: text)
        }
    }

    /// `Filter.description` must parse back to the same filter (FilterLexer.scanString relies on it).
    private static func checkDescription(_ filter: Filter, input: String) {
        let printed = filter.description
        // The 10,000-character limit bounds what clients send, not the grammar: a description of
        // an input near the limit may be a little longer (a space after `not`, escapes), and then
        // need not parse again.
        if printed.utf8.count > Filter.maxLength, printed.count > Filter.maxLength { return }
        do {
            let again = try Filter.parse(printed)
            if again != filter {
                Finding.report("the description \(InputDisplay.quoted(printed)) parses to another filter: \(again)", input: input)
            }
        } catch {
            Finding.report(
                "the description \(InputDisplay.quoted(printed, limit: 300)) does not parse: \(error.detail)",
                known: error.detail.contains("nested more than") ? .filterDescriptionDepth : nil, input: input)
        }
    }

    private static func compare(_ filter: Filter, type: String, schema: ResourceSchema, fixture: FilterStore, input: String) {
        let resources = fixture.rendered[type] ?? []
        let expected = Set(resources.filter { filter.matches($0.object, in: .resource(schema)) }.map(\.id))
        let page: ResourcePage
        do {
            let tenant = fixture.tenantID
            page = try Blocking.run {
                try await fixture.store.read { tx in
                    try await tx.query(tenantID: tenant, type: type, ResourceQuery(filter: filter, count: 1_000), schema: schema)
                }
            }
        } catch is QueryError {
            // A refusal (RFC 7644 §3.4.2.2 invalidFilter, a 400 to a client): the evaluator has no
            // way to refuse, so there is nothing to compare.
            return
        } catch let error as SCIMError where error.status == 400 {
            return
        } catch {
            let text = "\(error)"
            let overflow = ["parser stack overflow", "Expression tree is too large", "too many terms", "too many SQL variables"]
                .contains { text.contains($0) }
            Finding.report(
                "\(type) query failed with \(text) (a 500), not a result or a 400",
                known: overflow ? .sqliteDepth : nil, input: input)
            return
        }
        let actual = Set(page.records.map(\.id))
        if page.totalResults != page.records.count {
            Finding.report("\(type): totalResults \(page.totalResults) but \(page.records.count) records", input: input)
        }
        guard actual != expected else { return }
        var known: KnownIssue?
        if FilterInspection.hasNUL(filter) {
            known = .nulTruncation
        } else if type == "User", FilterInspection.hasScimdRolesSubAttribute(filter) {
            known = .scimdRolesValue
        } else if type == "Group", agreesWithCaseExactMemberType(filter, resources: resources, sql: actual) {
            known = .membersTypeCase
        }
        Finding.report(
            """
            \(type): SQL and the evaluator disagree on \(InputDisplay.quoted(filter.description))
              SQL only: \(actual.subtracting(expected).sorted())
              evaluator only: \(expected.subtracting(actual).sorted())
            """, known: known, input: input)
    }

    /// True when the SQL result is what the evaluator gives if members.type were caseExact: the
    /// known difference, not a new one.
    private static func agreesWithCaseExactMemberType(
        _ filter: Filter, resources: [(id: String, object: SCIMObject)], sql: Set<String>
    ) -> Bool {
        let schema = caseExactMemberType
        return Set(resources.filter { filter.matches($0.object, in: .resource(schema)) }.map(\.id)) == sql
    }

    private static let caseExactMemberType: ResourceSchema = {
        let group = Schemas.group
        var core = group.core
        core.attributes = core.attributes.map { attribute in
            guard attributeNamesEqual(attribute.name, "members") else { return attribute }
            var members = attribute
            members.subAttributes = attribute.subAttributes?.map { sub in
                var s = sub
                if attributeNamesEqual(s.name, "type") { s.caseExact = true }
                return s
            }
            return members
        }
        return ResourceSchema(resourceType: group.resourceType, core: core, extensions: group.extensions)
    }()
}
