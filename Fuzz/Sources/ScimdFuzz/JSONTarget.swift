import SCIM

/// The JSON parser and writer (Sources/SCIM/Value): every request body goes through them.
///
/// Properties: parsing never crashes and fails only with `invalidSyntax`; a value that parses
/// serialises (compact and pretty) to JSON that parses back to an equal value; serialising that
/// value again gives the same bytes; the String and byte entry points agree.
enum JSONTarget {
    static let target = FuzzTarget(name: "json", prepare: {}, run: check)

    static func check(_ data: UnsafeBufferPointer<UInt8>) {
        let value: SCIMValue
        do {
            value = try SCIMValue(parsing: data)
        } catch {
            if error.scimType != .invalidSyntax || error.status != 400 {
                Finding.report("parse failed with \(error.status) \(error.scimType?.rawValue ?? "-"), not 400 invalidSyntax: \(error.detail)")
            }
            checkStringEntryPoint(data, expected: nil)
            return
        }
        checkStringEntryPoint(data, expected: value)
        let compact = value.serialized()
        roundTrip(compact, of: value, form: "compact")
        roundTrip(value.serialized(pretty: true), of: value, form: "pretty")
    }

    private static func roundTrip(_ bytes: [UInt8], of value: SCIMValue, form: String) {
        let text = String(decoding: bytes, as: UTF8.self)
        let again: SCIMValue
        do {
            again = try SCIMValue(parsing: bytes)
        } catch {
            Finding.report("the \(form) serialisation does not parse: \(error.detail)", input: text)
            return
        }
        if again != value {
            Finding.report("the \(form) serialisation parses to a different value", input: text)
        }
        let rewritten = form == "pretty" ? again.serialized(pretty: true) : again.serialized()
        if rewritten != bytes {
            Finding.report(
                "serialising the re-parsed value gives other bytes:\n  \(text)\n  \(String(decoding: rewritten, as: UTF8.self))")
        }
    }

    /// `SCIMValue(parsing: String)` is what callers with a decoded body use; it must agree with the
    /// byte parser on every valid UTF-8 input.
    private static func checkStringEntryPoint(_ data: UnsafeBufferPointer<UInt8>, expected: SCIMValue?) {
        guard let text = String(validating: data, as: UTF8.self) else { return }
        let fromString = try? SCIMValue(parsing: text)
        if fromString != expected {
            Finding.report(
                "the String parser says \(fromString.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "error"), the byte parser \(expected.map { String(decoding: $0.serialized(), as: UTF8.self) } ?? "error")",
                input: text)
        }
    }
}
