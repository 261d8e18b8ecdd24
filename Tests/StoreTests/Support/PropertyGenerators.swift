import SCIM
import Store

/// xorshift64*: deterministic, so a failing property run can be replayed from its seed.
struct Xorshift: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 2_685_821_657_736_338_717
    }
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }
    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &self)] }
}

let enterpriseURN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
let coreUserURN = "urn:ietf:params:scim:schemas:core:2.0:User"

/// A generated user: its stored body and the timestamp it is written at.
struct GeneratedUser {
    var id: String
    var body: SCIMObject
    var nowMs: Int64

    /// The resource as the server renders it, minus projections: body + id + meta (RFC 7643 §3.1).
    var rendered: SCIMObject {
        var o = body
        o["id"] = .string(id)
        o["meta"] = [
            "resourceType": "User", "created": .string(SCIMDateTime.format(milliseconds: nowMs)),
            "lastModified": .string(SCIMDateTime.format(milliseconds: nowMs)), "version": "W/\"1\"",
        ]
        return o
    }
}

/// Users with varied attributes: mixed case, non-ASCII, optional and empty values.
enum UserGenerator {
    // Precomposed (NFC) letters only; see FilterPropertyTests for why.
    static let stems = ["ada", "Björn", "ZOË", "Łukasz", "Søren", "Ägir", "çelik", "Ñandú", "Ωmega", "Дмитрий", "東京", "o'brien", "Mary Ann"]
    static let domains = ["example.com", "Example.ORG", "corp.example.com", "müller.de"]
    static let titles = ["Engineer", "engineer", "Senior Engineer", "Manager", "", "Ärztin", "VP, Sales"]
    static let emailTypes = ["work", "home", "other", "Work"]

    static func make(count: Int, rng: inout Xorshift) -> [GeneratedUser] {
        (0..<count).map { i in
            var extra: [(String, SCIMValue)] = []
            let stem = rng.pick(stems)
            let userName = "\(stem)\(i)@\(rng.pick(domains))"
            if rng.chance(70) { extra.append(("externalId", .string(rng.chance(50) ? "EXT-\(i)" : "ext-\(i % 37)"))) }
            if rng.chance(70) { extra.append(("title", .string(rng.pick(titles)))) }
            if rng.chance(80) { extra.append(("active", .bool(rng.chance(60)))) }
            if rng.chance(75) {
                var name = SCIMObject()
                if rng.chance(85) { name["givenName"] = .string(rng.chance(50) ? stem : stem.uppercased()) }
                if rng.chance(60) { name["familyName"] = .string(rng.pick(stems)) }
                extra.append(("name", .object(name)))
            }
            let emailCount = Int.random(in: 0...3, using: &rng)
            if emailCount > 0 {
                let primary = rng.chance(60) ? Int.random(in: 0..<emailCount, using: &rng) : -1
                let emails: [SCIMValue] = (0..<emailCount).map { e in
                    var email = SCIMObject()
                    if rng.chance(95) {
                        email["value"] = .string("\(rng.chance(30) ? stem.uppercased() : stem).\(e)@\(rng.pick(domains))")
                    }
                    if rng.chance(80) { email["type"] = .string(rng.pick(emailTypes)) }
                    if e == primary { email["primary"] = true } else if rng.chance(30) { email["primary"] = false }
                    return .object(email)
                }
                extra.append(("emails", .array(emails)))
            }
            if rng.chance(60) {
                var ent = SCIMObject()
                if rng.chance(80) { ent["employeeNumber"] = .string(String(Int.random(in: 0...2000, using: &rng))) }
                if rng.chance(50) { ent["department"] = .string(rng.pick(["R&D", "Sales", "sales", "Δ Ops"])) }
                if rng.chance(30) { ent["manager"] = ["value": .string("mgr-\(i % 5)")] }
                extra.append((enterpriseURN, .object(ent)))
            }
            var body = user(userName, extra)
            if extra.contains(where: { $0.0 == enterpriseURN }) {
                body["schemas"] = [.string(coreUserURN), .string(enterpriseURN)]
            }
            let id = "u-\(String(i, radix: 16))-\(rng.chance(50) ? "A" : "a")"
            return GeneratedUser(id: id, body: body, nowMs: 1_760_000_000_000 + Int64(i) * 997 + Int64.random(in: 0..<997, using: &rng))
        }
    }
}

