import SCIM
import Testing

/// The one type check of filter comparisons (RFC 7644 §3.4.2.2), which the store's SQL compiler,
/// the evaluator and PATCH value filters share.
@Suite struct CheckedComparisonTests {
    static let text = AttributeDefinition(name: "title", type: .string)
    static let flag = AttributeDefinition(name: "active", type: .boolean)
    static let number = AttributeDefinition(name: "age", type: .integer)
    static let instant = AttributeDefinition(name: "lastModified", type: .dateTime)
    static let complex = AttributeDefinition(
        name: "manager", type: .complex, subAttributes: [AttributeDefinition(name: "value", type: .string)])

    @Test func normalisesLiterals() throws {
        #expect(try CheckedComparison(Self.text, .co, .string("x")).literal == .text("x"))
        #expect(try CheckedComparison(Self.flag, .eq, .string("False")).literal == .boolean(false))
        #expect(try CheckedComparison(Self.flag, .ne, .bool(true)).literal == .boolean(true))
        #expect(try CheckedComparison(Self.number, .gt, .decimal(4.5)).literal == .decimal(4.5))
        #expect(try CheckedComparison(Self.text, .ne, .null).literal == .null)
        let checked = try CheckedComparison(Self.instant, .ge, .string("2026-01-31T13:00:00+01:00"))
        #expect(try checked.instant(for: Self.instant) == SCIMDateTime.parse("2026-01-31T12:00:00Z"))
        // Text that is no dateTime is still a dateTime comparison: the body compares it as text.
        #expect(try CheckedComparison(Self.instant, .sw, .string("2026")).literal == .dateTime("2026", instant: nil))
    }

    @Test func refusesWithTheStoresWording() {
        func refusal(_ d: AttributeDefinition, _ op: ComparisonOperator, _ v: ComparisonValue) -> String? {
            do throws(FilterTypeError) {
                _ = try CheckedComparison(d, op, v)
                return nil
            } catch {
                return error.message
            }
        }
        #expect(refusal(Self.text, .gt, .null) == "Only 'eq' and 'ne' may compare with null")
        #expect(refusal(Self.text, .eq, .integer(1)) == "'title' is a string; compare it with a quoted string")
        #expect(refusal(Self.flag, .eq, .string("yes")) == "'active' is a boolean; compare it with true or false")
        #expect(refusal(Self.flag, .gt, .bool(true)) == "Boolean 'active' supports only 'eq', 'ne' and 'pr'")
        #expect(refusal(Self.number, .eq, .string("42")) == "'age' is a number; compare it with a number")
        #expect(refusal(Self.number, .co, .integer(4)) == "'co' does not apply to number 'age'")
        #expect(refusal(Self.instant, .eq, .integer(4)) == "'lastModified' is a dateTime; compare it with a quoted timestamp")
        #expect(refusal(Self.complex, .eq, .string("x")) == "Filter on complex attribute 'manager' needs a sub-attribute")
    }

    @Test func instantsNeedAValidDateTimeAndAnOrderingOperator() throws {
        let invalid = try CheckedComparison(Self.instant, .gt, .string("yesterday"))
        #expect(throws: FilterTypeError.invalidDateTime("yesterday")) { try invalid.instant(for: Self.instant) }
        let substring = try CheckedComparison(Self.instant, .sw, .string("2026-01-31T12:00:00Z"))
        #expect(throws: FilterTypeError.dateTimeOperator(.sw, attribute: "lastModified")) {
            try substring.instant(for: Self.instant)
        }
    }

    @Test func bareValueOfAComplexAttribute() {
        #expect(Self.complex.takesBareValue)
        #expect(Self.complex.complexValue(fromBare: "26118915") == SCIMObject([.init(key: "value", value: .string("26118915"))]))
        #expect(Self.complex.complexValue(fromBare: "") == nil)
        #expect(!Self.text.takesBareValue)
        #expect(Self.text.complexValue(fromBare: "x") == nil)
    }
}
