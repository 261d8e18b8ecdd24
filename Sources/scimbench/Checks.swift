/// Response checks: each throws a `Mismatch` describing the wrong answer.
enum Checks {
    static func status(_ answer: SCIMAnswer, _ expected: Set<Int>, _ what: String) throws {
        guard expected.contains(answer.status) else {
            let detail = answer.body?.detail.map { ": \($0)" } ?? ""
            throw Mismatch("\(what): status \(answer.status), expected \(expected.sorted())\(detail)")
        }
    }

    static func present<T>(_ value: T?, _ key: String, _ what: String) throws -> T {
        guard let value else { throw Mismatch("\(what): no '\(key)' in the answer") }
        return value
    }

    static func equal<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
        guard actual == expected else { throw Mismatch("\(what): got \(actual), expected \(expected)") }
    }
}