/// Random filter trees: `and`/`or` (30 % of draws) and `not` (10 %) nest up to depth 3 over
/// the leaves a generator makes; each filter comes with whether the store should accept it.
protocol RandomFilterTree {
    var rng: Xorshift { get set }
    /// A leaf for a draw `roll` in 0..<100 that chose no combinator (or came at the depth limit).
    mutating func leaf(roll: Int) -> (Filter, Bool)
}

extension RandomFilterTree {
    /// Returns the filter and whether it is valid.
    mutating func filter(depth: Int = 0) -> (Filter, Bool) {
        let roll = Int.random(in: 0..<100, using: &rng)
        if depth < 3, roll < 30 {
            let (a, va) = filter(depth: depth + 1)
            let (b, vb) = filter(depth: depth + 1)
            return (rng.chance(50) ? .and(a, b) : .or(a, b), va && vb)
        }
        if depth < 3, roll < 40 {
            let (f, v) = filter(depth: depth + 1)
            return (.not(f), v)
        }
        return leaf(roll: roll)
    }
}

/// Random filters as `Filter` values, with whether the store should accept them.
///
/// A filter is invalid (RFC 7644 §3.4.2.2: 400 invalidFilter) when it orders or substring-matches
/// a boolean, or compares a complex attribute that has no `value` sub-attribute.
struct FilterGenerator: RandomFilterTree {
    var rng: Xorshift
    let users: [GeneratedUser]

    struct Leaf {
        var path: AttributePath
        var kind: Kind
        enum Kind { case string, boolean, dateTime, complexNoValue }
    }

    static let leaves: [Leaf] = {
        func p(_ name: String, _ sub: String? = nil, urn: String? = nil) -> AttributePath {
            AttributePath(schema: urn, name: name, subAttribute: sub)
        }
        return [
            Leaf(path: p("userName"), kind: .string), Leaf(path: p("USERNAME"), kind: .string),
            Leaf(path: p("userName", urn: coreUserURN), kind: .string), Leaf(path: p("title"), kind: .string),
            Leaf(path: p("name", "givenName"), kind: .string), Leaf(path: p("Name", "FamilyName"), kind: .string),
            Leaf(path: p("externalId"), kind: .string), Leaf(path: p("id"), kind: .string),
            Leaf(path: p("emails"), kind: .string), Leaf(path: p("emails", "value"), kind: .string),
            Leaf(path: p("emails", "type"), kind: .string), Leaf(path: p("emails", "primary"), kind: .boolean),
            Leaf(path: p("active"), kind: .boolean), Leaf(path: p("displayName"), kind: .string),
            Leaf(path: p("employeeNumber", urn: enterpriseURN), kind: .string),
            Leaf(path: p("department", urn: enterpriseURN), kind: .string),
            Leaf(path: p("manager", "value", urn: enterpriseURN), kind: .string),
            Leaf(path: p("meta", "lastModified"), kind: .dateTime), Leaf(path: p("meta", "created"), kind: .dateTime),
            Leaf(path: p("name"), kind: .complexNoValue), Leaf(path: p("addresses", "locality"), kind: .string),
        ]
    }()

