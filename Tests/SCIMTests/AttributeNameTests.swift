import SCIM
import Testing

@Suite("attributeNamesEqual")
struct AttributeNameTests {
    @Test("folds the case of ASCII letters only", arguments: [
        ("userName", "USERNAME", true), ("emails", "Emails", true), ("", "", true),
        ("urn:ietf:params:scim:schemas:core:2.0:User", "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:user", true),
        ("userName", "userNam", false), ("userName", "userNamf", false),
        // Pairs that differ in bit 0x20 alone but are not letters: @/`, [/{, ^/~, 0/\u{10}.
        ("a@b", "a`b", false), ("x[", "x{", false), ("^", "~", false), ("0", "\u{10}", false),
        // Only ASCII folds: é and É stay different, as do the Kelvin sign and K.
        ("café", "CAFÉ", false), ("café", "CAFé", true), ("\u{212A}", "k", false),
    ])
    func folding(_ a: String, _ b: String, _ equal: Bool) {
        #expect(attributeNamesEqual(a, b) == equal)
        #expect(attributeNamesEqual(b, a) == equal)
    }

    @Test("a substring's copy and a long string compare like their text")
    func storageKinds() {
        let long = String(repeating: "displayName", count: 5)
        let sliced = String(("x" + long.uppercased()).dropFirst())
        #expect(attributeNamesEqual(long, sliced))
        #expect(!attributeNamesEqual(long, sliced + "s"))
    }
}
