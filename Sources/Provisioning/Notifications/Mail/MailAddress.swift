/// One mailbox (RFC 5322 §3.4): an addr-spec and an optional display name.
///
/// The address is checked when the value is made, so a CR, LF or any other character outside
/// the dot-atom form can never reach a header (header injection). Only ASCII addresses are
/// accepted: an internationalized address needs SMTPUTF8 (RFC 6531), which a sendmail
/// command may not offer. A non-ASCII display name is fine; it is sent as RFC 2047 words.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `local@domain`.
    public let address: String
    public let name: String?

    /// Checks `address` (and `name`); throws a `MailError` naming what is wrong.
    public init(_ address: String, name: String? = nil) throws(MailError) {
        try Self.check(address: address)
        if let name {
            guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw MailError("The display name \(Self.quoted(name)) contains a line break or another control character.")
            }
        }
        self.address = address
        let trimmed = name?.trimmingSpaces
        self.name = trimmed?.isEmpty == true ? nil : trimmed
    }

    /// Reads `Name <local@domain>` or a bare `local@domain`, as an administrator types a From
    /// address into the configuration.
    public init(parsing text: String) throws(MailError) {
        let text = text.trimmingSpaces
        if text.hasSuffix(">"), let open = text.lastIndex(of: "<") {
            var name = String(text[..<open]).trimmingSpaces
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            let address = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
            try self.init(address, name: name.isEmpty ? nil : name)
        } else {
            try self.init(text)
        }
    }

    private enum CodingKeys: String, CodingKey { case address, name }

    /// Read back through the same checks, so a stored address cannot bypass them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        do {
            try self.init(try c.decode(String.self, forKey: .address), name: try c.decodeIfPresent(String.self, forKey: .name))
        } catch let error as MailError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    /// The domain part, for the Message-ID.
    public var domain: String { String(address[address.index(after: address.lastIndex(of: "@") ?? address.startIndex)...]) }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    // MARK: - Rules

    /// RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254.
    static let maxLength = 254

    private static func check(address: String) throws(MailError) {
        guard !address.isEmpty else { throw MailError("The email address is empty.") }
        guard address.utf8.count <= maxLength else {
            throw MailError("The email address \(quoted(address)) is longer than \(maxLength) characters (RFC 5321 §4.5.3.1.3).")
        }
        guard address.unicodeScalars.allSatisfy(\.isASCII) else {
            throw MailError("The email address \(quoted(address)) is not ASCII; scimd sends only ASCII addresses.")
        }
        guard let at = address.lastIndex(of: "@") else {
            throw MailError("The email address \(quoted(address)) has no '@'.")
        }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        // RFC 5322 §3.4.1: addr-spec = local-part "@" domain, both dot-atoms here (the quoted-string
        // and domain-literal forms are obsolete in practice and refused).
        guard isDotAtom(local), local.utf8.count <= 64 else {
            throw MailError("The email address \(quoted(address)) has an invalid local part (before '@').")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 1, labels.allSatisfy(isHostLabel) else {
            throw MailError("The email address \(quoted(address)) has an invalid domain (after '@').")
        }
    }

    /// RFC 5322 §3.2.3 atext: ALPHA / DIGIT / "!#$%&'*+-/=?^_`{|}~", atoms joined by single dots.
    private static func isDotAtom(_ text: Substring) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return !text.isEmpty && atoms.allSatisfy { atom in !atom.isEmpty && atom.utf8.allSatisfy(isAtext) }
    }

    static func isAtext(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
    }

    /// RFC 1035 §2.3.1 (as relaxed by RFC 1123 §2.1): letters, digits and inner hyphens, ≤ 63.
    private static func isHostLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.utf8.count <= 63, label.first != "-", label.last != "-" else { return false }
        return label.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"):
                return true
            default: return false
            }
        }
    }

    /// A value quoted for an error sentence, control characters shown escaped so the sentence
    /// stays on one line.
    static func quoted(_ text: String) -> String {
        var out = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case _ where scalar.properties.generalCategory == .control: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "'"
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Foundation-free).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