    /// A string close to the data: a slice of some user's value in random case, or noise.
    mutating func text() -> String {
        let u = rng.pick(users).rendered
        let candidates: [String] = [
            u["userName"]?.stringValue, u["title"]?.stringValue, u["externalId"]?.stringValue, u["id"]?.stringValue,
            u["emails"]?.arrayValue?.first?["value"]?.stringValue, u["emails"]?.arrayValue?.first?["type"]?.stringValue,
            u[enterpriseURN]?["employeeNumber"]?.stringValue, u["name"]?["givenName"]?.stringValue,
            u[enterpriseURN]?["department"]?.stringValue, u[enterpriseURN]?["manager"]?["value"]?.stringValue,
        ].compactMap { $0 }
        var s = candidates.isEmpty || rng.chance(10) ? rng.pick(["zzz", "", "@", "é", "10", "ß"]) : rng.pick(candidates)
        let chars = Array(s)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0 where chars.count > 2: s = String(chars.prefix(Int.random(in: 1..<chars.count, using: &rng)))
        case 1 where chars.count > 2: s = String(chars.suffix(Int.random(in: 1..<chars.count, using: &rng)))
        case 2 where chars.count > 3:
            let a = Int.random(in: 0..<(chars.count - 1), using: &rng)
            s = String(chars[a..<Int.random(in: (a + 1)...chars.count, using: &rng)])
        default: break
        }
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return s.uppercased()
        case 1: return s.lowercased()
        default: return s
        }
    }

    mutating func timestamp() -> String {
        let ms = rng.pick(users).nowMs + Int64(rng.pick([0, 0, -1, 1, -5_000, 5_000]))
        return SCIMDateTime.format(milliseconds: ms)
    }

    /// A leaf: a value-path filter for rolls below 52, else a plain comparison.
    mutating func leaf(roll: Int) -> (Filter, Bool) {
        if roll < 52 { return valuePath() }
        return leafFilter()
    }

    mutating func leafFilter() -> (Filter, Bool) {
        let leaf = rng.pick(Self.leaves)
        let op = rng.pick(ComparisonOperator.allCases)
        if rng.chance(15) { return (.present(leaf.path), true) }
        if rng.chance(6) { return (.compare(leaf.path, rng.pick([.eq, .ne]), .null), leaf.kind != .complexNoValue) }
        switch leaf.kind {
        case .string:
            return (.compare(leaf.path, op, .string(text())), true)
        case .boolean:
            let value: ComparisonValue = rng.chance(80) ? .bool(rng.chance(50)) : .string(rng.pick(["true", "False"]))
            return (.compare(leaf.path, op, value), op == .eq || op == .ne)
        case .dateTime:
            let ordered: [ComparisonOperator] = [.eq, .ne, .gt, .ge, .lt, .le]
            return (.compare(leaf.path, op, .string(timestamp())), ordered.contains(op))
        case .complexNoValue:
            return (.compare(leaf.path, op, .string(text())), false)
        }
    }

    mutating func valuePath() -> (Filter, Bool) {
        if rng.chance(15) {
            // A user has no addresses: the filter is valid and matches nobody.
            return (.valuePath(AttributePath(name: "addresses"), inner(depth: 0, subs: ["type", "locality", "primary"])), true)
        }
        let path = rng.chance(20) ? AttributePath(schema: coreUserURN, name: "emails") : AttributePath(name: rng.pick(["emails", "EMAILS"]))
        return (.valuePath(path, inner(depth: 0, subs: ["type", "value", "primary", "display", "Type"])), true)
    }

    private mutating func inner(depth: Int, subs: [String]) -> Filter {
        let roll = Int.random(in: 0..<100, using: &rng)
        if depth < 2, roll < 30 {
            let a = inner(depth: depth + 1, subs: subs)
            let b = inner(depth: depth + 1, subs: subs)
            return rng.chance(50) ? .and(a, b) : .or(a, b)
        }
        if depth < 2, roll < 40 { return .not(inner(depth: depth + 1, subs: subs)) }
        let sub = rng.pick(subs)
        if rng.chance(10) { return .present(AttributePath(name: sub)) }
        if sub == "primary" { return .compare(AttributePath(name: sub), rng.pick([.eq, .ne]), .bool(rng.chance(50))) }
        let value = sub.lowercased() == "type" ? rng.pick(UserGenerator.emailTypes + ["WORK", "wo"]) : text()
        return .compare(AttributePath(name: sub), rng.pick(ComparisonOperator.allCases), .string(value))
    }
}

let scimdURN = "urn:scimd:params:scim:schemas:extension:2.0:User"
let coreGroupURN = "urn:ietf:params:scim:schemas:core:2.0:Group"

/// A generated group: its stored body and its members, as indices into the users and into the
/// groups generated before it (so groups nest without cycles).
struct GeneratedGroup {
    var id: String
    var body: SCIMObject
    var nowMs: Int64
    var memberUsers: [Int]
    var memberGroups: [Int]
}

/// Groups with mixed-case and non-ASCII names, optional externalIds, and 0–8 members.
enum GroupGenerator {
    static let names = ["Tour Guides", "ÄRZTE", "Employees", "Δ Ops", "東京", "Sales", "o'brien fans", "Admins", "ärzte-2"]

    static func make(count: Int, users: Int, rng: inout Xorshift) -> [GeneratedGroup] {
        (0..<count).map { i in
            var body = SCIMObject([
                .init(key: "schemas", value: [.string(coreGroupURN)]),
                .init(key: "displayName", value: .string("\(rng.pick(names)) \(i)")),
            ])
            if rng.chance(50) { body["externalId"] = .string(rng.chance(50) ? "GRP-\(i)" : "grp-\(i % 7)") }
            let userCount = rng.chance(15) ? 0 : Int.random(in: 1...8, using: &rng)
            let memberUsers = Array(Set((0..<userCount).map { _ in Int.random(in: 0..<users, using: &rng) })).sorted()
            let memberGroups =
                i > 0 && rng.chance(30) ? Array(Set((0..<Int.random(in: 1...2, using: &rng)).map { _ in Int.random(in: 0..<i, using: &rng) })).sorted() : []
            let id = "g-\(String(i, radix: 16))-\(rng.chance(50) ? "B" : "b")"
            return GeneratedGroup(
                id: id, body: body, nowMs: 1_770_000_000_000 + Int64(i) * 1_009, memberUsers: memberUsers, memberGroups: memberGroups)
        }
    }
}

