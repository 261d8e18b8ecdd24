import Foundation

/// Header fields written as RFC 5322 §2.2 demands: US-ASCII only, folded at whitespace so a
/// line stays within 78 characters where it can (§2.1.1) and never exceeds 998, and non-ASCII
/// text carried in RFC 2047 encoded-words.
///
/// Nothing here can emit a bare CR or LF: values are refused with a `MailError` when they hold
/// control characters, and the only line breaks written are the CRLF-space folds made here.
enum MailHeader {
    /// RFC 5322 §2.1.1: SHOULD be no more than 78 characters, excluding the CRLF.
    static let foldWidth = 78

    /// `Name: value` for unstructured text (Subject, RFC 5322 §3.6.5), folded.
    static func unstructured(_ name: String, _ value: String) throws(MailError) -> String {
        try refuseControls(value, field: name)
        let words = value.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let plain = value.unicodeScalars.allSatisfy { $0.isASCII }
            // An ASCII word that looks like an encoded-word would be decoded by the reader (RFC 2047 §6.1).
            && !value.contains("=?")
            && words.allSatisfy { $0.utf8.count <= 900 }
            // Folding removes runs of spaces and leading or trailing ones; keep them by encoding.
            && words.joined(separator: " ") == value
        return fold(name, plain ? words : encodedWords(value))
    }

    /// `Name: mailbox, mailbox` (From and To, RFC 5322 §3.6.2, §3.6.3), folded between mailboxes.
    static func addresses(_ name: String, _ list: [MailAddress]) -> String {
        var tokens: [String] = []
        for (index, mailbox) in list.enumerated() {
            let comma = index < list.count - 1 ? "," : ""
            if let display = mailbox.name {
                tokens += phrase(display)
                tokens.append("<\(mailbox.address)>\(comma)")
            } else {
                tokens.append(mailbox.address + comma)
            }
        }
        return fold(name, tokens)
    }

    /// A header whose value is one token the caller made safe (Date, Message-ID, MIME fields).
    static func raw(_ name: String, _ value: String) -> String { "\(name): \(value)" }

    // MARK: - Encoding

    /// RFC 5322 §3.2.5 phrase: atoms as they are; other ASCII as a quoted-string (§3.2.4);
    /// anything else as encoded-words, which RFC 2047 §5 (3) allows in a phrase.
    static func phrase(_ text: String) -> [String] {
        let words = text.split(separator: " ").map(String.init)
        if words.allSatisfy({ $0.utf8.allSatisfy(MailAddress.isAtext) }), words.joined(separator: " ") == text, !text.contains("=?") {
            return words
        }
        if text.unicodeScalars.allSatisfy({ $0.isASCII }), text.utf8.count <= 900, !text.contains("=?") {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\"\(escaped)\""]
        }
        return encodedWords(text)
    }

    /// UTF-8 "B" encoded-words (RFC 2047 §4.1), each at most 75 characters (§2) and holding whole
    /// characters (§5): 42 bytes give 56 base64 characters, plus the 12 of `=?utf-8?B?` and `?=`,
    /// so even the first word fits on the line after `Subject: ` within 78.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?utf-8?B?\(Data(chunk).base64EncodedString())?=")
            chunk.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > 42 { flush() }
            chunk += bytes
        }
        flush()
        return words
    }

    /// Joins tokens with single spaces, breaking before a token that would pass `foldWidth`
    /// (RFC 5322 §2.2.3: the CRLF is inserted before existing whitespace).
    static func fold(_ name: String, _ tokens: [String]) -> String {
        var lines: [String] = []
        var line = "\(name):"
        for token in tokens {
            if line.utf8.count + 1 + token.utf8.count > foldWidth, line != "\(name):" {
                lines.append(line)
                line = ""
            }
            line += " " + token
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    static func refuseControls(_ value: String, field: String) throws(MailError) {
        if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw MailError("The \(field) \(MailAddress.quoted(value)) contains a line break or another control character.")
        }
    }
}