/// A user's effective assignment (the scimd extension's source).
struct GeneratedAssignment {
    var user: Int
    var roles: [String]
    var organization: String?
    var suspended: Bool
}

enum AssignmentGenerator {
    static let roles = ["Admin", "admin-2", "Viewer", "Ägent", "Δ Ops", "reader"]
    static let organizations = ["Universal", "universal studios", "東京", "Sales", "ÄRZTE"]

    /// About half the users get one, a sixth of those suspended (requirements §9: inactive users hold nothing).
    static func make(users: Int, rng: inout Xorshift) -> [GeneratedAssignment] {
        (0..<users).compactMap { u in
            guard rng.chance(50) else { return nil }
            let roles = Array(Set((0..<Int.random(in: 0...3, using: &rng)).map { _ in rng.pick(Self.roles) })).sorted()
            let organization = rng.chance(60) ? rng.pick(organizations) : nil
            return GeneratedAssignment(user: u, roles: roles, organization: organization, suspended: rng.chance(15))
        }
    }
}

/// Random filters over attributes whose values come from a list (member ids, group names, roles,
/// …), optionally mixed with `FilterGenerator`'s User filters. Every filter it makes is valid:
/// RFC 7643 defines these sub-attributes and gives none of them a type that refuses an operator.
struct DirectoryFilterGenerator: RandomFilterTree {
    var rng: Xorshift
    /// A top-level path and the values it is compared with.
    struct Leaf {
        var path: AttributePath
        var values: [String]
    }
    /// A multi-valued attribute's value filter and the sub-attributes it may test.
    struct ValueFilter {
        var path: AttributePath
        var subs: [(name: String, values: [String])]
    }
    let leaves: [Leaf]
    let valueFilters: [ValueFilter]
    var base: FilterGenerator?

    /// A leaf: one of `base`'s User filters, a value filter, or a comparison of a listed path.
    mutating func leaf(roll: Int) -> (Filter, Bool) {
        if var generator = base, roll < 55 {
            let leaf = generator.leafFilter()
            base = generator
            return leaf
        }
        if roll < 75, !valueFilters.isEmpty {
            let vf = rng.pick(valueFilters)
            return (.valuePath(vf.path, inner(vf, depth: 0)), true)
        }
        let leaf = rng.pick(leaves)
        if rng.chance(12) { return (.present(leaf.path), true) }
        if rng.chance(6) { return (.compare(leaf.path, rng.pick([.eq, .ne]), .null), true) }
        return (.compare(leaf.path, rng.pick(ComparisonOperator.allCases), .string(text(leaf.values))), true)
    }

    private mutating func inner(_ vf: ValueFilter, depth: Int) -> Filter {
        let roll = Int.random(in: 0..<100, using: &rng)
        if depth < 2, roll < 25 {
            let a = inner(vf, depth: depth + 1)
            let b = inner(vf, depth: depth + 1)
            return rng.chance(50) ? .and(a, b) : .or(a, b)
        }
        if depth < 2, roll < 35 { return .not(inner(vf, depth: depth + 1)) }
        let sub = rng.pick(vf.subs)
        if rng.chance(10) { return .present(AttributePath(name: sub.name)) }
        return .compare(AttributePath(name: sub.name), rng.pick(ComparisonOperator.allCases), .string(text(sub.values)))
    }

    /// One of `values`, often sliced, in random case.
    mutating func text(_ values: [String]) -> String {
        var s = values.isEmpty || rng.chance(8) ? rng.pick(["zzz", "", "é", "1"]) : rng.pick(values)
        let chars = Array(s)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0 where chars.count > 2: s = String(chars.prefix(Int.random(in: 1..<chars.count, using: &rng)))
        case 1 where chars.count > 2: s = String(chars.suffix(Int.random(in: 1..<chars.count, using: &rng)))
        default: break
        }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return s.uppercased()
        case 1: return s.lowercased()
        default: return s
        }
    }
}
